/** The clinician's words for each risk category: one list for the note, the CLI, FHIR and the prompts. */
import type { AssessmentItem, RiskCategory } from '../../../schemas/risk.js';

export const RISK_CATEGORY_LABELS: Record<RiskCategory, string> = {
  passive_ideation: 'passive suicidal ideation',
  active_ideation: 'active suicidal ideation',
  suicidal_method: 'suicidal ideation with a method',
  suicidal_intent: 'suicidal intent',
  suicidal_plan: 'a suicide plan',
  preparatory_behavior: 'preparatory behaviour toward suicide',
  suicide_attempt: 'a suicide attempt',
  self_injury: 'non-suicidal self-injury',
  harm_to_others: 'thoughts or threats of harming others',
  access_to_means: 'access to lethal means',
  child_abuse_neglect: 'possible abuse or neglect of a child',
  elder_dependent_abuse: 'possible abuse or neglect of an elder or dependent adult',
  intimate_partner_violence: 'intimate-partner violence',
  eating_disorder_behavior: 'eating-disorder behaviour',
  dangerous_substance_use: 'dangerous substance use',
  command_hallucinations: 'command hallucinations',
  hopelessness: 'hopelessness, a warning sign',
};

/** Risk-statement types written by notes before the risk module (read, never written). */
export const LEGACY_RISK_LABELS = {
  suicidal_ideation: 'suicidal ideation',
  self_harm: 'self-harm',
} as const;

export const ASSESSMENT_ITEM_LABELS: Record<AssessmentItem, string> = {
  thoughts: 'suicidal or harmful thoughts',
  method: 'method',
  intent: 'intent',
  plan: 'a plan',
  behavior: 'preparatory or recent behaviour',
  history: 'history',
  means: 'access to means',
  safety: 'current safety',
  protective_factors: 'protective factors',
  safety_plan: 'a safety plan',
};

export function riskLabel(type: RiskCategory | keyof typeof LEGACY_RISK_LABELS): string {
  return (RISK_CATEGORY_LABELS as Record<string, string>)[type] ?? LEGACY_RISK_LABELS[type as keyof typeof LEGACY_RISK_LABELS];
}
