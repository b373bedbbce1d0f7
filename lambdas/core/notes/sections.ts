/**
 * Every sentence the session supports is written once (the "bank"), then each format takes the ones its
 * sections call for, in NOTE_SECTIONS order. A section with nothing to say gets one documentation gap,
 * which cites no turn.
 */
import { NOTE_SECTIONS, type NoteFormat, type NoteSection, type NoteSentence } from '../../../schemas/note.js';
import { allianceSummary } from './alliance-summary.js';
import {
  attendanceSentence,
  checkInSentence,
  concernSentences,
  findConcerns,
  goalSentences,
  homeworkReviewSentence,
  moodHits,
  moodRatingSentence,
  moodWordsSentence,
  supportSentence,
  type Concern,
  type MoodHit,
} from './client-report.js';
import {
  beliefShiftSentence,
  changeTalkSentence,
  confidenceSentence,
  engagementSentence,
  impressionSentence,
  insightSentence,
  progressSentence,
  ruptureResponseSentence,
  sessionFeedbackSentence,
} from './client-response.js';
import type { NoteContext } from './context.js';
import { findHomework, findPlan } from './homework-plan.js';
import { gap, joinClauses, sentence } from './phrasing.js';
import { interventionClauses, interventionSentences, interventionSummary, mitiSentence, sessionFactsSentence, talkShareSentence } from './session-process.js';

export interface NoteBank {
  concerns: Concern[];
  /** The client's account: check-in, concerns, mood, supports, last homework. */
  report: NoteSentence[];
  goals: NoteSentence[];
  facts: NoteSentence;
  talkShare: NoteSentence | null;
  engagement: NoteSentence | null;
  affectShift: NoteSentence | null;
  miti: NoteSentence | null;
  interventions: NoteSentence[];
  interventionSummary: NoteSentence;
  insight: NoteSentence | null;
  beliefShift: NoteSentence | null;
  confidence: NoteSentence | null;
  changeTalk: NoteSentence | null;
  rupture: NoteSentence | null;
  feedback: NoteSentence | null;
  impression: NoteSentence;
  progress: NoteSentence | null;
  /** The client's words about each risk (Subjective, Data, Behavior, Response). */
  riskDisclosures: NoteSentence[];
  /** Each risk finding and what was asked about it (Assessment, Response). */
  risk: NoteSentence[];
  /** "Risk follow-up required" (Plan, first). */
  riskFollowUps: NoteSentence[];
  riskSummaries: NoteSentence[];
  alliance: NoteSentence[];
  homework: NoteSentence[];
  plan: NoteSentence[];
}

/** The client's own words moving from low to better over the session, when they did. */
function affectShiftSentence(hits: readonly MoodHit[]): NoteSentence | null {
  const low = hits.filter((h) => h.tone === 'low');
  const better = hits.filter((h) => h.tone === 'better');
  if (low.length === 0 || better.length === 0) return null;
  const lastLow = Math.max(...low.map((h) => h.turn.index));
  const later = better.filter((h) => h.turn.index > lastLow);
  if (later.length === 0) return null;
  return sentence(
    `Affect, as Client described it, moved from ${joinClauses(low.slice(0, 3).map((h) => h.adjective))} earlier in the session to ${joinClauses(later.slice(0, 3).map((h) => h.adjective))} later on.`,
    [low[0]!.turn.turn.id, later[0]!.turn.turn.id],
  );
}

function present<T>(items: readonly (T | null | undefined)[]): T[] {
  return items.filter((x): x is T => x !== null && x !== undefined);
}

export function buildBank(ctx: NoteContext): NoteBank {
  const concerns = findConcerns(ctx);
  const hits = moodHits(ctx);
  const conflictTurns = new Set(concerns.find((c) => c.cue.key === 'relationships')?.turns ?? []);
  const homeworkReview = homeworkReviewSentence(ctx);
  const goals = goalSentences(ctx);
  const homework = findHomework(ctx);
  const clauses = interventionClauses(ctx, concerns, homework.turns);
  const insight = insightSentence(ctx);
  const beliefShift = beliefShiftSentence(ctx);
  const rupture = ruptureResponseSentence(ctx);

  const indicators: { phrase: string; evidence: readonly string[] }[] = [];
  if (homeworkReview && !/not completing/.test(homeworkReview.text)) indicators.push({ phrase: 'follow-through on the previous homework', evidence: homeworkReview.evidence });
  if (insight) indicators.push({ phrase: 'emerging insight', evidence: insight.evidence });
  if (beliefShift && / fell /.test(beliefShift.text)) indicators.push({ phrase: 'a reduction in belief in the automatic thought during restructuring', evidence: beliefShift.evidence });
  const improving = concerns.filter((c) => c.improvingTurns.length > 0 && c.cue.area);
  if (improving.length > 0) indicators.push({ phrase: `reported improvement in ${joinClauses(improving.map((c) => c.cue.area!))}`, evidence: improving.flatMap((c) => c.improvingTurns.slice(0, 1)) });
  if (goals.turns.length > 0) indicators.push({ phrase: 'clearly stated goals', evidence: goals.turns });
  if (rupture && /re-engaged/.test(rupture.text)) indicators.push({ phrase: 'recovered engagement after a rupture', evidence: rupture.evidence.slice(-2) });

  return {
    concerns,
    report: present([
      // Risk comes first: a reader must not meet it at the end of the section.
      ...ctx.risks.map((r) => r.disclosure),
      checkInSentence(ctx),
      attendanceSentence(ctx),
      ...concernSentences(concerns),
      moodRatingSentence(ctx),
      moodWordsSentence(hits),
      supportSentence(ctx, conflictTurns),
      homeworkReview,
    ]),
    goals: goals.sentences,
    facts: sessionFactsSentence(ctx),
    talkShare: talkShareSentence(ctx),
    engagement: engagementSentence(ctx),
    affectShift: affectShiftSentence(hits),
    miti: mitiSentence(ctx),
    interventions: interventionSentences(clauses),
    interventionSummary: interventionSummary(clauses),
    insight,
    beliefShift,
    confidence: confidenceSentence(ctx),
    changeTalk: changeTalkSentence(ctx, new Set(homework.quoted)),
    rupture,
    feedback: sessionFeedbackSentence(ctx),
    impression: impressionSentence(ctx, concerns),
    progress: progressSentence(indicators),
    riskDisclosures: ctx.risks.map((r) => r.disclosure),
    risk: ctx.risks.flatMap((r) => [r.finding, ...r.assessment]),
    riskFollowUps: present(ctx.risks.map((r) => r.followUp)),
    riskSummaries: ctx.risks.map((r) => r.summary),
    alliance: allianceSummary(ctx),
    homework: homework.sentences,
    plan: findPlan(ctx, homework),
  };
}

/** Narrative notes stay short: at most this many sentences, unless risk needs more (risk is never dropped). */
const NARRATIVE_MAX = 7;
const NARRATIVE_MIN = 4;

function narrative(bank: NoteBank): NoteSentence[] {
  const concerns = bank.report.filter((s) => /^Client (?:reported|also described) /.test(s.text));
  const checkIn = bank.report.find((s) => /^Client described the (?:time|period)/.test(s.text));
  const mood = bank.report.find((s) => /^Client rated mood/.test(s.text));
  const response = bank.progress ?? bank.changeTalk ?? bank.rupture ?? bank.engagement;
  // [sentence, priority]: the story of the session in reading order; the least telling go first when it runs long.
  const candidates: [NoteSentence | null | undefined, number][] = [
    [checkIn, 5],
    [concerns[0] ?? bank.impression, 1],
    [mood, 6],
    [bank.interventionSummary, 2],
    [response, 3],
    [bank.rupture === response ? null : bank.rupture, 4],
    [bank.homework[0], 4],
    [bank.plan[0], 7],
    [bank.alliance[0], 8],
  ];
  // A short summary leaves out what was not found rather than listing gaps.
  const available = candidates.filter((c): c is [NoteSentence, number] => c[0] !== null && c[0] !== undefined && c[0].kind === 'finding');
  const room = Math.max(NARRATIVE_MAX - bank.riskSummaries.length, NARRATIVE_MIN - bank.riskSummaries.length, 2);
  const keep = new Set([...available].sort((a, b) => a[1] - b[1]).slice(0, room).map((c) => c[0]));
  const chosen = available.filter((c) => keep.has(c[0])).map((c) => c[0]);
  // Risk goes straight after what the therapist did, so a reader meets it early.
  const at = chosen.indexOf(bank.interventionSummary) + 1;
  return [...chosen.slice(0, at), ...bank.riskSummaries, ...chosen.slice(at)];
}

function sectionSentences(format: NoteFormat, name: string, bank: NoteBank): NoteSentence[] {
  const response = present([bank.engagement, bank.insight, bank.beliefShift, bank.confidence, bank.changeTalk, bank.rupture, bank.feedback]);
  const assessment = present([...bank.risk, bank.impression, bank.progress, bank.changeTalk, bank.rupture, bank.confidence, bank.feedback, ...bank.alliance]);
  const plan = [...bank.riskFollowUps, ...bank.homework, ...bank.plan];
  switch (`${format}:${name}`) {
    case 'soap:Subjective':
      return [...bank.report, ...bank.goals];
    case 'soap:Objective':
      return present([bank.facts, bank.talkShare, bank.engagement, bank.affectShift, bank.miti, ...bank.interventions]);
    case 'soap:Assessment':
    case 'dap:Assessment':
      return assessment;
    case 'dap:Data':
      return present([...bank.report, ...bank.goals, bank.facts, bank.engagement, bank.affectShift, ...bank.interventions]);
    case 'birp:Behavior':
      return present([...bank.report, bank.facts, bank.affectShift]);
    case 'birp:Intervention':
    case 'girp:Intervention':
      return [...bank.interventions];
    case 'birp:Response':
    case 'girp:Response':
      return present([...(format === 'girp' ? bank.riskDisclosures : []), ...bank.risk, ...response]);
    case 'girp:Goals': {
      const focus = bank.report.find((s) => /^Client reported /.test(s.text));
      if (bank.goals.length > 0) return present([...bank.goals, focus]);
      return present([gap('Treatment goals: none stated or revisited in the transcript.'), focus]);
    }
    case 'soap:Plan':
    case 'dap:Plan':
    case 'birp:Plan':
    case 'girp:Plan':
      return plan;
    case 'narrative:Summary':
      return narrative(bank);
    default:
      return [];
  }
}

/** Findings left out for want of a turn to cite; the note's provenance reports them as dropped. */
export interface Dropped {
  findings: number;
}

/**
 * Only findings a reader can check against the transcript: one left with no turn to cite is not written
 * (it is never cited to a stand-in turn), and counted in `dropped`. Gaps pass as they are.
 */
export function checkable(sentences: readonly NoteSentence[], dropped: Dropped): NoteSentence[] {
  const kept = sentences.filter((s) => s.kind === 'gap' || s.evidence.length > 0);
  dropped.findings += sentences.length - kept.length;
  return kept;
}

export function sectionsFor(format: NoteFormat, bank: NoteBank, dropped: Dropped): NoteSection[] {
  return NOTE_SECTIONS[format].map((name) => {
    const sentences = checkable(sectionSentences(format, name, bank), dropped);
    return { name, sentences: sentences.length > 0 ? sentences : [gap(`${name}: nothing identified in the transcript.`)] };
  });
}
