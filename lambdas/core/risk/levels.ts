/**
 * Triage level of a finding, after the C-SSRS screener's triage (ideation 1-2 low, 3 moderate, 4-5 high;
 * behaviour in the past three months high, earlier moderate) and the usual duties for the rest (abuse of a
 * child or dependent adult and threats to kill are reportable and high).
 */
import type { RiskCategory, RiskLevel, RiskRecency } from '../../../schemas/risk.js';

const CSSRS: Partial<Record<RiskCategory, number>> = {
  passive_ideation: 1,
  active_ideation: 2,
  suicidal_method: 3,
  suicidal_intent: 4,
  suicidal_plan: 5,
};

/** The C-SSRS ladder, lowest first: escalation across findings and sessions is read on it. */
export const SUICIDE_LADDER: readonly RiskCategory[] = [
  'hopelessness',
  'passive_ideation',
  'active_ideation',
  'suicidal_method',
  'suicidal_intent',
  'suicidal_plan',
  'preparatory_behavior',
  'suicide_attempt',
];

const BASE: Record<RiskCategory, RiskLevel> = {
  hopelessness: 'low',
  passive_ideation: 'low',
  active_ideation: 'moderate',
  suicidal_method: 'moderate',
  suicidal_intent: 'high',
  suicidal_plan: 'high',
  preparatory_behavior: 'high',
  suicide_attempt: 'high',
  self_injury: 'moderate',
  harm_to_others: 'high',
  access_to_means: 'moderate',
  child_abuse_neglect: 'high',
  elder_dependent_abuse: 'high',
  intimate_partner_violence: 'high',
  eating_disorder_behavior: 'moderate',
  dangerous_substance_use: 'moderate',
  command_hallucinations: 'high',
};

const ORDER: Record<RiskLevel, number> = { low: 1, moderate: 2, high: 3 };

export function higher(a: RiskLevel, b: RiskLevel): RiskLevel {
  return ORDER[a] >= ORDER[b] ? a : b;
}

export function levelOf(category: RiskCategory, recency: RiskRecency): { level: RiskLevel; cssrsLevel: number | null } {
  let level = BASE[category];
  // Behaviour and abuse long past: history to document, one step lower.
  if (recency === 'past' && level === 'high') level = 'moderate';
  else if (recency === 'past' && level === 'moderate' && category !== 'access_to_means') level = 'low';
  return { level, cssrsLevel: CSSRS[category] ?? null };
}
