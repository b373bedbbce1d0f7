/**
 * Safety: each risk disclosure (an episode of the risk detector, C-SSRS-aligned) and what the therapist
 * asked about it. A disclosure whose screener items went unasked, or whose level calls for follow-up, is a
 * `risk_follow_up` moment naming the items and offering the questions; one assessed in full is a strength.
 * A thorough assessment is never a penalty.
 */
import type { RiskEpisode, RiskReport } from '../../../schemas/risk.js';
import type { MomentSeverity, SupervisionMoment } from '../../../schemas/supervision.js';
import { RISK_CATEGORY_LABELS } from '../risk/labels.js';
import { atTurns, capitalise, citing, joinClauses, turnIds } from './phrasing.js';
import { ITEM_WORDS, riskAlternative, RISK_WHY, WHY } from './wording.js';

/**
 * The detector's triage level, raised when nothing was asked: ideation on the C-SSRS ladder that drew no
 * question at all is the miss supervision exists to catch, whatever its level.
 */
function severityOf(episode: RiskEpisode): MomentSeverity {
  const unasked = episode.assessment.status === 'not_assessed';
  if (episode.level === 'high' || (unasked && (episode.level === 'moderate' || episode.cssrsLevel !== null))) return 'high';
  const partlyAskedIdeation = episode.assessment.status === 'partial' && episode.cssrsLevel !== null;
  return episode.level === 'moderate' || unasked || partlyAskedIdeation ? 'medium' : 'low';
}

const SEVERITY_RANK: Record<MomentSeverity, number> = { high: 0, medium: 1, low: 2, none: 3 };

function disclosed(episode: RiskEpisode, at: readonly string[]): string {
  const what = joinClauses([...new Set(episode.categories.map((c) => RISK_CATEGORY_LABELS[c]))]);
  return `The client disclosed ${what} at ${atTurns(at)}.`;
}

function askedText(episode: RiskEpisode, known: ReadonlySet<string>): string {
  const asked = episode.assessment.asked;
  if (asked.length === 0) return ' No question about it was heard.';
  const items = [...new Set(asked.map((q) => ITEM_WORDS[q.item]))];
  return ` The therapist asked about ${joinClauses(items)}, at ${atTurns(turnIds(known, asked.map((q) => q.turnId)))}.`;
}

function momentOf(episode: RiskEpisode, known: ReadonlySet<string>): SupervisionMoment | null {
  const at = turnIds(known, episode.turnIds);
  const first = at[0];
  if (first === undefined) return null;
  const evidence = citing(first, turnIds(known, at, episode.assessment.asked.map((q) => q.turnId)), 8);
  const { status, notAsked } = episode.assessment;
  const risk = { domain: episode.domain, status, asked: [...new Set(episode.assessment.asked.map((q) => q.item))], notAsked: [...notAsked] };
  if (status === 'assessed' && !episode.followUpRequired) {
    const still = notAsked.length === 0 ? '' : ` Still to ask another time: ${joinClauses(notAsked.map((i) => ITEM_WORDS[i]))}.`;
    return {
      domain: 'safety',
      kind: 'strength',
      severity: 'none',
      turnId: first,
      evidence,
      what: `${disclosed(episode, at)}${askedText(episode, known)} That covers what the screener asks for this disclosure.${still}`,
      whyItMatters: WHY.assessedRisk,
      alternative: null,
      risk,
    };
  }
  const missing =
    notAsked.length > 0
      ? ` ${capitalise(joinClauses(notAsked.map((i) => ITEM_WORDS[i])))} ${notAsked.length === 1 ? 'was' : 'were'} not asked.`
      : ` The screener items were asked, and the ${episode.level} level still calls for follow-up: a safety plan and the next contact agreed before the client leaves.`;
  return {
    domain: 'safety',
    kind: 'risk_follow_up',
    severity: severityOf(episode),
    turnId: first,
    evidence,
    what: `${disclosed(episode, at)}${askedText(episode, known)}${missing}`,
    whyItMatters: RISK_WHY[episode.domain],
    alternative: riskAlternative(episode.domain, notAsked),
    risk,
  };
}

/** The therapist turns that asked about a disclosure: technique counts leave them out. */
export function assessmentTurns(risk: RiskReport): Set<string> {
  return new Set(risk.episodes.flatMap((e) => e.assessment.asked.map((q) => q.turnId)));
}

/** Follow-ups first (the most serious first), then disclosures assessed in full. */
export function safetyMoments(risk: RiskReport, known: ReadonlySet<string>): SupervisionMoment[] {
  return risk.episodes
    .map((e) => momentOf(e, known))
    .filter((m): m is SupervisionMoment => m !== null)
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}
