/**
 * What the therapist did, in the words a progress note uses: named techniques (CBT, BA, MI), homework and
 * its tasks, and the plan for the next session. Matched on normalised therapist text.
 */
import type { Detail } from './client-lexicon.js';

export interface Technique {
  key: string;
  pattern: RegExp;
  /** Past-tense verb phrase: "Therapist {phrase}". */
  phrase: string;
  details?: readonly Detail[];
  /** Another technique that, when present, already says what this one would. */
  coveredBy?: string;
}

export const TECHNIQUES: readonly Technique[] = [
  {
    key: 'thoughtRecord',
    pattern: /\b(?:thought records?|automatic thought)\b/,
    phrase: 'worked through a thought record with Client',
    details: [
      { pattern: /\b(?:how (?:strongly|much) (?:did |do )?you believe|believe it)\b/, phrase: 'rating belief in the automatic thought' },
      { pattern: /\bevidence\b[^.?!]*\b(?:for|against)\b/, phrase: 'examining the evidence for and against it' },
      { pattern: /\b(?:balanced|alternative) thought\b/, phrase: 'working towards a more balanced alternative' },
    ],
  },
  {
    key: 'cognitiveRestructuring',
    pattern: /\b(?:evidence (?:for|against)|balanced thought|alternative (?:thought|explanation)|another way (?:of|to) (?:look|see)|thinking traps?|cognitive (?:distortion|restructuring)|catastroph\w+|what would you say to a friend)\b/,
    phrase: 'used cognitive restructuring to examine Client\'s automatic thoughts',
    coveredBy: 'thoughtRecord',
  },
  {
    key: 'behaviouralActivation',
    pattern: /\b(?:activity (?:log|schedule|diary)|behaviou?ral activation|rewarding activit\w*|pull back from things|plan one thing|(?:things|activities) that (?:used to )?give (?:you )?(?:energy|pleasure|a sense of achievement))\b/,
    phrase: 'used behavioural activation',
    details: [
      { pattern: /\b(?:look at|review|start with) the (?:activity )?log\b|\bwhat was happening on\b/, phrase: 'reviewing the activity log for links between activity and mood' },
      { pattern: /\bplan one thing\b|\bschedul\w+ (?:an?|some) activit\w*/, phrase: 'scheduling alternative activities' },
    ],
  },
  {
    key: 'scaling',
    pattern: /\b(?:(?:zero|0|one|1) to (?:ten|10|a hundred|one hundred|100)|on a scale|out of (?:ten|10))\b/,
    phrase: 'used scaling questions',
    details: [
      { pattern: /\bmood\b/, phrase: 'mood' },
      { pattern: /\bbeliev\w*|\bbelief\b/, phrase: 'strength of belief' },
      { pattern: /\bconfiden\w*/, phrase: 'confidence' },
    ],
  },
  { key: 'decisionalBalance', pattern: /\b(?:pros and cons|decisional balance|good things about|not so good things|(?:upside|downside)s? of)\b/, phrase: 'explored ambivalence with a decisional balance' },
  { key: 'mindfulness', pattern: /\b(?:mindful\w*|grounding|breathing (?:exercise|technique)|body scan|five things you can see|notice your breath)\b/, phrase: 'introduced a mindfulness or grounding exercise' },
  {
    key: 'problemSolving',
    pattern: /\b(?:problem[- ]solv\w*|brainstorm\w*|what (?:are|might be) (?:some|the) options|one option (?:some people use|is)|work out what you might say|what could you do (?:differently|instead))\b/,
    phrase: 'used problem solving to generate options',
  },
  { key: 'exposure', pattern: /\b(?:exposure|fear hierarchy|hierarchy|stay with the anxiety|face (?:the|your) fear)\b/, phrase: 'worked on graded exposure' },
  { key: 'values', pattern: /\b(?:your values|values?-based|what matters (?:most )?to you|what's important to you|kind of person you want to be)\b/, phrase: 'explored Client\'s values' },
  { key: 'rolePlay', pattern: /\b(?:role[- ]play\w*|try saying it out loud|as if i'm (?:her|him|them|your \w+)|practi[cs]e saying)\b/, phrase: 'rehearsed an assertive response with Client through role-play' },
  { key: 'safetyPlan', pattern: /\bsafety plan\b/, phrase: 'reviewed the safety plan' },
  { key: 'sleepHygiene', pattern: /\b(?:wind[- ]down routine|fixed wake time|sleep (?:schedule|hygiene|routine)|stimulus control)\b/, phrase: 'discussed sleep routines' },
];

/** Psychoeducation: explaining how a problem works or why a task helps (CTRS item 10). */
export const PSYCHOEDUCATION =
  /\b(?:in the approach i use|people tend to|what happens is|it becomes a (?:loop|cycle)|the way (?:this|it) works|(?:lots of|many|most) people find|the reason (?:is|we)|the idea is|research (?:shows|suggests))\b/;
export const PSYCHOEDUCATION_TOPICS: readonly { all: readonly RegExp[]; phrase: string }[] = [
  { all: [/\bmood\b/, /\b(?:activit\w*|energy|rewarding|pull back)\b/], phrase: 'how withdrawal from rewarding activities can deepen low mood and disturb sleep' },
  { all: [/\bthoughts?\b/, /\bfeelings?\b/], phrase: 'how thoughts, feelings and behaviour interact' },
  { all: [/\b(?:log|tracking|pattern)\b/], phrase: 'the value of monitoring patterns' },
  { all: [/\bsleep\b/], phrase: 'sleep' },
  { all: [/\b(?:anxiety|panic)\b/], phrase: 'anxiety' },
];

/** The previous homework being reviewed (CTRS item 3). */
export const HOMEWORK_REVIEW =
  /\b(?:(?:look at|review|go over|start with|how did) (?:the|your) (?:\w+ )?(?:log|diary|homework|thought records?|worksheet|practice|exercises?)|how did the (?:\w+ )?(?:records?|log|homework|practice) go|did you (?:manage|get a chance) to)\b/;

/** New homework being set. */
export const HOMEWORK_SET =
  /\b(?:(?:for|as) homework|homework,|for (?:this|the) (?:first |next |coming )?week\b|this (?:coming )?week,? (?:i'd|i would|could you|would you|try|you'll|you could)|between (?:now and|sessions|today and)|before (?:our|we|the) next|(?:if|when) you (?:use|try) (?:it|this|that)\b[^.?!]{0,20}\bthis week)/;
/** A homework cue about the past ("how did the homework go") is a review, not an assignment. */
export const HOMEWORK_PAST = /\b(?:how did|did you|last week's)\b/;

/** Homework tasks, in a note's words. */
export const TASKS: readonly Detail[] = [
  { pattern: /\b(?:activity (?:log|diary)|(?:short|daily) log|keep a (?:short )?(?:log|diary))\b/, phrase: 'keep a daily activity log' },
  { pattern: /\brate (?:your )?mood\b|\bmood from (?:zero|0)\b/, phrase: 'rate mood alongside each activity' },
  { pattern: /\b(?:went to bed|woke up|bed ?time|wake time|(?:a note of|note down|jot down|write down|track) (?:your |the )?sleep)\b/, phrase: 'record bed and wake times' },
  { pattern: /\b(?:one|a) thought record\b[^.?!]*\b(?:drop in mood|mood drops)\b/, phrase: 'complete a thought record when noticing a drop in mood' },
  { pattern: /\b(?:one|a|another) thought record\b/, phrase: 'complete a thought record' },
  { pattern: /\bplan one thing on (?:two|three|a few|some) evenings\b|\bschedul\w+ (?:an?|some) (?:pleasant |rewarding )?activit\w*/, phrase: 'schedule an alternative activity on some evenings' },
  { pattern: /\b(?:choose|pick) one (?:thing|activity)\b|\bplan one (?:thing|activity)\b(?! on)|\b(?:going|go) to the (?:market|park|shops?|library)\b/, phrase: 'carry out one planned activity' },
  { pattern: /\b(?:wind[- ]down routine|fixed wake time)\b/, phrase: 'follow a wind-down routine and fixed wake time' },
  { pattern: /\b(?:breathing|mindful\w*|grounding) (?:exercise|practice)?\b/, phrase: 'practise the breathing or grounding exercise' },
  { pattern: /\b(?:climbing|the gym|a run|a walk|swimming|exercise)\b/, phrase: 'keep up the planned physical activity' },
  { pattern: /\bleaving by\b|\bleave (?:work )?(?:by|on time)\b/, phrase: 'leave work on time on the agreed days' },
  { pattern: /\bno email in bed\b|\bno (?:phone|screens?) in bed\b/, phrase: 'avoid checking email in bed' },
  { pattern: /\bbring (?:the|a|your) (?:\w+ )?list\b/, phrase: 'bring the agreed list' },
  { pattern: /\b(?:if|when) you (?:use|try) (?:it|this|that)\b/, phrase: 'try the approach rehearsed in session' },
];

/** Anticipating what could get in the way of homework (BA/CBT troubleshooting). */
export const BARRIER_QUESTION = /\b(?:what (?:might|could|would) get in the way|obstacles?|barriers?|what could help with that)\b/;
export const BARRIERS: readonly Detail[] = [
  { pattern: /\bforget\w*/, phrase: 'forgetting' },
  { pattern: /\b(?:too tired|tired|exhausted)\b/, phrase: 'fatigue' },
  { pattern: /\b(?:no time|busy|don't have time)\b/, phrase: 'lack of time' },
];
export const BARRIER_SOLUTIONS: readonly Detail[] = [
  { pattern: /\b(?:set a reminder|reminder|alarm)\b/, phrase: 'set a daily reminder' },
  { pattern: /\bon my phone\b/, phrase: 'keep the log on their phone' },
  { pattern: /\bdoesn't need to be perfect\b/, phrase: 'accept rough notes' },
];

/** The next session and what it will hold. */
export const NEXT_SESSION =
  /\b(?:see you (?:next|on|then|in)\b|next (?:week|session|time|appointment|monday|tuesday|wednesday|thursday|friday)\b|same time next|follow[- ]up|in two weeks)/;
export const NEXT_DAY = /\bnext (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/;
/** Work the therapist said will continue later ("we'll work on that too", "sketch it out together next week"). */
export const FUTURE_WORK =
  /\b(?:we(?:'ll| will) (?:also )?(?:work on|look at|come back to|get to|keep working)|(?:sketch|plan|work) (?:it|this|that) out together next week|next (?:week|session|time),? (?:we|let's))\b/;
export const USE_SAFETY_PLAN = /\buse the (?:safety )?plan\b/;

/** Structure and collaboration moves, by what they are called in a note. */
export const GOAL_SETTING = /\b(?:(?:clear|your|our|the) goals|where we're heading|what would you want to be different|what (?:do|would) you (?:want|like) to be different)\b/;

export const THERAPIST_PATTERNS: readonly RegExp[] = [
  ...TECHNIQUES.flatMap((t) => [t.pattern, ...(t.details ?? []).map((d) => d.pattern)]),
  PSYCHOEDUCATION,
  ...PSYCHOEDUCATION_TOPICS.flatMap((t) => t.all),
  HOMEWORK_REVIEW,
  HOMEWORK_SET,
  HOMEWORK_PAST,
  ...TASKS.map((t) => t.pattern),
  BARRIER_QUESTION,
  ...BARRIERS.map((b) => b.pattern),
  ...BARRIER_SOLUTIONS.map((b) => b.pattern),
  NEXT_SESSION,
  NEXT_DAY,
  FUTURE_WORK,
  USE_SAFETY_PLAN,
  GOAL_SETTING,
];

export const THERAPIST_PHRASES: readonly string[] = [
  ...TECHNIQUES.flatMap((t) => [t.phrase, ...(t.details ?? []).map((d) => d.phrase)]),
  ...PSYCHOEDUCATION_TOPICS.map((t) => t.phrase),
  ...TASKS.map((t) => t.phrase),
  ...BARRIERS.map((b) => b.phrase),
  ...BARRIER_SOLUTIONS.map((b) => b.phrase),
];
