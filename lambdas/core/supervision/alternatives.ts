/**
 * The alternative response of each moment, composed from what the moment holds rather than one sentence per
 * kind: a lead that answers what the therapist actually did next ("Pause the thought record and name it"),
 * then words the therapist could say, chosen by the rupture's target (the therapist, the therapy, the task),
 * the marker, the feeling or topic the client raised (as the engine's category word, "the fear", "the
 * medication") and the kind of work (a CBT session is offered the agenda, a psychiatric one a shared decision).
 *
 * The wording lives in the tables below, `{slot}`s filled from the moment, so every sentence is part of the
 * rubric version. A bracketed part is for the therapist to fill with the client's own words, which the report
 * never quotes.
 */
import type { RuptureMarker } from '../../../schemas/alliance.js';
import type { SupervisionModality } from '../../../schemas/supervision.js';
import type { Feeling, NextMove, Topic } from './context.js';

type Slots = Record<string, string>;

/** Fills `{slot}`s; a slot with no value reads as its fallback in the table, never as an empty gap. */
export function fill(template: string, slots: Slots): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => slots[key] ?? '');
}

/** What a confrontation was aimed at (3RS), as the alliance's markers name it. */
export type RuptureTarget = 'therapist' | 'therapy' | 'task';

/** How to begin, given what the therapist did right after the marker. */
const RUPTURE_LEAD: Record<NextMove, string> = {
  advice: 'Hold the advice and name what just happened',
  technique: 'Pause {task} and name it',
  question: 'Instead of the next question, name what just happened',
  reflection: 'Take the reflection one step further, to what is happening between you',
  information: 'Stop explaining and name it',
  confrontation: "Don't defend the approach; take your share of it",
  subject_change: 'Before changing the subject, come back to it',
  reassurance: 'Leave the reassurance and name it',
  minimal: 'Stay with it rather than moving on',
  other: 'Stay with it rather than moving on',
  none: 'Come back to it before the session ends',
};

/** What the therapist had been doing when the client pulled away, owned in the therapist's words. */
const DOING: Record<NextMove, string> = {
  advice: 'giving you a lot of advice',
  technique: 'pushing {task}',
  question: 'asking question after question',
  reflection: 'missing what matters most to you',
  information: 'doing most of the talking',
  confrontation: 'arguing with you',
  subject_change: 'moving us on too quickly',
  reassurance: 'reassuring you instead of listening',
  minimal: 'getting ahead of you',
  other: 'getting ahead of you',
  none: 'getting ahead of you',
};

/** The therapy itself, as each kind of work would name it to the client. */
const THERAPY: Record<SupervisionModality, string> = {
  mi: 'talking about {behaviour}',
  cbt: 'the way we have been working',
  supportive: 'coming here',
  psychiatric: 'these appointments',
  crisis: 'talking right now',
  peer_support: 'this chat',
};

export const RUPTURE_SCRIPTS = {
  therapist: "You're right to tell me, and I think I have been {doing}. Thank you for saying it. What would you like from me instead?",
  misunderstood: "I think I've missed something important{about}. Can you help me see what I'm not getting?",
  therapy: "It sounds like {therapy} hasn't been giving you what you came for, and I'm glad you said so. What would make our time more useful to you?",
  task: "I've been pushing {task}, and it sounds like it isn't fitting what you need today. What would be more useful?",
  refusal: "We don't have to go into {topic} today; you decide what we talk about. What would feel more useful right now?",
  refusalOfRisk: 'We can go at your pace, and you decide how much to say. I do need to ask one thing before we move on: are you safe right now?',
  leaving: "It sounds like part of you wants to leave right now, and I'd rather hear that than have you sit through it. What has made today hard?",
  withdrawal: "I notice your answers have got shorter since {since}, and I wonder whether I've been {doing}. How is this feeling for you right now?",
  topicShift: "We can leave {topic}; first I want to check one thing: was that hard to talk about, or did I take us somewhere you didn't want to go?",
} as const;

/** A closing for a confrontation that fits the kind of work. */
const RUPTURE_CLOSING: Record<SupervisionModality, string> = {
  mi: " It's your call what we focus on.",
  cbt: ' We can set the agenda again together.',
  supportive: '',
  psychiatric: ' Nothing about your treatment gets decided without you.',
  crisis: " What matters most to me right now is that you're safe, and that this helps.",
  peer_support: '',
};

const SINCE = { task: 'I brought up {task}', topic: 'we started on {topic}', none: 'we started on this' } as const;

export interface RuptureMoment {
  kind: RuptureMarker['kind'];
  marker: string;
  target: RuptureTarget | undefined;
  /** What the therapist did right after the marker, and what they had been doing before it. */
  next: NextMove;
  before: NextMove;
  task: string | null;
  topic: Topic | null;
  behaviour: string | null;
  modality: SupervisionModality;
}

/** The response to an unrepaired rupture: the 3RS repair moves (acknowledge, invite the client's view, adjust) for that marker. */
export function ruptureAlternative(m: RuptureMoment): string {
  const task = m.task ?? 'the exercise';
  const slots: Slots = {
    task,
    topic: m.topic?.name ?? 'that',
    behaviour: m.behaviour ?? 'this',
    about: m.topic ? ` about ${m.topic.name}` : '',
  };
  slots.doing = fill(DOING[m.before], slots);
  slots.therapy = fill(THERAPY[m.modality], slots);
  let script: string;
  if (m.kind === 'withdrawal') {
    slots.since = fill(m.task ? SINCE.task : m.topic ? SINCE.topic : SINCE.none, slots);
    script = m.marker === 'topic_shift' ? RUPTURE_SCRIPTS.topicShift : RUPTURE_SCRIPTS.withdrawal;
  } else if (m.marker === 'refuses_topic' || m.marker === 'refuses_task') {
    script =
      m.topic?.kind === 'risk'
        ? RUPTURE_SCRIPTS.refusalOfRisk
        : m.marker === 'refuses_task' || m.target === 'task'
          ? RUPTURE_SCRIPTS.task
          : RUPTURE_SCRIPTS.refusal;
  } else if (m.marker === 'wants_to_leave') {
    script = RUPTURE_SCRIPTS.leaving;
  } else if (m.marker === 'feels_misunderstood') {
    script = RUPTURE_SCRIPTS.misunderstood;
  } else {
    script = RUPTURE_SCRIPTS[m.target ?? 'therapy'];
  }
  const closing = m.kind === 'confrontation' ? RUPTURE_CLOSING[m.modality] : '';
  return `${fill(RUPTURE_LEAD[m.next], slots)}: "${fill(script, slots)}${closing}"`;
}

/** A feeling the next turns moved past: how to begin, given what the therapist did instead. */
const FEELING_LEAD: Record<NextMove, string> = {
  technique: 'Name the feeling before the next step of {task}',
  advice: 'Hold the advice until the feeling has been named',
  question: 'Answer the feeling before asking the next question',
  information: 'Stop explaining and name the feeling first',
  reassurance: 'Name the feeling instead of reassuring it away',
  subject_change: 'Stay with the feeling before changing the subject',
  confrontation: 'Set the disagreement aside and name the feeling',
  reflection: 'Reflect the feeling itself, not only the facts',
  minimal: 'Name the feeling before going on',
  other: 'Name the feeling before going on',
  none: 'Come back to the feeling before the session ends',
};
export const FEELING_SCRIPT = 'That sounds {sounds}. Before we go on{withTask}, can we stay with {feeling} for a moment?';
const FEELING_CLOSING: Record<SupervisionModality, string> = {
  mi: '',
  cbt: ' Then we can see together whether {task} still fits today.',
  supportive: '',
  psychiatric: '',
  crisis: " You don't have to carry it alone right now.",
  peer_support: '',
};

export function feelingAlternative(feeling: Feeling | null, next: NextMove, task: string | null, modality: SupervisionModality): string {
  const slots: Slots = {
    task: task ?? 'the exercise',
    withTask: task ? ` with ${task}` : '',
    sounds: feeling?.sounds ?? 'really hard',
    feeling: feeling?.name ?? 'how that felt',
  };
  const closing = task || modality !== 'cbt' ? FEELING_CLOSING[modality] : '';
  return `${fill(FEELING_LEAD[next], slots)}: "${fill(FEELING_SCRIPT, slots)}${fill(closing, slots)}"`;
}

export const MISSED_SCRIPTS = {
  checkUnderstanding:
    'Check before moving on, and let the client correct you: "Let me see if I have this right{about}: [what you understood]. What am I missing?"',
  exploreCulture:
    'Ask about it in the client\'s terms: "You mentioned [what they raised]. How do your family, your faith or your background shape how you see {topic}? I\'d like to understand it the way you do."',
} as const;

export function understandingAlternative(topic: Topic | null): string {
  return fill(MISSED_SCRIPTS.checkUnderstanding, { about: topic ? ` about ${topic.name}` : '' });
}

export function cultureAlternative(topic: Topic | null): string {
  return fill(MISSED_SCRIPTS.exploreCulture, { topic: topic?.name ?? 'this' });
}

/** A risk disclosure: how to begin, given what the therapist did after it. */
const RISK_LEAD: Record<NextMove, string> = {
  subject_change: 'Before changing the subject, stay with the disclosure and ask',
  technique: 'Before going on with {task}, stay with the disclosure and ask',
  advice: 'Before any advice, stay with the disclosure and ask',
  question: 'Make the next question about the disclosure',
  reflection: 'After the reflection, ask',
  reassurance: 'Instead of reassuring, ask',
  confrontation: 'Set the disagreement aside and ask',
  information: 'Stay with the disclosure and ask',
  minimal: 'Stay with the disclosure and ask',
  other: 'Stay with the disclosure and ask',
  none: 'Come back to it before the session ends and ask',
};
const RISK_OPENING: Record<SupervisionModality, string> = {
  mi: 'Thank you for telling me that; I want to make sure I understand it properly.',
  cbt: 'Thank you for telling me that; I want to make sure I understand it properly.',
  supportive: 'Thank you for telling me that; I want to make sure I understand it properly.',
  psychiatric: 'Thank you for telling me that; before we talk about the medication I want to understand it properly.',
  crisis: "I'm really glad you told me, and I want to make sure you're safe.",
  peer_support: "Thank you for trusting me with that; I want to make sure you're okay.",
};

export function riskAlternativeFor(next: NextMove, task: string | null, modality: SupervisionModality, questions: readonly string[]): string {
  return `${fill(RISK_LEAD[next], { task: task ?? 'the exercise' })}: "${RISK_OPENING[modality]} ${questions.join(' ')}"`;
}

/** Technique: counted behaviours, written at the turn they are seen. */
export const TECHNIQUE_SCRIPTS = {
  reflectInstead:
    'At {turn}, before the next question, reflect the answer you just heard{about}: "So [what they told you], and that has left you feeling [the feeling you hear]." Then wait.',
  complexReflection:
    'At {turn}, go one step past the words, to {beneath}: "It sounds like what hurts most is not [what happened] but what it seemed to say about you."',
  openQuestion: 'At {turn}, ask it open, so the client can say more than yes or no: "What has {topic} been like for you?"',
  askPermission:
    'Before the advice at {turn}, ask first, then hand it back: "I have some thoughts about {topic}; would it be all right if I shared them? … What do you make of that?"',
} as const;

const ROLL_WITH_IT: Record<SupervisionModality, string> = {
  mi: 'At {turn}, reflect the client\'s view and its reasons instead of arguing: "You\'re not convinced {topic} is a problem, and you have your reasons. Tell me more about how you see it."',
  supportive:
    'At {turn}, reflect the client\'s view instead of arguing: "You see it differently, and you have your reasons. Tell me more about how you see it."',
  peer_support: 'At {turn}, share your view as yours and ask theirs: "That\'s how it looked for me, but you know your situation best. How do you see it?"',
  cbt: 'At {turn}, turn the disagreement into guided discovery: "You see it differently, and you may be right. Shall we look at the evidence for both views together?"',
  psychiatric:
    'At {turn}, hear the doubt before deciding: "You have doubts about {topic}, and they matter. Tell me about them, and then we can decide together."',
  crisis: 'At {turn}, drop the argument and stay alongside: "I\'m not here to argue with you. I want to understand what\'s happening for you right now."',
};

const HAND_BACK: Record<SupervisionModality, string> = {
  mi: 'At {turn}, say it in two sentences, then hand the floor back: "That\'s the idea in short. What do you make of it?"',
  supportive: 'At {turn}, say it in two sentences, then hand the floor back: "That\'s the idea in short. What do you make of it?"',
  peer_support: 'At {turn}, keep it to a line or two and ask: "That\'s what helped me. What feels right for you?"',
  cbt: 'At {turn}, give the rationale for {task} in two sentences, then ask: "How does that fit with what you\'ve noticed?"',
  psychiatric: 'At {turn}, explain {task} in two sentences, then ask: "What questions or worries do you have about it?"',
  crisis: 'At {turn}, keep it short and check in: "That\'s a lot from me. How are you doing right now?"',
};

export function rollWithItAlternative(turn: string, topic: string | null, modality: SupervisionModality): string {
  return fill(ROLL_WITH_IT[modality], { turn, topic: topic ?? 'this' });
}

export function handBackAlternative(turn: string, task: string | null, modality: SupervisionModality): string {
  return fill(HAND_BACK[modality], { turn, task: task ?? (modality === 'psychiatric' ? 'the medication' : 'the exercise') });
}

export function techniqueAlternative(key: keyof typeof TECHNIQUE_SCRIPTS, turn: string, topic: Topic | null, feeling: Feeling | null = null): string {
  return fill(TECHNIQUE_SCRIPTS[key], {
    turn,
    about: topic ? ` about ${topic.name}` : '',
    topic: topic?.name ?? 'that',
    beneath: feeling ? feeling.name : 'the meaning or feeling beneath them',
  });
}

/** The norms of structured work: what CBT, psychiatric and crisis practice value, where a session missed them. */
export const PRACTICE_SCRIPTS = {
  agenda: 'Open by setting the agenda together: "What would you like to put on today\'s agenda? I\'d like to add {task}; what matters most to you?"',
  feedback: 'Before closing, ask for feedback: "What was most helpful today, and was there anything about {task} that didn\'t sit right with you?"',
  sideEffects:
    'At {turn}, stay with the concern before the plan: "That sounds like it\'s really been getting in the way. Tell me more about what it\'s been like, and then we can decide together what to do."',
  sharedDecision: 'At {turn}, offer the options and ask: "We could stay on the current dose, adjust it, or try something else. What feels right to you?"',
  validation:
    "At {turn}, validate before the next safety question: \"It makes sense that you feel this way with everything that's happened, and I'm glad you reached out. Can I ask you a few questions to make sure you're safe?\"",
} as const;

export function practiceAlternative(key: keyof typeof PRACTICE_SCRIPTS, turn: string, task: string | null): string {
  const fallback = key === 'agenda' ? 'a look at how the week went' : 'today';
  return fill(PRACTICE_SCRIPTS[key], { turn, task: task ?? fallback });
}

/** Every sentence this module can write, for the rubric version. */
export const ALTERNATIVE_WORDING: readonly string[] = [
  ...Object.values(RUPTURE_LEAD),
  ...Object.values(DOING),
  ...Object.values(THERAPY),
  ...Object.values(RUPTURE_SCRIPTS),
  ...Object.values(RUPTURE_CLOSING),
  ...Object.values(SINCE),
  ...Object.values(FEELING_LEAD),
  FEELING_SCRIPT,
  ...Object.values(FEELING_CLOSING),
  ...Object.values(MISSED_SCRIPTS),
  ...Object.values(RISK_LEAD),
  ...Object.values(RISK_OPENING),
  ...Object.values(TECHNIQUE_SCRIPTS),
  ...Object.values(ROLL_WITH_IT),
  ...Object.values(HAND_BACK),
  ...Object.values(PRACTICE_SCRIPTS),
];
