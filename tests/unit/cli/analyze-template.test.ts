import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportsOf, runCli } from './run-cli.js';

const GOOD = 'tests/fixtures/sessions/good-alliance.txt';
const dir = mkdtempSync(join(tmpdir(), 'attune-cli-templates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A templates file in the test's folder. */
function templatesFile(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const CLINIC = {
  default: 'dap',
  soap: { order: ['Plan', 'Assessment'], headings: { Subjective: 'Client report' } },
  dap: { requiredLines: [{ id: 'medical-necessity', section: 'Assessment', label: 'Medical necessity' }] },
};
// An empty home: the developer's own ./.attune never shapes these runs.
const env = { ATTUNE_HOME: join(dir, 'home'), ATTUNE_NOTE_TEMPLATES: undefined };

describe('attune analyze --template', () => {
  it("shapes the note with the file's template for the --note format", () => {
    const run = runCli(['analyze', GOOD, '--note', 'soap', '--json', '--template', templatesFile('clinic.json', CLINIC)], env);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const note = reportsOf(run)[0]!.note!;
    expect(note.sections.map((s) => [s.name, s.heading])).toEqual([
      ['Plan', undefined],
      ['Assessment', undefined],
      ['Subjective', 'Client report'],
      ['Objective', undefined],
    ]);
  });

  it("writes the file's default format, with its required lines, when --note is not given", () => {
    const run = runCli(['analyze', GOOD, '--json', `--template=${templatesFile('clinic.json', CLINIC)}`], env);

    expect(run.status).toBe(0);
    const note = reportsOf(run)[0]!.note!;
    expect(note.format).toBe('dap');
    expect(note.requiredLines).toEqual([{ id: 'medical-necessity', section: 'Assessment', label: 'Medical necessity' }]);
    expect(note.sections.find((s) => s.name === 'Assessment')!.sentences.at(-1)!.text).toBe('Medical necessity: to be completed by the clinician.');
  });

  it('uses the file ATTUNE_NOTE_TEMPLATES names when there is no --template', () => {
    const run = runCli(['analyze', GOOD, '--note', 'dap', '--json'], { ...env, ATTUNE_NOTE_TEMPLATES: templatesFile('clinic.json', CLINIC) });

    expect(reportsOf(run)[0]!.note!.requiredLines).toHaveLength(1);
  });

  it('stops with exit 2, naming the file and each problem, on an invalid file', () => {
    const file = templatesFile('bad.json', { soap: { order: ['Data'], headings: { Subjective: '' } } });

    const run = runCli(['analyze', GOOD, '--note', 'soap', '--template', file], env);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `attune: ${file} is not a valid note template (docs/templates.md):\n` +
        "  - soap.order[0]: 'Data' is not a SOAP section: use Subjective, Objective, Assessment or Plan (the format's own names; a heading renames one)\n" +
        '  - soap.headings.Subjective: must not be empty\n',
    );
  });

  it('asks for a format when neither --note nor the file gives one', () => {
    const file = templatesFile('no-default.json', { soap: {} });

    const run = runCli(['analyze', GOOD, '--template', file], env);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--template shapes the progress note: add --note <format>, or set "default" in');
  });

  it('says which file it could not read', () => {
    const run = runCli(['analyze', GOOD, '--note', 'soap', '--template', join(dir, 'missing.json')], env);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`cannot read the note templates ${join(dir, 'missing.json')} (ENOENT), named by --template`);
  });
});
