/**
 * What the supervision report says about each kind of moment: why it matters, with its clinical source, the
 * markers and assessment items in a supervisor's words, and the questions a risk follow-up offers. The
 * alternative responses are composed in alternatives.ts. Every string here is part of the report's rubric
 * version.
 */
import type { RuptureMarker } from '../../../schemas/alliance.js';
import type { AssessmentItem, RiskEpisode } from '../../../schemas/risk.js';
import type { NextMove } from './context.js';
import { ASSESSMENT_ITEM_LABELS } from '../risk/labels.js';

export const WHY = {
  questionRun:
    'Questions gather facts; reflections show the client they were heard and invite them to go further. A long run of questions turns the session into an interview, and the client into someone answering rather than exploring (MITI 4.2: reflection-to-question ratio).',
  simpleReflections:
    'A simple reflection repeats what was said; a complex one adds the meaning or feeling underneath and moves the conversation on. Complex reflections are what clients experience as being understood (MITI 4.2: percent complex reflections).',
  closedQuestions:
    'A closed question is answered in a word and keeps the therapist leading; an open one hands the client the floor and evokes their own reasons.',
  unaskedAdvice:
    'Advice given without permission tends to meet "yes, but": the client defends the other side. Asking first keeps the client in charge of what they take from it (MITI 4.2: persuade with versus without permission).',
  confrontation:
    'Arguing, warning or correcting the client raises discord and sustain talk, and strains the bond; the client defends the position being pushed against (MITI 4.2: confront).',
  floor:
    "When the therapist holds the floor the client has less room to bring material, elaborate and hear their own reasons for change; engagement falls with the client's share of the talk.",
  reflectiveListening: 'Reflecting more than asking is the MITI "good" level of reflective listening and the core of empathic accuracy.',
  complexReflections: 'Complex reflections carry meaning and feeling beyond the words, which clients experience as being understood.',
  affirmation: "Affirming effort and strengths builds the bond and the client's confidence to change (MITI 4.2: affirm).",
  permission: "Asking before advising keeps the client's autonomy, so advice lands as an offer rather than an instruction.",
  repairedRupture:
    "A rupture the therapist notices and repairs, by acknowledging it, inviting the client's view and adjusting, often leaves the alliance stronger than before (Safran & Muran; Eubanks, Muran & Safran 2018).",
  unrepairedRupture:
    'A rupture left unaddressed predicts poorer outcome and dropout; the client learns that what they feel about the therapy cannot be said in it (Safran & Muran; Eubanks, Muran & Safran 2018).',
  missedEmotion:
    'Moving on from a feeling the client has just named, to the next step of a technique, tells the client the technique matters more than they do; the alliance needs the feeling met first (Castonguay et al. 1996).',
  misunderstanding:
    'Each correction from the client is a reflection that missed. Checking understanding before moving on keeps the client from feeling unheard.',
  culture:
    'When cultural identity, faith, family expectations or migration go unexplored, the work can apply norms that do not fit the client (Hays 2016; cultural humility: Hook et al. 2013).',
  assessedRisk:
    'A thorough risk assessment after a disclosure is good care: it lets the clinician judge the risk and plan for it, and tells the client that what they said was taken seriously.',
  accurateReflection:
    'A complex reflection that catches the feeling, confirmed by the client, is empathy at work: the client feels understood and goes further (MITI 4.2: complex reflection; Elliott et al. 2018).',
  homeworkAgreement:
    'Homework the client helped shape is homework they do: asking what would fit, rather than assigning it, predicts completion and keeps the task agreed (Bordin: agreement on tasks; CTRS item 3).',
  feedbackInvited: 'Asking how the session is landing lets the client say what is not working before it becomes a rupture (CTRS item 2: feedback; SRS).',
  agenda: 'Setting the agenda together tells the client the session is theirs too and keeps the work on what matters most to them (CTRS item 1: agenda).',
  noFeedback:
    'Without asking how the session landed, the therapist cannot hear what is not working until the client stops coming; CBT asks for feedback in every session (CTRS item 2: feedback).',
  sideEffectsHeard:
    'A side-effect concern heard out before deciding keeps the client in the decision and the medication taken as agreed (shared decision-making).',
  sideEffectsUnheard:
    'Side effects are a common reason a medication is stopped without telling the prescriber; a concern moved past tells the client it does not count (shared decision-making, NICE NG197).',
  sharedDecision:
    'A treatment change decided with the client, the options and their preferences heard, is more often followed through (shared decision-making, NICE NG197).',
  noSharedDecision:
    "A change to the medication set out without asking the client's view leaves them to agree or quietly not follow it; the decision is theirs to share (shared decision-making, NICE NG197).",
  validation:
    'In crisis work validation belongs beside the safety questions: a client who feels understood answers them more openly and stays in contact (Mishara et al. 2007).',
  noValidation:
    'Safety questions asked without validation can feel like a checklist at the worst moment; validating the distress first helps the client answer openly and stay in contact (Mishara et al. 2007).',
} as const;

/** What a confrontation was aimed at, in a supervisor's words (3RS). */
export const TARGET_WORDS: Record<NonNullable<RuptureMarker['target']>, string> = {
  therapist: 'the therapist',
  therapy: 'the therapy',
  task: 'the task',
};

/** The repair moves (3RS resolution strategies), as "the therapist repaired it by …". */
export const REPAIR_WORDS: Record<NonNullable<RuptureMarker['repairKind']>, string> = {
  owning: 'owning their part in it',
  apologising: 'apologising',
  reflecting: "reflecting the client's experience of the therapy",
  inviting_feedback: "inviting the client's feedback",
  changing_course: 'changing course',
};

/** What the therapist did next, as "the therapist … at t0012" (context.ts `NextMove`). */
export const MOVE_WORDS: Record<NextMove, string> = {
  subject_change: 'changed the subject',
  confrontation: 'argued or warned',
  reflection: 'reflected what was said',
  advice: 'gave advice',
  technique: 'went on with {task}',
  reassurance: 'reassured the client',
  question: 'asked a question',
  information: 'gave information',
  minimal: 'gave a brief acknowledgement',
  other: 'went on',
  none: 'did not speak again',
};

/** The rupture markers in a supervisor's words ("the client … at t0012"). */
export const MARKER_WORDS: Record<string, string> = {
  challenges_helpfulness: 'questioned whether the therapy was helping',
  feels_misunderstood: 'said they felt misunderstood or not listened to',
  refuses_topic: 'refused a topic',
  refuses_task: 'refused the task',
  wants_to_leave: 'said they wanted to leave',
  criticises_therapist: 'criticised what the therapist was doing',
  minimal_answers: 'gave minimal, non-committal answers',
  dont_know: 'answered "don\'t know" in a run of short answers',
  dismissive: 'answered dismissively',
  deference: 'went along with what the therapist pushed, without committing to it',
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

/** When every item was asked and the plan made, and the level still calls for follow-up. */
export const NEXT_CONTACT_QUESTION = "Before we finish, can we agree when we'll next speak, and who will be with you until then?";

/** Asked of a client on medication: the supply at home is the means to ask about first. */
export const MEDICATION_MEANS_QUESTION = 'How much of your medication do you have at home? Could someone else look after it for now?';

/**
 * The questions to ask after a disclosure: the first unasked items, or the safety plan when every item was
 * asked. In a medication follow-up access to means is asked first, as the supply of medication.
 */
export function riskQuestions(domain: Domain, notAsked: readonly AssessmentItem[], onMedication = false): string[] {
  const ordered = onMedication && notAsked.includes('means') ? ['means' as const, ...notAsked.filter((i) => i !== 'means')] : notAsked;
  const questions = ordered
    .slice(0, QUESTIONS_PER_RESPONSE)
    .map((item) =>
      onMedication && item === 'means' && domain === 'suicide' ? MEDICATION_MEANS_QUESTION : (QUESTIONS[domain][item] ?? FALLBACK_QUESTION[item]!),
    );
  return questions.length > 0 ? questions : [QUESTIONS[domain].safety_plan ?? FALLBACK_QUESTION.safety_plan!];
}

/** Every question above, for the rubric version. */
export const RISK_QUESTIONS: readonly string[] = [
  ...Object.values(QUESTIONS).flatMap((q) => Object.values(q)),
  ...Object.values(FALLBACK_QUESTION),
  MEDICATION_MEANS_QUESTION,
  NEXT_CONTACT_QUESTION,
];

export const RISK_WHY: Record<Domain, string> = {
  suicide:
    'The C-SSRS screener asks about thoughts, method, intent, plan and preparatory behaviour because each step changes the level of risk and what has to happen today. Unasked, the risk cannot be judged and the note can only say it was not assessed.',
  self_injury:
    'How often, how severe and whether there is any suicidal intent decide whether self-injury needs medical care today and how it is safety-planned.',
  harm_to_others: 'Thoughts of harming someone raise duty-to-warn questions: intent, plan, means and an identifiable person decide what the clinician must do.',
  abuse:
    'Abuse and neglect usually carry a mandated-reporting duty; what happened, how recently and whether anyone is unsafe now decide whether a report or a safety plan is needed today.',
  other: 'Acute risks such as purging, overdose, intoxicated driving or command hallucinations need their current danger asked about before the session ends.',
};
