import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const GOOD = 'tests/fixtures/sessions/good-alliance.txt';
const DIMENSIONS = [
  'Therapeutic relationship',
  'Collaborative progress',
  'Therapeutic process',
  'Therapeutic framework',
  'Session management',
];

describe('attune analyze (text report)', () => {
  it('shows the file, the overall score and all five dimensions by their clinical names', () => {
    // Prepare
    const [json] = runCli(['analyze', GOOD, '--json']).stdout.split('\n');
    const overall: number = JSON.parse(json!).alliance.overall.score;

    // Act
    const run = runCli(['analyze', GOOD]);

    // Assess
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('good-alliance.txt');
    expect(run.stdout).toMatch(new RegExp(`Overall alliance\\s+${overall}\\b`));
    for (const name of DIMENSIONS) expect(run.stdout).toMatch(new RegExp(`${name}\\s+\\d{1,3} [█░]{10}`));
    expect(run.stdout).toContain('roles from speaker labels');
    expect(run.stdout).toMatch(/Reflections : questions/);
    expect(run.stdout).toMatch(/Talk share\s+therapist\s+\d+%/);
    expect(run.stdout).toMatch(/t\d{4} (therapist|client) “/);
  });

  it('fits in 100 columns and has no colour codes when stdout is not a terminal', () => {
    const run = runCli(['analyze', GOOD, 'tests/fixtures/sessions/rupture-unrepaired.txt', 'tests/fixtures/sessions/client-resistance.txt']);

    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('\u001b[');
    for (const line of run.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('shows flags with their severity and rupture markers with whether they were repaired', () => {
    const run = runCli(['analyze', 'tests/fixtures/sessions/rupture-unrepaired.txt']);

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Rupture markers \(\d+, \d+ repaired\)/);
    expect(run.stdout).toMatch(/not repaired/);
    expect(run.stdout).toMatch(/● (HIGH|MEDIUM|LOW)/);
  });

  it('states the reason instead of numbers when the engine abstains', () => {
    const run = runCli(['analyze', 'tests/fixtures/sessions/one-speaker.txt']);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Alliance not scored');
    expect(run.stdout).toMatch(/one speaker/);
    expect(run.stdout).not.toMatch(/Overall alliance\s+\d/);
  });
});

describe('attune help and version', () => {
  it.each([['analyze', '--help'], ['analyze', '-h'], ['--help'], ['-h']])('%s %s prints usage on stdout and exits 0', (...args) => {
    const run = runCli(args);

    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^usage: attune/);
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));

    const run = runCli(['--version']);

    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`attune ${version}\n`);
  });
});
