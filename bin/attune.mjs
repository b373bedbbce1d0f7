#!/usr/bin/env node
// Launcher for the `attune` CLI: runs the bundle that `npm ci` (prepare) or `npm run build` produced.
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/attune-cli.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('attune: the CLI is not built yet; run `npm run build` (npm ci does it for you)\n');
  process.exit(2);
}
// A CLI run matches each cue pattern against one session, then exits: compiling the large patterns to
// native code costs more than it saves there (bench/speed.ts measured about a third of the start-up).
setFlagsFromString('--no-regexp-tier-up');
const { main } = await import(bundle);
process.exitCode = await main(process.argv.slice(2));
