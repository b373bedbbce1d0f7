/**
 * The supervision report through the real `attune` CLI: `--json` carries it beside the note, `--supervision`
 * prints it as text (safety, relationship, technique, with a response to try at each moment), and neither
 * quotes the session.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SupervisionReportSchema } from '../../../schemas/supervision.js';
import { ROOT, reportsOf, runCli } from './run-cli.js';

const RUPTURE = join('tests', 'fixtures', 'sessions', 'rupture-unrepaired.txt');
const RISK = join('tests', 'fixtures', 'sessions', 'passive-ideation.txt');

/** The session's lines as spoken, without the speaker label. */
function spokenLines(path: string): string[] {
  return readFileSync(join(ROOT, path), 'utf8')
    .split('\n')
    .map((line) => /^\w+:\s*(.+)$/.exec(line.trim())?.[1])
    .filter((text): text is string => text !== undefined && text.length >= 20);
}

describe('attune analyze --json', () => {
  it('carries the supervision report beside the note, citing the turns of the session', () => {
    // Act
    const run = runCli(['analyze', RISK, '--note', 'soap', '--json']);

    // Assess
    expect(run.status).toBe(0);
    const [report] = reportsOf(run);
    expect(report!.note).toBeDefined();
    const supervision = SupervisionReportSchema.parse(report!.supervision);
    const ids = new Set(report!.transcript.turns.map((t) => t.id));
    expect(supervision.moments[0]).toMatchObject({ domain: 'safety', kind: 'risk_follow_up' });
    for (const m of supervision.moments) for (const id of m.evidence) expect(ids.has(id)).toBe(true);
  });

  it('carries it without a note too', () => {
    const run = runCli(['analyze', RUPTURE, '--json']);

    expect(run.status).toBe(0);
    const [report] = reportsOf(run);
    expect(report!.note).toBeUndefined();
    expect(report!.supervision!.moments.some((m) => m.kind === 'rupture')).toBe(true);
  });
});

describe('attune analyze --supervision', () => {
  it('prints the report as readable text: the summary first, then moments in order, each with its turns and a response to try', () => {
    // Prepare: the report as --json carries it, to check the text against.
    const [json] = reportsOf(runCli(['analyze', RUPTURE, '--json']));
    const report = SupervisionReportSchema.parse(json!.supervision);

    // Act
    const run = runCli(['analyze', RUPTURE, '--supervision']);

    // Assess
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const out = run.stdout;
    expect(out).toMatch(/^Supervision report · /);
    const summary = out.indexOf('\nSummary\n');
    const safety = out.indexOf('\nSafety (');
    const relationship = out.indexOf('\nRelationship (');
    const technique = out.indexOf('\nTechnique (');
    expect(summary).toBeGreaterThan(0);
    expect(safety).toBeGreaterThan(summary);
    expect(relationship).toBeGreaterThan(safety);
    expect(technique).toBeGreaterThan(relationship);
    expect(out.slice(summary).replace(/\s+/g, ' ')).toContain(report.summary![0]!.text.split(' ').slice(0, 6).join(' '));
    for (const m of report.moments) {
      const tag = m.kind === 'strength' ? '✓ strength' : `${m.kind.replace(/_/g, ' ')} · ${m.severity}`;
      expect(out).toContain(`${tag} · ${m.evidence.join(', ')}`);
      if (m.alternative !== null) expect(out).toContain(`Try: ${m.alternative.split(' ').slice(0, 4).join(' ')}`);
    }
    expect(report.moments.some((m) => m.kind === 'rupture' && m.alternative !== null)).toBe(true);
    expect(out).toMatch(/Reflections\/question/);
    expect(out).toMatch(report.process.miti ? /Bands: MITI thresholds, MI reference points/ : /MITI bands left out: MI norms do not apply/);
    // Not the alliance report, and nothing the session said.
    for (const line of spokenLines(RUPTURE)) expect(out).not.toContain(line);
  });

  it.each([
    ['--json', /--supervision and --json/],
    ['--fhir', /--supervision and --fhir/],
  ])('with %s: exit 2 and one line', (option, reason) => {
    const run = runCli(['analyze', RUPTURE, '--supervision', option, ...(option === '--fhir' ? ['--note', 'soap'] : [])]);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(reason);
  });
});
