/**
 * Sentences about the client, written from the extractors' facts: how the time since the last session went,
 * the concerns raised, mood and affect in the client's words, engagement, insight, and the client's side of
 * a rupture. Each states only what its cited turns show, mostly through the client's own short quotes; none
 * evaluates the therapist (that is the supervision report's).
 */
import type { NoteSentence } from '../../../schemas/note.js';
import type { RuptureMarker } from '../../../schemas/alliance.js';
import type { Concern } from './extract/concerns.js';
import type { Feeling } from './extract/feelings.js';
import { answerAfter, type ExtractInput, type ReadTurn } from './extract/input.js';
import { carriesName, noteQuote, quoteAround } from './extract/quote.js';
import { completionOf, isQuestion } from './extract/uptake.js';
import { ids, joinClauses, sentence } from './phrasing.js';

/** At most this many concerns in one sentence: more reads as a list, not a note. */
const CONCERNS_PER_SENTENCE = 3;

function q(text: string | null): string {
  return text ? ` ("${text}")` : '';
}

/**
 * The opening question about the time since the last session (or what brings the client in) and the answer.
 * What is asked about must be the time itself, the client or things in general ("How has your week been?",
 * "How have you been?", "How are things?"), or about anything since the last session ("How has the sleep been since
 * last week?"): "How did the plan we agreed last week go?" reviews a task, and
 * its answer is not how things have been.
 */
const CHECK_IN =
  /\bhow(?:'s| (?:have|has|was|were|is|are|did|do|has been|have been)) (?:(?:your|the|this|that|last|past|whole|two|three|couple|few|of|a) ){0,4}(?:week|weekend|weeks|fortnight|month|things|you|everything|life|holiday|holidays|days|time since)\b|\bhow(?:'s| has| is) it (?:been|going)\b|\bhow (?:is|has|have|was|were|are)\b[^?]*\bsince (?:last|we|our|i|you|the last)\b|\bwhat (?:brings|brought) you\b|\bwhere would you like to start\b|\bhow are you\b/;

export function checkInSentence(input: ExtractInput, names: ReadonlySet<string>): NoteSentence | null {
  const limit = Math.max(6, Math.ceil(input.turns.length * 0.2));
  for (const turn of input.therapist) {
    if (turn.index > limit) break;
    const asks = turn.sentences.some((s) => /\?\s*$/.test(s.original) && CHECK_IN.test(s.text));
    if (!asks) continue;
    const answer = answerAfter(input, turn.index);
    if (!answer) return null;
    const first = answer.sentences.find((s) => s.text.split(' ').length >= 2) ?? answer.sentences[0];
    const quote = first ? quoteAround(first.original, [], names) : null;
    if (!quote) return null;
    const intake = /\bwhat (?:brings|brought) you\b/.test(turn.sentences.map((s) => s.text).join(' '));
    return sentence(intake ? `Asked what brought them to therapy, Client said "${quote}".` : `Asked how things had been, Client said "${quote}".`, [
      turn.id,
      answer.id,
    ]);
  }
  return null;
}

/**
 * How a named thing went, asked at the start of a session ("How did the rehearsal go?", "Did you manage the
 * walk?", "Tell me about the drive."), and the client's account of it: the client's report when the session
 * opens on something other than the week. Only an answer that reports something done or not done (a deed in
 * the past, or how far it was done) is charted; the note does not call it homework, which the session alone
 * may not show.
 */
const OPENING_REVIEW =
  /^(?:(?:so|and|okay|ok|right|first|now|well|hi|hello|morning|good to see you)[,. ]+)*(?:how (?:did|was|were|have|has) (?:the|your|that|those|it|they|all|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|how did you get on\b|did you (?:manage|get|do|try|go|make|have|send|ring|call|book)\b|were you able\b|tell me (?:about|how) (?:the|your) (?!own\b)\w+)/;
const SCALE_ASKED = /\b(?:rate|scale|(?:zero|nought|0|one|1) ?(?:to|-) ?(?:ten|10|five|5|a hundred|100)|out of (?:ten|10))\b/;

export function openingReportSentence(input: ExtractInput, names: ReadonlySet<string>, alreadyCited: ReadonlySet<string>): NoteSentence | null {
  const limit = Math.max(6, Math.ceil(input.turns.length * 0.2));
  for (const turn of input.therapist) {
    if (turn.index > limit) break;
    const asked = turn.sentences.find((s) => (isQuestion(s) || /^tell me\b/.test(s.text)) && OPENING_REVIEW.test(s.text) && !SCALE_ASKED.test(s.text));
    if (!asked) continue;
    const answer = answerAfter(input, turn.index);
    if (answer?.role !== 'client' || alreadyCited.has(turn.id) || alreadyCited.has(answer.id)) return null;
    const first = answer.sentences.find((s) => s.text.split(' ').length >= 2) ?? answer.sentences[0];
    if (!first) return null;
    // A deed told, how far it was done, or a count of times ("Two out of three.", "Every day this week.").
    const reports =
      first.clauses.some((c) => (c.subject === 'speaker' || c.subject === 'none') && c.tense === 'past') ||
      completionOf(answer) !== 'unclear' ||
      /\b(?:\w+ out of \w+|every (?:day|night|morning|evening|time)|once|twice|(?:three|four|five|six|seven|\d+) times)\b/.test(first.text);
    if (!reports) return null;
    // Whole sentences, verbatim (a clause cut from "I did it properly Monday, Tuesday and Wednesday" would say less
    // than was said); none that carries a name.
    const question = noteQuote(asked.original, 16);
    let quote = noteQuote(first.original, 20);
    if (question.endsWith('…') || carriesName(question, names) || carriesName(quote, names)) return null;
    // "I did it. Twice actually.": a short first sentence is quoted with the one after it.
    const next = answer.sentences[answer.sentences.indexOf(first) + 1];
    const more = next && first.text.split(' ').length <= 6 ? noteQuote(next.original, 12) : null;
    if (more && !carriesName(more, names)) quote = `${quote} ${more}`;
    return sentence(`Asked "${question}", Client said "${quote}".`, [turn.id, answer.id]);
  }
  return null;
}

function concernPhrase(c: Concern): string {
  let details = [...new Set(c.mentions.map((m) => m.detail).filter((d): d is string => d !== null))];
  // "drugs" says nothing once a substance is named.
  if (details.length > 1) details = details.filter((d) => d !== 'drugs');
  details = details.slice(0, 2);
  const current = c.mentions.filter((m) => m.status === 'current');
  const quote = current.find((m) => m.quote !== null)?.quote ?? null;
  // The detail named is the one in the quoted turn, so the citation holds what the sentence says.
  const about =
    details.length > 0
      ? c.key === 'relationship'
        ? ` with ${joinClauses(details)}`
        : c.key === 'bereavement'
          ? ` (the death of ${joinClauses(details)})`
          : ` (${joinClauses(details)})`
      : '';
  return `${c.label}${about}${q(quote)}`;
}

/** The concerns the client raised, current ones first, then what the client said had improved. */
export function concernSentences(concerns: readonly Concern[]): NoteSentence[] {
  const out: NoteSentence[] = [];
  // A concern is charted with the client's words for it: a label alone is the note's word, not the client's.
  const current = concerns.filter((c) => c.mentions.some((m) => m.status === 'current' && m.quote !== null));
  for (let i = 0; i < current.length; i += CONCERNS_PER_SENTENCE) {
    const group = current.slice(i, i + CONCERNS_PER_SENTENCE);
    const lead = i === 0 ? 'Client reported' : 'Client also described';
    out.push(
      sentence(
        `${lead} ${joinClauses(group.map(concernPhrase))}.`,
        group.flatMap((c) =>
          c.mentions
            .filter((m) => m.status === 'current' && m.quote !== null)
            .slice(0, 1)
            .map((m) => m.turnId),
        ),
      ),
    );
  }
  const better = concerns.filter((c) => c.mentions.some((m) => m.status === 'improving' && m.quote !== null));
  if (better.length > 0) {
    const parts = better.map((c) => {
      const m = c.mentions.find((x) => x.status === 'improving' && x.quote !== null)!;
      return `${c.label}${q(m.quote)}`;
    });
    out.push(
      sentence(
        `Client described improvement in ${joinClauses(parts)}.`,
        better.map((c) => c.mentions.find((x) => x.status === 'improving' && x.quote !== null)!.turnId),
      ),
    );
  }
  return out;
}

/** Feeling words about the body, not the mood. */
const BODILY = new Set(['tired', 'exhausted', 'drained']);

/** Mood in the client's own words (Subjective), quoting at most three. */
export function moodWordsSentence(feelings: readonly Feeling[]): NoteSentence | null {
  // Tiredness is the body's state, charted as fatigue with the concerns; "mood was 'exhausted'" would misfile it.
  const low = feelings.filter((f) => f.valence === 'low' && f.quote !== null && !BODILY.has(f.word));
  if (low.length === 0) return null;
  const picked = [...new Map(low.map((f) => [f.word, f])).values()].slice(0, 3);
  return sentence(
    `In Client's words, mood was ${joinClauses(picked.map((f) => `"${f.quote}"`))}.`,
    picked.map((f) => f.turnId),
  );
}

/** Affect as the client described it moving over the session (Objective, Response). */
export function affectShiftSentence(feelings: readonly Feeling[], turns: number): NoteSentence | null {
  const low = feelings.filter((f) => f.valence === 'low' && !BODILY.has(f.word));
  if (low.length === 0) return null;
  const lastLow = Math.max(...low.map((f) => f.turnIndex));
  const later = feelings.filter((f) => f.valence === 'better' && f.turnIndex > lastLow && f.turnIndex >= turns / 2);
  if (later.length === 0) return null;
  const a = low[0]!;
  const b = later.at(-1)!;
  return sentence(`Affect, as Client described it, moved from "${a.word}" earlier in the session to "${b.word}" later on.`, [a.turnId, b.turnId]);
}

const MINIMAL = /^(?:yes|yeah|yep|no|nope|ok|okay|fine|sure|mm+|mhm|hmm|i do not know|dunno|whatever|maybe|i guess|not really|right|true|alright|all right)$/;

function words(turn: ReadTurn): number {
  return turn.text.split(/\s+/).filter((w) => /[a-z0-9]/i.test(w)).length;
}

/**
 * How the client took part, observed from their turns: elaborated answers and topics of their own, or
 * mostly brief answers. Always quoted, so the reader sees what it rests on.
 */
export function engagementSentence(input: ExtractInput, names: ReadonlySet<string>): NoteSentence | null {
  const turns = input.client;
  if (turns.length < 4) return null;
  const minimal = turns.filter((t) => t.sentences.length > 0 && t.sentences.every((s) => MINIMAL.test(s.text.replace(/[.,!?…]+/g, '').trim())));
  const long = turns.filter((t) => words(t) >= 25);
  if (minimal.length / turns.length >= 0.5) {
    const examples = [...new Map(minimal.map((t) => [t.text.trim().toLowerCase(), t])).values()].slice(0, 3);
    return sentence(
      `Client gave mostly brief answers (${examples.map((t) => `"${t.text.trim().replace(/[.!]+$/, '')}"`).join(', ')}).`,
      examples.map((t) => t.id),
    );
  }
  if (long.length >= 2 && long.length / turns.length >= 0.25) {
    const example = long.reduce((a, b) => (words(b) > words(a) ? b : a));
    // The turn's fullest sentence shows the detail best.
    const first = example.sentences.reduce<(typeof example.sentences)[number] | undefined>(
      (a, b) => (a === undefined || b.text.split(' ').length > a.text.split(' ').length ? b : a),
      undefined,
    );
    const quote = first ? quoteAround(first.original, [], names) : null;
    // Without the client's words the sentence would rest on nothing a reader can see.
    return quote ? sentence(`Client engaged actively, describing experiences in detail${q(quote)}.`, [example.id]) : null;
  }
  return null;
}

/** The client voicing a new understanding of their own experience. */
const INSIGHT =
  /\b(?:i (?:never|had not|have never|hadn't) (?:thought of|noticed|realised|realized|seen it|looked at it)|i (?:realise|realize|see|notice|get) (?:now|that|it now)|(?:i am|i'm) (?:starting|beginning) to see|that makes (?:a lot of |so much )?sense|it makes sense now|never looked at it|i can see (?:now|that|how)|i did not reali[sz]e (?:that|how|it was|i was|until now|till now)|so it is (?:not|more) about)\b/;

export function insightSentence(input: ExtractInput, names: ReadonlySet<string>): NoteSentence | null {
  for (const turn of input.client) {
    for (const s of turn.sentences) {
      if (/\?\s*$/.test(s.original)) continue;
      // "…, if that makes sense." asks to be understood; it is not an understanding reached.
      if (!INSIGHT.test(s.text.replace(/\b(?:if|does|do you think) (?:that|it|this) makes? sense\b/g, ''))) continue;
      // "That makes sense" as a bare acknowledgement of advice says little; keep it only with more words.
      if (/^(?:yeah |yes |ok |okay )?that makes (?:a lot of |so much )?sense\W*$/.test(s.text) && turn.sentences.length === 1) continue;
      const quote = quoteAround(s.original, ['never', 'hadn', 'noticed', 'realis', 'realiz', 'see', 'makes', 'starting', 'beginning', 'thought'], names);
      if (!quote) continue;
      return sentence(`Client voiced a new understanding ("${quote}").`, [turn.id]);
    }
  }
  return null;
}

const RUPTURE_WORDS: Record<string, string> = {
  challenges_helpfulness: 'questioned whether the work was helping',
  feels_misunderstood: 'said they felt misunderstood',
  challenges_therapist: 'challenged the direction of the session',
  corrects_therapist: 'corrected the reflection offered',
  minimal_answers: 'withdrew into brief answers',
  dont_know: 'withdrew',
  topic_shift: 'moved away from the topic',
};

/**
 * The client's side of a rupture (what they said) and whether they re-engaged afterwards. Whether the
 * therapist addressed it is supervision material, not the chart's.
 */
export function ruptureSentence(input: ExtractInput, markers: readonly RuptureMarker[], names: ReadonlySet<string>): NoteSentence | null {
  const confrontations = markers.filter((m) => m.kind === 'confrontation');
  if (confrontations.length === 0) return null;
  const first = confrontations[0]!;
  const turn = input.turns.find((t) => t.id === first.turnId);
  if (!turn) return null;
  // The marker's own words when the turn holds them verbatim; without a quote the sentence is not written.
  const said = first.quote.trim();
  const quote = said.length > 0 && turn.text.includes(said) ? noteQuote(said, 12) : null;
  // Only words about the work itself ("this isn't helping", "you don't understand") are a rupture the chart records.
  if (quote === null || !/\b(?:you|your|this|therapy|session|these|help\w*|work\w*|exercises?|techniques?|point|understand|listen\w*)\b/i.test(quote))
    return null;
  const what = RUPTURE_WORDS[first.marker] ?? 'voiced frustration with the session';
  // Re-engagement is looked for only after the last marker of either kind: a long turn that is still part of
  // the rupture (more complaint, or the withdrawal that follows it) is not the client engaging again.
  const lastIndex = Math.max(...markers.map((m) => input.turns.findIndex((t) => t.id === m.turnId)));
  const after = input.client.filter((t) => t.index > lastIndex + 1);
  const engaged = after.filter((t) => words(t) >= 12).slice(0, 1);
  const evidence = ids(confrontations.map((m) => m.turnId));
  if (engaged.length > 0) {
    const s = engaged[0]!.sentences.find((x) => x.text.split(' ').length >= 4);
    const later = s ? quoteAround(s.original, [], names) : null;
    if (later) return sentence(`Client ${what}${q(quote)}, and later in the session engaged with the work again ("${later}").`, [...evidence, engaged[0]!.id]);
  }
  return sentence(`Client ${what}${q(quote)}.`, evidence);
}
