/**
 * Challenge flags: the eight patterns a clinical supervisor would raise about one session. Each flag is
 * emitted only when its evidence is in the transcript; its rationale says what was counted (never what
 * was said), its evidence quotes the turns verbatim, and its suggestion is written for the moment it names
 * (suggestions.ts). Flags run with quality: each needs the strain itself (discord aimed at the therapist,
 * a feeling passed over, answers that close when asked to open), never a session's ordinary shape (a quiet
 * client answering closed questions, a structured CBT session, ambivalence, attentive short reflections).
 */
import { FlagTypeSchema, type ChallengeFlag, type Evidence, type FlagType, type ModalityReading, type RuptureMarker } from '../../../schemas/alliance.js';
import type { SessionMetrics } from '../../../schemas/metrics.js';
import { quoteOf, type CodedSession } from '../metrics/coded-session.js';
import { CLIENT_FLAG_PATTERNS, clientResistance, lackOfEngagement, miscommunication } from './client-flags.js';
import { MAX_EVIDENCE, byTurnId, cite, evidenceOf, nextTherapistTurns, percent, type Severity } from './flag-evidence.js';
import { findRuptureCues, repairMoveOf } from './ruptures.js';
import { ruptureSuggestion, withdrawalSuggestion } from './suggestions.js';
import { THERAPIST_FLAG_PATTERNS, culturalDifferences, lowTherapistEngagement, overemphasisOnTechnique } from './therapist-flags.js';

/**
 * Withdrawal markers (Safran & Muran 2000; 3RS). Emitted when a withdrawal rupture marker exists.
 * high: ≥5 withdrawn answers making up ≥50% of client turns; medium: ≥3 withdrawn answers or an
 * unrepaired withdrawal episode; low otherwise.
 */
function emotionalWithdrawal(session: CodedSession, ruptures: RuptureMarker[], reading: ModalityReading | undefined): ChallengeFlag | null {
  const episodes = ruptures.filter((r) => r.kind === 'withdrawal');
  if (episodes.length === 0) return null;
  const withdrawn = findRuptureCues(session).filter((c) => c.kind === 'withdrawal' && c.marker !== 'shrinking_answers');
  const share = session.clientTurns.length > 0 ? withdrawn.length / session.clientTurns.length : 0;
  const unrepaired = episodes.filter((r) => !r.repaired);
  const severity: Severity = withdrawn.length >= 5 && share >= 0.5 ? 'high' : withdrawn.length >= 3 || unrepaired.length > 0 ? 'medium' : 'low';
  // Quote answers that have words before silences.
  const ordered = [...withdrawn.filter((c) => c.turn.words > 0), ...withdrawn.filter((c) => c.turn.words === 0)];
  const rationale =
    `${withdrawn.length} of ${session.clientTurns.length} client turns (${percent(share)}) were minimal, non-committal or silent answers to an invitation to say more, or bare assent to advice, ` +
    `in ${episodes.length} withdrawal episode(s) starting at ${episodes.map((r) => r.turnId).join(', ')}; ${unrepaired.length} not attended to by the therapist.`;
  const first = unrepaired[0] ?? episodes[0]!;
  const at = byTurnId(session).get(first.turnId);
  const next = at ? nextTherapistTurns(session, at, 1)[0] : undefined;
  return {
    type: 'emotional_withdrawal',
    severity,
    rationale,
    evidence: evidenceOf(ordered.map((c) => cite(c.turn, c.pattern))),
    suggestion: withdrawalSuggestion(first, next, reading),
  };
}

/**
 * Ruptures (Safran & Muran 2000; Eubanks, Muran & Safran 2018: repair predicts outcome).
 * high: any episode left unrepaired; low: every episode was followed by a repair move.
 */
function therapeuticRupture(session: CodedSession, ruptures: RuptureMarker[], reading: ModalityReading | undefined): ChallengeFlag | null {
  if (ruptures.length === 0) return null;
  const unrepaired = ruptures.filter((r) => !r.repaired);
  const repaired = ruptures.filter((r) => r.repaired);
  const describe = (r: RuptureMarker) =>
    `${r.kind} (${r.marker}${r.target ? `, aimed at the ${r.target}` : ''}) at ${r.turnId}${r.repairTurnId ? `, repaired at ${r.repairTurnId}${r.repairKind ? ` (${r.repairKind.replace(/_/g, ' ')})` : ''}` : ''}`;
  const rationale =
    `${ruptures.length} rupture episode(s): ${ruptures.map(describe).join('; ')}. ` +
    (unrepaired.length === 0
      ? 'Repair followed each one: the therapist owned their part, apologised, acknowledged it, invited feedback or changed course within three turns.'
      : `${unrepaired.length} were not attended to within the next three therapist turns.`);
  const byId = byTurnId(session);
  const evidence: Evidence[] = [];
  for (const r of [...unrepaired, ...repaired]) {
    evidence.push({ turnId: r.turnId, quote: r.quote });
    const repair = r.repairTurnId ? byId.get(r.repairTurnId) : undefined;
    if (repair) evidence.push({ turnId: repair.turn.id, quote: quoteOf(repair.turn, 0, repairMoveOf(repair) ?? undefined) });
  }
  const valid = evidence.filter((e) => e.quote.length > 0);
  // The moment to raise: the first unrepaired confrontation, else the first unrepaired marker, else the first repaired one.
  const moment = unrepaired.find((r) => r.kind === 'confrontation') ?? unrepaired[0] ?? repaired[0]!;
  const at = byId.get(moment.turnId);
  const next = at ? nextTherapistTurns(session, at, 1)[0] : undefined;
  return {
    type: 'therapeutic_rupture',
    severity: unrepaired.length > 0 ? 'high' : 'low',
    rationale,
    evidence: valid.slice(0, MAX_EVIDENCE),
    suggestion: ruptureSuggestion(moment, next, reading),
  };
}

/** What a flag's detector reads: the coded session, its counts, its rupture markers and the engine's reading of its kind. */
interface FlagInput {
  session: CodedSession;
  metrics: SessionMetrics;
  ruptures: RuptureMarker[];
  modality: ModalityReading | undefined;
}

/**
 * The detector of each flag type. Keyed by `FlagType`, so a type added to the schema does not compile until it
 * is detected here (and described to the model: model/prompts.ts `FLAG_MEANINGS`).
 */
export const FLAG_DETECTORS: Record<FlagType, (input: FlagInput) => ChallengeFlag | null> = {
  client_resistance: ({ session, modality }) => clientResistance(session, modality),
  emotional_withdrawal: ({ session, ruptures, modality }) => emotionalWithdrawal(session, ruptures, modality),
  overemphasis_on_technique: ({ session, metrics, ruptures, modality }) => overemphasisOnTechnique(session, metrics, ruptures, modality),
  miscommunication: ({ session }) => miscommunication(session),
  cultural_differences: ({ session }) => culturalDifferences(session),
  lack_of_engagement: ({ session, metrics }) => lackOfEngagement(session, metrics),
  low_therapist_engagement: ({ session }) => lowTherapistEngagement(session),
  therapeutic_rupture: ({ session, ruptures, modality }) => therapeuticRupture(session, ruptures, modality),
};

/**
 * The challenge flags of one session, in the schema's order of flag types. `modality` (the engine's reading of the
 * kind of session) only shapes how a suggestion is worded; what raises a flag is the same for every kind of session.
 */
export function detectFlags(session: CodedSession, metrics: SessionMetrics, ruptures: RuptureMarker[], modality?: ModalityReading): ChallengeFlag[] {
  const input: FlagInput = { session, metrics, ruptures, modality };
  return FlagTypeSchema.options.map((type) => FLAG_DETECTORS[type](input)).filter((f): f is ChallengeFlag => f !== null);
}

/**
 * Every pattern the flags match, so the engine's rubric version changes when any of them does. A hash input, not a
 * list of flag types (several detectors share a pattern); the types are FLAG_DETECTORS' keys.
 */
export const FLAG_PATTERNS: readonly RegExp[] = [...CLIENT_FLAG_PATTERNS, ...THERAPIST_FLAG_PATTERNS];
