/**
 * `npm start`: Attune on this machine. Boots the local runtime (data under ATTUNE_HOME, default
 * ./.attune, kept across restarts), processes the bundled sample sessions the first time so there is
 * something to look at, and serves the API and the clinician web app (dist/web, docs/web.md) on
 * http://localhost:3000 (PORT changes it) until Ctrl-C. ATTUNE_IDLE_MINUTES sets the app's idle sign-out.
 * Callers sign in with a local token (`npx attune token`); the sample client belongs to the clinician
 * `demo` of the tenant `local`.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidInputError } from '../lambdas/core/errors.js';
import { createApiServer, SAMPLE_CLIENT, SAMPLE_CLINICIAN, SAMPLE_TENANT, signInCommand } from './http/http-api.js';
import { packageRoot } from './runtime/home.js';
import { startLocalRuntime, type LocalRuntime } from './runtime/runtime.js';
import { sessionReport, uploadSessionFile, type SessionFile } from './runtime/sessions.js';

function portOf(env: NodeJS.ProcessEnv): number {
  const raw = env.PORT ?? '3000';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (0-65535), not '${raw}'`);
  return port;
}

/** The fictional sessions in samples/sessions/jordan, once, when the sample client has no sessions yet. */
async function loadSamples(runtime: LocalRuntime, log: (line: string) => void): Promise<void> {
  const existing = await runtime.sessions.listByClient(SAMPLE_TENANT, SAMPLE_CLIENT, { limit: 1 });
  if (existing.items.length > 0) return;
  const dir = join(packageRoot(), 'samples', 'sessions', SAMPLE_CLIENT);
  const files = readdirSync(dir)
    .filter((name) => /^\d{4}-\d{2}-\d{2}\.txt$/.test(name))
    .sort();
  log(`First start: processing the ${files.length} sample sessions (samples/sessions/${SAMPLE_CLIENT}) through the workflow…`);
  for (const name of files) {
    const date = name.slice(0, 10);
    const session: SessionFile = {
      file: join(dir, name),
      tenantId: SAMPLE_TENANT,
      clientId: SAMPLE_CLIENT,
      sessionId: date,
      // The samples are fictional, written for the project: "consent" records that, not a person's agreement.
      consent: { method: 'sample', obtainedAt: date },
      sessionDate: date,
    };
    const run = await uploadSessionFile(runtime, session);
    const report = await sessionReport(runtime, session, await run.outcome);
    const score = report.alliance?.overall.score;
    log(
      `  ${date}  ${report.status}${score !== undefined && score !== null ? `  alliance ${Math.round(score)}` : ''}${report.failure ? `  ${report.failure.code}` : ''}`,
    );
  }
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return (server.address() as { port: number }).port;
}

export async function startServer(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {
  const port = portOf(env);
  const runtime = await startLocalRuntime({
    env,
    onSynth: () => log('Preparing the local workflow from the CDK app (the CDK code changed since `npm run build`, which prepares it ahead): about 20 s…'),
    onWarning: (message) => process.stderr.write(`attune: ${message}\n`),
  });
  let server: Server;
  try {
    server = createApiServer(runtime, { env });
  } catch (error) {
    await runtime.close();
    throw error;
  }
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    })());
  try {
    await loadSamples(runtime, log);
    // Every start, not only the first: the assignment is kept only when the client has none yet.
    await runtime.clients.assign({ tenantId: SAMPLE_TENANT, clientId: SAMPLE_CLIENT, clinicianId: SAMPLE_CLINICIAN, createdAt: new Date().toISOString() });
    const bound = await listen(server, port);
    const base = `http://localhost:${bound}`;
    // Upload URLs point at this server, whose address is known only now.
    runtime.store.setPresignBase(base);
    log('');
    log(`Attune is running on this machine · data in ${runtime.home.root}`);
    const built = existsSync(join(packageRoot(), 'dist', 'web', 'index.html'));
    log(`  Web app    ${base}/   ${built ? '(open it in a browser; sign in with the token below)' : '(not built yet: run `npm run build`, then reload)'}`);
    log(`  API        ${base}   (GET ${base}/ lists the routes)`);
    log(`  Sign in    TOKEN=$(${signInCommand(env, runtime.home.root)})`);
    log(`             a token for the clinician ${SAMPLE_CLINICIAN} of tenant ${SAMPLE_TENANT}, whose client ${SAMPLE_CLIENT} has the sample sessions`);
    log(`             (--role supervisor or admin for the other roles; 'npx attune token --help')`);
    if (runtime.noteTemplates) log(`  Templates  ${runtime.noteTemplates.source} (the clinic's note templates, docs/templates.md)`);
    log(`  Events     ${runtime.home.events}${env.ATTUNE_WEBHOOK_URL ? `, POSTed to ${env.ATTUNE_WEBHOOK_URL}` : ' (set ATTUNE_WEBHOOK_URL to receive them)'}`);
    log('');
    log('Open:');
    log(`  curl -H "Authorization: Bearer $TOKEN" ${base}/clients/${SAMPLE_CLIENT}/sessions`);
    log(`  curl -H "Authorization: Bearer $TOKEN" ${base}/sessions/2026-09-15`);
    log('');
    log('Ctrl-C stops the server; the data stays for the next start.');
    return { port: bound, runtime, server, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function main(): Promise<void> {
  try {
    const { close } = await startServer();
    const stop = (signal: NodeJS.Signals) => {
      process.stdout.write(`\nStopping (${signal})…\n`);
      void close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'EADDRINUSE'
        ? `port ${process.env.PORT ?? '3000'} is in use: stop what is using it, or start with PORT=<another port>`
        : (error as Error).message;
    process.stderr.write(`attune: ${message}\n`);
    // 2: something the user can fix (the port, a setting, a home in use); 1: our own failure.
    process.exit(code === 'EADDRINUSE' || error instanceof InvalidInputError ? 2 : 1);
  }
}

// Run when started as a program (`npm start`), not when imported by a test.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main();
