/**
 * A clinic's template applied to a written note (docs/templates.md): its sections in the clinic's order
 * under the clinic's headings, and each line the clinic requires (a payer's medical-necessity statement)
 * written into its section as a gap for the clinician to complete. Signing waits for those lines.
 *
 * A section keeps its format `name` (Subjective, Data, …) and gains a `heading`: the FHIR export codes
 * sections by name (LOINC for SOAP), an edit is checked against the format's names, and the markdown
 * and FHIR renderers can show the heading without losing what the section is.
 */
import { NOTE_SECTIONS, ProgressNoteSchema, type NoteSection, type NoteSentence, type ProgressNote } from '../../../schemas/note.js';
import type { NoteTemplates, RequiredLine } from '../../../schemas/note-template.js';

type NoteRequiredLine = NonNullable<ProgressNote['requiredLines']>[number];

/**
 * The gap a required line starts as: "Medical necessity: to be completed by the clinician." and, when
 * the template gives one, the prompt that says what to write.
 */
export function placeholderFor(line: Pick<RequiredLine, 'label' | 'prompt'>): string {
  const base = `${line.label}: to be completed by the clinician.`;
  if (!line.prompt) return base;
  const prompt = line.prompt.trim();
  return `${base} ${/[.?!]$/.test(prompt) ? prompt : `${prompt}.`}`;
}

/** "Medical necessity: …", whatever the case of the label: the sentence is the line, written or not. */
function isLineSentence(sentence: NoteSentence, label: string): boolean {
  const text = sentence.text.trimStart();
  return text.length > label.length && text.slice(0, label.length + 1).toLowerCase() === `${label.toLowerCase()}:`;
}

/** Written: a sentence "<label>: …" with something after the colon that is not the placeholder. */
function isWritten(sentence: NoteSentence, line: NoteRequiredLine): boolean {
  if (!isLineSentence(sentence, line.label)) return false;
  const text = sentence.text.trim();
  return text !== placeholderFor(line) && text.slice(line.label.length + 1).trim() !== '';
}

/**
 * The required lines a note still lacks: its section has no sentence "<label>: …" other than the
 * placeholder. A note written before templates, or under none, lacks none.
 */
export function unfilledLines(note: ProgressNote): NoteRequiredLine[] {
  return (note.requiredLines ?? []).filter((line) => {
    const section = note.sections.find((s) => s.name === line.section);
    return !section?.sentences.some((sentence) => isWritten(sentence, line));
  });
}

/** The sections in the template's order; those it leaves out follow in the format's order. */
function ordered(sections: readonly NoteSection[], order: readonly string[], formatOrder: readonly string[]): NoteSection[] {
  const rank = (name: string) => {
    const listed = order.indexOf(name);
    if (listed >= 0) return listed;
    const inFormat = formatOrder.indexOf(name);
    return order.length + (inFormat >= 0 ? inFormat : formatOrder.length);
  };
  // Array.prototype.sort is stable: sections of equal rank keep their places.
  return [...sections].sort((a, b) => rank(a.name) - rank(b.name));
}

/**
 * Applies the clinic's template for the note's format, if it has one; otherwise returns the note as it
 * is. Risk sentences stay where the engine put them, at the top of their sections: a required line is
 * appended to its section, after everything found in the session. Applying twice gives the same note.
 *
 * @example
 * const templated = applyTemplate(note, { soap: { order: ['Assessment'], headings: { Subjective: 'Client report' },
 *   requiredLines: [{ id: 'medical-necessity', section: 'Assessment', label: 'Medical necessity' }] } });
 * templated.sections[0].name;       // 'Assessment'
 * unfilledLines(templated)[0].id;   // 'medical-necessity': the note cannot be signed yet
 */
export function applyTemplate(note: ProgressNote, templates: NoteTemplates | null | undefined): ProgressNote {
  const template = templates?.[note.format];
  if (!template) return note;
  const lines = template.requiredLines ?? [];
  const sections = ordered(note.sections, template.order ?? [], NOTE_SECTIONS[note.format]).map((section) => {
    const heading = template.headings?.[section.name as keyof typeof template.headings];
    const missing = lines.filter((line) => line.section === section.name && !section.sentences.some((s) => isLineSentence(s, line.label)));
    return {
      ...section,
      sentences: [...section.sentences, ...missing.map((line): NoteSentence => ({ text: placeholderFor(line), kind: 'gap', evidence: [] }))],
      ...(heading ? { heading } : {}),
    };
  });
  // An unavailable note has no sections yet: it still records the lines, so the note the clinician writes needs them too.
  const kept = (note.requiredLines ?? []).filter((existing) => !lines.some((line) => line.id === existing.id));
  const requiredLines = [...kept, ...lines.map(({ id, section, label, prompt }) => ({ id, section, label, ...(prompt ? { prompt } : {}) }))];
  return ProgressNoteSchema.parse({ ...note, sections, ...(requiredLines.length > 0 ? { requiredLines } : {}) });
}
