/**
 * The clinic's note templates on this machine (docs/templates.md): the file ATTUNE_NOTE_TEMPLATES names,
 * else `note-templates.json` in ATTUNE_HOME when there is one. Read and validated once, at start, so a
 * mistake stops `npm start` (and `attune run`, `attune analyze`) with the file and each problem named,
 * before any session is processed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidInputError } from '../../lambdas/core/errors.js';
import { NoteTemplateError, parseNoteTemplates, type NoteTemplates } from '../../schemas/note-template.js';

export const NOTE_TEMPLATES_FILE = 'note-templates.json';

export interface LocalNoteTemplates {
  templates: NoteTemplates;
  /** The file they were read from, absolute. */
  source: string;
}

/**
 * Reads one templates file. A file that is missing or unreadable, or holds invalid templates, is an
 * InvalidInputError (`bad_config`) whose message names the file and every problem.
 */
export function readNoteTemplatesFile(file: string, how: string): LocalNoteTemplates {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InvalidInputError(
      `cannot read the note templates ${file} (${code}), named by ${how}: give the path of a templates file (docs/templates.md)`,
      'bad_config',
    );
  }
  try {
    return { templates: parseNoteTemplates(text, file), source: file };
  } catch (error) {
    if (error instanceof NoteTemplateError) throw new InvalidInputError(error.message, 'bad_config');
    throw error;
  }
}

/**
 * The templates in effect locally: ATTUNE_NOTE_TEMPLATES (a path, relative to `cwd`), else
 * `<ATTUNE_HOME>/note-templates.json` if it exists, else none (null).
 */
export function loadLocalNoteTemplates(env: NodeJS.ProcessEnv, homeRoot: string, cwd = process.cwd()): LocalNoteTemplates | null {
  const named = env.ATTUNE_NOTE_TEMPLATES?.trim();
  if (named) return readNoteTemplatesFile(resolve(cwd, named), 'ATTUNE_NOTE_TEMPLATES');
  const inHome = join(homeRoot, NOTE_TEMPLATES_FILE);
  return existsSync(inHome) ? readNoteTemplatesFile(inHome, `its place in ATTUNE_HOME`) : null;
}
