/**
 * Totality: every transcript that parses gets a schema-valid note in every format, whose findings cite
 * turns that exist and whose documentation gaps cite none, and which renders as Markdown and exports to
 * FHIR. Sessions are generated: 2 to 600 turns, one speaker or several with any labels, empty-ish and
 * very long turns, sessions the alliance abstains on, in every input format the parser reads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { InvalidInputError } from '../../../lambdas/core/errors.js';
import { toComposition, toDocumentReference, validateR4 } from '../../../lambdas/core/fhir/index.js';
import { renderNoteMarkdown, writeProgressNote } from '../../../lambdas/core/notes/index.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { AllianceSchema } from '../../../schemas/alliance.js';
import { NoteFormatSchema, ProgressNoteSchema } from '../../../schemas/note.js';
import { INPUT_ERROR_CODES } from '../transcript/helpers.js';
import { PROPERTY_TIMEOUT_MS, generatedSession as session, RENDERINGS as FORMATS } from '../generated-sessions.js';
import { allSentences } from './note-helpers.js';

const CREATED_AT = new Date('2026-09-08T18:00:00Z');

/** Labels as real files carry them: roles, initials, titles, names, diarisation ids; one speaker alone too. */
describe('every transcript that parses gets a valid note in every format', () => {
  it(
    'parses or is refused with a coded reason, then yields a schema-valid, renderable, exportable note',
    () => {
      fc.assert(
        fc.property(session, fc.constantFrom(...FORMATS), (lines, { render }) => {
          // Prepare
          let transcript: ReturnType<typeof parseTranscript>;
          try {
            transcript = parseTranscript(render(lines));
          } catch (error) {
            // A refusal is an answer, as long as it is the project's coded one.
            expect(error).toBeInstanceOf(InvalidInputError);
            expect(INPUT_ERROR_CODES).toContain((error as InvalidInputError).code);
            return;
          }
          const turnIds = new Set(transcript.turns.map((t) => t.id));

          // Act
          const analysis = analyzeTranscript(transcript);
          const notes = NoteFormatSchema.options.map((format) =>
            writeProgressNote({ transcript, analysis, format, sessionDate: '2026-09-08', createdAt: CREATED_AT }),
          );

          // Assess
          AllianceSchema.parse(analysis.alliance);
          for (const note of notes) {
            expect(ProgressNoteSchema.parse(note)).toEqual(note);
            expect(note.status).toBe('draft');
            // No finding was left out for want of a turn to cite: each builder cites what it found.
            expect(note.provenance.droppedEvidence).toBe(0);
            for (const section of note.sections) expect(section.sentences.length, section.name).toBeGreaterThan(0);
            for (const s of allSentences(note)) {
              if (s.kind === 'gap') expect(s.evidence, s.text).toEqual([]);
              else expect(s.evidence.length, s.text).toBeGreaterThan(0);
              for (const id of s.evidence) expect(turnIds.has(id), `${id} in "${s.text}"`).toBe(true);
            }
            const markdown = renderNoteMarkdown(note);
            expect(markdown).not.toMatch(/<sub>\[\]<\/sub>/);
            expect(validateR4(toDocumentReference(note, { markdown }))).toEqual([]);
            expect(validateR4(toComposition(note))).toEqual([]);
          }
        }),
        { numRuns: 25 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
