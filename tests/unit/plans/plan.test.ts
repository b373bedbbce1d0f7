import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { buildClientPlan, type PlanSessionInput } from '../../../lambdas/core/plans/index.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';
import { ClientPlanSchema, MAX_BRIEF_LINES, type ClientPlan } from '../../../schemas/plan.js';
import { root } from '../../helpers.js';

const DATES = ['2026-09-01', '2026-09-08', '2026-09-15', '2026-09-22', '2026-09-29'];

function session(date: string, text: string): PlanSessionInput {
  const transcript = parseTranscript(text);
  return { session: date, date, transcript, ...analyzeTranscript(transcript) };
}
const jordan = () => DATES.map((d) => session(d, readFileSync(`${root}/samples/sessions/jordan/${d}.txt`, 'utf8')));

/** Every citation of the plan names a session given and a turn of that session. */
function citations(plan: ClientPlan): { session: string; turnId?: string }[] {
  const out: { session: string; turnId?: string }[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if (Array.isArray(v.evidence)) out.push(...(v.evidence as { session: string; turnId?: string }[]));
      Object.values(v).forEach(walk);
    }
  };
  walk(plan);
  return out;
}

describe('the plan of the sample client, across five sessions', () => {
  const sessions = jordan();
  // Given out of order: the plan reads them by date.
  const plan = buildClientPlan([...sessions].reverse());

  it('follows the goals set in the first session to where each stands, with the turns that show it', () => {
    expect(ClientPlanSchema.parse(plan)).toEqual(plan);
    const byText = new Map(plan.goals.map((g) => [g.text, g]));
    const sleep = byText.get('Sleep through most nights')!;
    expect(sleep.status).toBe('met');
    expect(sleep.history[0]).toMatchObject({ session: '2026-09-01', status: 'introduced' });
    expect(sleep.history.at(-1)).toMatchObject({ session: '2026-09-29', status: 'met', quote: 'I think the sleep goal is met, honestly' });
    expect(sleep.targetDate).toBe('in, say, two months');
    expect(byText.get('Not dread Mondays')!.status).toBe('progress');
    // Restated in new words ("keep climbing on Saturdays") and matched to the first session's goal.
    const climbing = byText.get('Maybe get back to the climbing gym')!;
    expect(climbing.history.map((e) => e.session)).toContain('2026-09-22');
    expect(climbing.status).toBe('met');
    // "Three days a week" became "two days a week": a revision, with the new measurable form.
    const leaving = plan.goals.find((g) => g.text.startsWith("I'm going to leave by six"))!;
    expect(leaving.history.map((e) => e.status)).toEqual(['introduced', 'revised']);
    expect(leaving.measurable).toBe('by six, at least two days a week');
    expect(leaving.measurableEvidence).toContainEqual({ session: '2026-09-29', turnId: 't0013' });
  });

  it('cites only sessions given and turns that exist in them', () => {
    const turns = new Map(sessions.map((s) => [s.session, new Set(s.transcript.turns.map((t) => t.id))]));
    const cited = citations(plan);
    expect(cited.length).toBeGreaterThan(20);
    for (const c of cited) {
      expect(turns.has(c.session)).toBe(true);
      if (c.turnId !== undefined) expect(turns.get(c.session)!.has(c.turnId)).toBe(true);
    }
    // A goal's quote is the words of a turn it cites.
    for (const goal of plan.goals)
      for (const e of goal.history) {
        const texts = sessions
          .find((s) => s.session === e.session)!
          .transcript.turns.filter((t) => e.turnIds.includes(t.id))
          .map((t) => t.text);
        expect(texts.some((t) => t.includes(e.quote))).toBe(true);
      }
  });

  it('trends PHQ-9 16 → 12 → 9 and GAD-7 with reliable change, and Goal Agreement per session', () => {
    const phq = plan.measureSeries.find((s) => s.instrument === 'PHQ-9')!;
    expect(phq.points.map((p) => [p.session, p.value])).toEqual([
      ['2026-09-01', 16],
      ['2026-09-22', 12],
      ['2026-09-29', 9],
    ]);
    expect(phq.change?.reliableChange).toBe('reliable_improvement');
    expect(plan.goalAgreement.points.map((p) => p.session)).toEqual(DATES);
    expect(plan.goalAgreement.points.every((p) => p.score !== null)).toBe(true);
  });

  it('drafts problems, goals with objectives and the interventions used, each cited', () => {
    expect(plan.plan.problems[0]!.text).toMatch(/^Sleep difficulties: raised in \d sessions, first 2026-09-01/);
    expect(plan.plan.goals.map((g) => g.goalId)).toEqual(plan.goals.map((g) => g.id));
    const labels = plan.plan.interventions.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['thought record', 'safety planning', 'collaborative agenda setting']));
    // 2026-09-15 names thought records only to review last week's (reviewing homework) and to drop them ("let's drop the
    // thought records for now"): a technique set aside is not one used there.
    expect(plan.plan.interventions.find((i) => i.label === 'thought record')!.sessions).toEqual(['2026-09-08']);
    expect(plan.plan.interventions.find((i) => i.label === 'reviewing homework')!.sessions).toContain('2026-09-15');
  });

  it('writes a brief of at most twelve lines, risk first, every finding cited', () => {
    const { lines } = plan.brief;
    expect(lines.length).toBeLessThanOrEqual(MAX_BRIEF_LINES);
    expect(lines[0]).toMatchObject({ topic: 'risk', kind: 'finding' });
    expect(lines[0]!.text).toMatch(/passive suicidal ideation on 2026-09-08, assessed, safety plan made; no disclosure found in the 3 sessions since/);
    expect(lines.map((l) => l.topic)).toEqual(expect.arrayContaining(['homework', 'goal', 'measure', 'alliance', 'rupture']));
    expect(lines.find((l) => l.topic === 'rupture')!.text).toMatch(/none open; the last, on 2026-09-15/);
    for (const line of lines) expect(line.kind === 'gap' || line.evidence.length > 0).toBe(true);
  });
});

describe('what the sessions do not hold is a gap, never invented', () => {
  it('says goals, homework, measures, risk and ruptures were not found in a session that has none', () => {
    const plan = buildClientPlan([
      session(
        '2026-10-01',
        [
          'Therapist: How have things been this week?',
          'Client: Busy. Work was long but fine.',
          'Therapist: What stood out for you?',
          'Client: Mostly the commute. It takes an hour each way.',
          'Therapist: That is a lot of time on the road.',
          'Client: It is. I listen to podcasts, so it is not all bad.',
          'Therapist: What do you listen to?',
          'Client: History, mostly. It keeps my mind off emails.',
          'Therapist: Shall we pick up there next time?',
          'Client: Sure.',
        ].join('\n'),
      ),
    ]);

    expect(plan.goals).toEqual([]);
    expect(plan.measures).toEqual([]);
    expect(plan.plan.gaps.map((g) => g.text)).toContain('Goals: none found in the sessions.');
    const gaps = plan.brief.lines.filter((l) => l.kind === 'gap').map((l) => l.text);
    expect(gaps).toEqual(
      expect.arrayContaining([
        'Risk: no disclosure found in the sessions.',
        'Homework: none found in the sessions.',
        'Goals: none found in the sessions.',
        'Measures: no score found in the sessions.',
        'Ruptures: none found in the sessions.',
      ]),
    );
    for (const gap of plan.brief.lines.filter((l) => l.kind === 'gap')) expect(gap.evidence).toEqual([]);
  });

  it('refuses no sessions and a session given twice', () => {
    const one = session('2026-10-01', 'Therapist: Hello.\nClient: Hi.');
    expect(() => buildClientPlan([])).toThrow(/at least one session/);
    expect(() => buildClientPlan([one, one])).toThrow(/given twice/);
  });
});
