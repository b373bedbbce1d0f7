/**
 * What the supervision report says about each kind of moment: why it matters, with its clinical source, and
 * one response the therapist could have given there. Responses are written as a therapist would say them;
 * a bracketed part is for the therapist to fill with the client's own words, which this report never quotes.
 * Every string here is part of the report's rubric version.
 */
import type { AssessmentItem, RiskEpisode } from '../../../schemas/risk.js';
import { ASSESSMENT_ITEM_LABELS } from '../risk/labels.js';

export const WHY = {
  questionRun:
    'Questions gather facts; reflections show the client they were heard and invite them to go further. A long run of questions turns the session into an interview, and the client into someone answering rather than exploring (MITI 4.2: reflection-to-question ratio).',
  simpleReflections:
    'A simple reflection repeats what was said; a complex one adds the meaning or feeling underneath and moves the conversation on. Complex reflections are what clients experience as being understood (MITI 4.2: percent complex reflections).',
  closedQuestions: 'A closed question is answered in a word and keeps the therapist leading; an open one hands the client the floor and evokes their own reasons.',
  unaskedAdvice:
    'Advice given without permission tends to meet "yes, but": the client defends the other side. Asking first keeps the client in charge of what they take from it (MITI 4.2: persuade with versus without permission).',
  confrontation: 'Arguing, warning or correcting the client raises discord and sustain talk, and strains the bond; the client defends the position being pushed against (MITI 4.2: confront).',
  floor: 'When the therapist holds the floor the client has less room to bring material, elaborate and hear their own reasons for change; engagement falls with the client\'s share of the talk.',
  reflectiveListening: 'Reflecting more than asking is the MITI "good" level of reflective listening and the core of empathic accuracy.',
  complexReflections: 'Complex reflections carry meaning and feeling beyond the words, which clients experience as being understood.',
  affirmation: 'Affirming effort and strengths builds the bond and the client\'s confidence to change (MITI 4.2: affirm).',
  permission: 'Asking before advising keeps the client\'s autonomy, so advice lands as an offer rather than an instruction.',
  repairedRupture:
    'A rupture the therapist notices and repairs, by acknowledging it, inviting the client\'s view and adjusting, often leaves the alliance stronger than before (Safran & Muran; Eubanks, Muran & Safran 2018).',
  unrepairedRupture:
    'A rupture left unaddressed predicts poorer outcome and dropout; the client learns that what they feel about the therapy cannot be said in it (Safran & Muran; Eubanks, Muran & Safran 2018).',
  missedEmotion: 'Moving on from a feeling the client has just named, to the next step of a technique, tells the client the technique matters more than they do; the alliance needs the feeling met first (Castonguay et al. 1996).',
  misunderstanding: 'Each correction from the client is a reflection that missed. Checking understanding before moving on keeps the client from feeling unheard.',
  culture: 'When cultural identity, faith, family expectations or migration go unexplored, the work can apply norms that do not fit the client (Hays 2016; cultural humility: Hook et al. 2013).',
  assessedRisk: 'A thorough risk assessment after a disclosure is good care: it lets the clinician judge the risk and plan for it, and tells the client that what they said was taken seriously.',
} as const;

export const ALTERNATIVES = {
  reflectInstead: 'Before the next question, reflect the answer you just heard: "So [what they told you], and that has left you feeling [the feeling you hear]." Then wait.',
  complexReflection: 'Go one step past the words, to the meaning or feeling beneath them: "It sounds like what hurts most is not [what happened] but what it seemed to say about you."',
  openQuestion: 'Ask it open, so the client can say more than yes or no: "What has that been like for you?" or "How do you make sense of it?"',
  askPermission: 'Ask before advising, then hand it back: "I have an idea that has helped other people with this. Would it be all right if I shared it? … What do you make of that?"',
  rollWithIt: 'Reflect the client\'s view and its reasons instead of arguing it: "You\'re not convinced this is a problem, and you have your reasons. Tell me more about how you see it."',
  handBackTheFloor: 'Say it in two sentences, then hand the floor back with an open question: "That\'s the idea in short. What do you make of it?"',
  meetTheFeeling: 'Name the feeling before the next step of the exercise: "That sounds really hard. Before we go on, can we stay with how that felt for a moment?"',
  checkUnderstanding: 'Check before moving on, and let the client correct you: "Let me see if I have this right: [what you understood]. What am I missing?"',
  exploreCulture: 'Ask about it in the client\'s terms: "You mentioned [what they raised]. How do your family, your faith or your background shape how you see this? I\'d like to understand it the way you do."',
} as const;

/** The response to a rupture marker the therapist did not attend to (3RS repair moves: acknowledge, invite, adjust). */
export const RUPTURE_ALTERNATIVES: Record<string, string> = {
  challenges_helpfulness: '"It sounds like this isn\'t giving you what you came for, and I\'m glad you said so. What would make our time more useful to you?"',
  feels_misunderstood: '"I think I\'ve missed something important. Can you help me understand what I\'m not getting?"',
  refuses_topic: '"We don\'t have to go there today; you decide what we talk about. What would feel more useful right now?"',
  criticises_therapist: '"You\'re right to tell me, and I think I have been pushing. Thank you for saying it. What would you like from me instead?"',
  topic_shift: '"We can leave that, and I want to check one thing first: was that hard to talk about, or did I take us somewhere you didn\'t want to go?"',
  withdrawal: '"I notice your answers have got shorter, and I wonder whether I\'ve been asking too much. How is this feeling for you right now?"',
};

/** The rupture markers in a supervisor's words ("the client … at t0012"). */
export const MARKER_WORDS: Record<string, string> = {
  challenges_helpfulness: 'questioned whether the therapy was helping',
  feels_misunderstood: 'said they felt misunderstood or not listened to',
  refuses_topic: 'refused a topic',
  criticises_therapist: 'criticised what the therapist was doing',
  minimal_answers: 'gave minimal, non-committal answers',
  dont_know: 'answered "don\'t know" in a run of short answers',
  dismissive: 'answered dismissively',
  shrinking_answers: 'gave shorter and shorter answers after elaborating earlier',
  silence: 'fell silent',
  topic_shift: 'changed the subject',
};

/** The assessment items in a supervisor's words: the risk module's labels, with the thoughts item spelled out. */
export const ITEM_WORDS: Record<AssessmentItem, string> = {
  ...ASSESSMENT_ITEM_LABELS,
  thoughts: 'the thoughts themselves (how often, how strong)',
  plan: 'plan',
};

type Domain = RiskEpisode['domain'];

/** One question per assessment item, as a therapist would ask it of this kind of disclosure. */
const QUESTIONS: Record<Domain, Partial<Record<AssessmentItem, string>>> = {
  suicide: {
    thoughts: 'Are you having thoughts of killing yourself? How often do they come, and how strong are they?',
    method: 'Have you thought about how you would do it?',
    intent: 'When those thoughts come, do you think you might act on them?',
    plan: 'Have you worked out when or where you would do it?',
    behavior: 'Have you done anything to get ready, like collecting pills or writing a note?',
    history: 'Have you ever tried to end your life before?',
    means: 'Is there anything at home you could use, like medication or a gun? Could we make it harder to get to?',
    safety: 'Are you safe tonight?',
    protective_factors: 'What has kept you going so far?',
    safety_plan: 'Can we write down together what you will do, and who you will call, if the thoughts get stronger?',
  },
  self_injury: {
    thoughts: 'How often do the urges to hurt yourself come?',
    method: 'What do you use when you hurt yourself?',
    intent: 'When you hurt yourself, is any part of you wanting to die?',
    behavior: 'When did you last hurt yourself, and how badly?',
    history: 'How long has this been going on?',
    safety: 'Do any of the injuries need a doctor to look at them?',
    safety_plan: 'What could you do instead when the urge comes, and who could you reach?',
  },
  harm_to_others: {
    thoughts: 'Are you having thoughts of hurting them? How often?',
    method: 'Have you thought about how you would do it?',
    intent: 'Do you think you might act on those thoughts?',
    plan: 'Have you thought about when or where?',
    history: 'Have you ever hurt anyone before?',
    means: 'Do you have access to a weapon?',
    safety: 'Is the person you are thinking of safe right now?',
    safety_plan: 'What can we put in place so that you and they stay safe?',
  },
  abuse: {
    behavior: 'Can you tell me what happened, and how often it happens?',
    history: 'Has this happened before?',
    safety: 'Are you, and anyone else at home, safe right now?',
    safety_plan: 'Can we think together about who could help, and where you could go if you needed to?',
  },
  other: {
    behavior: 'How often is this happening, and when was the last time?',
    history: 'Has it ever put you in danger before?',
    safety: 'Are you safe right now? Does anything need a doctor today?',
    safety_plan: 'What could we put in place so this does not put you in danger?',
  },
};
const FALLBACK_QUESTION: Partial<Record<AssessmentItem, string>> = {
  thoughts: 'Can you tell me more about those thoughts: how often they come, and how strong they are?',
  method: 'Have you thought about how?',
  intent: 'Do you think you might act on it?',
  plan: 'Have you thought about when or where?',
  behavior: 'Have you done anything about it yet?',
  history: 'Has this happened before?',
  means: 'Is there anything at hand that could be used?',
  safety: 'Are you safe right now?',
  protective_factors: 'What has helped you hold on so far?',
  safety_plan: 'Can we make a plan together for what you will do if it gets worse?',
};

/** How many unasked items one alternative response asks about: more is a checklist, not a response. */
const QUESTIONS_PER_RESPONSE = 2;

/** What the therapist could have said after the disclosure: an acknowledgement, then the first unasked items. */
export function riskAlternative(domain: Domain, notAsked: readonly AssessmentItem[]): string {
  const questions = notAsked.slice(0, QUESTIONS_PER_RESPONSE).map((item) => QUESTIONS[domain][item] ?? FALLBACK_QUESTION[item]!);
  const asked = questions.length > 0 ? questions : [QUESTIONS[domain].safety_plan ?? FALLBACK_QUESTION.safety_plan!];
  return `"Thank you for telling me that; I want to make sure I understand it properly. ${asked.join(' ')}"`;
}

export const RISK_WHY: Record<Domain, string> = {
  suicide:
    'The C-SSRS screener asks about thoughts, method, intent, plan and preparatory behaviour because each step changes the level of risk and what has to happen today. Unasked, the risk cannot be judged and the note can only say it was not assessed.',
  self_injury: 'How often, how severe and whether there is any suicidal intent decide whether self-injury needs medical care today and how it is safety-planned.',
  harm_to_others: 'Thoughts of harming someone raise duty-to-warn questions: intent, plan, means and an identifiable person decide what the clinician must do.',
  abuse: 'Abuse and neglect usually carry a mandated-reporting duty; what happened, how recently and whether anyone is unsafe now decide whether a report or a safety plan is needed today.',
  other: 'Acute risks such as purging, overdose, intoxicated driving or command hallucinations need their current danger asked about before the session ends.',
};
