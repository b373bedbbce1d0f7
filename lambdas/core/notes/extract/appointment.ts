/**
 * The next appointment as it was said ("same time next week", "I'll see you in a month", "on the 14th"):
 * who said it, whether the other person agreed, any change in how often sessions happen, and the turns.
 * Never a default: a session with no mention has none. Other people's appointments (the GP, a court date),
 * past sessions, hypotheticals ("if you need to, we could meet sooner") and declined times are left out.
 * Pure.
 */
import type { Role } from '../../../../schemas/transcript.js';
import type { Sentence } from '../../language/index.js';
import type { ExtractInput, ReadTurn } from './input.js';
import { quoteAround } from './quote.js';

export interface SessionFrequency {
  /** As said ("every other week", "monthly", "space them out"). */
  said: string;
  /** Days between sessions when clear; null otherwise ("biweekly" can mean either). */
  everyDays: number | null;
  turnId: string;
}

export interface NextAppointment {
  /** The words as said: a short verbatim quote. */
  said: string;
  /** The time as said ("next week", "Thursday", "in a month"); null when a next session was named without one ("see you next time"). */
  when: string | null;
  /** Days from this session when the words make it clear ("next week" 7, "in a month" 30); null for a weekday or a date. */
  intervalDays: number | null;
  /** Who proposed it. */
  saidBy: Role;
  /** True when the other person agreed or said it back; false when they declined; null when the transcript has no answer. */
  agreed: boolean | null;
  /** A change in how often sessions happen, when one was agreed or proposed ("let's go to every other week"). */
  frequencyChange: SessionFrequency | null;
  turnIds: string[];
}

const DAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const COUNT = '(?:a|one|two|three|four|five|six|eight|2|3|4|5|6|8|a couple of|a few)';
const ORDINAL =
  '(?:\\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[- ]\\w+|thirtieth|thirty[- ]first)';
const MONTH = '(?:january|february|march|april|june|july|august|september|october|november|december)';
/** When a meeting is, as people say it. "last Thursday" is not a time to come. */
const WHEN = new RegExp(
  [
    `(?:same time |this time )?next (?:week|month|${DAY})(?: (?:morning|afternoon|evening))?`,
    `(?:in|within) ${COUNT} (?:days?|weeks?|months?)(?:'? time)?`,
    `(?:in )?a fortnight(?:'s time)?`,
    `${COUNT} weeks? from (?:today|now)`,
    `(?:a|one) week (?:on )?${DAY}`,
    `the week after(?: next)?`,
    `(?<!\\b(?:last|past|on|every) )(?:same time )?(?:on )?(?:this )?${DAY}(?: (?:morning|afternoon|evening|week))?`,
    `on the ${ORDINAL}(?: of ${MONTH})?`,
    `(?:for )?the \\d{1,2}(?:st|nd|rd|th)(?: of ${MONTH})?`,
    `${MONTH} (?:the )?${ORDINAL}|${ORDINAL} of ${MONTH}`,
    `tomorrow`,
    `after (?:the )?(?:holidays|holiday|break|christmas|new year|easter|summer|half term|your (?:trip|holiday|surgery|exams?|move))`,
    `in the new year`,
    `next time`,
    `same time`,
  ]
    .map((p) => `\\b${p}\\b`)
    .join('|'),
);
const WHEN_ALL = new RegExp(WHEN.source, 'g');
/**
 * Words that make it a meeting of this therapy ("the team meeting" on Monday is work's, not ours). "Book" and
 * "schedule" as verbs only: "filling in the schedule" and "a book" name things.
 */
const MEET =
  /\b(?:see you|see ya|see each other|meet|(?:our|next|the next) meeting|session|appointment|come back|come in|coming in|book (?:in|you|it|that|a|an|the|another)|booked|schedule (?:in|you|it|that|a|an|the next|another)|scheduled|check in|catch up|touch base|talk (?:again|then)|speak (?:again|then)|pencil)\b/;
/** Other people's appointments and other dates: "the GP next week", "my court date on the 14th". */
const OTHER =
  /\b(?:doctors?|gp|dr|psychiatrist|psych|dentist|nurse|physio\w*|interview|court|hearing|lawyer|solicitor|attorney|probation|parole|specialist|consultant|scan|surgeon|hospital|clinic|midwife|health visitor|social worker|case ?worker|dietitian|dietician|optician|vet|mri|x-ray|blood test|bloods|group|class|exam|exams|boss|shift|prescriber|med(?:ication)? (?:review|check)|date with|party|wedding|funeral|flight|trip|job)\b/;
const PAST_FRAME = /\b(?:you said|we said|we talked|you mentioned|you told|we discussed|remember|did|was|were|had|went|met|last)\b/;
const DECLINE = /\b(?:not|no|never|can not|away|busy|off|holiday|out of town|does not work|will not)\b/;
const AFFIRM =
  /^(?:no,? (?:that|it|this) (?:sounds|seems|is|would be) (?:good|great|fine|perfect|okay|ok)|yes|yeah|yep|yup|sure|ok|okay|alright|all right|great|perfect|sounds good|sounds great|that works|that is fine|works for me|fine|good|definitely|absolutely|of course|see you|thanks|thank you|cool|lovely|brilliant|no problem|will do|i will be there|that is great|that would be great)\b/;
const REFUSE =
  /^(?:no\b(?!,? (?:that|it|this) (?:sounds|seems|is|would be) (?:good|great|fine|perfect|okay|ok))|nope\b|i can not\b|actually,? i\b|that does not work|i will be away|i am away|not (?:next|that|then)\b)/;
/** A therapist asking when to meet: the client's time in answer is the proposal. */
const WHEN_QUESTION =
  /\bwhen (?:do|would|shall|should|can|could|will) (?:you|we|i) (?:like to |want to )?(?:come back|come in|meet|see each other|see you|book|schedule|do this again)|\bwhat (?:day|time|works)\b|\bwhen works\b|\bwhen (?:is|would be) (?:good|best)\b|\bwhen are you (?:free|available)\b/;

const FREQUENCY =
  /\b(?:every (?:other|second|two|three|four|2|3|4) weeks?|every (?:week|month|fortnight|few weeks)|fortnightly|bi-?weekly|weekly|monthly|once a (?:week|month|fortnight)|twice a (?:week|month)|once every (?:two|three|four|2|3|4) weeks|space (?:them|it|things|the sessions|our sessions|sessions) out|less often|less frequently|more often|more frequently)\b/;
const FREQUENCY_CHANGE =
  /\b(?:go(?:ing)? to|move (?:to|it to|them to)|switch(?:ing)? to|chang(?:e|ing) to|drop(?:ping)? (?:down )?to|cut(?:ting)? (?:back |down )?to|step(?:ping)? (?:down|back) to|start (?:meeting|coming|seeing)|from now on|instead of|rather than|space|less|more|taper|stretch|try)\b/;

const WORD_COUNT: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, eight: 8, 'a couple of': 2, 'a few': NaN };

/** Days to the meeting when the words make it clear; weekdays and dates depend on today and are left null. */
export function intervalOf(when: string): number | null {
  if (/\bnext week\b|^(?:a|one) week from|\bin (?:a|one) week\b/.test(when)) return 7;
  if (/\bfortnight\b|^the week after next$/.test(when)) return 14;
  if (when === 'tomorrow') return 1;
  const m = /\b(?:in|within) (.+?) (day|week|month)s?\b|^(.+?) (week)s? from\b/.exec(when);
  if (!m) return null;
  const count = Number.isNaN(Number(m[1] ?? m[3])) ? WORD_COUNT[(m[1] ?? m[3])!] : Number(m[1] ?? m[3]);
  if (count === undefined || Number.isNaN(count)) return null;
  // A month is written as 30 days: "in a month" is said loosely, and the words are kept beside the number.
  const unit = m[2] ?? m[4];
  return count * (unit === 'day' ? 1 : unit === 'week' ? 7 : 30);
}

function everyDaysOf(said: string): number | null {
  if (/\bevery (?:other|second|two|2) weeks?\b|fortnight|every two weeks|once every (?:two|2) weeks/.test(said)) return 14;
  if (/\bevery (?:three|3) weeks\b|once every (?:three|3) weeks/.test(said)) return 21;
  if (/\bevery (?:four|4) weeks\b|once every (?:four|4) weeks/.test(said)) return 28;
  if (/\bmonthly\b|every month|once a month/.test(said)) return 30;
  if (/\bweekly\b|every week|once a week/.test(said) && !/bi-?weekly/.test(said)) return 7;
  return null;
}

interface Candidate {
  turn: ReadTurn;
  sentence: Sentence;
  when: string | null;
}

const isQuestionTo = (turn: ReadTurn, re: RegExp) => turn.sentences.some((s) => re.test(s.text));

function quoteOf(sentence: Sentence, anchor: string | null): string {
  if (sentence.original.split(/\s+/).length <= 16) return sentence.original;
  // Centred on the time's most telling word ("weeks" in "a few weeks from now"), not its first.
  const word = anchor ? anchor.split(' ').reduce((a, b) => (b.length > a.length ? b : a)) : null;
  return quoteAround(sentence.original, word ? [word] : [], new Set(), 14) ?? sentence.original;
}

/**
 * The time said in one sentence for a meeting of this therapy, or undefined when the sentence is not one.
 * `scheduling` is true when the turn is part of a scheduling exchange (answering "when shall we meet?" or
 * within a few turns of a proposed time), where "Thursday's fine" needs no meeting word.
 */
function whenIn(sentence: Sentence, scheduling: boolean, closing: boolean): string | null | undefined {
  for (const m of sentence.text.matchAll(WHEN_ALL)) {
    const when = whenAt(sentence, m[0], m.index!, scheduling, closing);
    if (when !== undefined) return when;
  }
  return undefined;
}

function whenAt(sentence: Sentence, when: string, at: number, scheduling: boolean, closing: boolean): string | null | undefined {
  const text = sentence.text;
  const before = text.slice(0, at);
  const meeting = MEET.test(text);
  // "Next time you feel that way…" is not a meeting: "next time" counts only after "see you".
  if (when === 'next time' && !/\bsee (?:you|ya)\b[^,.?]{0,12}$/.test(before)) return undefined;
  if (when === 'same time' && !meeting && !(closing && text.split(' ').length <= 8)) return undefined;
  // At the close of a session, a time proposed as a question ("Can we do next Monday, but at nine?") is the next meeting.
  const proposed =
    closing &&
    /\b(?:can|could|shall|should) we (?:do|make it|say|go for|move (?:it|to))\b|\bhow about\b|\b(?:would|does|will) (?:\w+ )*(?:work|suit)\b/.test(text);
  if (!meeting && !scheduling && !proposed && !/^same time\b/.test(when)) return undefined;
  // "Your GP appointment is next week": with someone else's appointment in the sentence, only our own
  // meeting words right before the time ("see you next week", "our next session is on the 14th") count.
  if (OTHER.test(text)) {
    const ours =
      /\b(?:see (?:you|ya)|(?:our|the) next (?:session|appointment)|(?:meet|come back|come in) again|we (?:will |can |could |shall )?meet)(?: \w+){0,2} $/.exec(
        before,
      );
    if (!ours || OTHER.test(before.slice(ours.index))) return undefined;
  }
  const lead = before.split(/[,;]/).at(-1) ?? '';
  if (/\b(?:if|unless|in case|whenever)\b/.test(lead) && !/\bif (?:that|it) (?:is|works|suits)\b/.test(lead)) return undefined;
  if (DECLINE.test(lead.split(' ').slice(-6).join(' '))) return undefined;
  // A past session ("last week you said", "we met on Thursday") is not the next one.
  if (PAST_FRAME.test(lead) || sentence.clauses.some((c) => c.tense === 'past' && c.text.includes(when.split(' ').at(-1)!))) return undefined;
  return when === 'next time' || (when === 'same time' && !closing && !meeting) ? null : when;
}

/** The heart of a time ("in three weeks" → "three weeks") for matching a reply that says it back. */
const core = (when: string) => when.replace(/^(?:in|on|for|within|same time|this time|next) /, '');

/** The other person's reply: agreed, declined, or no answer, with the turn that said so. */
function replyTo(input: ExtractInput, c: Candidate): { agreed: boolean | null; turnId?: string } {
  const reply = input.turns.slice(c.turn.index + 1, c.turn.index + 3).find((t) => t.role !== c.turn.role && t.role !== 'unknown');
  const first = reply?.sentences[0]?.text;
  if (!reply || !first) return { agreed: null };
  if (REFUSE.test(first) || (DECLINE.test(first) && c.when !== null && first.includes(c.when.split(' ').at(-1)!))) return { agreed: false, turnId: reply.id };
  if (AFFIRM.test(first) || (c.when !== null && first.includes(core(c.when)))) return { agreed: true, turnId: reply.id };
  return { agreed: null };
}

function frequencyChangeIn(input: ExtractInput): SessionFrequency | null {
  for (const turn of input.turns) {
    for (const sentence of turn.sentences) {
      const text = sentence.text;
      const said = FREQUENCY.exec(text)?.[0];
      if (!said || OTHER.test(text)) continue;
      const aboutUs = /\b(?:we|us|our|sessions?|meet|meeting|see you|come in|appointments?)\b/.test(text);
      const change = FREQUENCY_CHANGE.test(text);
      if (!aboutUs || !change || /\bif\b/.test(text.slice(0, text.indexOf(said))) || PAST_FRAME.test(text.slice(0, text.indexOf(said)))) continue;
      return { said, everyDays: everyDaysOf(said), turnId: turn.id };
    }
  }
  return null;
}

/**
 * The next session as said in the transcript, or null when nobody said when it is.
 *
 * @example
 * extractNextAppointment(readSession(parseTranscript('T: Same time next week?\nC: Sure.')));
 * // { said: 'Same time next week?', when: 'same time next week', intervalDays: 7, saidBy: 'therapist', agreed: true, … }
 */
export function extractNextAppointment(input: ExtractInput): NextAppointment | null {
  const candidates: Candidate[] = [];
  const closingFrom = Math.max(0, input.turns.length - Math.max(6, Math.ceil(input.turns.length * 0.15)));
  for (const turn of input.turns) {
    if (turn.role === 'unknown') continue;
    const previousTurn = input.turns[turn.index - 1];
    const answersWhen = previousTurn !== undefined && previousTurn.role !== turn.role && isQuestionTo(previousTurn, WHEN_QUESTION);
    const afterProposal = candidates.some((c) => c.when !== null && turn.index - c.turn.index <= 3);
    for (const sentence of turn.sentences) {
      const when = whenIn(sentence, answersWhen || afterProposal, turn.index >= closingFrom);
      if (when === undefined) continue;
      candidates.push({ turn, sentence, when });
      break;
    }
  }
  const timed = candidates.filter((c) => c.when !== null);
  // Scheduling converges: the last time said stands ("Thursday?" "I can't, Friday?" "Friday then.").
  const last = timed.at(-1) ?? candidates.at(-1);
  if (!last) return null;
  const sameTime = (c: Candidate) => c.when !== null && last.when !== null && (c.when.includes(core(last.when)) || last.when.includes(core(c.when)));
  // Said first by the other person and then echoed: the proposal is theirs, and the echo is agreement.
  const origin = timed.find(
    (c) => c !== last && c.turn.role !== last.turn.role && sameTime(c) && last.turn.index - c.turn.index <= 4 && replyTo(input, c).agreed !== false,
  );
  const proposal = origin ?? last;
  const reply = origin ? { agreed: true } : replyTo(input, last);
  const turnIds = [...new Set([proposal.turn.id, last.turn.id, ...(reply.turnId ? [reply.turnId] : [])])];
  const when = proposal.when ?? last.when;
  return {
    said: quoteOf(proposal.sentence, when),
    when,
    intervalDays: when === null ? null : intervalOf(when),
    saidBy: proposal.turn.role,
    agreed: reply.agreed,
    frequencyChange: frequencyChangeIn(input),
    turnIds,
  };
}
