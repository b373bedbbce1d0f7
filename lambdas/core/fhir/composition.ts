/**
 * A progress note as a FHIR R4 Composition: the note's structure (one section per heading) with
 * XHTML narrative, for systems that assemble FHIR documents rather than store attachments.
 */
import { riskLabel } from '../risk/labels.js';
import type * as fhir4 from 'fhir/r4';
import type { NoteSentence, ProgressNote, RiskStatement } from '../../../schemas/note.js';
import {
  assertExportable,
  authorsOf,
  escapeXhtml,
  noteInstant,
  noteMeta,
  noteTitle,
  provenanceExtension,
  resourceId,
  sessionPeriod,
  toReference,
  xhtmlDiv,
  type FhirExportOptions,
} from './shared.js';
import { NIL_KNOWN, PROGRESS_NOTE_TYPE, SECTION_CODES } from './terminology.js';
import { chartNote } from './chart.js';

export type CompositionOptions = FhirExportOptions;

export const RISK_SECTION_TITLE = 'Risk statements (clinician review required)';

/**
 * Sections, in order: risk statements first when there are any (a reader must not miss them), then
 * the format's sections, then homework and the plan for next session. Never the alliance summary or
 * anything else that evaluates the therapist (chart.ts): that is the supervision report's, never exported.
 * Documentation gaps are plain narrative; a section holding nothing else is marked `nilknown`. An
 * unavailable note is refused (ConflictError `note_unavailable`): it must be written first.
 */
export function toComposition(stored: ProgressNote, options: CompositionOptions = {}): fhir4.Composition {
  assertExportable(stored);
  const note = chartNote(stored);
  const subject = toReference(options.subject);
  const period = sessionPeriod(note);
  const sections: fhir4.CompositionSection[] = [];
  if (note.riskStatements.length > 0) sections.push(riskSection(note.riskStatements));
  // The clinic's heading is the title a reader sees; the code is looked up by the format's own section name.
  for (const section of note.sections) sections.push(sentenceSection(section.name, section.sentences, section.heading));
  const extras: [string, NoteSentence[]][] = [
    ['Homework', note.homework],
    ['Plan for next session', note.planForNextSession],
  ];
  for (const [title, sentences] of extras) if (sentences.length > 0) sections.push(sentenceSection(title, sentences));

  // Cloned so a caller editing the result cannot alter the shared code constants for the next export.
  return structuredClone<fhir4.Composition>({
    resourceType: 'Composition',
    id: resourceId('Composition', note, '', options.id),
    meta: noteMeta(note),
    extension: [provenanceExtension(note)],
    status: note.status === 'final' ? 'final' : 'preliminary',
    type: PROGRESS_NOTE_TYPE,
    ...(subject ? { subject } : {}),
    date: noteInstant(note, options.now),
    author: authorsOf(note, options.author),
    title: noteTitle(note),
    confidentiality: 'R',
    ...(period ? { event: [{ period }] } : {}),
    section: sections,
  });
}

function sentenceSection(name: string, sentences: NoteSentence[], heading?: string): fhir4.CompositionSection {
  const coding = SECTION_CODES[name];
  const section: fhir4.CompositionSection = { title: heading ?? name, ...(coding ? { code: { coding: [coding] } } : {}) };
  if (sentences.length === 0) {
    // cmp-1: a section needs text, entries or sub-sections, so an empty one says why it is empty.
    return { ...section, text: { status: 'generated', div: xhtmlDiv('<p>Nothing recorded.</p>') }, emptyReason: NIL_KNOWN };
  }
  const paragraph = sentences.map((s) => escapeXhtml(s.text)).join(' ');
  const text: fhir4.Narrative = { status: 'generated', div: xhtmlDiv(`<p>${paragraph}</p>`) };
  // Only gaps ("Homework: none identified in the transcript."): the section is empty, and its text says so.
  return sentences.every((s) => s.kind === 'gap') ? { ...section, text, emptyReason: NIL_KNOWN } : { ...section, text };
}

function riskSection(risks: RiskStatement[]): fhir4.CompositionSection {
  const items = risks.map((risk) => {
    const assessed = risk.assessedInSession ? 'assessed in session' : 'not fully assessed in session';
    return `<li><b>${capitaliseFirst(riskLabel(risk.type))}</b>: ${escapeXhtml(risk.text)} (${assessed})</li>`;
  });
  return { title: RISK_SECTION_TITLE, text: { status: 'generated', div: xhtmlDiv(`<ul>${items.join('')}</ul>`) } };
}

function capitaliseFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
