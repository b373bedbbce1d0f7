#!/usr/bin/env node
// Launcher for the `attune` CLI: runs the bundle that `npm ci` (prepare) or `npm run build` produced.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/attune-cli.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('attune: the CLI is not built yet; run `npm run build` (npm ci does it for you)\n');
  process.exit(2);
}
// No V8 flags are changed at run time: `v8.setFlagsFromString('--no-regexp-tier-up')` saved part of the
// start-up but made a test run end in SIGSEGV (node documents that changing flags after start-up may crash).
const { main } = await import(bundle);
process.exitCode = await main(process.argv.slice(2));
