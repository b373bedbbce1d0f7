import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ClientPlanSchema } from '../../../schemas/plan.js';
import { runCli, scratchDir, writeInput } from './run-cli.js';

const DATES = ['2026-09-01', '2026-09-08', '2026-09-15', '2026-09-22', '2026-09-29'];
// Given out of date order: the plan reads them by the date in each name.
const JORDAN = ['2026-09-22', '2026-09-01', '2026-09-29', '2026-09-15', '2026-09-08'].map((d) => `samples/sessions/jordan/${d}.txt`);

const scratch = scratchDir();
afterAll(() => scratch.cleanup());

describe('attune plan: one client across dated sessions', () => {
  it('--json gives one schema-valid plan: goals with statuses and evidence, measures, Goal Agreement and the brief', () => {
    // Act
    const run = runCli(['plan', ...JORDAN, '--json']);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const plan = ClientPlanSchema.parse(JSON.parse(lines[0]!));
    expect(plan.sessions.map((s) => s.date)).toEqual(DATES);
    expect(plan.goals.map((g) => [g.text, g.status])).toEqual(
      expect.arrayContaining([
        ['Sleep through most nights', 'met'],
        ['Not dread Mondays', 'progress'],
      ]),
    );
    for (const goal of plan.goals) expect(goal.evidence.length).toBeGreaterThan(0);
    expect(plan.measures.filter((m) => m.instrument === 'PHQ-9').map((m) => [m.value, m.session, m.turnId])).toEqual([
      [16, '2026-09-01', 't0020'],
      [12, '2026-09-22', 't0027'],
      [9, '2026-09-29', 't0001'],
    ]);
    expect(plan.goalAgreement.points).toHaveLength(5);
    expect(plan.brief.lines.length).toBeLessThanOrEqual(12);
  });

  it('prints the brief, goals with their history, measures with change and the plan, each line cited', () => {
    const run = runCli(['plan', ...JORDAN, '--client', 'J.R.']);

    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^━━ Plan: J\.R\. · 5 sessions, 2026-09-01 to 2026-09-29 ━+$/m);
    expect(run.stdout).toMatch(/^Brief for the session after 2026-09-29$/m);
    expect(run.stdout).toMatch(/^ {2}• Risk: passive suicidal ideation on 2026-09-08, assessed, .+ \[2026-09-08 t\d{4}/m);
    expect(run.stdout).toMatch(/^ {2}goal-1 "Sleep through most nights": met/m);
    expect(run.stdout).toMatch(/^ {4}2026-09-29 {2}met {9}"I think the sleep goal is met, honestly" \[2026-09-29 /m);
    expect(run.stdout).toMatch(/^ {2}PHQ-9: 16 \(moderately severe\) 2026-09-01 → 12 \(moderate\) 2026-09-22 → 9 \(mild\) 2026-09-29 \[/m);
    expect(run.stdout).toMatch(/^ {4}change −7 from baseline: reliable improvement \(reliable at 6 points\); response not yet; remission not yet/m);
    expect(run.stdout).toMatch(/^Goal Agreement: \d+( → \d+){4} \(trend (improving|stable|declining)\)$/m);
    expect(run.stdout).toMatch(/^Treatment plan \(draft\)$/m);
    // Every bullet of the brief and the plan ends with its citation, or is a gap.
    for (const line of run.stdout.split('\n').filter((l) => /^ +• /.test(l))) expect(line).toMatch(/\]$|in the sessions\.$/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('refuses a file whose name has no session date, naming it, before reading any file', () => {
    const undated = writeInput(scratch.dir, 'session.txt', readFileSync(JORDAN[0]!));

    const run = runCli(['plan', JORDAN[0]!, undated]);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd()).toBe(
      `attune: ${undated}: the file name has no session date (YYYY-MM-DD): name each session's transcript with its date, e.g. 2026-09-08.txt`,
    );
  });

  it('reports an unreadable session on stderr, draws the plan from the rest, and exits 2', () => {
    const empty = writeInput(scratch.dir, '2026-10-06.txt', '');

    const run = runCli(['plan', JORDAN[1]!, empty, '--json']);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^attune: .*2026-10-06\.txt: /);
    expect(ClientPlanSchema.parse(JSON.parse(run.stdout)).sessions.map((s) => s.date)).toEqual(['2026-09-01']);
  });

  it('refuses an option it does not take, such as --note, with exit 2', () => {
    const run = runCli(['plan', JORDAN[0]!, '--note']);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--note' for 'attune plan'/);
  });
});
