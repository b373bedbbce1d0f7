/**
 * The risk module: every disclosure of suicidal ideation and behaviour, self-injury, harm to others, abuse
 * and neglect, intimate-partner violence, means, eating-disorder behaviour, dangerous substance use and
 * command hallucinations in the client's words, with what the therapist asked about each. Separate from
 * the note engine so that a note defect never hides risk. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import type { Transcript } from '../../../schemas/transcript.js';
import {
  RiskReportSchema,
  type RiskCategory,
  type RiskEpisode,
  type RiskFinding,
  type RiskLevel,
  type RiskRecency,
  type RiskReport,
  type RiskSummary,
  RiskCategorySchema,
} from '../../../schemas/risk.js';
import { assessmentOf, questionsAbout } from './assessment.js';
import { ALL_RULES, findingsIn } from './detect.js';
import { higher, levelOf, SUICIDE_LADDER } from './levels.js';

export { SUICIDE_LADDER } from './levels.js';

/** Findings of one domain further apart than this (in turns) are separate episodes. */
const EPISODE_GAP_TURNS = 30;

export const RISK_DETECTOR_VERSION = `1.0.0+${createHash('sha256')
  .update(ALL_RULES.map((r) => `${r.category}:${r.pattern.source}:${r.context?.source ?? ''}:${r.uncertain ? 1 : 0}`).join('\n'))
  .digest('hex')
  .slice(0, 10)}`;

const SUICIDE = new Set<RiskCategory>(SUICIDE_LADDER);

function domainOf(category: RiskCategory, suicideInSession: boolean): RiskEpisode['domain'] {
  if (SUICIDE.has(category)) return 'suicide';
  if (category === 'access_to_means') return suicideInSession ? 'suicide' : 'other';
  if (category === 'self_injury') return 'self_injury';
  if (category === 'harm_to_others') return 'harm_to_others';
  if (category === 'child_abuse_neglect' || category === 'elder_dependent_abuse' || category === 'intimate_partner_violence') return 'abuse';
  return 'other';
}

const RECENCY_ORDER: Record<RiskRecency, number> = { current: 3, recent: 2, unspecified: 1, past: 0 };

function episodesOf(transcript: Transcript, findings: readonly RiskFinding[]): RiskEpisode[] {
  const index = new Map(transcript.turns.map((t, i) => [t.id, i]));
  const suicideInSession = findings.some((f) => SUICIDE.has(f.category) && f.category !== 'hopelessness');
  const byDomain = new Map<string, RiskFinding[][]>();
  for (const f of findings) {
    const domain = domainOf(f.category, suicideInSession);
    // Abuse, other risks: one episode per category; suicide: one ladder.
    const key = domain === 'abuse' || domain === 'other' ? `${domain}:${f.category}` : domain;
    const groups = byDomain.get(key) ?? [];
    const current = groups.at(-1);
    if (current && index.get(f.turnId)! - index.get(current.at(-1)!.turnId)! <= EPISODE_GAP_TURNS) current.push(f);
    else groups.push([f]);
    byDomain.set(key, groups);
  }
  const episodes: RiskEpisode[] = [];
  for (const [key, groups] of byDomain) {
    const domain = key.split(':')[0] as RiskEpisode['domain'];
    for (const group of groups) {
      const first = index.get(group[0]!.turnId)!;
      const last = index.get(group.at(-1)!.turnId)!;
      const assessment = assessmentOf(domain, questionsAbout(transcript, first, last));
      const categories = [...new Set(group.map((f) => f.category))];
      const level = group.reduce<RiskLevel>((acc, f) => higher(acc, f.level), 'low');
      const cssrs = group.map((f) => f.cssrsLevel).filter((x): x is number => x !== null);
      const recency = group.reduce<RiskRecency>((acc, f) => (RECENCY_ORDER[f.recency] > RECENCY_ORDER[acc] ? f.recency : acc), 'past');
      episodes.push({
        domain,
        categories,
        level,
        cssrsLevel: cssrs.length > 0 ? Math.max(...cssrs) : null,
        recency,
        turnIds: [...new Set(group.map((f) => f.turnId))],
        assessment,
        followUpRequired: assessment.status !== 'assessed',
      });
    }
  }
  return episodes.sort((a, b) => index.get(a.turnIds[0]!)! - index.get(b.turnIds[0]!)!);
}

const ASSESSMENT_ORDER = { not_assessed: 0, partial: 1, assessed: 2 } as const;

/** The text-free summary: what a supervisor, an event or a webhook may carry. */
export function summariseRisk(findings: readonly RiskFinding[], denials: number, episodes: readonly RiskEpisode[]): RiskSummary {
  const highest = findings.reduce<RiskLevel | null>((acc, f) => (acc === null ? f.level : higher(acc, f.level)), null);
  const weakest = episodes.reduce<RiskSummary['assessment']>(
    (acc, e) => (acc === 'not_applicable' || ASSESSMENT_ORDER[e.assessment.status] < ASSESSMENT_ORDER[acc] ? e.assessment.status : acc),
    'not_applicable',
  );
  return {
    reviewRequired: findings.length > 0,
    highestLevel: highest ?? 'none',
    categories: [...new Set(findings.map((f) => f.category))],
    assessment: weakest,
    findings: findings.length,
    denials,
  };
}

/**
 * Every risk disclosure and denial in the session, grouped into episodes with the assessment heard.
 *
 * @example
 * const risk = detectRisk(parseTranscript('Therapist: How was the week?\nClient: Honestly some nights I wish I could go to sleep and not wake up.'));
 * risk.summary; // { reviewRequired: true, highestLevel: 'low', categories: ['passive_ideation'], assessment: 'not_assessed', … }
 */
export function detectRisk(transcript: Transcript, options: { exhaustive?: boolean } = {}): RiskReport {
  // `exhaustive` runs every rule on every sentence, past the vocabulary filter: only for the test that
  // proves the filter changes nothing.
  const { findings, denials } = findingsIn(transcript, options.exhaustive ?? false);
  const episodes = episodesOf(transcript, findings);
  return RiskReportSchema.parse({
    summary: summariseRisk(findings, denials.length, episodes),
    findings,
    denials,
    episodes,
    source: 'local',
    detectorVersion: RISK_DETECTOR_VERSION,
  });
}

/**
 * Adds findings from another source (a language model) to the detector's: a union. A finding the detector
 * already has (same category and turn) is kept as the detector wrote it; nothing is ever removed.
 */
export function mergeRiskFindings(transcript: Transcript, local: RiskReport, extra: readonly RiskFinding[]): RiskReport {
  const ids = new Set(transcript.turns.map((t) => t.id));
  const have = new Set(local.findings.map((f) => `${f.category}:${f.turnId}`));
  const added = extra.filter((f) => ids.has(f.turnId) && !have.has(`${f.category}:${f.turnId}`));
  if (added.length === 0) return local;
  const order = new Map(transcript.turns.map((t, i) => [t.id, i]));
  const findings = [...local.findings, ...added].sort((a, b) => order.get(a.turnId)! - order.get(b.turnId)!);
  const episodes = episodesOf(transcript, findings);
  return RiskReportSchema.parse({
    ...local,
    summary: summariseRisk(findings, local.denials.length, episodes),
    findings,
    episodes,
    source: 'merged',
  });
}

/**
 * A model's risk statements as findings the merge can add: each on the first client turn it cites, quoted
 * verbatim, marked uncertain (the detector did not hear it), at the category's triage level.
 */
export function findingsFromStatements(transcript: Transcript, statements: readonly { type: string; evidence: readonly string[] }[]): RiskFinding[] {
  const byId = new Map(transcript.turns.map((t) => [t.id, t]));
  const found: RiskFinding[] = [];
  for (const s of statements) {
    const category = RiskCategorySchema.safeParse(s.type);
    const turn = s.evidence.map((id) => byId.get(id)).find((t) => t !== undefined && t.role !== 'therapist' && t.text.trim().length > 0);
    if (!category.success || !turn) continue;
    const { level, cssrsLevel } = levelOf(category.data, 'unspecified');
    found.push({ category: category.data, level, cssrsLevel, recency: 'unspecified', turnId: turn.id, quote: turn.text.trim(), uncertain: true });
  }
  return found;
}
