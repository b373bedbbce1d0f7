/**
 * A score entered for a client through the API (`POST /clients/{clientId}/measures`): validated by the core
 * (lambdas/core/measures/entered.ts: a known instrument, a value in its range, a date not after today, a
 * known source; an InvalidMeasureError names the field) and stored under the client, where the plan, the
 * measures and the brief read it with the scores said in session.
 */
import type { MeasureRecord } from '../../schemas/plan.js';
import { validateEnteredMeasure } from '../core/measures/index.js';
import type { ClientKey, ClientPlanStore } from '../ports/client-plans.js';

export interface EnterMeasureDeps {
  plans: Pick<ClientPlanStore, 'addMeasure'>;
  now: () => Date;
  newId: () => string;
}

/** The calendar day it is now in the time zone furthest ahead (UTC+14): a date that is today anywhere is not in the future. */
export function latestToday(now: Date): string {
  return new Date(now.getTime() + 14 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Validates and stores the score, entered by `enteredBy`; answers the stored record. Throws InvalidMeasureError for bad input. */
export async function enterMeasure(deps: EnterMeasureDeps, key: ClientKey, input: unknown, enteredBy: string): Promise<MeasureRecord> {
  const now = deps.now();
  const entered = validateEnteredMeasure(input, latestToday(now));
  const record: MeasureRecord = { ...entered, measureId: deps.newId(), enteredBy, enteredAt: now.toISOString() };
  await deps.plans.addMeasure(key, record);
  return record;
}
