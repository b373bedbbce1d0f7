/**
 * The relationship: ruptures (Safran & Muran; the 3RS markers the alliance engine found) with the
 * therapist's next response and whether it was repaired, and the moments the client brought something the
 * next turns did not take up (a feeling met with technique, a correction, cultural content left unexplored),
 * read from the alliance engine's flags.
 */
import type { Alliance, ChallengeFlag, RuptureMarker } from '../../../schemas/alliance.js';
import type { MomentSeverity, SupervisionMoment } from '../../../schemas/supervision.js';
import { ACKNOWLEDGES_RUPTURE, ADJUSTS_COURSE, ASKS_FEEDBACK, repairMoveOf } from '../alliance/ruptures.js';
import type { CodedSession, CodedTurn } from '../metrics/coded-session.js';
import { citing, turnIds } from './phrasing.js';
import { ALTERNATIVES, MARKER_WORDS, RUPTURE_ALTERNATIVES, WHY } from './wording.js';

/** What a therapist turn did, from its behaviour codes, in a supervisor's words. */
function responseWords(turn: CodedTurn): string {
  const codes = turn.therapist!;
  if (codes.reflections.complex > 0) return 'a complex reflection';
  if (codes.reflections.simple > 0) return 'a simple reflection';
  if (codes.questions.open > 0) return 'an open question';
  if (codes.questions.closed > 0) return 'a closed question';
  if (codes.advice !== null) return 'advice';
  if (codes.confrontation) return 'a confrontation';
  if (codes.information) return 'information';
  if (codes.affirmation) return 'an affirmation';
  if (codes.primary === 'input') return 'information or advice';
  return turn.words > 25 ? 'a long turn that neither asked nor reflected' : 'a turn that neither asked nor reflected';
}

function repairWords(turn: CodedTurn): string {
  const move = repairMoveOf(turn);
  if (move === ACKNOWLEDGES_RUPTURE) return 'acknowledging it';
  if (move === ASKS_FEEDBACK) return "inviting the client's feedback";
  if (move === ADJUSTS_COURSE) return 'changing course';
  return "reflecting the client's experience of the therapy";
}

function nextTherapistTurn(session: CodedSession, index: number): CodedTurn | undefined {
  for (let i = index + 1; i < session.turns.length; i++) if (session.turns[i]!.turn.role === 'therapist') return session.turns[i];
  return undefined;
}

function ruptureMoment(session: CodedSession, byId: ReadonlyMap<string, CodedTurn>, marker: RuptureMarker): SupervisionMoment | null {
  const at = byId.get(marker.turnId);
  if (!at) return null;
  const next = nextTherapistTurn(session, at.index);
  const repair = marker.repairTurnId === undefined ? undefined : byId.get(marker.repairTurnId);
  const repaired = marker.repaired && repair !== undefined;
  const known = new Set(byId.keys());
  const evidence = citing(marker.turnId, turnIds(known, next?.turn.id, repair?.turn.id));
  const heard = `At ${marker.turnId} the client ${MARKER_WORDS[marker.marker] ?? 'pulled back from the work'} (a ${marker.kind} marker).`;
  const response = next ? ` The therapist's next response, at ${next.turn.id}, was ${responseWords(next)}` : ' The therapist did not speak again';
  const outcome = repaired
    ? `${next ? ';' : ','} the therapist repaired the rupture at ${repair.turn.id} by ${repairWords(repair)}.`
    : `${next ? ',' : ''} and no repair move (acknowledging it, inviting the client's view, changing course) followed within three therapist turns.`;
  const severity: MomentSeverity = repaired ? 'low' : marker.kind === 'confrontation' ? 'high' : 'medium';
  const withdrawal = marker.kind === 'withdrawal' && marker.marker !== 'topic_shift';
  return {
    domain: 'relationship',
    kind: 'rupture',
    severity,
    turnId: marker.turnId,
    evidence,
    what: `${heard}${response}${outcome}`,
    whyItMatters: repaired ? WHY.repairedRupture : WHY.unrepairedRupture,
    alternative: repaired ? null : (RUPTURE_ALTERNATIVES[withdrawal ? 'withdrawal' : marker.marker] ?? RUPTURE_ALTERNATIVES.withdrawal!),
    rupture: {
      kind: marker.kind,
      marker: marker.marker,
      repaired,
      ...(repaired ? { repairTurnId: repair.turn.id } : {}),
      ...(next ? { nextTherapistTurnId: next.turn.id } : {}),
    },
  };
}

const FLAG_SEVERITY: Record<ChallengeFlag['severity'], MomentSeverity> = { high: 'high', medium: 'medium', low: 'low' };

/** Flags whose evidence names client turns the next therapist turns did not take up. */
const MISSED: Partial<Record<ChallengeFlag['type'], { what: (n: number) => string; why: string; alternative: string; minSeverity: ChallengeFlag['severity'] }>> = {
  overemphasis_on_technique: {
    what: (n) => `expressed a feeling, and the therapist's next turn went on with the technique without acknowledging it${n > 1 ? ` (${n} such turns)` : ''}`,
    why: WHY.missedEmotion,
    alternative: ALTERNATIVES.meetTheFeeling,
    minSeverity: 'low',
  },
  miscommunication: {
    what: (n) => `corrected the therapist or said they were confused${n > 1 ? ` (${n} such turns)` : ''}`,
    why: WHY.misunderstanding,
    alternative: ALTERNATIVES.checkUnderstanding,
    minSeverity: 'low',
  },
  cultural_differences: {
    what: (n) => `raised culture, faith, family expectations, migration or language, and the next therapist turns did not explore it${n > 1 ? ` (${n} such turns)` : ''}`,
    why: WHY.culture,
    alternative: ALTERNATIVES.exploreCulture,
    // A low cultural flag means every mention was explored, or there was a single passing one.
    minSeverity: 'medium',
  },
};
const RANK = { low: 0, medium: 1, high: 2 } as const;

function missedMoment(session: CodedSession, byId: ReadonlyMap<string, CodedTurn>, flag: ChallengeFlag): SupervisionMoment | null {
  const rule = MISSED[flag.type];
  if (!rule || RANK[flag.severity] < RANK[rule.minSeverity]) return null;
  const clientTurns = [...new Set(flag.evidence.map((e) => e.turnId))].map((id) => byId.get(id)).filter((t): t is CodedTurn => t?.turn.role === 'client');
  const first = clientTurns[0];
  if (!first) return null;
  const next = nextTherapistTurn(session, first.index);
  const known = new Set(byId.keys());
  return {
    domain: 'relationship',
    kind: 'missed_follow_up',
    severity: FLAG_SEVERITY[flag.severity],
    turnId: first.turn.id,
    evidence: citing(first.turn.id, turnIds(known, next?.turn.id, clientTurns.slice(1).map((t) => t.turn.id))),
    what: `At ${first.turn.id} the client ${rule.what(clientTurns.length)}${next ? `; the therapist's next response, at ${next.turn.id}, was ${responseWords(next)}` : ''}.`,
    whyItMatters: rule.why,
    alternative: rule.alternative,
  };
}

const SEVERITY_RANK: Record<MomentSeverity, number> = { high: 0, medium: 1, low: 2, none: 3 };

/** Ruptures and missed follow-ups, the most serious first (a repaired rupture last, as the strength it is). */
export function relationshipMoments(session: CodedSession, alliance: Alliance): SupervisionMoment[] {
  const byId = new Map(session.turns.map((t) => [t.turn.id, t] as const));
  const moments = [
    ...alliance.ruptureMarkers.map((m) => ruptureMoment(session, byId, m)),
    ...alliance.flags.map((f) => missedMoment(session, byId, f)),
  ].filter((m): m is SupervisionMoment => m !== null);
  return moments.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || Number(a.turnId.slice(1)) - Number(b.turnId.slice(1)));
}
