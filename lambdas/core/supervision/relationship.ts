/**
 * The relationship: ruptures (Safran & Muran; the 3RS markers the alliance engine found) with what they were
 * aimed at, the therapist's next response and whether it was repaired (a repair is a strength, named by its
 * move), and the moments the client brought something the next turns did not take up (a feeling met with
 * technique, a correction, cultural content left unexplored), read from the alliance engine's flags.
 */
import type { Alliance, ChallengeFlag, RuptureMarker } from '../../../schemas/alliance.js';
import type { MomentSeverity, SupervisionMoment } from '../../../schemas/supervision.js';
import { ACKNOWLEDGES_RUPTURE, ADJUSTS_COURSE, ASKS_FEEDBACK } from '../alliance/ruptures.js';
import type { CodedTurn } from '../metrics/coded-session.js';
import { cultureAlternative, feelingAlternative, fill, ruptureAlternative, understandingAlternative, type RuptureTarget } from './alternatives.js';
import { feelingIn, moveOf, nextTherapistTurn, previousTherapistTurn, responseWords, taskAt, taskIn, topicAt, type SessionContext } from './context.js';
import { byTurn, citing, SEVERITY_RANK, turnIds } from './phrasing.js';
import { MARKER_WORDS, MOVE_WORDS, REPAIR_WORDS, TARGET_WORDS, WHY } from './wording.js';

type RepairKind = keyof typeof REPAIR_WORDS;
/** The marker as the alliance writes it; `target` and `repairKind` are absent on results written before them. */
type Marker = RuptureMarker & { target?: RuptureTarget; repairKind?: RepairKind };

/**
 * What a confrontation was aimed at, when the alliance did not say: the marker's own target, or for "this isn't
 * helping" the task when one was named in it or just proposed, and otherwise the therapy.
 */
function targetOf(ctx: SessionContext, marker: Marker, at: CodedTurn): RuptureTarget | undefined {
  if (marker.target !== undefined) return marker.target;
  if (marker.kind !== 'confrontation') return undefined;
  if (marker.marker === 'criticises_therapist' || marker.marker === 'feels_misunderstood') return 'therapist';
  if (marker.marker === 'refuses_task' || marker.marker === 'refuses_topic') return 'task';
  if (marker.marker === 'challenges_helpfulness') return taskIn(at) !== null || taskIn(previousTherapistTurn(ctx, at.index)) !== null ? 'task' : 'therapy';
  return undefined;
}

/** The repair move of a turn (3RS), when the alliance did not name it. */
function repairKindOf(marker: Marker, repair: CodedTurn): RepairKind {
  if (marker.repairKind !== undefined) return marker.repairKind;
  if (/\b(?:sorry|apologi[sz]e)\b/.test(repair.norm)) return 'apologising';
  if (ACKNOWLEDGES_RUPTURE.test(repair.norm)) return 'owning';
  if (ASKS_FEEDBACK.test(repair.norm)) return 'inviting_feedback';
  if (ADJUSTS_COURSE.test(repair.norm)) return 'changing_course';
  return 'reflecting';
}

function ruptureMoment(ctx: SessionContext, marker: Marker): SupervisionMoment | null {
  const at = ctx.byId.get(marker.turnId);
  if (!at) return null;
  const next = nextTherapistTurn(ctx, at.index);
  const repair = marker.repairTurnId === undefined ? undefined : ctx.byId.get(marker.repairTurnId);
  const repaired = marker.repaired && repair !== undefined;
  const target = targetOf(ctx, marker, at);
  const task = taskAt(ctx, at.index);
  const aimed = target === undefined ? '' : ` aimed at ${TARGET_WORDS[target]}${target === 'task' && task ? `, ${task}` : ''}`;
  const aimedTitle = target === undefined ? '' : ` aimed at ${TARGET_WORDS[target]}${target === 'task' && task ? ` (${task})` : ''}`;
  const evidence = citing(marker.turnId, turnIds(ctx.known, next?.turn.id, repair?.turn.id));
  const heard = `At ${marker.turnId} the client ${MARKER_WORDS[marker.marker] ?? 'pulled back from the work'} (a ${marker.kind} marker${aimed}).`;
  const response = next ? ` The therapist's next response, at ${next.turn.id}, was ${responseWords(next)}` : ' The therapist did not speak again';
  const detail = {
    kind: marker.kind,
    marker: marker.marker,
    ...(target ? { target } : {}),
    repaired,
    ...(next ? { nextTherapistTurnId: next.turn.id } : {}),
  };
  if (repaired) {
    const kind = repairKindOf(marker, repair);
    return {
      domain: 'relationship',
      kind: 'strength',
      severity: 'none',
      title: `a ${marker.kind}${aimedTitle} at ${marker.turnId}, repaired at ${repair.turn.id} by ${REPAIR_WORDS[kind]}`,
      turnId: marker.turnId,
      evidence,
      what: `${heard}${response}${next ? ';' : ','} the therapist repaired the rupture at ${repair.turn.id} by ${REPAIR_WORDS[kind]}.`,
      whyItMatters: WHY.repairedRupture,
      alternative: null,
      rupture: { ...detail, repairTurnId: repair.turn.id, repairKind: kind },
    };
  }
  const severity: MomentSeverity = marker.kind === 'confrontation' ? 'high' : 'medium';
  const previousClient = [...ctx.session.clientTurns].reverse().find((t) => t.index < at.index);
  return {
    domain: 'relationship',
    kind: 'rupture',
    severity,
    title: `an unrepaired ${marker.kind}${aimedTitle} at ${marker.turnId}`,
    turnId: marker.turnId,
    evidence,
    what: `${heard}${response}${next ? ',' : ''} and no repair move (acknowledging it, inviting the client's view, changing course) followed within three therapist turns.`,
    whyItMatters: WHY.unrepairedRupture,
    alternative: ruptureAlternative({
      kind: marker.kind,
      marker: marker.marker,
      target,
      next: moveOf(next),
      before: moveOf(previousTherapistTurn(ctx, at.index)),
      task,
      topic: topicAt(ctx, at) ?? topicAt(ctx, previousClient),
      behaviour: ctx.behaviour,
      modality: ctx.modality,
    }),
    rupture: detail,
  };
}

const FLAG_SEVERITY: Record<ChallengeFlag['severity'], MomentSeverity> = { high: 'high', medium: 'medium', low: 'low' };

interface Missed {
  what: (n: number) => string;
  title: (first: CodedTurn) => string;
  why: string;
  alternative: (ctx: SessionContext, first: CodedTurn, next: CodedTurn | undefined) => string;
  minSeverity: ChallengeFlag['severity'];
}

/** Flags whose evidence names client turns the next therapist turns did not take up. */
const MISSED: Partial<Record<ChallengeFlag['type'], Missed>> = {
  overemphasis_on_technique: {
    what: (n) => `expressed a feeling, and the therapist's next turn went on with the technique without acknowledging it${n > 1 ? ` (${n} such turns)` : ''}`,
    title: (first) => `the client's ${feelingIn(first)?.label ?? 'feeling'} at ${first.turn.id}, moved past for the technique`,
    why: WHY.missedEmotion,
    alternative: (ctx, first, next) =>
      feelingAlternative(feelingIn(first), moveOf(next), next ? taskAt(ctx, next.index) : taskAt(ctx, first.index), ctx.modality),
    minSeverity: 'low',
  },
  miscommunication: {
    what: (n) => `corrected the therapist or said they were confused${n > 1 ? ` (${n} such turns)` : ''}`,
    title: (first) => `the client's corrections from ${first.turn.id}`,
    why: WHY.misunderstanding,
    alternative: (ctx, first) => understandingAlternative(topicAt(ctx, first)),
    minSeverity: 'low',
  },
  cultural_differences: {
    what: (n) =>
      `raised culture, faith, family expectations, migration or language, and the next therapist turns did not explore it${n > 1 ? ` (${n} such turns)` : ''}`,
    title: (first) => `cultural content raised at ${first.turn.id} and left unexplored`,
    why: WHY.culture,
    alternative: (ctx, first) => cultureAlternative(topicAt(ctx, first)),
    // A low cultural flag means every mention was explored, or there was a single passing one.
    minSeverity: 'medium',
  },
};
const RANK = { low: 0, medium: 1, high: 2 } as const;

function missedMoment(ctx: SessionContext, flag: ChallengeFlag): SupervisionMoment | null {
  const rule = MISSED[flag.type];
  if (!rule || RANK[flag.severity] < RANK[rule.minSeverity]) return null;
  const clientTurns = [...new Set(flag.evidence.map((e) => e.turnId))].map((id) => ctx.byId.get(id)).filter((t): t is CodedTurn => t?.turn.role === 'client');
  const first = clientTurns[0];
  if (!first) return null;
  const next = nextTherapistTurn(ctx, first.index);
  const move = moveOf(next);
  const then =
    next === undefined
      ? ''
      : move === 'technique' || move === 'subject_change' || move === 'reassurance'
        ? `; the therapist's next response, at ${next.turn.id}, ${fill(MOVE_WORDS[move], { task: taskAt(ctx, next.index) ?? 'the exercise' })}`
        : `; the therapist's next response, at ${next.turn.id}, was ${responseWords(next)}`;
  return {
    domain: 'relationship',
    kind: 'missed_follow_up',
    severity: FLAG_SEVERITY[flag.severity],
    title: rule.title(first),
    turnId: first.turn.id,
    evidence: citing(
      first.turn.id,
      turnIds(
        ctx.known,
        next?.turn.id,
        clientTurns.slice(1).map((t) => t.turn.id),
      ),
    ),
    what: `At ${first.turn.id} the client ${rule.what(clientTurns.length)}${then}.`,
    whyItMatters: rule.why,
    alternative: rule.alternative(ctx, first, next),
  };
}

/** Ruptures and missed follow-ups, the most serious first; repaired ruptures are strengths, after them. */
export function relationshipMoments(ctx: SessionContext, alliance: Alliance): SupervisionMoment[] {
  const moments = [...alliance.ruptureMarkers.map((m) => ruptureMoment(ctx, m)), ...alliance.flags.map((f) => missedMoment(ctx, f))].filter(
    (m): m is SupervisionMoment => m !== null,
  );
  return moments.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || byTurn(a.turnId, b.turnId));
}
