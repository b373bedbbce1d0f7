/**
 * A local runtime that is killed mid-analysis (tests/integration/interrupted-recovery.test.ts runs it as a
 * child process and SIGKILLs it): it uploads a transcript, holds the execution at DeleteRawAudio (the session
 * is ANALYZING and its upload still stored), prints `ANALYZING <sessionId>` and waits to be killed.
 * Usage: node --import tsx killed-mid-analysis.ts <transcript file> <upload key>   (ATTUNE_HOME from the environment)
 */
import { startLocalRuntime } from '../../../local/runtime/runtime.js';
import { CONSENT } from '../local-stack.js';

const [file, key] = process.argv.slice(2);
if (!file || !key) throw new Error('usage: killed-mid-analysis.ts <transcript file> <upload key>');
const sessionId = key
  .split('/')
  .pop()!
  .replace(/\.[^.]+$/, '');
const tenantId = key.split('/')[1]!;

const runtime = await startLocalRuntime({
  env: process.env,
  onWarning: () => undefined,
  async interceptTask(task, proceed) {
    if (task.state !== 'DeleteRawAudio') return proceed();
    const record = await runtime.sessions.get({ tenantId, sessionId });
    process.stdout.write(`${record?.status} ${sessionId}\n`);
    // Held here until the parent kills this process: an execution in the middle of its work.
    return new Promise(() => undefined);
  },
});
await runtime.upload(key, { file }, { ...CONSENT, 'session-date': '2026-10-01' });
