// Bundles the CLI into one ESM file so `npx attune` starts in well under half a second
// (tsx would type-strip on every start). Runs on `npm ci` (prepare) and before the CLI tests.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// `attune --version` reads this constant, so the bundle never opens package.json at start-up.
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Code loaded only on demand (the Bedrock adapter and the AWS SDK behind `--model`, about half the code)
// goes to its own chunk, so the local path never parses it: that saved ~80 ms of every start-up.
// Chunk names carry a content hash, so a rebuild of the same sources rewrites the same files.
// `attune run` loads the local runtime on demand; its heavy dependencies stay outside the bundle and are
// loaded from node_modules only then (aws-cdk-lib alone is tens of megabytes, needed only to synthesize).
await build({
  absWorkingDir: root,
  entryPoints: ['bin/attune-cli.ts'],
  outdir: 'dist',
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: false,
  logLevel: 'warning',
  define: { __ATTUNE_VERSION__: JSON.stringify(version) },
  external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'dynalite', 'aws-local-stepfunctions'],
  // The handlers `attune run` loads bring CommonJS dependencies (Powertools' tracer) that call `require`.
  banner: { js: "import { createRequire as __attuneCreateRequire } from 'node:module'; const require = __attuneCreateRequire(import.meta.url);" },
});
