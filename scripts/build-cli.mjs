// Builds the clinician web app (web/, Vite) into dist/web, then bundles the CLI into one ESM file so `npx attune` starts in well under half a second
// (tsx would type-strip on every start), then writes the local workflow beside it
// (scripts/build-local-workflow.ts). Runs on `npm ci` (prepare), `npm run build` and before the tests.
import { build } from 'esbuild';
import { build as buildWeb } from 'vite';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// The web app (docs/web.md): the local API server serves dist/web at /, the CDK app deploys it to the site's bucket.
await buildWeb({ configFile: fileURLToPath(new URL('../web/vite.config.ts', import.meta.url)), logLevel: 'warn' });
// `attune --version` reads this constant, so the bundle never opens package.json at start-up.
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Code loaded only on demand (the Bedrock adapter and the AWS SDK behind `--model`, about half the code)
// goes to its own chunk, so the local path never parses it: that saved ~80 ms of every start-up.
// Chunk names carry a content hash, so a rebuild of the same sources rewrites the same files.
// `attune run` loads the local runtime on demand; its heavy dependencies stay outside the bundle and are
// loaded from node_modules only then (aws-cdk-lib alone is tens of megabytes, needed only to synthesize).
// The local runtime's analysis worker (local/runtime/analysis-pool.ts) is a second entry: a worker thread
// starts from a file of its own, dist/analysis-worker.mjs, and shares the engine's chunk with the CLI.
await build({
  absWorkingDir: root,
  entryPoints: ['bin/attune-cli.ts', 'local/runtime/analysis-worker.ts'],
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

// The CDK app's workflow, synthesized now rather than on the first `attune run` (the plan loads from
// dist/local-workflow.json, found from the package root by the bundle and by `npm start` alike). Skipped
// in milliseconds when the CDK sources have not changed since the last build.
execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-local-workflow.ts'], { cwd: root, stdio: 'inherit' });
