import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, scratchDir, SESSIONS, writeInput, type CliRun } from './run-cli.js';

const scratch = scratchDir();
afterAll(() => scratch.cleanup());

/** Stands in for a recording: 64 KB of random bytes is never valid text. */
const noise = randomBytes(64 * 1024);

/** Exit 2, exactly one `attune: …` line on stderr, no stack frame, nothing on stdout. */
function expectOneLineRefusal(run: CliRun, pattern: RegExp): void {
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.split('\n').filter((l) => l.length > 0);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^attune: /);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/Error:|node:internal|\.mjs:\d+/);
}

describe('attune analyze refuses unusable input with one line and exit 2', () => {
  it.each([
    ['an empty file', () => writeInput(scratch.dir, 'empty.txt', ''), /empty/],
    ['random bytes named .wav', () => writeInput(scratch.dir, 'session.wav', noise), /binary|format/],
    ['random bytes named .txt', () => writeInput(scratch.dir, 'session.txt', noise), /binary/],
    ['a Word document', () => writeInput(scratch.dir, 'notes.docx', 'Therapist: hello there\nClient: hi'), /unrecognised transcript format/],
    ['an HTML page', () => writeInput(scratch.dir, 'page.html', '<html><body>Therapist: hello</body></html>'), /unrecognised transcript format/],
    [
      'Transcribe JSON without speaker labels',
      () =>
        writeInput(
          scratch.dir,
          'job.json',
          JSON.stringify({
            results: { items: [{ type: 'pronunciation', start_time: '0.1', end_time: '0.4', alternatives: [{ confidence: '0.9', content: 'Hello' }] }] },
          }),
        ),
      /speaker/,
    ],
    ['a missing file', () => `${scratch.dir}/missing.txt`, /no such file/],
    ['a directory', () => scratch.dir, /directory/],
  ])('%s', (_what, prepare, reason) => {
    // Prepare
    const path = prepare();

    // Act
    const run = runCli(['analyze', path]);

    // Assess
    expectOneLineRefusal(run, reason);
    expect(run.stderr.startsWith(`attune: ${path}: `)).toBe(true);
  });

  it('never echoes the transcript when it refuses one', () => {
    const text = 'Therapist: I hear how exhausted you are since the move.\nClient: Nobody else sees it.';
    const path = writeInput(scratch.dir, 'session.pdf', text);

    const run = runCli(['analyze', path]);

    expectOneLineRefusal(run, /format/);
    expect(run.stderr).not.toContain('exhausted');
    expect(run.stderr).not.toContain('Nobody');
  });

  it('reports every bad file, in order, and still exits 2', () => {
    const empty = writeInput(scratch.dir, 'also-empty.txt', '');

    const run = runCli(['analyze', empty, `${scratch.dir}/gone.vtt`]);

    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^attune: .*also-empty\.txt: .*empty/),
      expect.stringMatching(/^attune: .*gone\.vtt: no such file$/),
    ]);
  });
});

describe('attune usage errors', () => {
  it.each([
    ['no files', ['analyze'], /no files given/],
    ['no files, only --json', ['analyze', '--json'], /no files given/],
    ['an unknown option', ['analyze', `${SESSIONS}/good-alliance.txt`, '--colour'], /unknown option '--colour'/],
    ['an unknown command', ['anaylze', 'x.txt'], /unknown command 'anaylze'/],
  ])('%s exits 2 with one line', (_what, args, reason) => {
    const run = runCli(args);

    expectOneLineRefusal(run, reason);
  });

  it('with no command at all, shows the usage on stderr and exits 2', () => {
    const run = runCli([]);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^usage: attune <command>/);
  });

  it('a file named like an option can still be given after --', () => {
    const good = readFileSync(`${SESSIONS}/good-alliance.txt`);
    const path = writeInput(scratch.dir, '--json', good);

    const run = runCli(['analyze', '--json', '--', path]);

    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).source).toBe(path);
  });
});
