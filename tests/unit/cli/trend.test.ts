import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { AllianceSeriesSchema, type AllianceSeries } from '../../../schemas/series.js';
import { DIALOGUE, RISK_DIALOGUE } from '../handlers/session-fixtures.js';
import { runCli, scratchDir, writeInput } from './run-cli.js';

const JORDAN = ['2026-09-15', '2026-09-01', '2026-09-22', '2026-09-08'].map((d) => `samples/sessions/jordan/${d}.txt`);
const DATES = ['2026-09-01', '2026-09-08', '2026-09-15', '2026-09-22'];
const DIMENSION_LABELS = ['Therapeutic relationship', 'Collaborative progress', 'Therapeutic process', 'Therapeutic framework', 'Session management'];

const scratch = scratchDir();
afterAll(() => scratch.cleanup());

describe('attune trend: one client across dated sessions', () => {
  it('--json gives one schema-valid AllianceSeries, sessions in date order whatever the argument order', () => {
    // Act
    const run = runCli(['trend', ...JORDAN, '--json']);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const series: AllianceSeries = AllianceSeriesSchema.parse(JSON.parse(lines[0]!));
    expect(series.sessions.map((s) => s.date)).toEqual(DATES);
    expect(series.sessions.map((s) => s.sessionId)).toEqual(DATES);
    for (const trend of [series.overall, ...Object.values(series.dimensions)]) {
      expect(trend.points.map((p) => p.date)).toEqual(DATES);
      expect(['improving', 'stable', 'declining']).toContain(trend.direction);
      expect(trend.slopePerSession).toEqual(expect.any(Number));
    }
  });

  it('prints a per-session table, the trend of each dimension, alerts and flags', () => {
    const [json] = runCli(['trend', ...JORDAN, '--json']).stdout.split('\n');
    const series = AllianceSeriesSchema.parse(JSON.parse(json!));

    const run = runCli(['trend', ...JORDAN, '--client', 'J.R.']);

    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^━━ Alliance trend: J\.R\. · 4 sessions, 2026-09-01 to 2026-09-22 ━+$/m);
    expect(run.stdout).toMatch(/Date\s+Overall\s+Rel\s+Col\s+Pro\s+Fra\s+Man\s+Flags\s+Ruptures repaired \/ not/);
    const rows = run.stdout.split('\n').filter((line) => /^ {2}\d{4}-\d{2}-\d{2} /.test(line));
    expect(rows.map((row) => row.trim().slice(0, 10))).toEqual(DATES);
    for (const [i, row] of rows.entries()) {
      // date, overall, five dimensions, flags count, then the rupture cell
      expect(row).toMatch(/^ {2}\d{4}-\d{2}-\d{2}(\s+(\d{1,3}|—)){6}\s+\d+\s+(none|\d+ ✓ \/ \S+)/);
      expect(row).toMatch(new RegExp(`^  ${DATES[i]}\\s+${series.overall.points[i]!.score}\\s`));
    }
    // The session with the rupture and its repair shows it.
    expect(rows[2]).toMatch(/\d+ ✓ \/ \S+$/);
    for (const label of ['Overall alliance', ...DIMENSION_LABELS]) {
      expect(run.stdout).toMatch(new RegExp(`^  ${label}\\s+[↗→↘] (improving|stable|declining)\\s+[+−±]\\d+\\.\\d / session`, 'm'));
    }
    expect(run.stdout).toMatch(/^Rupture alerts/m);
    expect(run.stdout).toMatch(/^Series flags/m);
    expect(run.stdout).not.toContain('\u001b[');
    for (const line of run.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('says there is too little for a trend with fewer than three sessions', () => {
    const run = runCli(['trend', JORDAN[0]!, JORDAN[1]!]);

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Overall alliance\s+not enough scored sessions for a trend \(3 needed\)/);
  });

  it('refuses a file whose name has no session date, naming it, before reading any file', () => {
    const undated = writeInput(scratch.dir, 'session.txt', readFileSync(JORDAN[0]!));

    const run = runCli(['trend', ...JORDAN, undated]);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `attune: ${undated}: the file name has no session date (YYYY-MM-DD): name each session's transcript with its date, e.g. 2026-09-08.txt`,
    ]);
  });

  it('refuses a date in a file name that is not a real day', () => {
    const run = runCli(['trend', writeInput(scratch.dir, '2026-02-30.txt', readFileSync(JORDAN[0]!))]);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/2026-02-30, is not a real calendar date/);
  });

  it('reports an unusable session on stderr, draws the series from the rest, and exits 2', () => {
    const empty = writeInput(scratch.dir, '2026-09-29.txt', '');

    const run = runCli(['trend', ...JORDAN, empty, '--json']);

    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(new RegExp(`^attune: ${empty}: .*empty`))]);
    expect(AllianceSeriesSchema.parse(JSON.parse(run.stdout)).sessions.map((s) => s.date)).toEqual(DATES);
  });

  it.each([
    ['no files', ['trend'], /no files given/],
    ['a file given twice', ['trend', JORDAN[0]!, JORDAN[0]!], /given twice/],
    ['an unknown option', ['trend', JORDAN[0]!, '--note', 'soap'], /unknown option '--note'/],
  ])('%s: exit 2', (_what, args, reason) => {
    const run = runCli(args);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(reason);
  });
});

describe('attune trend: risk across the sessions', () => {
  /** Three weeks: nothing, then passive ideation and self-injury, then ideation with a worked-out method. */
  const week = (date: string, lines: readonly string[]) => writeInput(scratch.dir, `${date}.txt`, lines.join('\n'));
  const PLAN = [
    'Therapist: How have things been since we last met?',
    'Client: Worse. I have been thinking about killing myself.',
    'Therapist: Thank you for telling me. Can you say more?',
    'Client: I have worked out that I would take all my pills on Friday when my flatmate is away.',
    'Therapist: That sounds serious, and I am glad you told me.',
    'Client: I just feel like there is no way out.',
  ];
  const files = () => [week('2026-10-01', DIALOGUE), week('2026-10-08', RISK_DIALOGUE), week('2026-10-15', PLAN)];

  it("prints the risk alerts first: escalating and repeated risk, naming the sessions, never the client's words", () => {
    // Act
    const run = runCli(['trend', ...files()]);

    // Assess
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out.indexOf('Risk alerts')).toBeGreaterThan(0);
    expect(out.indexOf('Risk alerts')).toBeLessThan(out.indexOf('Sessions'));
    expect(out).toMatch(/● ESCALATING {2}2026-10-15\n\s+level high, above every earlier session \(at most moderate\)/);
    expect(out).toMatch(/● REPEATED {2}risk in 2 sessions\n\s+Sessions: 2026-10-08, 2026-10-15/);
    for (const line of [...RISK_DIALOGUE, ...PLAN].filter((l) => l.startsWith('Client:'))) expect(out).not.toContain(line.slice('Client: '.length));
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it("--json carries each session's level and categories and the alerts", () => {
    // Act
    const series = AllianceSeriesSchema.parse(JSON.parse(runCli(['trend', ...files(), '--json']).stdout));

    // Assess
    expect(series.risk.sessions.map((s) => [s.sessionId, s.highestLevel])).toEqual([
      ['2026-10-01', 'none'],
      ['2026-10-08', 'moderate'],
      ['2026-10-15', 'high'],
    ]);
    expect(series.risk.sessions[1]!.categories).toEqual(expect.arrayContaining(['passive_ideation', 'self_injury']));
    expect(series.risk.alerts.map((a) => a.kind)).toEqual(['escalating', 'escalating', 'repeated']);
    expect(series.risk.alerts.at(-1)).toMatchObject({ kind: 'repeated', sessionIds: ['2026-10-08', '2026-10-15'] });
  });
});

describe('attune help lists both commands', () => {
  it('attune --help names analyze (with its note options) and trend', () => {
    const run = runCli(['--help']);

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ {2}analyze <file\.\.\.>/m);
    expect(run.stdout).toMatch(/^ {2}trend <file\.\.\.>/m);
    expect(run.stdout).toContain('--note soap|dap|birp|girp|narrative');
  });

  it.each([
    ['analyze', /--note <format>[\s\S]*--fhir[\s\S]*--model <id>[\s\S]*AWS_REGION/],
    ['trend', /--client <label>/],
  ])('attune %s --help describes its options', (command, options) => {
    const run = runCli([command, '--help']);

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^usage: attune ${command} <file\\.\\.\\.>`));
    expect(run.stdout).toMatch(options);
  });
});
