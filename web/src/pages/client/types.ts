/**
 * The answers the Clients and Client pages read, as the API's zod schemas infer them (schemas/*.ts): a
 * clinician's or admin's answer, or a supervisor's (no text). Pages render what comes and never assume a
 * text field is there.
 */
import type { z } from 'zod';
import type { ClientAllianceSchema, ClientPageSchema, SessionPageSchema } from '../../../../schemas/api.js';
import type {
  ClientBriefSchema,
  ClientMeasuresSchema,
  ClientPlanViewSchema,
  PlanVersionSchema,
  SignedPlanSchema,
  SupervisorBriefSchema,
  SupervisorMeasuresSchema,
  SupervisorPlanViewSchema,
  EnteredMeasureReceiptSchema,
} from '../../../../schemas/plan.js';

export type ClientList = z.infer<typeof ClientPageSchema>;
export type ClientItem = ClientList['items'][number];
export type SessionList = z.infer<typeof SessionPageSchema>;
export type SessionItem = SessionList['items'][number];
export type ClientAlliance = z.infer<typeof ClientAllianceSchema>;
export type AllianceSeries = NonNullable<ClientAlliance['series']>;

export type MeasuresAnswer = z.infer<typeof ClientMeasuresSchema> | z.infer<typeof SupervisorMeasuresSchema>;
export type AnyMeasureSeries = MeasuresAnswer['series'][number];
export type AnyMeasurePoint = AnyMeasureSeries['points'][number];

export type ClinicianPlanView = z.infer<typeof ClientPlanViewSchema>;
export type SupervisorPlanView = z.infer<typeof SupervisorPlanViewSchema>;
export type PlanAnswer = ClinicianPlanView | SupervisorPlanView;

export type BriefAnswer = z.infer<typeof ClientBriefSchema> | z.infer<typeof SupervisorBriefSchema>;
export type AnyBriefLine = BriefAnswer['brief']['lines'][number];

export type PlanVersionAnswer = z.infer<typeof PlanVersionSchema>;
export type SignedPlanAnswer = z.infer<typeof SignedPlanSchema>;
export type EnteredMeasureReceipt = z.infer<typeof EnteredMeasureReceiptSchema>;

/** A field of an answer that only clinicians and admins receive: undefined in a supervisor's answer. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && 'text' in value && typeof value.text === 'string') return value.text;
  return undefined;
}
