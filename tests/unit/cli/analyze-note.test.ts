import { describe, expect, it } from 'vitest';
import { validateR4 } from '../../../lambdas/core/fhir/index.js';
import { NOTE_SECTIONS, NoteFormatSchema, type ProgressNote } from '../../../schemas/note.js';
import { reportsOf, runCli, type CliRun } from './run-cli.js';

const RISK_SESSION = 'samples/sessions/jordan/2026-09-08.txt';
const GOOD = 'tests/fixtures/sessions/good-alliance.txt';

/** Every turn id a note cites, wherever it cites one. */
function citedTurnIds(note: ProgressNote): string[] {
  const sentences = [...note.sections.flatMap((s) => s.sentences), ...note.homework, ...note.planForNextSession, ...note.allianceSummary];
  return [...sentences.flatMap((s) => s.evidence), ...note.riskStatements.flatMap((r) => r.evidence)];
}

function fhirLines(run: CliRun): Record<string, unknown>[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('attune analyze --note: the report carries a draft progress note', () => {
  it('writes a SOAP note that cites real turns and surfaces the disclosed risk for review', () => {
    // Act
    const run = runCli(['analyze', RISK_SESSION, '--note', 'soap', '--json']);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const [report] = reportsOf(run);
    const note = report!.note!;
    expect(note.format).toBe('soap');
    expect(note.status).toBe('draft');
    const turnIds = new Set(report!.transcript.turns.map((t) => t.id));
    const cited = citedTurnIds(note);
    expect(cited.length).toBeGreaterThan(0);
    for (const id of cited) expect(turnIds.has(id), `${id} is a turn of the transcript`).toBe(true);
    expect(note.riskStatements.map((r) => r.type)).toContain('passive_ideation');
    expect(note.reviewRequired).toBe(true);
    // The file is named for its session day.
    expect(note.sessionFacts.date).toBe('2026-09-08');
  });

  it.each(NoteFormatSchema.options)('writes a %s note with that format’s sections, in order', (format) => {
    const run = runCli(['analyze', GOOD, `--note=${format}`, '--json']);

    expect(run.status).toBe(0);
    const [report] = reportsOf(run);
    expect(report!.note!.format).toBe(format);
    expect(report!.note!.sections.map((s) => s.name)).toEqual(NOTE_SECTIONS[format]);
    expect(report!.note!.sessionFacts.date).toBeNull();
  });

  it('dates the note from --session-date over the file name', () => {
    const run = runCli(['analyze', RISK_SESSION, '--note', 'dap', '--session-date', '2026-09-09', '--json']);

    expect(run.status).toBe(0);
    expect(reportsOf(run)[0]!.note!.sessionFacts.date).toBe('2026-09-09');
  });

  it('prints the note after the alliance report in text mode, with the review banner and cited turns', () => {
    const run = runCli(['analyze', RISK_SESSION, '--note', 'soap']);

    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const [alliance, note] = run.stdout.split(/^━━ Progress note/m);
    expect(alliance).toMatch(/Overall alliance\s+\d+/);
    expect(note).toMatch(/^ \(SOAP\): draft/);
    expect(note).toMatch(/⚠ Review required\. 1 risk statement: passive suicidal ideation/);
    expect(note).toContain('Date: 2026-09-08');
    for (const section of NOTE_SECTIONS.soap) expect(note).toMatch(new RegExp(`^${section}$`, 'm'));
    expect(note).toMatch(/\[t\d{4}(, t\d{4})*\]/);
    expect(run.stdout).not.toMatch(/<sub>|\*\*|^#/m);
    expect(run.stdout).not.toContain('\u001b[');
    for (const line of run.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe('attune analyze --note --fhir: one FHIR R4 resource per file', () => {
  it('prints a valid DocumentReference whose attachment is the note as markdown', () => {
    const run = runCli(['analyze', RISK_SESSION, '--note', 'soap', '--fhir']);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const [doc, ...rest] = fhirLines(run);
    expect(rest).toHaveLength(0);
    expect(validateR4(doc)).toEqual([]);
    expect(doc).toMatchObject({
      resourceType: 'DocumentReference',
      docStatus: 'preliminary',
      type: { coding: [expect.objectContaining({ system: 'http://loinc.org', code: '11506-3' })] },
    });
    const content = doc!.content as Array<{ attachment: { contentType: string; data: string } }>;
    const markdown = Buffer.from(content[0]!.attachment.data, 'base64').toString('utf8');
    expect(content[0]!.attachment.contentType).toMatch(/^text\/markdown/);
    expect(markdown).toContain('## Subjective');
    expect(markdown).toContain('**Review required.**');
  });

  it('prints a valid Composition with --fhir composition, the risk section first', () => {
    const run = runCli(['analyze', RISK_SESSION, '--note', 'birp', '--fhir', 'composition']);

    expect(run.status).toBe(0);
    const [composition] = fhirLines(run);
    expect(validateR4(composition)).toEqual([]);
    expect(composition!.resourceType).toBe('Composition');
    const titles = (composition!.section as Array<{ title: string }>).map((s) => s.title);
    expect(titles[0]).toMatch(/^Risk statements/);
    expect(titles).toEqual(expect.arrayContaining([...NOTE_SECTIONS.birp]));
  });

  it('prints one resource per file, in the order given', () => {
    const run = runCli(['analyze', '--fhir', '--note', 'narrative', GOOD, RISK_SESSION]);

    expect(run.status).toBe(0);
    const resources = fhirLines(run);
    expect(resources.map((r) => r.resourceType)).toEqual(['DocumentReference', 'DocumentReference']);
    expect(resources.map((r) => (r.context as { period?: { start: string } } | undefined)?.period?.start)).toEqual([undefined, '2026-09-08']);
  });
});

describe('attune analyze note options refuse what they cannot do', () => {
  it.each([
    ['--fhir without --note', ['--fhir'], /--fhir .*add --note/],
    ['--fhir with --json', ['--note', 'soap', '--fhir', '--json'], /--fhir and --json/],
    ['an unknown note format', ['--note', 'xyz'], /unknown note format 'xyz': use soap, dap, birp, girp or narrative/],
    ['--note without a format', ['--note'], /--note needs a value: soap, dap, birp, girp or narrative/],
    ['an unknown FHIR resource', ['--note', 'soap', '--fhir=bundle'], /unknown FHIR resource 'bundle': use documentreference or composition/],
    ['a session date that is not a date', ['--note', 'soap', '--session-date', '08/09/2026'], /--session-date '08\/09\/2026': .*YYYY-MM-DD/],
    ['a session date that does not exist', ['--note', 'soap', '--session-date', '2026-02-30'], /not a real calendar date/],
    ['--session-date without --note', ['--session-date', '2026-09-08'], /--session-date .*add --note/],
  ])('%s: exit 2 and one line', (_what, options, reason) => {
    const run = runCli(['analyze', RISK_SESSION, ...options]);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^attune: /)]);
    expect(run.stderr).toMatch(reason);
  });

  it('a Bedrock model without an AWS region: exit 2, saying how to set one, before any file is read', () => {
    const run = runCli(['analyze', RISK_SESSION, '--model', 'us.anthropic.claude-sonnet-4-20250514-v1:0'], {
      AWS_REGION: undefined,
      AWS_DEFAULT_REGION: undefined,
    });

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^attune: --model .*no AWS region.*export AWS_REGION=us-east-1/);
  });
});
