import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, scratchDir, writeInput } from './run-cli.js';

const GOOD = 'tests/fixtures/sessions/good-alliance.txt';
const DIMENSIONS = ['Therapeutic relationship', 'Collaborative progress', 'Therapeutic process', 'Therapeutic framework', 'Session management'];

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

describe('attune analyze (text report): risk comes first', () => {
  it("opens with a review banner, the category, the assessment, the turn id and the client's words, before any score", () => {
    // Act
    const run = runCli(['analyze', 'tests/fixtures/sessions/passive-ideation.txt']);

    // Assess
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/▲ Review required · highest level (LOW|MODERATE|HIGH) · .*passive suicidal ideation/);
    expect(out).toMatch(/not assessed/);
    expect(out).toMatch(/t0004 client “Sometimes I wish I could go to sleep and not wake up\.”/);
    // The banner precedes the header facts and every score.
    const banner = out.indexOf('Review required');
    expect(banner).toBeGreaterThan(-1);
    expect(banner).toBeLessThan(out.indexOf('Talk share'));
    expect(banner).toBeLessThan(out.search(/Overall alliance|Alliance not scored/));
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('says no risk was found when the detector found none', () => {
    const run = runCli(['analyze', GOOD]);

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Risk {2}none found by the detector$/m);
    expect(run.stdout).not.toContain('Review required');
  });

  it('documents a denial the client gave when asked', () => {
    // Prepare
    const scratch = scratchDir();
    const path = writeInput(
      scratch.dir,
      'denial.txt',
      [
        'Therapist: How has your mood been this week?',
        'Client: Low, mostly. Work has been a lot and I have not been sleeping well.',
        'Therapist: Sometimes when people feel this low they have thoughts of killing themselves. Have you had any thoughts like that?',
        "Client: No, I've never thought about killing myself.",
        'Therapist: Thank you for telling me. What has helped you get through the low days?',
        'Client: My sister calls most evenings, and that helps a lot.',
        'Therapist: It sounds like she is an important support for you.',
        'Client: She is. I would like to see her more often.',
      ].join('\n'),
    );

    try {
      // Act
      const run = runCli(['analyze', path]);

      // Assess
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/Denials documented \(\d+\)/);
      expect(run.stdout).toMatch(/answering t0003/);
      expect(run.stdout).toMatch(/t0004 client “No, I've never thought about killing myself\.”/);
      expect(run.stdout).not.toContain('Review required');
    } finally {
      scratch.cleanup();
    }
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
