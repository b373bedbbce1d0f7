/**
 * The alliance in the supervision report: the five dimension scores with a band, the challenge flags as
 * observable behaviour (never a label about the person), the rupture count, and a few cited sentences: the
 * summary the progress note used to carry, which evaluates the therapist's work and so belongs here.
 */
import { allianceBandOf, type Alliance, type AllianceBand, type ChallengeFlag, type DimensionName, type DimensionScore } from '../../../schemas/alliance.js';
import type { NoteSentence } from '../../../schemas/note.js';
import { SUPERVISION_DIMENSIONS, type SupervisionAlliance, type SupervisionPattern } from '../../../schemas/supervision.js';
import { atTurns, capitalise, finding, gap, joinClauses, turnIds } from './phrasing.js';

/** The engine's flag types as the behaviour each one counts. */
export const PATTERN_OF: Record<ChallengeFlag['type'], SupervisionPattern> = {
  client_resistance: 'client_discord',
  emotional_withdrawal: 'client_withdrawal',
  overemphasis_on_technique: 'technique_before_feeling',
  miscommunication: 'misunderstanding',
  cultural_differences: 'cultural_content_unexplored',
  lack_of_engagement: 'low_client_engagement',
  low_therapist_engagement: 'therapist_attention_lapses',
  therapeutic_rupture: 'rupture',
};

const PATTERN_WORDS: Record<SupervisionPattern, string> = {
  client_discord: 'the client arguing with or discounting the work',
  client_withdrawal: 'the client withdrawing into short answers',
  technique_before_feeling: 'technique ahead of the feelings the client named',
  misunderstanding: 'the client correcting the therapist',
  cultural_content_unexplored: 'cultural content left unexplored',
  low_client_engagement: 'the client speaking little',
  therapist_attention_lapses: 'therapist turns that lost the thread or were flat acknowledgements',
  rupture: 'ruptures',
};

const DIMENSION_WORDS: Record<DimensionName, string> = {
  therapeuticFramework: 'the therapeutic framework (a collaborative, non-confrontational stance)',
  sessionManagement: 'session management (structure and talk balance)',
  therapeuticRelationship: 'the therapeutic relationship (reflection, validation and warmth)',
  therapeuticProcess: 'the therapeutic process (the balance of questions and reflections)',
  collaborativeProgress: 'collaborative progress (shared goals, feedback and change talk)',
};

/** The band of a 0-100 score: the alliance's own bands (schemas/alliance.ts `ALLIANCE_BAND_FLOORS`), one source for both. */
export function bandOf(score: number | null): AllianceBand | null {
  return allianceBandOf(score);
}

function dimensionSummary(d: DimensionScore): SupervisionAlliance['dimensions'][DimensionName] {
  return { score: d.score, abstained: d.abstained, band: d.abstained ? null : bandOf(d.score) };
}

function summary(alliance: Alliance, known: ReadonlySet<string>, span: readonly string[]): NoteSentence[] {
  if (alliance.overall.abstained || alliance.overall.score === null) {
    const why = alliance.overall.abstentionReason ?? 'the session could not be scored';
    return [gap(`The alliance was not rated for this session because ${why}.`)];
  }
  const scored = SUPERVISION_DIMENSIONS.map((name) => ({ name, d: alliance.dimensions[name] }))
    .filter((x) => !x.d.abstained && x.d.score !== null)
    .sort((a, b) => b.d.score! - a.d.score!);
  const cite = (...dims: typeof scored) =>
    turnIds(
      known,
      dims.flatMap((x) => x.d.evidence.slice(0, 2).map((e) => e.turnId)),
    );
  // A dimension scored on what did not happen carries no quote: the sentence then cites the whole session.
  const orSpan = (ids: string[]) => (ids.length > 0 ? ids : [...span]);
  const overall = alliance.overall.score;
  const strongest = scored[0];
  const weakest = scored.at(-1);
  const out: NoteSentence[] = [];
  if (strongest && weakest && strongest.name !== weakest.name) {
    out.push(
      finding(
        `The alliance appeared ${bandOf(overall)} (${overall}/100): strongest in ${DIMENSION_WORDS[strongest.name]} at ${strongest.d.score}, weakest in ${DIMENSION_WORDS[weakest.name]} at ${weakest.d.score}.`,
        orSpan(cite(strongest, weakest)),
      ),
    );
  } else {
    out.push(finding(`The alliance appeared ${bandOf(overall)} (${overall}/100).`, orSpan(strongest ? cite(strongest) : [])));
  }
  const goals = alliance.goalAgreement;
  if (goals && !goals.abstained && goals.score !== null) {
    out.push(
      finding(
        `Agreement on goals and tasks appeared ${bandOf(goals.score)} (${goals.score}/100).`,
        orSpan(
          turnIds(
            known,
            goals.evidence.slice(0, 3).map((e) => e.turnId),
          ),
        ),
      ),
    );
  }
  const flags = alliance.flags.filter((f) => f.type !== 'therapeutic_rupture');
  if (flags.length > 0) {
    const evidence = turnIds(
      known,
      flags.flatMap((f) => f.evidence.slice(0, 2).map((e) => e.turnId)),
    );
    out.push(
      finding(
        `${capitalise(flags.length === 1 ? 'one pattern was' : 'patterns were')} flagged: ${joinClauses(flags.map((f) => `${PATTERN_WORDS[PATTERN_OF[f.type]]} (${f.severity})`))}.`,
        orSpan(evidence),
      ),
    );
  }
  const markers = alliance.ruptureMarkers.filter((m) => known.has(m.turnId));
  if (markers.length > 0) {
    const repaired = markers.filter((m) => m.repaired).length;
    const outcome = repaired === markers.length ? 'each was repaired' : repaired === 0 ? 'none was repaired' : `${repaired} of ${markers.length} were repaired`;
    out.push(
      finding(
        `${markers.length === 1 ? 'One rupture was' : `${markers.length} ruptures were`} heard, and ${markers.length === 1 ? (repaired === 1 ? 'it was repaired' : 'it was not repaired') : outcome}.`,
        turnIds(
          known,
          markers.map((m) => m.turnId),
        ),
      ),
    );
  } else if (flags.length === 0) {
    out.push(gap('No challenge pattern or rupture was identified.'));
  }
  return out;
}

export function allianceOf(alliance: Alliance, known: ReadonlySet<string>, span: readonly string[]): SupervisionAlliance {
  const dimensions = Object.fromEntries(
    SUPERVISION_DIMENSIONS.map((name) => [name, dimensionSummary(alliance.dimensions[name])]),
  ) as SupervisionAlliance['dimensions'];
  const markers = alliance.ruptureMarkers.filter((m) => known.has(m.turnId));
  return {
    overall: {
      score: alliance.overall.score,
      abstained: alliance.overall.abstained,
      ...(alliance.overall.abstentionReason === undefined ? {} : { abstentionReason: alliance.overall.abstentionReason }),
      band: alliance.overall.abstained ? null : bandOf(alliance.overall.score),
    },
    dimensions,
    ...(alliance.goalAgreement === undefined ? {} : { goalAgreement: dimensionSummary(alliance.goalAgreement) }),
    // Described in the report's own words, not the flag's rationale: a model-rated alliance writes its own,
    // and this report must carry no session text whoever scored it.
    patterns: alliance.flags.map((f) => {
      const evidence = turnIds(
        known,
        f.evidence.map((e) => e.turnId),
      );
      const seen = evidence.length > 0 ? `, seen at ${atTurns(evidence)}` : '';
      return {
        pattern: PATTERN_OF[f.type],
        severity: f.severity,
        description: `${capitalise(PATTERN_WORDS[PATTERN_OF[f.type]])} (${f.severity})${seen}.`,
        evidence,
      };
    }),
    ruptures: { total: markers.length, repaired: markers.filter((m) => m.repaired).length },
    summary: summary(alliance, known, span),
  };
}
