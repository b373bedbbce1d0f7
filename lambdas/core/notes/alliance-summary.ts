/**
 * The alliance engine's findings in a clinician's words: the overall picture, the strongest and weakest
 * dimension, the challenge flags with their severity, and ruptures with whether they were repaired.
 */
import type { DimensionName, FlagType } from '../../../schemas/alliance.js';
import type { NoteSentence } from '../../../schemas/note.js';
import type { NoteContext } from './context.js';
import { capitalise, firstIds, gap, joinClauses, numberWord, sentence } from './phrasing.js';

const DIMENSION_WORDS: Record<DimensionName, string> = {
  therapeuticFramework: 'therapeutic framework (collaborative, non-confrontational stance)',
  sessionManagement: 'session management (structure and talk balance)',
  therapeuticRelationship: 'therapeutic relationship (reflection, validation and warmth)',
  therapeuticProcess: 'therapeutic process (balance of questions and reflections)',
  collaborativeProgress: 'collaborative progress (shared goals, feedback and change talk)',
};

const FLAG_WORDS: Record<FlagType, string> = {
  client_resistance: 'client resistance',
  emotional_withdrawal: 'emotional withdrawal',
  overemphasis_on_technique: 'overemphasis on technique',
  miscommunication: 'miscommunication',
  cultural_differences: 'cultural differences not explored',
  lack_of_engagement: 'limited client engagement',
  therapist_burnout: 'possible therapist fatigue',
  therapeutic_rupture: 'therapeutic rupture',
};

/** Bands for a 0-100 alliance score; the scale is the engine's, the words are for the note. */
function band(score: number): string {
  if (score >= 75) return 'strong';
  if (score >= 60) return 'adequate';
  if (score >= 45) return 'mixed';
  return 'weak';
}

export function allianceSummary(ctx: NoteContext): NoteSentence[] {
  const { alliance, transcript } = ctx;
  const span = [transcript.turns[0]!.id, ctx.lastId];
  if (alliance.overall.abstained || alliance.overall.score === null) {
    // Nothing was rated, so there is no turn to point at: these say what the note does not contain.
    const why = alliance.overall.abstentionReason ?? 'the session could not be scored';
    return [gap(`The therapeutic alliance was not rated for this session because ${why}.`), gap('No alliance scores or flags should be read into this note.')];
  }
  const scored = (Object.keys(alliance.dimensions) as DimensionName[])
    .map((name) => ({ name, d: alliance.dimensions[name] }))
    .filter((x) => !x.d.abstained && x.d.score !== null)
    .sort((a, b) => b.d.score! - a.d.score!);
  const strongest = scored[0];
  const weakest = scored.at(-1);
  const cited = (...dims: (typeof scored)[number][]) => dims.flatMap((x) => firstIds(x.d.evidence.map((e) => e.turnId), 2));
  // A dimension can be scored on what did not happen (no unsolicited advice) and carry no quote; the
  // sentence then points at the other dimensions' evidence, and at the whole session only when none has any.
  const evidenceFor = (...dims: (typeof scored)[number][]) => {
    const own = cited(...dims);
    if (own.length > 0) return own;
    const any = firstIds(cited(...scored), 3);
    return any.length > 0 ? any : span;
  };
  const out: NoteSentence[] = [];
  const overall = alliance.overall.score;
  if (strongest && weakest && strongest.name !== weakest.name) {
    out.push(
      sentence(
        `The therapeutic alliance appeared ${band(overall)} (${overall}/100), strongest in ${DIMENSION_WORDS[strongest.name]} at ${strongest.d.score} and weakest in ${DIMENSION_WORDS[weakest.name]} at ${weakest.d.score}.`,
        evidenceFor(strongest, weakest),
      ),
    );
  } else {
    out.push(sentence(`The therapeutic alliance appeared ${band(overall)} (${overall}/100).`, strongest ? evidenceFor(strongest) : span));
  }
  const flags = alliance.flags.filter((f) => f.type !== 'therapeutic_rupture');
  if (flags.length > 0) {
    const listed = flags.map((f) => `${FLAG_WORDS[f.type]} (${f.severity})`);
    out.push(sentence(`${capitalise(flags.length === 1 ? 'a challenge was' : 'challenges were')} flagged for supervision: ${joinClauses(listed)}.`, flags.flatMap((f) => firstIds(f.evidence.map((e) => e.turnId), 2))));
  }
  const markers = alliance.ruptureMarkers;
  if (markers.length > 0) {
    const count = (kind: string) => markers.filter((m) => m.kind === kind).length;
    const confrontations = count('confrontation');
    const withdrawals = count('withdrawal');
    const kinds = joinClauses([
      ...(confrontations === 0 ? [] : [confrontations === 1 ? 'a confrontation rupture' : `${numberWord(confrontations)} confrontation ruptures`]),
      ...(withdrawals === 0 ? [] : [withdrawals === 1 ? 'a withdrawal episode' : `${numberWord(withdrawals)} withdrawal episodes`]),
    ]);
    const repaired = markers.filter((m) => m.repaired);
    const one = markers.length === 1;
    const outcome =
      repaired.length === markers.length ? `Therapist repaired ${one ? 'it' : 'them'} within a few turns`
      : repaired.length === 0 ? `${one ? 'it was' : 'they were'} not repaired in the session`
      : 'only some of them were repaired';
    out.push(sentence(`${capitalise(kinds)} ${markers.length === 1 ? 'was' : 'were'} identified, and ${outcome}.`, [...markers.map((m) => m.turnId), ...repaired.map((m) => m.repairTurnId!).filter(Boolean)]));
  } else if (flags.length === 0) {
    out.push(gap('No challenge flags or rupture markers were identified.'));
  }
  return out;
}
