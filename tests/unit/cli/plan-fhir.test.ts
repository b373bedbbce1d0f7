import { describe, expect, it } from 'vitest';
import type * as fhir4 from 'fhir/r4';
import { CLIENT_ID_SYSTEM, validateR4 } from '../../../lambdas/core/fhir/index.js';
import { runCli } from './run-cli.js';

const DATES = ['2026-09-01', '2026-09-08', '2026-09-15', '2026-09-22', '2026-09-29'];
const JORDAN = DATES.map((d) => `samples/sessions/jordan/${d}.txt`);

describe('attune plan --fhir', () => {
  it('prints the plan as one valid FHIR R4 Bundle on one line, the client given by id', () => {
    const run = runCli(['plan', ...JORDAN, '--fhir', '--client-id', 'c-042']);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const bundle = JSON.parse(lines[0]!) as fhir4.Bundle;
    expect(validateR4(bundle)).toEqual([]);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const types = bundle.entry!.map((e) => e.resource!.resourceType);
    expect(types[0]).toBe('CarePlan');
    expect(types.filter((t) => t === 'CarePlan')).toHaveLength(1);
    expect(types.filter((t) => t === 'Goal').length).toBeGreaterThan(0);
    const phq = bundle
      .entry!.map((e) => e.resource as fhir4.FhirResource)
      .filter((r): r is fhir4.Observation => r.resourceType === 'Observation' && r.code.coding?.[0]?.code === '44261-6');
    expect(phq.map((o) => o.valueInteger)).toEqual([16, 12, 9]);
    const carePlan = bundle.entry![0]!.resource as fhir4.CarePlan;
    expect(carePlan).toMatchObject({ status: 'draft', intent: 'plan' });
    expect(carePlan.subject).toEqual({ type: 'Patient', identifier: { system: CLIENT_ID_SYSTEM, value: 'c-042' } });
  });

  it('prints the same bundle for the same sessions given in another order', () => {
    const a = runCli(['plan', ...JORDAN, '--fhir']);
    const b = runCli(['plan', ...[...JORDAN].reverse(), '--fhir']);

    expect(a.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect((JSON.parse(a.stdout).entry[0].resource as fhir4.CarePlan).subject).toEqual({ type: 'Patient', display: 'Client not identified in this export' });
  });

  it.each([
    [['--fhir', '--json'], 'attune: --fhir and --json both choose the output: give one of them'],
    [['--client-id', 'c-042'], 'attune: --client-id names the client in the FHIR export: add --fhir'],
    [['--fhir', '--client-id', 'Jordan R'], 'attune: --client-id: ids are 1-64 letters, digits, "-" or "_", starting with a letter or digit'],
    [['--fhir', '--client-id'], "attune: --client-id needs the client's id, e.g. --client-id c-042"],
  ])('%j is a usage error (exit 2) that prints nothing on stdout', (flags, message) => {
    const run = runCli(['plan', ...JORDAN, ...flags]);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd()).toBe(message);
  });

  it('--help says what --fhir prints', () => {
    const run = runCli(['plan', '--help']);

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: attune plan <file\.\.\.> \[--json \| --fhir \[--client-id <id>\]\] \[--client <label>\]$/m);
    expect(run.stdout).toMatch(/^ {2}--fhir {13}the plan as one FHIR R4 Bundle/m);
    expect(run.stdout).toContain('PHQ-9 LOINC 44261-6, GAD-7 LOINC 70274-6');
  });
});
