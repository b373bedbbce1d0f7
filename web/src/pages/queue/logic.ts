/**
 * The review queue's and the team view's words for the API's text-free fields: risk categories, the
 * assessment's status, and why a session is in the queue. Nothing here reads or shows session text.
 */
import type { RiskCategory, RiskSummary } from '../../../../schemas/risk.js';

export const CATEGORY_LABELS: Readonly<Record<RiskCategory, string>> = {
  passive_ideation: 'Passive suicidal ideation',
  active_ideation: 'Active suicidal ideation',
  suicidal_method: 'Suicidal ideation with a method',
  suicidal_intent: 'Suicidal intent',
  suicidal_plan: 'Suicidal plan',
  preparatory_behavior: 'Preparatory behaviour',
  suicide_attempt: 'Suicide attempt',
  self_injury: 'Self-injury',
  harm_to_others: 'Harm to others',
  access_to_means: 'Access to means',
  child_abuse_neglect: 'Child abuse or neglect',
  elder_dependent_abuse: 'Elder or dependent-adult abuse',
  intimate_partner_violence: 'Intimate-partner violence',
  eating_disorder_behavior: 'Eating-disorder behaviour',
  dangerous_substance_use: 'Dangerous substance use',
  command_hallucinations: 'Command hallucinations',
  hopelessness: 'Hopelessness',
};

export function categoryLabel(category: string): string {
  return (CATEGORY_LABELS as Record<string, string>)[category] ?? category.replace(/_/g, ' ');
}

export const ASSESSMENT_LABELS: Readonly<Record<RiskSummary['assessment'], string>> = {
  not_applicable: 'Nothing to assess',
  not_assessed: 'Not assessed in session',
  partial: 'Partly assessed in session',
  assessed: 'Assessed in session',
};

export interface QueueItemLike {
  risk: RiskSummary | null;
  note: { status: string; version: number; reviewRequired: boolean } | null;
}

/**
 * Why a session needs review, from the item's text-free fields only: the risk found (level, categories,
 * how far it was assessed, findings) and whether the note asks for review.
 */
export function reviewReasons(item: QueueItemLike): string[] {
  const reasons: string[] = [];
  const risk = item.risk;
  if (risk?.reviewRequired) {
    const categories = risk.categories.map(categoryLabel);
    const found = `${risk.findings} ${risk.findings === 1 ? 'finding' : 'findings'}`;
    reasons.push(categories.length > 0 ? `Risk: ${categories.join(', ')} (${found})` : `Risk for review (${found})`);
    if (risk.assessment === 'not_assessed' || risk.assessment === 'partial') reasons.push(ASSESSMENT_LABELS[risk.assessment]);
  }
  if (item.note?.reviewRequired) reasons.push(`Note version ${item.note.version} asks for review before signing`);
  if (reasons.length === 0) reasons.push('Unsigned note awaiting review');
  return reasons;
}

/** The risk level to badge: the summary's highest, or none when only the note asks for review. */
export function queueLevel(item: QueueItemLike): 'none' | 'low' | 'moderate' | 'high' {
  return item.risk?.highestLevel ?? 'none';
}

/** A date as the clinician reads it (the session's date is a calendar day; no time zone shift). */
export function formatDay(date: string | null | undefined): string {
  if (!date) return 'No date';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) return date;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return day.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** A time stamp in the clinician's time zone, to the minute. */
export function formatTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return at.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
