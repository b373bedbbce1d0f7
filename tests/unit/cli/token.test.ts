import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../bin/attune-cli.js';
import type { CliIo } from '../../../bin/cli/io.js';
import { localSecret, verifyToken } from '../../../local/stand-ins/auth.js';
import { runCli, scratchDir } from './run-cli.js';

const NOW = new Date('2026-09-15T10:00:00Z');

async function token(argv: string[], home: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: { ATTUNE_HOME: home },
    now: () => NOW,
  };
  const code = await main(['token', ...argv], io);
  return { code, stdout, stderr };
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

describe('attune token', () => {
  let scratch: ReturnType<typeof scratchDir>;
  beforeEach(() => {
    scratch = scratchDir();
  });
  afterEach(() => scratch.cleanup());

  it('prints a token, signed with the home key, for the tenant, user and role given', async () => {
    // Act
    const run = await token(['--tenant', 'clinic-a', '--user', 'dr-lee', '--role', 'supervisor', '--expires', '30m'], scratch.dir);

    // Assess
    expect(run.code).toBe(0);
    const key = localSecret(join(scratch.dir, 'keys', 'token.key'));
    const verified = verifyToken(lastLine(run.stdout), key, new Date(NOW.getTime() + 29 * 60_000));
    expect(verified).toMatchObject({ ok: true, claims: { sub: 'dr-lee', 'custom:tenant': 'clinic-a', 'cognito:groups': ['supervisor'] } });
    expect(verifyToken(lastLine(run.stdout), key, new Date(NOW.getTime() + 30 * 60_000))).toMatchObject({ ok: false, reason: 'expired' });
    expect(run.stderr).toMatch(/dr-lee \(supervisor\) in tenant clinic-a, valid until 2026-09-15T10:30:00.000Z/);
  });

  it('makes a clinician token valid for 8 hours by default', async () => {
    // Act
    const run = await token(['--tenant=local', '--user=demo'], scratch.dir);

    // Assess
    const key = localSecret(join(scratch.dir, 'keys', 'token.key'));
    const verified = verifyToken(lastLine(run.stdout), key, NOW);
    expect(verified).toMatchObject({ ok: true, claims: { 'cognito:groups': ['clinician'], exp: NOW.getTime() / 1000 + 8 * 3600 } });
  });

  it.each([
    [[], /--tenant is required/],
    [['--tenant', 'local'], /--user is required/],
    [['--tenant', 'a/b', '--user', 'demo'], /--tenant must be an id/],
    [['--tenant', 'local', '--user', 'demo x'], /--user must be an id/],
    [['--tenant', 'local', '--user', 'demo', '--role', 'owner'], /--role 'owner': use clinician, supervisor or admin/],
    [['--tenant', 'local', '--user', 'demo', '--expires', '31d'], /longer than the 30d/],
    [['--tenant', 'local', '--user', 'demo', '--expires', 'soon'], /--expires 'soon': give a number and a unit/],
    [['--tenant', 'local', '--user', 'demo', '--expires'], /--expires needs a value/],
    [['--tenant', 'local', '--user', 'demo', '--admin'], /unknown option '--admin'/],
    [['--tenant', 'local', '--tenant', 'other', '--user', 'demo'], /--tenant is given 2 times/],
  ])('refuses %j with exit 2 and says what to fix', async (argv, message) => {
    // Act
    const run = await token(argv, scratch.dir);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(scratch.dir, 'keys'))).toBe(false);
  });

  it('runs from the bundle, without the runtime, and keeps its key private', () => {
    // Act
    const run = runCli(['token', '--tenant', 'local', '--user', 'demo', '--role', 'admin', '--role', 'clinician'], { ATTUNE_HOME: scratch.dir });

    // Assess
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const key = localSecret(join(scratch.dir, 'keys', 'token.key'));
    expect(verifyToken(lastLine(run.stdout), key)).toMatchObject({ ok: true, claims: { 'cognito:groups': ['admin', 'clinician'] } });
    expect(statSync(join(scratch.dir, 'keys', 'token.key')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(scratch.dir, 'runtime.pid'))).toBe(false);
  });

  it('is listed in the help', () => {
    // Act
    const run = runCli(['--help']);

    // Assess
    expect(run.stdout).toMatch(/^\s+token\s+print a token for the local API/m);
  });
});
