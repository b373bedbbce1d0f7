/**
 * Safety: each risk disclosure (an episode of the risk detector, C-SSRS-aligned) and what the therapist
 * asked about it. A disclosure whose screener items went unasked, or whose level calls for follow-up, is a
 * `risk_follow_up` moment naming the items and offering the questions; one assessed in full is a strength.
 * A thorough assessment is never a penalty.
 */
import type { AssessmentItem, RiskEpisode, RiskReport } from '../../../schemas/risk.js';
import type { MomentSeverity, SupervisionMoment } from '../../../schemas/supervision.js';
import type { CodedTurn } from '../metrics/coded-session.js';
import { ASSESSMENT_ITEM_LABELS, RISK_CATEGORY_LABELS } from '../risk/labels.js';
import { fill, riskAlternativeFor } from './alternatives.js';
import { moveOf, nextTherapistTurn, taskAt, type SessionContext } from './context.js';
import { atTurns, capitalise, citing, joinClauses, plural, SEVERITY_RANK, turnIds } from './phrasing.js';
import { ITEM_WORDS, MOVE_WORDS, NEXT_CONTACT_QUESTION, riskQuestions, RISK_WHY, WHY } from './wording.js';

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

function disclosed(episode: RiskEpisode, at: readonly string[]): string {
  const what = joinClauses([...new Set(episode.categories.map((c) => RISK_CATEGORY_LABELS[c]))]);
  return `The client disclosed ${what} at ${atTurns(at)}.`;
}

function askedText(episode: RiskEpisode, known: ReadonlySet<string>): string {
  const asked = episode.assessment.asked;
  if (asked.length === 0) return ' No question about it was heard.';
  const items = [...new Set(asked.map((q) => ITEM_WORDS[q.item]))];
  return ` The therapist asked about ${joinClauses(items)}, at ${atTurns(
    turnIds(
      known,
      asked.map((q) => q.turnId),
    ),
  )}.`;
}

/** The screener's items in a title: a few by name, the rest counted. */
function itemsTitle(notAsked: readonly AssessmentItem[]): string {
  const named = notAsked.slice(0, notAsked.length > 3 ? 2 : 3).map((i) => ASSESSMENT_ITEM_LABELS[i]);
  const rest = notAsked.length - named.length;
  return rest > 0 ? `${named.join(', ')} and ${plural(rest, 'other item')}` : joinClauses(named);
}

/** Where the therapist left the disclosure: their first turn after it and after the last question about it. */
function leftAt(ctx: SessionContext, episode: RiskEpisode, at: readonly string[]): CodedTurn | undefined {
  const ids = [...at, ...episode.assessment.asked.map((q) => q.turnId)].filter((id) => ctx.byId.has(id));
  const last = Math.max(...ids.map((id) => ctx.byId.get(id)!.index));
  return nextTherapistTurn(ctx, last);
}

/** The categories of a disclosure for a title: at most two, the warning sign left out beside ideation. */
function categoriesTitle(episode: RiskEpisode): string {
  const all = [...new Set(episode.categories)];
  const named = (all.length > 1 ? all.filter((c) => c !== 'hopelessness') : all).map((c) => RISK_CATEGORY_LABELS[c]);
  return named.length > 2 ? `${named.slice(0, 2).join(', ')} and more` : joinClauses(named);
}

/**
 * A disclosure's moments: a strength when the screener's items were all asked (a thorough assessment is good
 * care), and a follow-up when items went unasked or the level still calls for one, the follow-up first.
 */
function momentsOf(ctx: SessionContext, episode: RiskEpisode): SupervisionMoment[] {
  const { known } = ctx;
  const at = turnIds(known, episode.turnIds);
  const first = at[0];
  if (first === undefined) return [];
  const evidence = citing(
    first,
    turnIds(
      known,
      at,
      episode.assessment.asked.map((q) => q.turnId),
    ),
    8,
  );
  const { status, notAsked } = episode.assessment;
  const askedItems = [...new Set(episode.assessment.asked.map((q) => q.item))];
  const risk = { domain: episode.domain, status, asked: askedItems, notAsked: [...notAsked] };
  const categories = categoriesTitle(episode);
  const out: SupervisionMoment[] = [];
  if (episode.followUpRequired || status !== 'assessed') {
    const missing =
      notAsked.length > 0
        ? ` ${capitalise(joinClauses(notAsked.map((i) => ITEM_WORDS[i])))} ${notAsked.length === 1 ? 'was' : 'were'} not asked.`
        : ` The screener items were asked, and the ${episode.level} level still calls for follow-up: ${askedItems.includes('safety_plan') ? 'the next contact and the level of care' : 'a safety plan and the next contact'} agreed before the client leaves.`;
    const left = leftAt(ctx, episode, at);
    const move = moveOf(left);
    const task = left ? taskAt(ctx, left.index) : null;
    const then = left && move !== 'other' ? ` Then the therapist ${fill(MOVE_WORDS[move], { task: task ?? 'the exercise' })}, at ${left.turn.id}.` : '';
    const title =
      status === 'not_assessed'
        ? `the disclosure of ${categories} at ${first}, which drew no question`
        : notAsked.length > 0
          ? `the disclosure of ${categories} at ${first}, with ${itemsTitle(notAsked)} not asked`
          : `the ${episode.level} risk disclosed at ${first}, still needing ${askedItems.includes('safety_plan') ? 'the next contact agreed' : 'a safety plan'}`;
    const questions =
      notAsked.length === 0 && askedItems.includes('safety_plan')
        ? [NEXT_CONTACT_QUESTION]
        : riskQuestions(episode.domain, notAsked, ctx.modality === 'psychiatric');
    out.push({
      domain: 'safety',
      kind: 'risk_follow_up',
      severity: severityOf(episode),
      title,
      turnId: first,
      evidence: left ? citing(first, turnIds(known, evidence, left.turn.id), 8) : evidence,
      what: `${disclosed(episode, at)}${askedText(episode, known)}${missing}${then}`,
      whyItMatters: RISK_WHY[episode.domain],
      alternative: riskAlternativeFor(move, task, ctx.modality, questions),
      risk,
    });
  }
  if (status === 'assessed') {
    const still = notAsked.length === 0 ? '' : ` Still to ask another time: ${joinClauses(notAsked.map((i) => ITEM_WORDS[i]))}.`;
    out.push({
      domain: 'safety',
      kind: 'strength',
      severity: 'none',
      title: `the disclosure of ${categories} at ${first}, assessed in full`,
      turnId: first,
      evidence,
      what: `${disclosed(episode, at)}${askedText(episode, known)} That covers what the screener asks for this disclosure.${still}`,
      whyItMatters: WHY.assessedRisk,
      alternative: null,
      risk,
    });
  }
  return out;
}

/** The therapist turns that asked about a disclosure: technique counts leave them out. */
export function assessmentTurns(risk: RiskReport): Set<string> {
  return new Set(risk.episodes.flatMap((e) => e.assessment.asked.map((q) => q.turnId)));
}

/** Follow-ups first (the most serious first), then disclosures assessed in full. */
export function safetyMoments(ctx: SessionContext): SupervisionMoment[] {
  return ctx.risk.episodes.flatMap((e) => momentsOf(ctx, e)).sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}
