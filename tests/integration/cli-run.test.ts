/**
 * `attune run` as a user runs it: the real bundled CLI process against the local stack, with its exit
 * codes (0 COMPLETED, 3 FAILED with the JSON still printed, 2 bad usage).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SessionRecordSchema } from '../../schemas/session-record.js';
import { BOOT_TIMEOUT_MS, SAMPLES, filesUnder, localEnv, runAttune, tempHome } from './local-stack.js';

describe('attune run', () => {
  const home = tempHome();
  const env = localEnv(home.dir, { NO_COLOR: '1' });
  afterAll(() => home.cleanup());

  it(
    'prints the completed session as JSON and exits 0',
    () => {
      // Act
      const run = runAttune(['run', join(SAMPLES, '2026-09-08.txt'), '--client', 'jordan', '--consent', '--json'], env);

      // Assess
      expect(run.stderr).toMatch(/✓ ValidateUpload/);
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout) as Record<string, unknown> & { timings: Record<string, number>; transcript: { turns: unknown[] } };
      expect(report).toMatchObject({ status: 'COMPLETED', sessionId: '2026-09-08', clientId: 'jordan', sessionDate: '2026-09-08' });
      expect(report.failure).toBeUndefined();
      expect(report.transcript.turns.length).toBeGreaterThan(10);
      expect(SessionRecordSchema.shape.note.parse(report.note)).toBeDefined();
      expect(SessionRecordSchema.shape.alliance.parse(report.alliance)?.overall.score).toEqual(expect.any(Number));
      expect(report.metrics).toBeTruthy();
      expect(report.provenance).toMatchObject({ engine: 'local' });
      expect(report.timings).toMatchObject({ ValidateUpload: expect.any(Number), NormalizeTranscript: expect.any(Number), total: expect.any(Number) });
      expect(filesUnder(join(home.dir, 's3', 'attune-uploads'))).toEqual([]);
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'exits 3 with the reason when the session fails, and still prints the JSON',
    () => {
      // Act: no --consent
      const run = runAttune(['run', join(SAMPLES, '2026-09-01.txt'), '--client', 'jordan', '--session', 'unconsented', '--json'], env);

      // Assess
      expect(run.status).toBe(3);
      const report = JSON.parse(run.stdout) as { status: string; failure: { code: string; message: string }; note: unknown };
      expect(report.status).toBe('FAILED');
      expect(report.failure.code).toBe('consent_missing');
      expect(report.failure.message).toMatch(/consent/);
      expect(report.note).toBeNull();
      expect(filesUnder(join(home.dir, 's3', 'attune-uploads'))).toEqual([]);
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'prints a summary for a person without --json',
    () => {
      // Act
      const run = runAttune(['run', join(SAMPLES, '2026-09-22.txt'), '--client', 'jordan', '--consent'], env);

      // Assess
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/Status\s+COMPLETED/);
      expect(run.stdout).toMatch(/Overall alliance\s+\d+/);
      expect(run.stdout).toMatch(/Draft SOAP note/);
    },
    BOOT_TIMEOUT_MS,
  );

  it('refuses a client id that would leave the key layout, before anything is uploaded (exit 2)', () => {
    // Prepare
    const fresh = tempHome();

    // Act
    const run = runAttune(['run', join(SAMPLES, '2026-09-08.txt'), '--client', '../../x', '--consent'], localEnv(fresh.dir));

    // Assess
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^attune: --client must be an id/m);
    expect(run.stdout).toBe('');
    expect(existsSync(join(fresh.dir, 's3'))).toBe(false);
    fresh.cleanup();
  });

  it('names a missing file and exits 2', () => {
    // Act
    const run = runAttune(['run', join(home.dir, 'nope.wav'), '--client', 'jordan', '--consent'], env);

    // Assess
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/nope\.wav: no such file/);
  });

  it('exits 2 when --client is missing', () => {
    // Prepare
    const file = join(home.dir, 'session.txt');
    writeFileSync(file, 'Therapist: Hello.\nClient: Hi.\n');

    // Act
    const run = runAttune(['run', file, '--consent'], env);

    // Assess
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--client is required/);
  });
});
