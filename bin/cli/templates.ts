/**
 * The clinic's note templates for `attune analyze` (docs/templates.md): the file `--template` names,
 * else the one the local server would use (ATTUNE_NOTE_TEMPLATES, else ATTUNE_HOME/note-templates.json),
 * so a note written here has the same sections, headings and required lines as one `npm start` writes.
 */
import { resolve } from 'node:path';
import { InvalidInputError } from '../../lambdas/core/errors.js';
import { applyTemplate } from '../../lambdas/core/notes/template.js';
import type { NoteFormat, ProgressNote } from '../../schemas/note.js';
import type { NoteTemplates } from '../../schemas/note-template.js';
import { attuneHome } from '../../local/runtime/home.js';
import { loadLocalNoteTemplates, readNoteTemplatesFile } from '../../local/runtime/note-templates.js';
import { UsageError } from './args.js';
import { EXIT_BAD_INPUT } from './failure.js';
import type { CliIo } from './io.js';

export interface AnalyzeTemplates {
  templates: NoteTemplates | null;
  /** The note format: `--note`, else the `--template` file's default; null for no note. */
  note: NoteFormat | null;
}

/**
 * The templates and the note format for one run. Templates are read only when a note is written; a
 * `--template` without `--note` writes the file's default format.
 * @throws InvalidInputError (`bad_config`) naming the file and each problem; UsageError without a format
 */
export function analyzeTemplates(template: string | null, note: NoteFormat | null, env: NodeJS.ProcessEnv, cwd = process.cwd()): AnalyzeTemplates {
  if (template !== null) {
    const { templates, source } = readNoteTemplatesFile(resolve(cwd, template), '--template');
    const format = note ?? templates.default ?? null;
    if (format === null) throw new UsageError(`--template shapes the progress note: add --note <format>, or set "default" in ${source}`);
    return { templates, note: format };
  }
  if (note === null) return { templates: null, note };
  return { templates: loadLocalNoteTemplates(env, attuneHome(env, cwd).root, cwd)?.templates ?? null, note };
}

/** The note shaped by the templates, when there are any. */
export const templated = (note: ProgressNote, templates: NoteTemplates | null): ProgressNote => applyTemplate(note, templates);

/** A templates file that cannot be used: the whole message, one problem a line, and exit 2. */
export function reportTemplateError(error: unknown, io: CliIo): number {
  if (error instanceof InvalidInputError && error.code === 'bad_config') {
    io.stderr.write(`attune: ${error.message}\n`);
    return EXIT_BAD_INPUT;
  }
  throw error;
}
