/**
 * Signing a client's treatment plan (`POST /clients/{clientId}/plan/sign`): the clinician attests the stored
 * version they reviewed, which becomes final; the signature records who, when and the SHA-256 of the signed
 * plan's canonical JSON (as a note's does: sign-note.ts), so anyone can check later that the plan is what was
 * signed. A signed version is never changed: a later edit is the next version (plan-edit.ts). Each refusal
 * is a conflict that says what to do, and stores nothing.
 */
import type { PlanSignature, PlanVersion, SignPlanRequest, StoredTreatmentPlan } from '../../schemas/plan.js';
import { ConflictError } from '../core/errors.js';
import type { ClientKey, ClientPlanStore } from '../ports/client-plans.js';
import { sha256Of } from './stored-record.js';

export interface SignPlanDeps {
  plans: Pick<ClientPlanStore, 'current' | 'sign'>;
  now: () => Date;
}

/** The SHA-256 of a plan's canonical JSON: what a signature seals. */
export const planSha256 = (plan: StoredTreatmentPlan): string => sha256Of(plan);

/** Signs the client's current stored plan version as `signedBy`; answers the signed version. */
export async function signPlan(
  deps: SignPlanDeps,
  key: ClientKey,
  request: SignPlanRequest,
  signedBy: string,
): Promise<PlanVersion & { signature: PlanSignature }> {
  const current = await deps.plans.current(key);
  if (!current) {
    throw new ConflictError(
      'no version of the plan is stored yet, so there is nothing to sign: store the draft you reviewed with PUT /clients/{clientId}/plan (baseVersion 0), then sign version 1',
      'plan_not_stored',
    );
  }
  if (request.version !== current.version) {
    throw new ConflictError(
      `you reviewed version ${request.version}, but the plan is at version ${current.version}: review version ${current.version} and sign that`,
      'stale_plan_version',
    );
  }
  if (current.signature) throw new ConflictError(`the plan version ${current.version} is already signed; edit it to make a new version`, 'plan_already_signed');
  const plan: StoredTreatmentPlan = { ...current.plan, status: 'final' };
  const signature: PlanSignature = {
    version: current.version,
    signedBy,
    signedAt: deps.now().toISOString(),
    sha256: planSha256(plan),
    ...(request.attestation !== undefined ? { attestation: request.attestation } : {}),
  };
  if (!(await deps.plans.sign(key, current.version, signature, plan))) {
    throw new ConflictError(
      `GET the plan: if version ${current.version} is signed now, it needs no other signature; if it was edited, review the new version and sign that`,
      'stale_plan_version',
    );
  }
  return { ...current, plan, signature };
}
