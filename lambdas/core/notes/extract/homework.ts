/**
 * Homework: tasks set in this session for between sessions, and homework from the last session reviewed
 * now (CLINICAL-GUIDE §1, "Homework and plan": what, when, with whom, and how the client took it).
 *
 * Precision first. A task is written only when a sentence sets it: the word homework, or a request or
 * instruction to the client with a between-session time ("every evening", "before Thursday"), or the
 * client's own plan in answer to the therapist asking for one. Refused: the client's habits, advice with no
 * task or time, a task for someone else, past assignments told as history, and the therapist's plans for
 * the next session ("next time we'll look at…"). No homework gives empty arrays. Pure.
 */
import type { Sentence } from '../../language/index.js';
import { answerAfter, type ExtractInput, type ReadTurn } from './input.js';
import { noteQuote } from './quote.js';
import { completionOf, isQuestion, openingOf, quoteAround, uptakeOf, type Completion, type Uptake } from './uptake.js';

export type { Completion, Uptake } from './uptake.js';

export interface HomeworkTask {
  /** Stable key within the session: `homework-1`, `homework-2`, … in order of first mention. */
  id: string;
  /** What, in the words used (normalised speech: lower case, contractions written out). */
  task: string;
  /** When or how often, as said ("every evening this week", "wednesday"). */
  when?: string;
  /** Who the client does it with, as said ("with your sister"). */
  withWhom?: string;
  /** Who proposed it. */
  source: 'therapist' | 'client';
  uptake: Uptake;
  /** The turn(s) that set it, then the client's answer. */
  turnIds: string[];
  /** The words that set it, verbatim. */
  quote: string;
  /** What the client answered, verbatim, when they answered. */
  responseQuote?: string;
}

export interface HomeworkReview {
  /** What was set last time, in the words used now. */
  task: string;
  completion: Completion;
  /** The turn that raised it, then the client's answer. */
  turnIds: string[];
  /** The words that raised it, verbatim. */
  quote: string;
  /** What the client said about it, verbatim. */
  clientQuote?: string;
}

const DAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?';
/** A between-session time or frequency. */
const TIME = new RegExp(
  [
    `this (?:coming |first |next )?(?:week(?:end)?|fortnight)`,
    `(?:for|over|during|in) (?:this|the|the next|the coming|next) (?:fortnight|two weeks|couple of weeks|few days)`,
    `(?:for|before|until) next time`,
    `for (?:another|one more|a further) (?:week|fortnight|two weeks|couple of weeks|few days)`,
    `for ${DAY}`,
    `over the (?:next|coming) (?:week|few days|couple of (?:days|weeks)|fortnight|two weeks|weekend)`,
    `(?:in|during|for) the (?:next|coming) (?:week|few days|fortnight)`,
    `(?:every|each) (?:single )?(?:day|morning|evening|night|afternoon|time|weekday|other day|${DAY})`,
    `(?:daily|nightly)`,
    `(?:once|twice|three times|four times|a few times|a couple of times|\\w+ times) (?:a|per|this|each) (?:day|week|night)`,
    `before (?:we (?:meet|see each other|talk|next meet)|next (?:time|session|week)|our next (?:session|appointment|meeting)|${DAY}|then|bed(?:time)?)`,
    `between (?:now and (?:then|next (?:time|week|session)|${DAY}|when we meet)|sessions|now and our next (?:session|appointment))`,
    `until (?:we (?:meet|next meet|see each other)|next (?:time|week|session))`,
    `by (?:${DAY}|next (?:week|session|time))`,
    `(?:on|this|every) ${DAY}(?:(?:,| and| or|, and)+ ${DAY})*`,
    `${DAY} (?:morning|evening|afternoon|night|at (?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|lunch))`,
    `${DAY} to ${DAY}`,
    // "tomorrow's list" names a list, not a time.
    `(?:tonight|tomorrow(?: (?:morning|evening|night))?)(?!'s)`,
    `(?:whenever|when|each time|every time) you (?:notice|feel|get|catch|wake|go to bed|start to|find yourself|have)`,
    `at (?:bedtime|night|lunchtime|the end of (?:the|each) day)`,
    `next week`,
    `before (?:the|your|that|this) (?:meeting|appointment|interview|exam|test|party|visit|call|trip|date|review|hearing|shift|weekend)`,
    `(?:in|over) the (?:next|coming) (?:few|couple of) (?:days|weeks)`,
    `(?:this|next|each|every) (?:morning|evening|afternoon|night)`,
    `(?:on |at )?(?:weeknights|weekday evenings|weekdays)`,
    `(?:at|over) the weekend`,
  ].join('|'),
  'g',
);
const timeRe = () => new RegExp(`\\b(?:${TIME.source})\\b`, 'g');
const TIME_ANY = new RegExp(`\\b(?:${TIME.source})\\b`);

/** A therapist's plan for the next session, not a task: "next time we'll look at…". */
export const SESSION_PLAN =
  /\b(?:we|i) (?:will|are going to|am going to|can|could|might|should|would like to|want to)\b[^.?!]*\b(?:next (?:time|session|week)|in our next|when we (?:next )?meet|at our next)\b|\b(?:next (?:time|session|week)|in our next session|when we (?:next )?meet),? (?:we|i) (?:will|are going to|am going to|can|could|might|should|want to|would like to|plan to|thought)\b|(?:^|\band |\bthen |\bso )well (?:look at|go over|go through|talk about|review|work on|start|come back|pick up|do(?! you))\b/;
/** Told as history: an assignment from long ago or from someone else's therapy. */
export const HISTORY =
  /\b(?:ever|years? ago|last (?:year|month)|in the past|(?:previous|old|other|last) (?:therapist|counsellor|counselor|psychologist)|used to|back then|when you were|as a (?:child|kid|teenager))\b/;

/** Frames that set a task for the client; the capture is what follows (the task). */
const ASSIGN: RegExp[] = [
  /\b(?:for|as) (?:your |some |a bit of |a little )?(?:homework|home ?work|home practice)\b,? ?(?:this week,? )?(?:i would like you to|i want you to|could you|can you|would you|try to|try|you could|you can|see if you can|the idea is to|it would be to|is to)?\s*(.+)/,
  /\b(?:your|the|my) (?:homework|home ?work|task|assignment|home practice|challenge)(?: for (?:this|the|next) week)? (?:is|will be|would be)(?: to)?\s+(.+)/,
  /\b(?:i would (?:also |really |just )?like you to|i (?:also |really |just )?want you to|i would love (?:for )?you to|i am going to ask you to|i will ask you to|what i would like you to do is|your job is to|i would encourage you to|i want to ask you to|(?:i would|i|i would like to) (?:suggest|recommend)(?: that)?(?: you)?(?: (?:something|one thing|a (?:small|little|simple) thing)(?: (?:simple|small|easy|different|new|practical))?\s*[:,]?)?|my suggestion (?:would be|is)(?: to| that you)?|could you|can you|would you be (?:willing|able) to|would you like to|would you be up for|(?:do you )?want to try(?: to)?|are you willing to|will you|would you|see if you can|try and|try to|you could|you might (?:want to )?|maybe you could|how about you|it would be (?:good|great|helpful) (?:for you )?to|the idea is (?:for you )?to|fancy|(?:^|[.,] )maybe(?: just)?)\s+(.+)/,
];
/** "Let's do exactly that this week: dressing gown out, lamp on, heating till one": the list after the colon is the task. */
const DO_THAT_LIST =
  /\blet(?:'s| us) (?:do|try|go with|stick with) (?:exactly |just )?(?:that|this|it|those)(?: (?:this|for this|over the next) (?:week|fortnight))?\s*:\s*(.+)/;
/** "Shall we make sending the email part of this week's practice?": the task is what is made part of it. */
const PART_OF_PRACTICE =
  /\b(?:shall we|should we|could we|can we|let us|how about we|why not|we could|we can) (?:make|put|add) (.+?) (?:part of|into|to) (?:this week's|your|the|this|our|next week's) (?:practice|homework|home practice|plan for the week|assignment|tasks?)\b/;
/** An imperative opening a sentence (after a time or discourse word): "This week, try…", "Keep a log every night". */
const IMPERATIVE =
  /^(?:(?:so|and|okay|ok|now|right|then|alright|also|yes|yeah|good|great|fine|please|first|second|third|next|finally|lastly)[,: ]+)*(?:(?:alongside|in addition to|as well as|besides|on top of) (?:that|this)[, ]+|(?:in the meantime|meanwhile|until then|for now)[, ]+)?(?:(?:if you can|if you could|if possible|where you can)[, ]+)?(?:please )?(?:(?:before|after|when|whenever|once|each time|every time|as soon as) you [^,]{1,40},\s*|(?:at|around|about|every|each|on|after|before|first thing|last thing)\b[^,]{0,35}\b(?:morning|evening|night|day|afternoon|lunch|dinner|tea|breakfast|bed|bedtime|work|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+(?:am|pm)?|o'clock|clock),\s*)?(?:(?:this week|over the next week|between now and \w+|every \w+|each \w+|tonight|tomorrow)[, ]+)?((?:try|keep|write|practise|practice|notice|track|fill|record|schedule|go|spend|make|use|read|listen|take|plan|bring|call|text|set|do|pick|choose|log|jot|rate|sit|stand|put|leave|ring|phone|walk|stay|send|turn|switch|charge)\b.+)/;
/** Verbs a task is done with; a capture must start with one. */
const TASK_VERB =
  /^(?:(?:just|also|really|maybe|perhaps|please|actually|then) )*(?:try|keep|write|jot|practise|practice|notice|track|fill|record|schedule|go|spend|make|use|read|listen|take|plan|bring|call|text|ring|set|do|pick|choose|log|rate|complete|start|walk|put|ask|tell|talk|sit|check|look|pay|catch|experiment|test|aim|think|list|get|carry|stay|leave|eat|drink|cut|reduce|limit|wake|go|meet|see|join|sign|book|contact|reach|plan|repeat|continue|keep|add|apply|name|label|phone|send|email|message|clear|tidy|sort|buy|visit|update|wear|note|mark|play|stretch|breathe|cook|draw|delete|remove|uninstall|unfollow|mute|turn up|show up)\b/;

/** A therapist asking the client what they will do between sessions: the answer is the client's own task. */
const ELICIT_TASK = [
  /\bwhat (?:could|would|might|can|will|do) you (?:like to |want to |be able to )?(?:try|do|take on|commit to|work on|practise|practice|aim for|set yourself)\b.*\b(?:this week|before (?:we|next|our)|between now|until (?:we|next)|next week|over the next)\b/,
  /\bwhat (?:would|could|might|is|might be|would be|could be) (?:be )?(?:a |one |the |your )?(?:(?:good|realistic|small|tiny|manageable|doable|first|next|little|single) ){1,2}(?:step|goal|task|thing to try|thing you could do|homework|experiment)\b/,
  /\b(?:where does that leave you|what (?:are|do) you (?:going to|think you will|want to) do|what is (?:your|the) plan|what will you do|how many times (?:do you think|could you|can you|will you|would you)|when (?:could|will|would|can) you (?:do|try|fit|make))\b.*\b(?:this week|before (?:we|next|our)|between now|until (?:we|next)|next week|over the next|then)\b/,
  /\bwhat (?:\w+ ){0,3}(?:step|steps|thing|things|action|actions) (?:could|would|might|can|will) you (?:take|do|try)\b.*\b(?:this week|before (?:we|next|our)|between now|until (?:we|next)|next week|over the next)\b/,
  /\b(?:is there )?anything(?: else)? you (?:could|would like to|would want to|want to|might) (?:try|do|work on|practise|practice|aim for)\b.*\b(?:this week|before (?:we|next|our)|between now|until (?:we|next)|the (?:next|coming) (?:few days|couple of weeks|week|fortnight))\b/,
  /\bwhat (?:do|would) you (?:want|like) to (?:set|do|try) (?:as|for) (?:your )?(?:homework|this week)\b/,
  // A terse clinician's "This week?", "And for the fortnight?": the interval alone, asked.
  /^(?:(?:and|so|okay|ok|good|right|then)[,.]? )*(?:for )?(?:this (?:coming )?(?:week|fortnight)|the (?:next|coming) (?:week|fortnight|two weeks)|next week|before next time|between now and (?:then|next time))\s*\?$/,
];
/** The therapist taking the client's plan as the task. */
const ENDORSE =
  /\b(?:(?:that is|that's) your idea and i like it|i (?:really )?like (?:that|it) (?:idea|plan)|(?:good|great|brilliant|lovely) (?:idea|plan)|go for it|let us (?:make|have|call|put) (?:that|it|this)|(?:that|this|it) (?:sounds|seems|is) (?:like )?(?:a )?(?:great|good|brilliant|perfect|realistic|manageable|nice)(?: \w+)? (?:plan|goal|task|homework|step|idea)|make (?:that|it) your (?:homework|task|goal)|that can be your (?:homework|task|goal))\b/;

/** Approval said alone: "Good.", "Great.", "Love that." */
const APPROVES = /^(?:good|great|brilliant|excellent|perfect|lovely|nice one|love (?:that|it)|sounds good|good plan|good idea)[.!]*$/;

const HOMEWORKISH =
  /\b(?:homework|home ?work|assignment|task|practice|practise|practising|practicing|exercise|worksheet|thought (?:record|diary|log)s?|diary(?: card)?|journal(?:ing)?|log|records?|activity (?:schedule|plan|log|diary)|schedule|breathing|relaxation|mindfulness|meditation|exposures?|experiment|walks?|worry time|track(?:ing|er)|sleep diary|handout|skills?|challenge)\b/;
const LAST_TIME =
  /\b(?:(?:from|since) (?:last (?:week|time|session)|we last (?:met|spoke))|last (?:week|time|session) (?:we|you) (?:agreed|said|talked about|planned|decided|were going to|set|discussed)|we (?:agreed|said|talked about|discussed|planned|set|decided)|you (?:said|agreed|planned|decided) (?:you would|to)|you were going to|(?:like|as) (?:you (?:had |would )?(?:planned|said you would)|we (?:agreed|planned|discussed)))\b/;
/** A therapist raising homework already set; the capture names it. */
const REVIEW: RegExp[] = [
  /\bhow (?:did|was|were|has|have|is|are) (?:it|things) (?:go|going|gone|been)? ?with (.+)/,
  /\bhow did you (?:get on|get along|go|find|do) (?:with )?(.+)/,
  /\bhow (?:did|was|were|has|have) (?:the |your |that |those |this )(.+?) (?:go|going|gone|been|work|working|worked)\b/,
  // "How did filling it in at night go?": the task named by its gerund.
  /\bhow (?:did|has|have) ([a-z]+ing\b.+?) (?:go|going|gone|been|work|working|worked)\b/,
  /\b(?:did|were) you (?:get a chance|have a chance|manage|get round|get around|have time|have the time|able|remember|get) to (.+)/,
  // "Did you end up ringing them, like you'd planned?"
  /\bdid you end up ([a-z]+ing\b.+)/,
  /\bdid you (?:do|try|practise|practice|keep|fill in|fill out|complete|use|write|make|go|start|finish|get) (.+)/,
  /\blet us (?:look at|go over|go through|review|check in on|start with|talk about|have a look at) (?:your|the|how) (.+)/,
  /\blast (?:week|time|session) (?:we|you) (?:agreed|said|talked about|planned|decided|were going to|set|discussed) (.+)/,
];
/** The client raising it: "I did the homework", "that exercise you gave me". */
const CLIENT_REVIEW =
  /\b(?:the|my|that|this) (?:homework|home ?work|(?:exercise|task|thing|worksheet|sheet|practice) (?:you|we) (?:gave|asked|suggested|set|agreed|talked about))\b/;

const STOP_AT =
  /\s*(?:[?.!;]|\s(?:and |so |then )?(?:did|do|have|are|were|can|could|would|will) you\b|\show (?:did|was|is|has|about)\b|,? (?:and (?:how|what|did|then we|we will|well|i will)|because|so that|which|since (?:last|we)|from last|last (?:week|time|session)|(?:like|as) (?:you|we)\b)\b).*$/;

function firstMatch(patterns: RegExp[], text: string): RegExpExecArray | null {
  for (const p of patterns) {
    const m = p.exec(text);
    if (m) return m;
  }
  return null;
}

function negatedBefore(text: string, index: number): boolean {
  return /\b(?:not|never|no need to|do not have to|does not have to|no)\b(?:\s+\S+){0,4}\s*$/.test(text.slice(0, index));
}

const PEOPLE =
  '(?:partner|wife|husband|sister|brother|mum|mom|mother|dad|father|parents|friend|friends|family|kids|children|son|daughter|boyfriend|girlfriend|flatmate|roommate|housemate|colleague|boss|manager|support worker|sponsor|group|carer|nan|gran|grandmother|grandfather|neighbour|neighbor|team)';
const WITH_WHOM = new RegExp(`\\b(?:together )?with (?:your|my|a) (?:\\w+ )?${PEOPLE}\\b|\\btogether\\b`);

/** The task's words: the capture cut at the next clause, with its time phrases lifted out. */
function taskPhrase(capture: string): { task: string; when?: string; withWhom?: string } {
  const cut = capture
    .replace(STOP_AT, '')
    .replace(/^(?:to |(?:maybe|perhaps|probably|just|also|really|actually|definitely) )+/, '')
    .trim();
  const times = [...cut.matchAll(timeRe())].map((m) => m[0]);
  const withWhom = WITH_WHOM.exec(cut)?.[0];
  const task = cut
    .replace(timeRe(), ' ')
    .replace(/,?\s*\b(?:if you (?:can|could|would|like|can manage)|if that is okay|if possible|for me|please)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ,/g, ',')
    .replace(/[\s,]+(?:and|or|but|then|so|at|on|in|,)?$/g, '')
    .trim()
    .split(' ')
    .slice(0, 14)
    .join(' ');
  return { task, when: times.length > 0 ? times.join(', ') : undefined, withWhom };
}

function hasTime(text: string): boolean {
  return timeRe().test(text);
}

/** A time that is a day, a period or a frequency, not only a trigger ("when you notice…"). */
function hasStrongTime(text: string): boolean {
  return [...text.matchAll(timeRe())].some((m) => !/^(?:whenever|when|each time|every time) you\b/.test(m[0]));
}

/** Things asked of the client in the room, now. */
const IN_SESSION =
  /^(?:(?:just|maybe) )?(?:tell me|describe|say|explain|remember|imagine|think (?:of|about|back)|give me|walk me|show me|talk (?:me|to me|about)|go back|picture|rate (?:how|your)|help me)\b/;

/** Things that are done between sessions by their nature: a diary, a log, a record, a worksheet. */
const HOMEWORK_THING = /\b(?:diary|diaries|log|logs|tally|thought records?|worksheets?|journal|tracker|sleep diary|activity (?:schedule|diary|log))\b/;
/** An answer that turns a request down. */
const DECLINES = /^(?:no|nope|nah|i (?:do not|can not|will not|would rather not)|not (?:really|this week|now))\b/;

/**
 * A task named in a terse turn without a verb: a homework thing said alone ("Activity diary.", "Thought
 * record.") and then when or how often ("Each day: what you did.", "When the four o'clock dip comes.").
 */
function terseTask(sentence: Sentence, turn: ReadTurn): { task: string; when?: string; withWhom?: string; index: number } | null {
  const t = sentence.text.replace(/[.!]+$/, '').trim();
  if (t.split(' ').length > 4 || !HOMEWORK_THING.test(t) || /\?/.test(sentence.original)) return null;
  const next = turn.sentences[turn.sentences.indexOf(sentence) + 1];
  if (!next) return null;
  const when = [...next.text.matchAll(timeRe())].map((x) => x[0]);
  const trigger = /^(?:when|whenever|each time|every time|after|before)\b/.exec(next.text);
  if (when.length === 0 && !trigger) return null;
  return { task: t, when: when.length > 0 ? when.join(', ') : next.text.replace(/[.!]+$/, ''), index: 0 };
}

/** A task set in one therapist sentence, or null. */
export function assignmentIn(
  sentence: Sentence,
  turn: ReadTurn,
  answer?: ReadTurn,
  /** A task was set in the last two exchanges: the tasks are being listed ("First, a planner… Second: set a timer"). */
  listing = false,
): { task: string; when?: string; withWhom?: string; index: number } | null {
  const t = sentence.text;
  if (SESSION_PLAN.test(t) && !/\b(?:homework|for you to|i would like you to|i want you to)\b/.test(t)) return null;
  if (HISTORY.test(t)) return null;
  // A reflection of what the client said ("you guess you could try Monday to Thursday") sets nothing.
  if (/^(?:so |and )?you (?:guess|think|said|say|mentioned|feel|reckon|are saying|were saying|would like|want)\b/.test(t)) return null;
  // Past-tense setting ("I asked you to…", "your homework was…") is history or review, not a task set now.
  if (/\b(?:i (?:asked|told|gave|suggested)|(?:homework|task|assignment) was|you were (?:going|supposed) to|we (?:agreed|said|set))\b/.test(t)) return null;
  // "Here's what I want you to do for the next two weeks. A sleep diary, every morning": the task is the next sentence.
  const announced = /\b(?:here is|heres|this is) what i (?:want|would like) you to do\b/.test(t)
    ? turn.sentences[turn.sentences.indexOf(sentence) + 1]
    : undefined;
  if (announced && TIME_ANY.test(`${t} ${announced.text}`)) {
    const phrase = taskPhrase(announced.text);
    if (!phrase.when) phrase.when = [...`${t} ${announced.text}`.matchAll(timeRe())].map((x) => x[0]).join(', ') || undefined;
    return { ...phrase, index: 0 };
  }
  const explicit =
    ASSIGN[0]!.exec(t) ?? ASSIGN[1]!.exec(t) ?? PART_OF_PRACTICE.exec(t) ?? (/\b(?:this|next) (?:week|fortnight)\b/.test(t) ? DO_THAT_LIST.exec(t) : null);
  const request = explicit ? null : ASSIGN[2]!.exec(t);
  const imperative = explicit || request ? null : IMPERATIVE.exec(t);
  const m = explicit ?? request ?? imperative;
  if (!m?.[1]) return null;
  // "What could you try this week?" asks the client for a task; it does not set one.
  if (request && /\b(?:what|how|where|when|why|which|who|whatever)\b(?:\s+\w+){0,3}\s*$/.test(t.slice(0, m.index))) return null;
  const capture = m[1];
  if (negatedBefore(t, m.index + m[0].length - capture.length)) return null;
  // A request or instruction needs a between-session time in the sentence or the turn ("every evening"); the word homework does not.
  // A task named by a homework word ("keep the diary going", "carry on with the log") is between sessions by itself.
  const homework = explicit !== null || (imperative !== null && HOMEWORK_THING.test(m[1]));
  // The client taking a request up with a time of their own ("I can ring Margaret on Sunday") gives it its time.
  // An instruction for now ("Go ahead with the meeting.") answered with a story about Thursday does not.
  const answerTime =
    request && answer && answer.role === 'client' && !DECLINES.test(answer.sentences[0]?.text ?? '')
      ? answer.sentences.find((x) => hasStrongTime(x.text) && /\bi (?:will|can|could|am going to|shall)\b/.test(x.text))
      : undefined;
  const turnHasTime = hasTime(t) || turn.sentences.some((s) => s !== sentence && hasTime(s.text) && !SESSION_PLAN.test(s.text)) || answerTime !== undefined;
  if (
    !homework &&
    !listing &&
    !hasTime(t) &&
    !answerTime &&
    !(turnHasTime && /\b(?:this (?:first |coming )?week|between now|before (?:we|next|our))\b/.test(turn.sentences.map((s) => s.text).join(' ')))
  )
    return null;
  const phrase = taskPhrase(capture);
  // "want to try walking the dog tomorrow": the gerund names the task as well as the verb does.
  if (!TASK_VERB.test(phrase.task) && !TASK_VERB.test(phrase.task.replace(/^(\w+?)ing\b/, '$1')) && !homework) return null;
  // Asking for something now ("can you tell me what goes through your mind every time you…") is a question, not a task.
  if (!homework && IN_SESSION.test(phrase.task)) return null;
  // "When you notice…" alone is a trigger, which a question about the past also has; a task with only that needs a task word.
  if (
    !homework &&
    !listing &&
    !hasStrongTime(capture) &&
    !answerTime &&
    !(turnHasTime && hasStrongTime(turn.sentences.map((s) => s.text).join(' '))) &&
    !HOMEWORKISH.test(capture)
  )
    return null;
  // "try to get more sleep" with nothing to do between sessions is advice; so is anything about someone else.
  if (/^(?:it|that|this|he|she|they|your (?:husband|wife|partner|mum|mom|dad|son|daughter|boss|friend))\b/.test(phrase.task)) return null;
  if (phrase.task.split(' ').length < 2 && !homework) return null;
  if (!phrase.when) {
    const other = turn.sentences.flatMap((s) => [...s.text.matchAll(timeRe())].map((x) => x[0]));
    if (other.length > 0) phrase.when = other.join(', ');
  }
  return { ...phrase, index: m.index };
}

/** The client's own plan in a sentence: "I'll walk every morning", "I could call her on Sunday". */
/** A time said as a sentence of its own: "Tonight.", "On Sunday.", "This week, definitely." */
const BARE_TIME = new RegExp(
  `^(?:(?:and|then|maybe|probably|definitely|yeah|yes),? )*(?:on |this |next |by |before |after )?(?:tonight|tomorrow|today|${DAY}|this week|this weekend|next week|the weekend)(?: (?:morning|afternoon|evening|night))?(?:,? (?:definitely|then|probably|maybe|i think))?[.!]*$`,
);

function clientPlanIn(sentence: Sentence, needTime: boolean, answering = false): { task: string; when?: string; withWhom?: string; index: number } | null {
  const t = sentence.text;
  let index: number;
  let capture: string;
  // Answering "what could you try this week?", a bare verb phrase is the plan ("Tell my partner how I feel").
  const bare = answering ? BARE_PLAN.exec(t) : null;
  const own = bare ? null : OWN_PLAN.exec(t);
  if (bare?.[1]) {
    index = bare.index;
    capture = bare[1];
  } else if (own?.[1]) {
    // "I won't…" is no plan; "I could try not smoking Monday to Thursday" is one (the task is the abstaining).
    if (negatedBefore(t, own.index) || /^i (?:will|could|can|might|would|am going to|shall)(?: not| never)\b/.test(own[0])) return null;
    index = own.index;
    capture = own[1];
  } else return null;
  if (needTime && !hasTime(t)) return null;
  const phrase = taskPhrase(capture);
  // "not smoking Monday to Thursday": abstaining is the task.
  const verbPart = phrase.task.replace(/^(?:to )?not /, '').replace(/^(\w+)ing\b/, '$1');
  if ((!TASK_VERB.test(phrase.task) && !TASK_VERB.test(verbPart) && !/^(?:to )?not \w+ing\b/.test(phrase.task)) || phrase.task.split(' ').length < 2)
    return null;
  return { ...phrase, index };
}

const OWN_PLAN =
  /\b(?:i (?:will|am going to|could|can|might|would like to|want to|think i will|will try to|will try and|shall)|maybe i (?:will|could|can))\s+(?:(?:try|start) (?:to |and )?)?(.+)/;
const BARE_PLAN =
  /^(?:(?:yes|yeah|okay|ok|well|so|maybe|probably|i guess|i think|perhaps),? )*((?:try|keep|write|practise|practice|go|spend|make|use|read|listen|take|plan|call|text|ring|tell|talk|ask|walk|start|sit|book|see|meet|join|cut|eat|get|put|set|schedule|do|finish|reach out|contact|look|apply)\b.+)/;

function words(text: string): Set<string> {
  return new Set(
    text.split(/\W+/).filter((w) => w.length > 3 && !/^(?:your|that|this|with|every|each|week|some|them|just|about|when|then|have|will)$/.test(w)),
  );
}

/** The therapist's reply repeats at least two of the plan's content words (a reflection of the plan). */
function echoes(reply: ReadTurn, plan: string): boolean {
  const said = words(reply.sentences.map((s) => s.text).join(' '));
  return [...words(plan)].filter((w) => said.has(w)).length >= 2;
}

/**
 * The part of the client's answer that speaks to this task: an answer that takes up several things ("I'll
 * have the conversation on Thursday, and I'll do a thought record on Sunday") is quoted at the part sharing
 * the task's words, so the quote shows the commitment to this task and not to another. Undefined when no part
 * shares a word, or the part is the answer's opening anyway.
 */
function partAbout(answer: ReadTurn | undefined, task: string): string | undefined {
  if (!answer) return undefined;
  const want = words(task.toLowerCase());
  // The opening, as a note would quote it, already names the task ("Yes. I'll do it Tuesday. I'll write the prediction"): kept.
  if ([...words(noteQuote(openingOf(answer, 25), 14).toLowerCase())].some((w) => want.has(w))) return undefined;
  let best: { part: string; shared: number; index: number } | undefined;
  let index = 0;
  for (const s of answer.sentences) {
    for (const part of s.original.split(/,\s*(?:and|but|then)\s+|;\s*|\s+and then\s+/i)) {
      const shared = [...words(part.toLowerCase())].filter((w) => want.has(w)).length;
      if (shared > 0 && (!best || shared > best.shared)) best = { part: part.trim(), shared, index };
      index++;
    }
  }
  return best && best.index > 0 ? best.part.replace(/^[a-z]/, (c) => c.toUpperCase()) : undefined;
}

function sameTask(a: string, b: string): boolean {
  const x = words(a);
  const y = words(b);
  if (x.size === 0 || y.size === 0) return a === b;
  const shared = [...x].filter((w) => y.has(w)).length;
  return shared / Math.min(x.size, y.size) >= 0.6;
}

const STRENGTH: Record<Uptake, number> = { imposed: 0, committed: 1, tentative: 1, declined: 1 };

/** The client's answer to a task; a clarifying question ("every evening?") defers to their next turn. */
function answerTo(input: ExtractInput, turn: ReadTurn): ReadTurn | undefined {
  const first = answerAfter(input, turn.index);
  if (!first) return undefined;
  if (first.sentences.every((s) => isQuestion(s))) {
    const after = answerAfter(input, first.index + 1, 2);
    return after ?? first;
  }
  return first;
}

function addTask(tasks: HomeworkTask[], next: Omit<HomeworkTask, 'id'>): void {
  const same = tasks.find((t) => sameTask(t.task, next.task));
  if (!same) {
    tasks.push({ id: `homework-${tasks.length + 1}`, ...next });
    return;
  }
  for (const id of next.turnIds) if (!same.turnIds.includes(id)) same.turnIds.push(id);
  same.when ??= next.when;
  same.withWhom ??= next.withWhom;
  // The client's last word on a task is how they took it; an acknowledgement does not undo a commitment.
  if (STRENGTH[next.uptake] >= STRENGTH[same.uptake]) {
    same.uptake = next.uptake;
    if (next.responseQuote) same.responseQuote = next.responseQuote;
  }
}

function assignedTasks(input: ExtractInput): HomeworkTask[] {
  const tasks: HomeworkTask[] = [];
  // Where the therapist last set a task: the next ones in the list need no time of their own.
  let lastSet = Number.NEGATIVE_INFINITY;
  for (const turn of input.turns) {
    if (turn.role === 'therapist') {
      for (const sentence of turn.sentences) {
        const answer = answerTo(input, turn);
        // The next task of a list goes on from the last: an ordinal or "and"/"also" leads it, or "alongside", "as well" follows.
        const goesOn = /^(?:and |also |plus |then |second|third|next|finally|lastly)|\b(?:alongside|as well|too)\b/.test(sentence.text);
        const listing = goesOn && lastSet < turn.index && turn.index - lastSet <= 4;
        const found = assignmentIn(sentence, turn, answer, listing) ?? terseTask(sentence, turn);
        if (found) {
          lastSet = turn.index;
          const { uptake, quote: responseQuote } = uptakeOf(answer);
          const whenFromAnswer = answer?.sentences
            .map(
              (s) =>
                /\b(?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|tomorrow|after (?:dinner|work|lunch|school)|in the (?:morning|evening))\b/.exec(
                  s.text,
                )?.[0],
            )
            .find((x) => x);
          // "Try that this week. Standing at the counter from when you get in.": a task named by a pronoun is
          // named by the short sentence after it, quoted with it.
          const next = turn.sentences[turn.sentences.indexOf(sentence) + 1];
          const from = turn.text.indexOf(sentence.original);
          const named =
            /^(?:try|do|give) (?:that|this|it)(?: a (?:go|try))?$/.test(found.task) &&
            next &&
            !isQuestion(next) &&
            next.original.split(/\s+/).length <= 14 &&
            from >= 0
              ? { task: next.text.replace(/[.!]+$/, ''), quote: turn.text.slice(from, turn.text.indexOf(next.original, from) + next.original.length) }
              : undefined;
          const task = named?.task ?? found.task;
          addTask(tasks, {
            task,
            when: found.when ?? whenFromAnswer,
            withWhom: found.withWhom,
            source: 'therapist',
            uptake,
            turnIds: answer ? [turn.id, answer.id] : [turn.id],
            quote: named?.quote ?? quoteAround(sentence, found.index),
            responseQuote: partAbout(answer, task) ?? responseQuote,
          });
          continue;
        }
        // A task restated later ("so, the sleep diary every morning, yes?"): the answer to it is the client's later word.
        const restated = tasks.find((task) => sameTask(task.task, sentence.text));
        if (restated && !HISTORY.test(sentence.text) && !SESSION_PLAN.test(sentence.text) && !negatedBefore(sentence.text, sentence.text.length)) {
          const answer = answerTo(input, turn);
          const { uptake, quote: responseQuote } = uptakeOf(answer);
          addTask(tasks, { ...restated, uptake, turnIds: answer ? [turn.id, answer.id] : [turn.id], responseQuote });
          continue;
        }
        // The therapist asking what the client will do: the client's answer, if it is a plan, is their own task.
        if (ELICIT_TASK.some((p) => p.test(sentence.text))) {
          const answer = answerAfter(input, turn.index);
          const plan = answer?.sentences.map((s) => ({ s, p: clientPlanIn(s, false, true) })).find((x) => x.p);
          if (answer && plan?.p) {
            const { uptake } = uptakeOf(answer);
            addTask(tasks, {
              task: plan.p.task,
              when: plan.p.when,
              withWhom: plan.p.withWhom,
              source: 'client',
              uptake: uptake === 'imposed' ? 'committed' : uptake,
              turnIds: [turn.id, answer.id],
              quote: quoteAround(plan.s, plan.p.index),
              responseQuote: openingOf(answer, 25),
            });
          }
        }
      }
    } else if (turn.role === 'client') {
      // The client's own plan with a time, taken up by the therapist as the task.
      const reply = input.turns[turn.index + 1];
      if (reply?.role !== 'therapist') continue;
      const endorsed = reply.sentences.some((s) => ENDORSE.test(s.text));
      for (const [i, sentence] of turn.sentences.entries()) {
        // "I'm going to text her back. Tonight.": the time may follow as a sentence of its own.
        const timeAfter = turn.sentences[i + 1] !== undefined && BARE_TIME.test(turn.sentences[i + 1]!.text);
        const plan = clientPlanIn(sentence, !timeAfter);
        if (!plan) continue;
        // Taken up by the therapist: endorsed, or said back ("Monday at nine, asking about Tuesdays") in the
        // second half of the session, where plans for the week are made.
        const timed = hasStrongTime(sentence.text) || timeAfter;
        // A terse clinician's "Good." after a plan with its time ("I'm going to take the app off my phone. Tonight.").
        const approved = timed && APPROVES.test(reply.sentences[0]?.text ?? '');
        if (
          !endorsed &&
          !approved &&
          !(turn.index >= input.turns.length / 2 && timed && echoes(reply, `${sentence.text} ${turn.sentences[i + 1]?.text ?? ''}`))
        )
          continue;
        const { uptake } = uptakeOf(turn);
        addTask(tasks, {
          task: plan.task,
          when: plan.when,
          withWhom: plan.withWhom,
          source: 'client',
          uptake: uptake === 'imposed' ? 'committed' : uptake,
          turnIds: [turn.id, reply.id],
          quote: quoteAround(sentence, plan.index),
          responseQuote: openingOf(turn, 25),
        });
        break;
      }
    }
  }
  return tasks;
}

function reviewName(capture: string): string {
  return capture
    .replace(STOP_AT, '')
    .replace(timeRe(), ' ')
    .replace(/\b(?:at all|so far|this past week|over the week|during the week)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .split(' ')
    .slice(0, 10)
    .join(' ');
}

/** The task a turn recalls from last time: "last week we agreed you would go to the gym twice". */
const RECALLED =
  /\b(?:last (?:week|time|session),? (?:we|you) (?:agreed|said|talked about|planned|decided|were going to|set|discussed)|we (?:agreed|said|talked about|discussed|planned|set|decided)(?: last (?:week|time|session))?|you (?:said|agreed|planned|decided)(?: last (?:week|time|session))?)(?: that)?,? ?(?:you (?:would|were going to|will|could|might) |to )?(.+)/;
/** A question about how it went, which names nothing itself. */
const HOW_DID_IT_GO =
  /\b(?:how did (?:that|it|they) go|how (?:was|were) (?:that|it|they)|how did you get on|did you (?:manage it|do it|get to it|manage to do it)|were you able to (?:do it|do that|manage))\b/;

function reviewedTasks(input: ExtractInput): HomeworkReview[] {
  const reviews: HomeworkReview[] = [];
  const add = (r: HomeworkReview) => {
    const same = reviews.find((x) => sameTask(x.task, r.task));
    if (!same) reviews.push(r);
    else for (const id of r.turnIds) if (!same.turnIds.includes(id)) same.turnIds.push(id);
  };
  for (const turn of input.turns) {
    if (turn.role === 'therapist') {
      // What this turn recalls as agreed last time, when it names a task ("…you would go to the gym twice").
      let recalled: string | undefined;
      for (const s of turn.sentences) {
        const r = RECALLED.exec(s.text);
        if (!r?.[1] || HISTORY.test(s.text)) continue;
        // "How did the plan we agreed last week go, the climbing and leaving by six?": what was agreed is the
        // phrase after the question's own verb, which may name tasks by their gerunds.
        const apposition = /^(?:go|work|turn out|pan out),\s+(.+)/.exec(r[1]);
        const name = reviewName(apposition?.[1] ?? r[1]);
        if (TASK_VERB.test(name) || HOMEWORKISH.test(name) || (apposition && /^(?:the |your )?\w+ing\b/.test(name))) recalled = name;
        if (recalled) break;
      }
      for (const sentence of turn.sentences) {
        const t = sentence.text;
        if (HISTORY.test(t) || SESSION_PLAN.test(t) || (!isQuestion(sentence) && !/\blet us\b/.test(t))) continue;
        const m = firstMatch(REVIEW, t) ?? (recalled ? HOW_DID_IT_GO.exec(t) : null);
        if (!m) continue;
        const named = m[1] ? reviewName(m[1]) : '';
        // "Card first, as always. How did filling it in at night go?": the sentence before names the homework.
        const before = turn.sentences[turn.sentences.indexOf(sentence) - 1];
        const prefaced = before !== undefined && (HOMEWORKISH.test(before.text) || /\b(?:diary )?card\b/.test(before.text));
        if (!HOMEWORKISH.test(m[0]) && !recalled && !LAST_TIME.test(t) && !prefaced) continue;
        const task = recalled && (named === '' || /^(?:it|that|them|this|those)\b/.test(named) || !HOMEWORKISH.test(named)) ? recalled : named;
        if (task.length === 0) continue;
        const answer = answerAfter(input, turn.index);
        add({
          task,
          completion: completionOf(answer),
          turnIds: answer ? [turn.id, answer.id] : [turn.id],
          quote: quoteAround(sentence, m.index),
          clientQuote: answer ? openingOf(answer, 30) : undefined,
        });
        break;
      }
    } else if (turn.role === 'client') {
      for (const sentence of turn.sentences) {
        const m = CLIENT_REVIEW.exec(sentence.text);
        if (!m || HISTORY.test(sentence.text)) continue;
        // Only the client's report on it (past tense, about themself), not "what is the homework?".
        if (isQuestion(sentence) || !sentence.clauses.some((c) => c.subject === 'speaker' && c.tense === 'past')) continue;
        add({
          task: reviewName(sentence.text.slice(m.index)),
          completion: completionOf({ ...turn, sentences: [sentence, ...turn.sentences.filter((s) => s !== sentence)] }),
          turnIds: [turn.id],
          quote: quoteAround(sentence, m.index),
          clientQuote: quoteAround(sentence, m.index),
        });
        break;
      }
    }
  }
  return reviews;
}

/** The interval between sessions, as a therapist names it when setting what happens in it. */
const INTERVAL =
  /\b(?:for|over|during|in) (?:this|the|next) (?:coming |next )?(?:week|fortnight|two weeks|couple of weeks|few weeks|three weeks)\b|\b(?:this week|this fortnight)\s*:|\b(?:before|until|till) (?:next time|next session|next week|we meet|i see you)\b|\bbetween (?:now and next|sessions)\b|^(?:(?:okay|ok|so|right|good|then)[,.]? )*(?:the )?next (?:week|fortnight|two weeks|couple of weeks|few weeks)\s*[:.]/;
/** The interval said alone, as a header for what follows: "Next two weeks.", "For the next few weeks:". */
const INTERVAL_ALONE =
  /^(?:(?:okay|ok|so|right|good|then)[,.]? )*(?:for |over )?(?:the )?(?:next|coming|this) (?:week|fortnight|two weeks|couple of weeks|few weeks)\s*[:.]?$/;
/** An offer to suggest something, the suggestion to follow: "Can I suggest something for the next couple of weeks?" */
const OFFERS_SOMETHING =
  /^(?:(?:okay|ok|so|right|good)[,.]? )*(?:can|could|may) i (?:suggest|offer|give you) (?:something|one thing|a (?:small |little )?(?:thing|task|idea))\b/;
/** Words a client says back when they take a task as given ("Sit in silence on purpose."). */
const lemmasOf = (x: Sentence) =>
  new Set(
    x.clauses
      .flatMap((c) => c.tokens)
      .filter((t) => (t.pos === 'NOUN' || t.pos === 'VERB' || t.pos === 'ADJ') && t.lemma.length > 2)
      .map((t) => t.lemma),
  );
/** An affirmative opening: "yes", "sure", "that's it", "sounds good". */
const AFFIRMS = /^(?:yes|yeah|yep|sure|exactly|right|absolutely|definitely|okay|ok|agreed|that is (?:right|it)|sounds (?:good|right))\b/;

/**
 * Tasks gathered for the interval: at the end of a session the therapist often sums up what the client will do
 * before the next one as a list ("So for this week: climbing on Saturday, leaving by six at least three days,
 * no email in bed, and bring the project list. Does that capture it?"). A therapist sentence that names the
 * interval and is taken up by the client (an affirmative opening, or a commitment in their own words) is
 * homework set, quoted whole, unless a task already read cites the turn.
 */
function intervalTasks(input: ExtractInput, already: readonly HomeworkTask[]): HomeworkTask[] {
  const out: HomeworkTask[] = [];
  for (const turn of input.therapist) {
    if (already.some((t) => t.turnIds.includes(turn.id))) continue;
    const at = turn.sentences.findIndex((x) => INTERVAL.test(x.text) && !/^(?:how|what|did|was)\b/.test(x.text) && !SESSION_PLAN.test(x.text));
    const answer = answerAfter(input, turn.index);
    if (at < 0 || !answer || answer.role !== 'client') continue;
    // "Next two weeks. Say no once.": a header names the interval and the sentences after it (two at most) set what happens in it.
    // So does an offer to suggest something for it ("Can I suggest something for the next couple of weeks? Practise…").
    const heads = INTERVAL_ALONE.test(turn.sentences[at]!.text) || OFFERS_SOMETHING.test(turn.sentences[at]!.text);
    const set = [turn.sentences[at]!, ...(heads ? turn.sentences.slice(at + 1, at + 3) : [])];
    if (INTERVAL_ALONE.test(set.at(-1)!.text)) continue;
    const { uptake, quote } = uptakeOf(answer);
    // "Ten minutes, three times, watch in the bag. Yes.": the yes may follow the client saying the task back.
    const affirmed = answer.sentences.slice(0, 2).some((x) => !x.clauses.some((c) => c.negated) && AFFIRMS.test(x.text));
    // "Sit in silence on purpose.": saying the task back, two of its words, takes it.
    const first = answer.sentences[0];
    const taskWords = new Set(set.flatMap((x) => [...lemmasOf(x)]));
    const echoed =
      first !== undefined && !isQuestion(first) && !first.clauses.some((c) => c.negated) && [...lemmasOf(first)].filter((w) => taskWords.has(w)).length >= 2;
    if (!affirmed && !echoed && uptake !== 'committed' && uptake !== 'tentative') continue;
    out.push({
      id: `homework-${already.length + out.length + 1}`,
      task: set.map((x) => x.text).join(' '),
      source: 'therapist',
      uptake: uptake === 'imposed' ? 'committed' : uptake,
      turnIds: [turn.id, answer.id],
      quote: set.map((x) => x.original.trim()).join(' '),
      ...(quote ? { responseQuote: quote } : {}),
    });
  }
  return out;
}

/**
 * The session's homework: tasks set now and homework from last time reviewed.
 *
 * @example
 * const { assigned } = extractHomework(readSession(parseTranscript('Therapist: This week, could you keep a thought record every evening?\nClient: Yes, I can do that.')));
 * // assigned[0] → { task: 'keep a thought record', when: 'every evening', source: 'therapist', uptake: 'committed', … }
 */
export function extractHomework(input: ExtractInput): { assigned: HomeworkTask[]; reviewed: HomeworkReview[]; noneSet?: NoneSet } {
  const assigned = assignedTasks(input);
  // In the order they were set (turn ids sort as the turns run).
  const all = [...assigned, ...intervalTasks(input, assigned)]
    .sort((a, b) => (a.turnIds[0]! < b.turnIds[0]! ? -1 : a.turnIds[0]! > b.turnIds[0]! ? 1 : 0))
    .map((t, i) => ({ ...t, id: `homework-${i + 1}` }));
  const noneSet = all.length === 0 ? noneSetIn(input) : undefined;
  return { assigned: all, reviewed: reviewedTasks(input), ...(noneSet ? { noneSet } : {}) };
}

/** The therapist saying no task is set for the interval ("Then no homework this week."): a fact, with its turn. */
export interface NoneSet {
  quote: string;
  turnIds: string[];
}

const NO_HOMEWORK =
  /\b(?:no (?:homework|home ?work|tasks?|sheets?|assignments?) (?:this (?:week|time)|for (?:this week|now|the week)|at all this week)|(?:let us|we will|we can|we could) (?:leave|skip|drop|give) (?:the )?(?:homework|home ?work|tasks?) (?:out |a miss )?(?:this week|for now|this time)|(?:no|nothing) (?:to do|set) (?:between now and|before) (?:next|our next|then))\b/;

function noneSetIn(input: ExtractInput): NoneSet | undefined {
  for (const turn of input.therapist) {
    const sentence = turn.sentences.find((x) => !isQuestion(x) && NO_HOMEWORK.test(x.text) && !HISTORY.test(x.text));
    if (!sentence) continue;
    const answer = answerAfter(input, turn.index);
    return { quote: sentence.original.trim(), turnIds: answer ? [turn.id, answer.id] : [turn.id] };
  }
  return undefined;
}
