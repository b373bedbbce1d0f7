/**
 * The answers the Session page reads, as the API's zod schemas infer them. A supervisor's session comes
 * without the note, the transcript and every quote (schemas/api.ts SessionViewSchema): the page renders what
 * comes and never assumes a text field is there.
 */
import type { z } from 'zod';
import type { NoteResponseSchema, SessionViewSchema } from '../../../../schemas/api.js';
import type { NoteVersionSchema } from '../../../../schemas/note.js';
import type { SupervisionReportSchema } from '../../../../schemas/supervision.js';

export type SessionView = z.infer<typeof SessionViewSchema>;
export type NoteAnswer = z.infer<typeof NoteResponseSchema>;
export type NoteVersionAnswer = z.infer<typeof NoteVersionSchema>;
export type SupervisionReport = z.infer<typeof SupervisionReportSchema>;

export type AnyAlliance = NonNullable<SessionView['alliance']>;
export type AnyRisk = NonNullable<SessionView['risk']>;
export type AnyDimension = AnyAlliance['dimensions']['therapeuticFramework'];
export type AnyEvidence = AnyDimension['evidence'][number];
export type AnyFlag = AnyAlliance['flags'][number];
export type AnyRuptureMarker = AnyAlliance['ruptureMarkers'][number];

/** A quote, when the answer carries one (a clinician's or admin's); undefined for a supervisor's. */
export function quoteOf(item: object): string | undefined {
  const quote = (item as { quote?: unknown }).quote;
  return typeof quote === 'string' && quote.length > 0 ? quote : undefined;
}
