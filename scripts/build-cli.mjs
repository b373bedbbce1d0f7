// Bundles the CLI into one ESM file so `npx attune` starts in well under half a second
// (tsx would type-strip on every start). Runs on `npm ci` (prepare) and before the CLI tests.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// `attune --version` reads this constant, so the bundle never opens package.json at start-up.
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
await build({
  absWorkingDir: root,
  entryPoints: ['bin/attune-cli.ts'],
  outfile: 'dist/attune-cli.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: false,
  logLevel: 'warning',
  define: { __ATTUNE_VERSION__: JSON.stringify(version) },
});
