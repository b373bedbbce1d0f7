/**
 * What was observable and what the therapist did: session length and talk share, MITI behaviour counts
 * stated clinically, and the interventions (structure, psychoeducation, named techniques, risk work,
 * rupture repair, closing). These fill Objective (SOAP), Data (DAP) and Intervention (BIRP, GIRP).
 */
import type { NoteSentence } from '../../../schemas/note.js';
import { CUES } from '../alliance/cues.js';
import { ACKNOWLEDGES_RUPTURE, ADJUSTS_COURSE, ASKS_FEEDBACK } from '../alliance/ruptures.js';
import type { CodedTurn } from '../metrics/coded-session.js';
import { ASKS_SESSION_FEEDBACK, position, type NoteContext } from './context.js';
import type { Concern } from './client-report.js';
import { capitalise, firstIds, gap, joinClauses, plural, sentence, times } from './phrasing.js';
import { GOAL_SETTING, HOMEWORK_REVIEW, PSYCHOEDUCATION, PSYCHOEDUCATION_TOPICS, TECHNIQUES } from './therapist-lexicon.js';

/** One thing the therapist did, as a verb phrase after "Therapist". */
export interface Clause {
  text: string;
  evidence: string[];
  /** Clauses of one kind can share a sentence. */
  kind: 'structure' | 'exploration' | 'technique' | 'risk' | 'repair' | 'closing';
  /** The clause without its details, for a narrative note. */
  brief?: string;
}

function turnsMatching(turns: readonly CodedTurn[], pattern: RegExp): CodedTurn[] {
  return turns.filter((t) => pattern.test(t.norm));
}

export function sessionFactsSentence(ctx: NoteContext): NoteSentence {
  const { metrics, transcript } = ctx;
  const span = [transcript.turns[0]!.id, ctx.lastId];
  const clientTurns = ctx.session.clientTurns.length;
  const length = metrics.timing ? `lasted about ${Math.max(1, Math.round(metrics.timing.durationSeconds / 60))} minutes over ${plural(metrics.turns, 'turn')}` : `comprised ${plural(metrics.turns, 'turn')} (the transcript carries no timing)`;
  return sentence(`The session ${length}, ${clientTurns} of them Client's.`, span);
}

export function talkShareSentence(ctx: NoteContext): NoteSentence | null {
  const { talk } = ctx.metrics;
  if (talk.client.turns === 0 || talk.therapist.turns === 0) return null;
  const longest = (turns: readonly CodedTurn[]) => turns.reduce((a, b) => (b.words > a.words ? b : a));
  const share = Math.round(talk.client.wordShare * 100);
  const balance = share >= 45 ? 'Client did much of the talking' : share >= 30 ? 'Therapist did most of the talking' : 'Therapist did most of the talking by a wide margin';
  return sentence(
    `${balance}: Client spoke ${share}% of the words, averaging ${Math.round(talk.client.meanTurnWords)} words a turn against Therapist's ${Math.round(talk.therapist.meanTurnWords)}.`,
    [longest(ctx.session.clientTurns).turn.id, longest(ctx.session.therapistTurns).turn.id],
  );
}

/** MITI 4.2 counts in a clinician's words, with the reflection-to-question ratio against its thresholds. */
export function mitiSentence(ctx: NoteContext): NoteSentence | null {
  const t = ctx.metrics.therapist;
  const questions = t.questions.open + t.questions.closed;
  const reflections = t.reflections.simple + t.reflections.complex;
  if (questions + reflections + t.affirmations === 0) return null;
  const turns = ctx.session.therapistTurns;
  const asked = turns.filter((x) => x.therapist!.questions.open > 0);
  const evidence = [
    // The first open question, or the first closed one when no question was open.
    ...firstIds((asked.length > 0 ? asked : turns.filter((x) => x.therapist!.questions.closed > 0)).map((x) => x.turn.id), 1),
    ...firstIds(turns.filter((x) => x.therapist!.reflections.simple + x.therapist!.reflections.complex > 0).map((x) => x.turn.id), 2),
    ...firstIds(turns.filter((x) => x.therapist!.affirmation).map((x) => x.turn.id), 1),
  ];
  const ratio = t.reflectionToQuestionRatio;
  const band = ratio === null ? '' : ratio >= 2 ? ' (at the MITI "good" level)' : ratio >= 1 ? ' (at the MITI "fair" level)' : ' (below the MITI "fair" level of one reflection per question)';
  const used = [
    questions === 0 ? '' : `${t.questions.open} open and ${t.questions.closed} closed ${t.questions.closed === 1 ? 'question' : 'questions'}`,
    reflections === 0 ? '' : `${plural(reflections, 'reflection')} (${t.reflections.complex} complex)`,
    t.affirmations === 0 ? '' : plural(t.affirmations, 'affirmation'),
  ].filter((p) => p.length > 0);
  const none = [questions === 0 ? 'questions' : '', reflections === 0 ? 'reflections' : '', t.affirmations === 0 ? 'affirmations' : ''].filter((p) => p.length > 0);
  const withNone = none.length === 0 ? '' : `${used.length > 0 ? ', and ' : ''}no ${none.join(', ').replace(/, ([^,]*)$/, ' or $1')}`;
  const ratioText = ratio === null || reflections === 0 ? '' : `; reflections per question were ${ratio.toFixed(2)}${band}`;
  let text = `Therapist used ${joinClauses(used)}${withNone}${ratioText}.`;
  const unasked = t.advice.withoutPermission;
  if (unasked > 0) {
    text += ` Advice was given ${times(unasked)} without first asking permission.`;
    evidence.push(...firstIds(turns.filter((x) => x.therapist!.advice === 'without_permission').map((x) => x.turn.id), 2));
  }
  return sentence(text, evidence);
}

/** How the therapist explored the client's concerns: mostly reflecting, or mostly asking. */
function explorationClause(ctx: NoteContext, concerns: readonly Concern[]): Clause | null {
  const t = ctx.metrics.therapist;
  const turns = ctx.session.therapistTurns;
  const openTurns = turns.filter((x) => x.therapist!.questions.open > 0);
  const reflectTurns = turns.filter((x) => x.therapist!.reflections.simple + x.therapist!.reflections.complex > 0);
  if (openTurns.length + reflectTurns.length === 0) return null;
  const topics = concerns.length > 0 ? `Client's ${joinClauses(concerns.slice(0, 3).map((c) => c.cue.label))}` : "Client's concerns";
  const reflections = t.reflections.simple + t.reflections.complex;
  const questions = t.questions.open + t.questions.closed;
  const how =
    reflections === 0 ? 'through questions alone'
    : reflections * 2 < questions ? 'mainly through questions rather than reflections'
    : 'through open questions and reflective listening';
  return { kind: 'exploration', text: `explored ${topics} ${how}`, evidence: [...firstIds(openTurns.map((x) => x.turn.id), 2), ...firstIds(reflectTurns.map((x) => x.turn.id), 2)] };
}

/** Agenda-setting in everyday words that CUES.agenda does not list ("Anything else you'd like on the list?"). */
const AGENDA_EXTRA = /\b(?:(?:like|want|add) (?:on|to) the list|let's start (?:there|with)|what would you add)\b/;

function structureClauses(ctx: NoteContext): Clause[] {
  const turns = ctx.session.therapistTurns;
  const out: Clause[] = [];
  const agenda = turns.filter((t) => position(ctx, t) < 0.3 && (CUES.agenda.test(t.norm) || AGENDA_EXTRA.test(t.norm)));
  if (agenda.length > 0) out.push({ kind: 'structure', text: 'set the agenda collaboratively', evidence: firstIds(agenda.map((t) => t.turn.id), 1) });
  const review = turns.filter((t) => position(ctx, t) < 0.5 && HOMEWORK_REVIEW.test(t.norm));
  if (review.length > 0) out.push({ kind: 'structure', text: 'reviewed the previous homework', evidence: firstIds(review.map((t) => t.turn.id), 1) });
  const goals = turns.filter((t) => GOAL_SETTING.test(t.norm));
  if (goals.length > 0) out.push({ kind: 'structure', text: 'agreed goals with Client', evidence: firstIds(goals.map((t) => t.turn.id), 2) });
  const affirm = turns.filter((t) => t.therapist!.affirmation);
  if (affirm.length > 0) out.push({ kind: 'structure', text: "affirmed Client's efforts", evidence: firstIds(affirm.map((t) => t.turn.id), 2) });
  return out;
}

function psychoeducationClause(ctx: NoteContext): Clause | null {
  const turns = ctx.session.therapistTurns.filter((t) => PSYCHOEDUCATION.test(t.norm) || (t.therapist!.primary === 'input' && CUES.rationale.test(t.norm)));
  if (turns.length === 0) return null;
  const text = turns.map((t) => t.norm).join(' ');
  const topic = PSYCHOEDUCATION_TOPICS.find((p) => p.all.every((r) => r.test(text)))?.phrase ?? 'the treatment approach';
  return { kind: 'technique', text: `provided psychoeducation on ${topic}`, evidence: firstIds(turns.map((t) => t.turn.id), 2) };
}

function techniqueClauses(ctx: NoteContext): Clause[] {
  const turns = ctx.session.therapistTurns;
  const present = TECHNIQUES.map((tech) => ({ tech, turns: turnsMatching(turns, tech.pattern) })).filter((x) => x.turns.length > 0);
  const keys = new Set(present.map((p) => p.tech.key));
  const out: Clause[] = [];
  for (const { tech, turns: hits } of present) {
    if (tech.coveredBy && keys.has(tech.coveredBy)) continue;
    // Safety planning after a disclosure is reported with the risk assessment.
    if (tech.key === 'safetyPlan' && ctx.risks.length > 0) continue;
    const from = hits[0]!.index;
    // Scaling details (what was rated) must be in the scaling question itself; other details follow the technique.
    const pool = tech.key === 'scaling' ? hits : turns.filter((t) => t.index >= from);
    const details = (tech.details ?? []).filter((d) => pool.some((t) => d.pattern.test(t.norm))).map((d) => d.phrase);
    const detailTurns = pool.filter((t) => (tech.details ?? []).some((d) => d.pattern.test(t.norm)));
    const text = details.length === 0 ? tech.phrase : tech.key === 'scaling' ? `${tech.phrase} (${joinClauses(details)})` : `${tech.phrase}, ${joinClauses(details)}`;
    out.push({ kind: 'technique', text, brief: tech.phrase, evidence: firstIds([...hits.map((t) => t.turn.id), ...detailTurns.map((t) => t.turn.id)], 3) });
  }
  return out;
}

/** The therapist's side of each risk disclosure, briefly (the risk statement has the detail). */
function riskClauses(ctx: NoteContext): Clause[] {
  const clauses = ctx.risks.map(({ statement, sentences }): Clause => {
    const assessment = sentences.slice(1).flatMap((s) => s.evidence);
    const planned = sentences.some((s) => /safety plan/.test(s.text));
    if (!statement.assessedInSession) return { kind: 'risk', text: 'was not heard assessing risk after the disclosure', evidence: statement.evidence };
    return { kind: 'risk', text: `responded to the disclosure with a risk assessment${planned ? ' and safety planning' : ''}`, evidence: firstIds(assessment.length > 0 ? assessment : statement.evidence, 4) };
  });
  // Two disclosures met the same way are one thing the therapist did (or did not do).
  const merged: Clause[] = [];
  for (const c of clauses) {
    const same = merged.find((m) => m.text === c.text);
    if (same) same.evidence = firstIds([...same.evidence, ...c.evidence], 6);
    else merged.push(c);
  }
  return merged;
}

const REPAIR_FEEDBACK = /\bwhat would (?:make|be) (?:these sessions|this|it|today|the sessions) (?:more |most )?(?:useful|helpful)\b/;

/** How the therapist met a rupture (3RS repair moves), or that it went unaddressed. */
function repairClauses(ctx: NoteContext): Clause[] {
  const markers = ctx.alliance.ruptureMarkers;
  if (markers.length === 0) return [];
  const repaired = markers.filter((m) => m.repaired && m.repairTurnId);
  const out: Clause[] = [];
  if (repaired.length > 0) {
    const start = ctx.session.turns.findIndex((t) => t.turn.id === repaired[0]!.repairTurnId);
    const window = ctx.session.turns.slice(start, start + 12).filter((t) => t.turn.role === 'therapist');
    const moves: { text: string; id: string }[] = [];
    const add = (text: string, t: CodedTurn | undefined) => {
      if (t && !moves.some((m) => m.text === text)) moves.push({ text, id: t.turn.id });
    };
    add(window.some((t) => /\b(?:on me|my fault|my mistake|i(?:'m| am) sorry|i rushed|i apologi[sz]e)\b/.test(t.norm)) ? 'acknowledged the rupture and took responsibility for it' : 'acknowledged the rupture', window.find((t) => ACKNOWLEDGES_RUPTURE.test(t.norm)) ?? window[0]);
    add('invited feedback on what would help', window.find((t) => ASKS_FEEDBACK.test(t.norm) || REPAIR_FEEDBACK.test(t.norm)));
    add('changed course in response', window.find((t) => ADJUSTS_COURSE.test(t.norm)));
    out.push({ kind: 'repair', text: joinClauses(moves.map((m) => m.text)), evidence: [...repaired.map((m) => m.turnId), ...moves.map((m) => m.id)] });
  }
  const unrepaired = markers.filter((m) => !m.repaired);
  if (unrepaired.length > 0) out.push({ kind: 'repair', text: `did not address ${unrepaired.length === 1 ? 'a rupture' : 'ruptures'} in the following turns`, evidence: unrepaired.map((m) => m.turnId) });
  return out;
}

function closingClause(ctx: NoteContext, homeworkTurns: readonly string[]): Clause | null {
  const turns = ctx.session.therapistTurns;
  const parts: string[] = [];
  const evidence: string[] = [];
  if (homeworkTurns.length > 0) {
    parts.push('set homework');
    evidence.push(homeworkTurns[0]!);
  }
  const summary = turns.filter((t) => CUES.summary.test(t.norm) || /^to summari[sz]e\b|\bto summari[sz]e:/.test(t.norm));
  if (summary.length > 0) {
    parts.push('summarised the session');
    evidence.push(summary.at(-1)!.turn.id);
  }
  const feedback = turns.filter((t) => position(ctx, t) > 0.6 && (CUES.feedback.test(t.norm) || ASKS_SESSION_FEEDBACK.test(t.norm)));
  if (feedback.length > 0) {
    parts.push("asked for Client's feedback on it");
    evidence.push(feedback.at(-1)!.turn.id);
  }
  return parts.length === 0 ? null : { kind: 'closing', text: joinClauses(parts), evidence };
}

/** Everything the therapist did, in session order of kind: structure, exploration, teaching, techniques, risk, repair, close. */
export function interventionClauses(ctx: NoteContext, concerns: readonly Concern[], homeworkTurns: readonly string[]): Clause[] {
  return [
    ...structureClauses(ctx),
    explorationClause(ctx, concerns),
    psychoeducationClause(ctx),
    ...techniqueClauses(ctx),
    ...riskClauses(ctx),
    ...repairClauses(ctx),
    closingClause(ctx, homeworkTurns),
  ].filter((c): c is Clause => c !== null);
}

/**
 * Clauses written as "Therapist …" sentences: short clauses of a kind share a sentence (up to three), a
 * clause that carries its own list ("a thought record, rating belief …") stands alone, so the section
 * reads as prose rather than a checklist.
 */
export function interventionSentences(clauses: readonly Clause[]): NoteSentence[] {
  if (clauses.length === 0) return [gap('Interventions: none specific identified in the transcript.')];
  const groups: Clause[][] = [];
  for (const clause of clauses) {
    const current = groups.at(-1);
    const simple = !/, | and /.test(clause.text);
    const fits = current !== undefined && current.length < 3 && current[0]!.kind === clause.kind && simple && current.every((c) => !/, | and /.test(c.text));
    if (fits) current.push(clause);
    else groups.push([clause]);
  }
  return groups.map((group) => {
    // "used behavioural activation and scaling questions", not "… and used scaling questions".
    const verb = group[0]!.text.split(' ')[0]!;
    const texts = group.length === 2 && group[1]!.text.startsWith(`${verb} `) ? [group[0]!.text, group[1]!.text.slice(verb.length + 1)] : group.map((c) => c.text);
    return sentence(`Therapist ${joinClauses(texts)}.`, group.flatMap((c) => c.evidence));
  });
}

/** One sentence for a narrative note: the three most telling things the therapist did. */
export function interventionSummary(clauses: readonly Clause[]): NoteSentence {
  // Named techniques say most about the session, then how it was explored, then repair; structure last.
  const rank: Record<Clause['kind'], number> = { technique: 0, exploration: 1, repair: 2, structure: 3, closing: 4, risk: 5 };
  const techniques = clauses.filter((c) => c.kind === 'technique').slice(0, 2);
  const others = clauses.filter((c) => c.kind !== 'technique' && c.kind !== 'risk').sort((a, b) => rank[a.kind] - rank[b.kind]);
  const chosen = [...others.slice(0, 3 - techniques.length), ...techniques].sort((a, b) => rank[b.kind] - rank[a.kind]).slice(0, 3);
  if (chosen.length === 0) return gap('Interventions: none specific identified in the transcript.');
  return sentence(capitalise(`Therapist ${joinClauses(chosen.map((c) => c.brief ?? c.text))}.`), chosen.flatMap((c) => c.evidence));
}
