import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../lambdas/core/errors.js';
import { loadLocalNoteTemplates } from '../../../local/runtime/note-templates.js';

const TEMPLATES = { soap: { headings: { Subjective: 'Client report' } } };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'attune-templates-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the local note templates', () => {
  it("are none when neither ATTUNE_NOTE_TEMPLATES nor the home's file exists", () => {
    expect(loadLocalNoteTemplates({}, dir, dir)).toBeNull();
  });

  it('are read from note-templates.json in ATTUNE_HOME', () => {
    writeFileSync(join(dir, 'note-templates.json'), JSON.stringify(TEMPLATES));

    expect(loadLocalNoteTemplates({}, dir, dir)).toEqual({ templates: TEMPLATES, source: join(dir, 'note-templates.json') });
  });

  it("are read from the file ATTUNE_NOTE_TEMPLATES names, relative to the working directory, before the home's", () => {
    writeFileSync(join(dir, 'note-templates.json'), '{"dap":{}}');
    writeFileSync(join(dir, 'clinic.json'), JSON.stringify(TEMPLATES));

    expect(loadLocalNoteTemplates({ ATTUNE_NOTE_TEMPLATES: 'clinic.json' }, dir, dir)?.templates).toEqual(TEMPLATES);
  });

  it('stop the start with the file and each problem named when the file is invalid', () => {
    writeFileSync(join(dir, 'note-templates.json'), '{"soap":{"order":["Data"]},"colour":"blue"}');

    const attempt = () => loadLocalNoteTemplates({}, dir, dir);

    expect(attempt).toThrow(InvalidInputError);
    expect(attempt).toThrow(`${join(dir, 'note-templates.json')} is not a valid note template (docs/templates.md):`);
    expect(attempt).toThrow("soap.order[0]: 'Data' is not a SOAP section");
    expect(attempt).toThrow("unknown key 'colour' in the note templates");
  });

  it('stop the start when ATTUNE_NOTE_TEMPLATES names a file that is not there', () => {
    expect(() => loadLocalNoteTemplates({ ATTUNE_NOTE_TEMPLATES: 'missing.json' }, dir, dir)).toThrow(
      `cannot read the note templates ${join(dir, 'missing.json')} (ENOENT), named by ATTUNE_NOTE_TEMPLATES`,
    );
  });
});
