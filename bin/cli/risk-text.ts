/**
 * The risk block of the text reports, shown before any score: whether a clinician must review the
 * session, what was disclosed (turn ids and the client's own words: the CLI is the clinician's tool),
 * which C-SSRS questions were heard about each disclosure and which were not, and the denials on record.
 */
import type { AssessmentItem, AssessmentQuestion, RiskCategory, RiskEpisode, RiskFinding, RiskLevel, RiskReport, RiskSummary } from '../../schemas/risk.js';
import type { Transcript } from '../../schemas/transcript.js';
import { RISK_CATEGORY_LABELS } from '../../lambdas/core/risk/labels.js';
import { wrap, type Paint, type Tone } from './terminal.js';

export interface RiskTextOptions {
  paint: Paint;
  width: number;
}

export { RISK_CATEGORY_LABELS } from '../../lambdas/core/risk/labels.js';

const DOMAIN_LABELS: Record<RiskEpisode['domain'], string> = {
  suicide: 'Suicide',
  self_injury: 'Self-injury',
  harm_to_others: 'Harm to others',
  abuse: 'Abuse',
  other: 'Other risk',
};

const ASSESSMENT_LABELS: Record<RiskEpisode['assessment']['status'], string> = {
  assessed: 'assessed',
  partial: 'partial',
  not_assessed: 'not assessed',
};

const LEVEL_TONE: Record<RiskLevel, Tone> = { high: 'poor', moderate: 'fair', low: 'muted' };
const ASSESSMENT_TONE: Record<RiskEpisode['assessment']['status'], Tone> = { assessed: 'good', partial: 'fair', not_assessed: 'poor' };

const ITEM = '  ';
const INDENT = '      ';

const itemLabel = (item: AssessmentItem): string => item.replace(/_/g, ' ');
export const categoryList = (categories: readonly RiskCategory[]): string => categories.map((c) => RISK_CATEGORY_LABELS[c]).join(', ');

/** One line for a summary (`attune run`): review required or not, the highest level and the categories. Never a quote. */
export function riskSummaryLine(summary: RiskSummary, p: Paint): string {
  if (summary.findings === 0) return p.dim(summary.denials > 0 ? `none found · ${denialCount(summary.denials)} documented` : 'none found');
  const level = summary.highestLevel === 'none' ? '' : ` · ${summary.highestLevel}`;
  const head = summary.reviewRequired ? p.bold(p.tone('poor', `review required${level}`)) : `no review required${level}`;
  return `${head} · ${categoryList(summary.categories)}`;
}

function denialCount(n: number): string {
  return `${n} denial${n === 1 ? '' : 's'}`;
}

/** The block the analyze report opens with. */
export function renderRiskBlock(risk: RiskReport, transcript: Transcript, { paint: p, width }: RiskTextOptions): string[] {
  const { summary } = risk;
  const lines: string[] = [];
  if (summary.findings === 0) {
    lines.push(`${p.bold('Risk')}  ${p.dim('none found by the detector')}`);
  } else {
    const level = summary.highestLevel === 'none' ? '' : ` · highest level ${summary.highestLevel.toUpperCase()}`;
    const head = summary.reviewRequired ? `▲ Review required${level}` : `Risk${level} · no review required`;
    const tone: Tone = summary.reviewRequired ? 'poor' : 'fair';
    lines.push(...wrap(categoryList(summary.categories), width, ITEM, `${head} · `).map((l) => p.bold(p.tone(tone, l))));
    for (const episode of risk.episodes) lines.push('', ...episodeLines(episode, risk.findings, transcript, p, width));
  }
  if (risk.denials.length > 0) {
    lines.push('', p.bold(`Denials documented (${risk.denials.length})`));
    for (const denial of risk.denials) {
      const asked = denial.inResponseTo === null ? 'volunteered, not asked' : `answering ${denial.inResponseTo}`;
      lines.push(`${ITEM}${RISK_CATEGORY_LABELS[denial.category]} ${p.dim(`· ${asked}`)}`);
      lines.push(...quoteLines(denial.turnId, denial.quote, transcript, p, width));
    }
  }
  return lines;
}

function episodeLines(episode: RiskEpisode, findings: RiskFinding[], transcript: Transcript, p: Paint, width: number): string[] {
  const facts = [
    episode.level.toUpperCase(),
    ...(episode.cssrsLevel === null ? [] : [`C-SSRS ${episode.cssrsLevel}`]),
    ...(episode.recency === 'unspecified' ? [] : [episode.recency]),
  ].join(' · ');
  const what = `${DOMAIN_LABELS[episode.domain]}: ${categoryList(episode.categories)}`;
  const lines = wrap(`${what} · ${facts}`, width, INDENT, `${ITEM}● `).map((l) => p.tone(LEVEL_TONE[episode.level], l));

  const { status, asked, notAsked } = episode.assessment;
  const followUp = episode.followUpRequired ? ' · follow-up required' : '';
  const heard = asked.length === 0 ? 'no assessment question heard' : `asked ${asked.map(questionText).join(', ')}`;
  const missing = notAsked.length === 0 ? '' : `; not asked: ${notAsked.map(itemLabel).join(', ')}`;
  lines.push(...wrap(`Assessment: ${ASSESSMENT_LABELS[status]}${followUp} · ${heard}${missing}`, width, INDENT).map((l) => p.tone(ASSESSMENT_TONE[status], l)));

  const turnIds = new Set(episode.turnIds);
  const categories = new Set(episode.categories);
  const quoted = new Set<string>();
  for (const finding of findings) {
    // One turn can hold two categories of the episode: its words are shown once.
    if (!turnIds.has(finding.turnId) || !categories.has(finding.category) || quoted.has(finding.turnId)) continue;
    quoted.add(finding.turnId);
    lines.push(...quoteLines(finding.turnId, finding.quote, transcript, p, width, finding.uncertain));
  }
  return lines;
}

function questionText(q: AssessmentQuestion): string {
  const answer = q.answerTurnId === null ? '' : `, ${q.denied ? 'denied' : 'answered'} ${q.answerTurnId}`;
  return `${itemLabel(q.item)} (${q.turnId}${answer})`;
}

/**
 * `t0004 client “…”`, wrapped, never truncated: the words that make it a risk may come at the end of a
 * long turn.
 */
function quoteLines(turnId: string, quote: string, transcript: Transcript, p: Paint, width: number, uncertain = false): string[] {
  const role = transcript.turns.find((t) => t.id === turnId)?.role;
  const who = role === undefined || role === 'unknown' ? '' : `${role} `;
  const prefix = `${INDENT}${turnId} ${who}`;
  const unsure = uncertain ? ' (wording unclear: review)' : '';
  return wrap(`“${quote}”${unsure}`, width, `${INDENT}  `, prefix).map((line, i) =>
    i === 0 ? `${INDENT}${p.tone('accent', turnId)} ${p.dim(who)}${line.slice(prefix.length)}` : line,
  );
}
