/**
 * The report's summary for the supervisor, at the top: two to four cited sentences. The alliance's band and
 * what it means, with the kind of work it was read against; the first thing to discuss (safety first, as the
 * moments are ordered); one strength to keep. Written from the moments and the alliance already in the report,
 * so it says nothing the report does not.
 */
import { allianceBandOf, type Alliance, type AllianceBand } from '../../../schemas/alliance.js';
import type { NoteSentence } from '../../../schemas/note.js';
import type { SupervisionAlliance, SupervisionModality, SupervisionMoment } from '../../../schemas/supervision.js';
import { capitalise, finding, gap } from './phrasing.js';

/** What each band means to a supervisor (schemas/alliance.ts `AllianceBandSchema`). */
export const BAND_MEANING: Record<AllianceBand, string> = {
  strong: 'clear, consistent evidence of a working alliance',
  adequate: 'a working alliance with room to grow',
  mixed: 'evidence both ways, worth a look',
  weak: 'strain outweighs the alliance, worth supervision',
};

/** The kind of work, and the norms the report held it to. */
export const MODALITY_SUMMARY: Record<SupervisionModality, string> = {
  mi: 'motivational interviewing, with the MITI thresholds as its norms',
  supportive: 'supportive counselling, with the MITI thresholds as MI reference points',
  peer_support: 'a peer-support chat, with the MITI thresholds as MI reference points',
  cbt: "structured CBT, judged by agenda, feedback and collaboration rather than MI's reflection counts",
  psychiatric: "a medication follow-up, judged by shared decisions and side-effect concerns heard rather than MI's reflection counts",
  crisis: "crisis work, judged by risk assessment, safety planning and validation rather than MI's reflection counts",
};

export const SUMMARY_WORDS = {
  first: 'First to discuss: {title}.',
  nothingFirst: 'No moment in this session calls for discussion ahead of the others.',
  strength: 'A strength to keep: {strength}.',
} as const;

function titleOf(m: SupervisionMoment): string {
  return m.title ?? `the ${m.kind.replace(/_/g, ' ')} at ${m.turnId}`;
}

/**
 * @param span the session's first and last turn ids: what a sentence about the whole session cites when the
 * alliance names no turn.
 */
export function reportSummary(
  alliance: Alliance,
  written: SupervisionAlliance,
  moments: readonly SupervisionMoment[],
  modality: SupervisionModality | undefined,
  span: readonly string[],
): NoteSentence[] {
  const out: NoteSentence[] = [];
  const readAs = modality === undefined ? '' : `; the session reads as ${MODALITY_SUMMARY[modality]}`;
  const score = alliance.overall.score;
  if (alliance.overall.abstained || score === null) {
    const why = alliance.overall.abstentionReason ?? 'the session could not be scored';
    out.push(gap(`The alliance was not rated (${why}).`));
  } else {
    const band = allianceBandOf(score)!;
    const cited = written.summary[0]?.evidence ?? [];
    out.push(finding(`The alliance was ${band} (${score}/100), ${BAND_MEANING[band]}${readAs}.`, cited.length > 0 ? cited : span));
  }
  const first = moments.find((m) => m.kind !== 'strength');
  out.push(first ? finding(SUMMARY_WORDS.first.replace('{title}', titleOf(first)), first.evidence) : gap(SUMMARY_WORDS.nothingFirst));
  const kept = moments.find((m) => m.kind === 'strength');
  if (kept) out.push(finding(capitalise(SUMMARY_WORDS.strength.replace('{strength}', titleOf(kept))), kept.evidence));
  return out;
}
