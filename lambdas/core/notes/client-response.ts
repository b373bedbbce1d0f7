/**
 * How the client responded and what it suggests: engagement, insight, shifts in ratings during the work,
 * change talk against sustain talk (MISC), the client's side of any rupture, their feedback on the session,
 * and the clinical impression and progress that Assessment draws from all of it.
 */
import type { NoteSentence } from '../../../schemas/note.js';
import { CUES } from '../alliance/cues.js';
import { CONFRONTATION_CUES } from '../alliance/ruptures.js';
import type { CodedTurn } from '../metrics/coded-session.js';
import { INSIGHT, SESSION_FEEDBACK } from './client-lexicon.js';
import { ASKS_SESSION_FEEDBACK, clientAnswerAfter, position, type NoteContext } from './context.js';
import type { Concern } from './client-report.js';
import { firstIds, gap, joinClauses, quoteAround, ratingsIn, sentence } from './phrasing.js';

/** A client turn of at least this many words elaborates rather than answers. */
const ELABORATED_WORDS = 10;

export function engagementSentence(ctx: NoteContext): NoteSentence | null {
  const clients = ctx.session.clientTurns;
  if (clients.length === 0) return null;
  const elaborated = clients.filter((t) => t.words >= ELABORATED_WORDS);
  const flagged = ctx.alliance.flags.filter((f) => f.type === 'lack_of_engagement' || f.type === 'emotional_withdrawal');
  const agendaTurn = ctx.session.therapistTurns.find((t) => position(ctx, t) < 0.3 && (CUES.agenda.test(t.norm) || /\banything else\b/.test(t.norm)));
  const agendaAnswer = agendaTurn ? clientAnswerAfter(ctx, agendaTurn.index) : undefined;
  const addedToAgenda = agendaAnswer !== undefined && agendaAnswer.words >= 4;
  const agenda = addedToAgenda ? ', and contributed to the agenda' : '';
  const evidence = [...firstIds(elaborated.map((t) => t.turn.id), 2), ...(addedToAgenda ? [agendaAnswer.turn.id] : [])];
  if (flagged.length > 0) {
    const brief = clients.filter((t) => t.words <= 4);
    const short = brief.length;
    // A flag may rest on counts alone: the brief answers themselves are then what the sentence points at.
    if (evidence.length === 0 && flagged.every((f) => f.evidence.length === 0)) evidence.push(...firstIds((brief.length > 0 ? brief : clients).map((t) => t.turn.id), 2));
    const elaboration = elaborated.length === 0 ? 'and Client did not elaborate on any' : `though Client elaborated in ${elaborated.length}`;
    return sentence(
      `Client's engagement was limited at times: ${short} of ${clients.length} answers ${short === 1 ? 'was' : 'were'} four words or fewer, ${elaboration}${agenda ? ' and contributed to the agenda' : ''}.`,
      [...flagged.flatMap((f) => f.evidence.map((e) => e.turnId)).slice(0, 3), ...evidence],
    );
  }
  const share = elaborated.length / clients.length;
  if (evidence.length === 0) evidence.push(clients[0]!.turn.id);
  if (share >= 0.3) return sentence(`Client engaged actively, elaborating in ${elaborated.length} of ${clients.length} turns${agenda}.`, evidence);
  return sentence(`Client engaged, mostly with brief answers (${elaborated.length} of ${clients.length} turns elaborated)${agenda}.`, evidence);
}

export function insightSentence(ctx: NoteContext): NoteSentence | null {
  const hits = ctx.session.clientTurns.filter((t) => INSIGHT.test(t.norm));
  const quoted = hits.map((t) => ({ id: t.turn.id, quote: quoteAround(t.turn.text, INSIGHT, ctx.names) })).filter((h) => h.quote !== null).slice(0, 2);
  if (hits.length === 0) return null;
  if (quoted.length === 0) return sentence('Client showed emerging insight into the patterns discussed.', firstIds(hits.map((t) => t.turn.id), 2));
  return sentence(`Client showed emerging insight (${quoted.map((q) => `"${q.quote}"`).join('; ')}).`, quoted.map((q) => q.id));
}

interface Rated {
  value: number;
  ids: string[];
}

function ratingsAfter(ctx: NoteContext, question: RegExp, max: number): Rated[] {
  const out: Rated[] = [];
  for (const t of ctx.session.therapistTurns) {
    if (!question.test(t.norm)) continue;
    const answer = clientAnswerAfter(ctx, t.index);
    const value = answer ? ratingsIn(answer.norm, max)[0] : undefined;
    if (answer && value) out.push({ value: value.value, ids: [t.turn.id, answer.turn.id] });
  }
  return out;
}

/** Belief in an automatic thought rated before and after restructuring (thought record, 0-100). */
export function beliefShiftSentence(ctx: NoteContext): NoteSentence | null {
  const rated = ratingsAfter(ctx, /\b(?:how (?:strongly|much) (?:did |do )?you (?:believe|still believe)|believe (?:it|that|the (?:original )?thought))\b/, 100);
  if (rated.length < 2) return null;
  const first = rated[0]!;
  const last = rated.at(-1)!;
  if (first.value === last.value) return sentence(`Client's belief in the automatic thought stayed at ${first.value}% after it was examined.`, [...first.ids, ...last.ids]);
  const direction = last.value < first.value ? 'fell' : 'rose';
  return sentence(`Client's belief in the automatic thought ${direction} from ${first.value}% to ${last.value}% once the evidence was examined.`, [...first.ids, ...last.ids]);
}

export function confidenceSentence(ctx: NoteContext): NoteSentence | null {
  const rated = ratingsAfter(ctx, /\bhow confident\b[^?]*\b(?:zero|0|one|1) to (?:ten|10)\b/, 10);
  const r = rated.at(-1);
  return r ? sentence(`Client rated confidence in the planned next step at ${r.value}/10.`, r.ids) : null;
}

const ACTIONS = 'try|do|call|go|set|bring|keep|start|make|talk|ask|practi[cs]e|use|write|book|see|leave|give it|plan|stop|cut';
const COMMITMENT = new RegExp(`\\b(?:i(?:'ll| will) (?:${ACTIONS})|i can do (?:that|it)|i'm ready to|i could (?:${ACTIONS})|i(?:'m| am) going to (?:${ACTIONS}))\\b`);

/** `quotedElsewhere`: turns another sentence already quotes (the homework proposal), so they are not quoted twice. */
export function changeTalkSentence(ctx: NoteContext, quotedElsewhere: ReadonlySet<string> = new Set()): NoteSentence | null {
  const { changeTalk, sustainTalk } = ctx.metrics.client;
  const change = ctx.session.clientTurns.filter((t) => t.client === 'change');
  const sustain = ctx.session.clientTurns.filter((t) => t.client === 'sustain');
  if (changeTalk + sustainTalk === 0) return null;
  if (changeTalk > sustainTalk) {
    const committed = change.filter((t) => COMMITMENT.test(t.norm) && !quotedElsewhere.has(t.turn.id)).map((t) => ({ id: t.turn.id, quote: quoteAround(t.turn.text, COMMITMENT, ctx.names, true) })).find((c) => c.quote !== null);
    const tail = committed ? `, including commitment language ("${committed.quote}")` : '';
    return sentence(`Client's language favoured change (${changeTalk} change-talk against ${sustainTalk} sustain-talk statements)${tail}.`, [...firstIds(change.map((t) => t.turn.id), 2), ...(committed ? [committed.id] : [])]);
  }
  if (sustainTalk > changeTalk) {
    return sentence(`Sustain talk outweighed change talk (${sustainTalk} against ${changeTalk}), suggesting ambivalence about the current approach.`, firstIds([...sustain, ...change].map((t) => t.turn.id), 3));
  }
  return sentence(`Change talk and sustain talk were balanced (${changeTalk} each).`, firstIds([...change, ...sustain].map((t) => t.turn.id), 3));
}

const MARKER_WORDS: Record<string, string> = {
  challenges_helpfulness: 'questioned whether therapy was helping',
  feels_misunderstood: 'said they felt misunderstood',
  refuses_topic: 'declined to discuss a topic',
  criticises_therapist: "criticised Therapist's approach",
  dismissive: 'withdrew, with dismissive answers',
  minimal_answers: 'withdrew, giving minimal answers',
  dont_know: 'withdrew, answering that they did not know',
  silence: 'fell silent',
  shrinking_answers: 'gave progressively shorter answers',
  topic_shift: 'changed the subject abruptly',
};

function meanWords(turns: readonly CodedTurn[]): number {
  return turns.length === 0 ? 0 : turns.reduce((s, t) => s + t.words, 0) / turns.length;
}

/** The client's side of each rupture and whether they re-engaged after it (Safran & Muran). */
export function ruptureResponseSentence(ctx: NoteContext): NoteSentence | null {
  const markers = ctx.alliance.ruptureMarkers;
  if (markers.length === 0) return null;
  const described = markers.map((m) => {
    const turn = ctx.session.turns.find((t) => t.turn.id === m.turnId)!;
    const cue = CONFRONTATION_CUES.find((c) => c.marker === m.marker);
    const quote = cue ? quoteAround(turn.turn.text, cue.pattern, ctx.names) : null;
    return `${MARKER_WORDS[m.marker] ?? 'showed signs of a rupture'}${quote ? ` ("${quote}")` : ''}`;
  });
  const unique = [...new Set(described)];
  const evidence = markers.map((m) => m.turnId);
  const repairs = markers.filter((m) => m.repairTurnId).map((m) => ctx.session.turns.findIndex((t) => t.turn.id === m.repairTurnId));
  let outcome: string;
  if (markers.every((m) => m.repaired) && repairs.length > 0) {
    // The first answers after a repair are often still short ("It's fine."), so judge a run of them.
    const after = ctx.session.clientTurns.filter((t) => t.index > Math.max(...repairs)).slice(0, 8);
    const reEngaged = meanWords(after) >= 6 && after.some((t) => t.words >= 12);
    outcome = reEngaged ? '; after the repair, Client re-engaged with fuller answers' : '; the rupture was addressed, though Client remained guarded';
    if (reEngaged) evidence.push(...firstIds(after.filter((t) => t.words >= 8).map((t) => t.turn.id), 2));
  } else {
    outcome = '; this was not resolved in the session';
  }
  return sentence(`Client ${joinClauses(unique)}${outcome}.`, evidence);
}

/** What the client said when asked how the session went. */
export function sessionFeedbackSentence(ctx: NoteContext): NoteSentence | null {
  const asks = ctx.session.therapistTurns.filter((t) => position(ctx, t) > 0.6 && (CUES.feedback.test(t.norm) || ASKS_SESSION_FEEDBACK.test(t.norm)));
  for (const ask of asks.reverse()) {
    const answer = clientAnswerAfter(ctx, ask.index);
    if (!answer) continue;
    const matched = SESSION_FEEDBACK.filter((f) => f.pattern.test(answer.norm));
    if (matched.length === 0) continue;
    const tones = new Set(matched.map((m) => m.tone));
    const tone = tones.has('mixed') || (tones.has('positive') && tones.has('negative')) ? 'mixed' : tones.has('negative') ? 'negative' : 'positive';
    // Every phrase that carried the tone, each quoted from where it was said.
    const phrases = matched.flatMap((m) => [...answer.norm.matchAll(new RegExp(m.pattern.source, 'g'))].map((x) => x[0]));
    const found = [...new Set(phrases.map((p) => quoteAround(answer.turn.text, new RegExp(`\\b${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`), ctx.names, true)).filter((q): q is string => q !== null))];
    // "heavy, but good" already says "good"; the fuller phrases say most.
    const quotes = found.filter((q) => !found.some((other) => other !== q && other.includes(q))).sort((a, b) => b.length - a.length).slice(0, 2);
    const said = tone === 'mixed' ? 'gave mixed but constructive feedback on the session' : tone === 'negative' ? 'described the session as unhelpful' : 'described the session as helpful';
    return sentence(`Client ${said}${quotes.length > 0 ? ` (${quotes.map((q) => `"${q}"`).join('; ')})` : ''}.`, [ask.turn.id, answer.turn.id]);
  }
  return null;
}

/** The clinical picture in one sentence: what is ongoing, what is improving. */
export function impressionSentence(ctx: NoteContext, concerns: readonly Concern[]): NoteSentence {
  const ongoing = concerns.filter((c) => c.ongoingTurns.length > 0).slice(0, 3);
  const improving = concerns.filter((c) => c.improvingTurns.length > 0 && c.cue.area).slice(0, 2);
  if (ongoing.length === 0 && improving.length === 0) {
    return gap("Clinical impression: the transcript gave too little of Client's own account to form one.");
  }
  const evidence = [...ongoing.flatMap((c) => firstIds(c.ongoingTurns, 1)), ...improving.flatMap((c) => firstIds(c.improvingTurns, 1))];
  const main = ongoing.length > 0 ? `Client's presentation was consistent with ${joinClauses(ongoing.map((c) => c.cue.label))}` : "Client's presentation showed improvement";
  const better = improving.length > 0 ? `${ongoing.length > 0 ? ', with early improvement in' : ' in'} ${joinClauses(improving.map((c) => c.cue.area!))}` : '';
  return sentence(`${main}${better}.`, evidence);
}

/** Signs of progress seen within this session, drawn from the other findings. */
export function progressSentence(indicators: readonly { phrase: string; evidence: readonly string[] }[]): NoteSentence | null {
  if (indicators.length === 0) return null;
  return sentence(`Indicators of progress included ${joinClauses(indicators.map((i) => i.phrase))}.`, indicators.flatMap((i) => [...i.evidence]));
}
