/**
 * A progress note as a FHIR R4 DocumentReference: the rendered note travels inline as a markdown
 * attachment, with the metadata an EHR indexes on (type, category, date, status, security labels).
 * The attachment is the chart alone: an alliance summary an older note still carries is left out of it
 * (chart.ts). An unavailable note is refused (ConflictError `note_unavailable`): it must be written first.
 */
import { createHash } from 'node:crypto';
import type * as fhir4 from 'fhir/r4';
import type { ProgressNote } from '../../../schemas/note.js';
import { InvalidInputError } from '../errors.js';
import { chartMarkdown } from './chart.js';
import {
  assertExportable,
  authorsOf,
  noteDescription,
  noteInstant,
  noteMeta,
  noteTitle,
  provenanceExtension,
  resourceId,
  securityLabels,
  sessionPeriod,
  toReference,
  type FhirExportOptions,
} from './shared.js';
import { CLINICAL_NOTE_CATEGORY, MARKDOWN_CONTENT_TYPE, MIME_TYPE_SUFFICIENT, PROGRESS_NOTE_TYPE } from './terminology.js';

export interface DocumentReferenceOptions extends FhirExportOptions {
  /** The note as the clinician reads it (the note engine's markdown rendering); attached verbatim. */
  markdown: string;
}

/**
 * @example
 * const doc = toDocumentReference(note, { markdown: renderNoteMarkdown(note), subject: { reference: 'Patient/123' } });
 * validateR4(doc); // []
 */
export function toDocumentReference(note: ProgressNote, options: DocumentReferenceOptions): fhir4.DocumentReference {
  assertExportable(note);
  if (options.markdown.trim().length === 0) {
    throw new InvalidInputError("The note's markdown is empty; render the note before exporting it.", 'empty_note_markdown');
  }
  const created = noteInstant(note, options.now);
  const markdown = chartMarkdown(options.markdown, note);
  const bytes = Buffer.from(markdown, 'utf8');
  const subject = toReference(options.subject);
  const period = sessionPeriod(note);

  // Cloned so a caller editing the result cannot alter the shared code constants for the next export.
  return structuredClone<fhir4.DocumentReference>({
    resourceType: 'DocumentReference',
    id: resourceId('DocumentReference', note, markdown, options.id),
    meta: noteMeta(note),
    extension: [provenanceExtension(note)],
    // `status` is about this index entry; whether the note itself is signed is `docStatus`.
    status: 'current',
    docStatus: note.status === 'final' ? 'final' : 'preliminary',
    type: PROGRESS_NOTE_TYPE,
    category: [CLINICAL_NOTE_CATEGORY],
    ...(subject ? { subject } : {}),
    date: created,
    author: authorsOf(note, options.author),
    description: noteDescription(note),
    securityLabel: securityLabels(),
    content: [
      {
        attachment: {
          contentType: MARKDOWN_CONTENT_TYPE,
          language: 'en',
          data: bytes.toString('base64'),
          // FHIR: size and SHA-1 hash are of the bytes before base64 encoding.
          size: bytes.length,
          hash: createHash('sha1').update(bytes).digest('base64'),
          title: noteTitle(note),
          creation: created,
        },
        format: MIME_TYPE_SUFFICIENT,
      },
    ],
    ...(period ? { context: { period } } : {}),
  });
}
