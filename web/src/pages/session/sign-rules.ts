/**
 * When a note may be signed from this page, and when the signature must acknowledge risk. The API decides
 * (lambdas/use-cases/sign-note.ts); these rules keep the page from offering what it would refuse, and make the
 * clinician tick "I have reviewed the risk statements" exactly when the API asks for `acknowledgeRisk: true`:
 * when the note has risk statements, or the session has risk for review (the detector's, even when the note
 * says nothing of it).
 */
import type { ProgressNote } from '../../../../schemas/note.js';
import type { RiskSummary } from '../../../../schemas/risk.js';

export interface SignableNote {
  note: Pick<ProgressNote, 'status' | 'reviewRequired' | 'riskStatements'>;
  /** Rewritten in another format for reading: never signed. */
  regenerated?: boolean;
  signature?: unknown;
}

/** Whether the signature must carry `acknowledgeRisk: true`. */
export function needsRiskAcknowledgement(
  note: Pick<ProgressNote, 'reviewRequired' | 'riskStatements'>,
  risk: { summary: Pick<RiskSummary, 'reviewRequired'> } | undefined | null,
): boolean {
  return note.reviewRequired || note.riskStatements.length > 0 || risk?.summary.reviewRequired === true;
}

/** Why this version cannot be signed here, in the clinician's words; null when it can. */
export function signBlocker(shown: SignableNote, isCurrentVersion: boolean): string | null {
  if (shown.regenerated) return 'This format was rewritten for reading only: switch back to the stored format to sign.';
  if (!isCurrentVersion) return 'This is an earlier version: only the current version can be signed.';
  if (shown.signature) return 'This version is signed.';
  if (shown.note.status === 'unavailable') return 'No note was written for this session: write it with Edit, then sign.';
  return null;
}

/** Whether the sign modal's Sign button may be pressed. */
export function canSubmitSignature(options: { needsAcknowledgement: boolean; acknowledged: boolean; attestation: string; submitting: boolean }): boolean {
  if (options.submitting) return false;
  if (options.attestation.length > MAX_ATTESTATION) return false;
  return !options.needsAcknowledgement || options.acknowledged;
}

/** The API's limit on the attestation (SignNoteRequestSchema). */
export const MAX_ATTESTATION = 500;

/** The sign request's body: `acknowledgeRisk` only when the rule asks for it, the attestation only when written. */
export function signRequest(version: number, options: { needsAcknowledgement: boolean; acknowledged: boolean; attestation: string }) {
  const attestation = options.attestation.trim();
  return {
    version,
    ...(options.needsAcknowledgement ? { acknowledgeRisk: options.acknowledged } : {}),
    ...(attestation ? { attestation } : {}),
  };
}
