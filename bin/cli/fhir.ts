/** `attune analyze --note … --fhir`: the note as one FHIR R4 resource, checked before it is printed. */
import type * as fhir4 from 'fhir/r4';
import { toComposition, toDocumentReference, validateR4 } from '../../lambdas/core/fhir/index.js';
import { renderNoteMarkdown } from '../../lambdas/core/notes/index.js';
import type { ProgressNote } from '../../schemas/note.js';
import type { FhirResourceKind } from './args.js';

/** Our exporter produced invalid FHIR: a bug to report (exit 1), not something the user can fix. */
export class InvalidFhirExportError extends Error {
  constructor(resourceType: string, problems: readonly string[]) {
    super(`the FHIR ${resourceType} failed R4 validation (${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''})`);
    this.name = 'InvalidFhirExportError';
  }
}

export function noteAsFhir(note: ProgressNote, kind: FhirResourceKind): fhir4.DocumentReference | fhir4.Composition {
  const resource = kind === 'composition' ? toComposition(note) : toDocumentReference(note, { markdown: renderNoteMarkdown(note) });
  const problems = validateR4(resource);
  if (problems.length > 0) throw new InvalidFhirExportError(resource.resourceType, problems);
  return resource;
}
