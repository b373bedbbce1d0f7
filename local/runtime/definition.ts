/**
 * The workflow the local runtime runs is the one CDK synthesizes for AWS: this module synthesizes the
 * stack in-process (asset bundling skipped: nothing is deployed) and reads the plan out of the template
 * (template.ts). A synth takes tens of seconds and ~500 MB, so it happens at build time: `npm run build`
 * and `npm ci` (prepare) write dist/local-workflow.json, stamped with a hash of every source that shapes
 * the template. At run time that hash is recomputed (milliseconds) and the file used when it matches;
 * when it is missing or stale (the CDK code changed since the last build) the runtime synthesizes as a
 * fallback and caches the plan under ATTUNE_HOME, keyed by the same hash.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { packageRoot } from './home.js';
import { planFromTemplate, type CfnTemplate, type LocalPlan } from './template.js';

/** Bump when the plan's shape changes, so an old cache is not read as the new shape. */
const PLAN_FORMAT = 2;
const LOCK_STALE_MS = 120_000;
const LOCK_WAIT_MS = 180_000;

/** Where the build writes the plan, under the package root: beside the CLI bundle (dist/attune-cli.mjs). */
export const GENERATED_PLAN = join('dist', 'local-workflow.json');

/** dist/local-workflow.json: the plan and the hash of the sources it was synthesized from. */
interface GeneratedPlanFile {
  format: number;
  templateHash: string;
  plan: LocalPlan;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

// Relative value imports (`import … from './x.js'`, `export … from`, `import('./x.js')`); `import type`
// is skipped since it never reaches the synth.
const RELATIVE_IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/**
 * Every file that shapes the plan, relative to the root: cdk.json, lib/**, the sources lib imports from
 * elsewhere (schemas/workflow.ts's event names, lambdas/api/routes.ts, …) followed import by import, and
 * the code that reads the template (this module, template.ts). Following imports rather than listing
 * folders means a new dependency of lib/ is covered the day it is imported.
 */
export function templateInputs(root: string = packageRoot()): string[] {
  const starts = [...filesUnder(join(root, 'lib')), join(root, 'local', 'runtime', 'definition.ts'), join(root, 'local', 'runtime', 'template.ts')];
  const seen = new Set<string>();
  const queue = starts.filter((file) => /\.[cm]?ts$/.test(file));
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      const target = resolve(dirname(file), (match[1] ?? match[2])!);
      const source = target.replace(/\.([cm]?)js$/, '.$1ts');
      if (existsSync(source)) queue.push(source);
      else if (existsSync(target)) seen.add(target);
    }
  }
  for (const file of starts) seen.add(file);
  return [join(root, 'cdk.json'), ...seen]
    .filter((file) => existsSync(file))
    .map((file) => relative(root, file))
    .sort();
}

/** A hash of the plan's format, this package's version, aws-cdk-lib's, and every file templateInputs lists. */
export function templateHash(root: string = packageRoot()): string {
  const hash = createHash('sha256');
  hash.update(`plan-format:${PLAN_FORMAT}\n`);
  const version = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? '';
  hash.update(`attune:${version(join(root, 'package.json'))}\n`);
  const cdkLib = join(root, 'node_modules', 'aws-cdk-lib', 'package.json');
  hash.update(`aws-cdk-lib:${existsSync(cdkLib) ? version(cdkLib) : 'unknown'}\n`);
  for (const file of templateInputs(root)) {
    hash.update(`${file}\n`);
    hash.update(readFileSync(join(root, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Synthesizes the stack exactly as `cdk synth` would configure it (cdk.json context), without bundling. */
export async function synthesizeTemplate(root: string = packageRoot()): Promise<CfnTemplate> {
  // Loaded here, not at the top: aws-cdk-lib takes seconds to load, and a cached plan never needs it.
  const [{ App }, { AttuneStack }] = await Promise.all([import('aws-cdk-lib'), import('../../lib/attune-stack.js')]);
  const { context } = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const outdir = mkdtempSync(join(tmpdir(), 'attune-synth-'));
  try {
    const app = new App({
      outdir,
      // The web site is AWS's alone (the local server serves the app itself), and needs the app built.
      context: { ...context, 'attune:webSite': false, 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true },
    });
    const stackName = (app.node.tryGetContext('attune:stackName') as string | undefined) ?? 'Attune';
    new AttuneStack(app, stackName);
    return app.synth().getStackByName(stackName).template as CfnTemplate;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One process synthesizes; others started at the same moment wait for its plan instead of synthesizing too. */
async function withLock<T>(lockDir: string, ready: () => T | null, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const done = ready();
      if (done !== null) return done;
      const age = Date.now() - (statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_STALE_MS) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() - started > LOCK_WAIT_MS) throw new Error(`timed out waiting for another process to synthesize the workflow (${lockDir})`);
      else await sleep(200);
    }
  }
  try {
    return ready() ?? (await work());
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function readPlan(path: string): LocalPlan | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LocalPlan;
  } catch {
    return null;
  }
}

/** The generated plan when it was made from the sources as they are now (same hash), else null. */
function readGeneratedPlan(path: string, hash: string): LocalPlan | null {
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as Partial<GeneratedPlanFile>;
    return file.format === PLAN_FORMAT && file.templateHash === hash && file.plan ? file.plan : null;
  } catch {
    return null;
  }
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** Produces the template a plan is read from: the CDK app by default; tests pass a small template. */
export type Synthesize = (root: string) => Promise<CfnTemplate>;

export interface GeneratePlanResult {
  path: string;
  templateHash: string;
  /** False when the file already matched the sources and was left as it was. */
  synthesized: boolean;
}

/**
 * Writes dist/local-workflow.json (what `npm run build` runs, through scripts/build-local-workflow.ts):
 * synthesizes only when the file is missing or was made from other sources.
 */
export async function writeGeneratedPlan(
  root: string = packageRoot(),
  path: string = join(root, GENERATED_PLAN),
  synthesize: Synthesize = synthesizeTemplate,
): Promise<GeneratePlanResult> {
  const hash = templateHash(root);
  const fresh = () => (readGeneratedPlan(path, hash) ? { path, templateHash: hash, synthesized: false } : null);
  const already = fresh();
  if (already) return already;
  mkdirSync(dirname(path), { recursive: true });
  return withLock(`${path}.lock`, fresh, async () => {
    const plan = planFromTemplate(await synthesize(root));
    const file: GeneratedPlanFile = { format: PLAN_FORMAT, templateHash: hash, plan };
    writeAtomically(path, `${JSON.stringify(file, null, 2)}\n`);
    return { path, templateHash: hash, synthesized: true };
  });
}

export interface LoadPlanOptions {
  /** Where plans synthesized at run time are cached (ATTUNE_HOME/cache by default, see home.ts). */
  cacheDir: string;
  root?: string;
  /** Told when a synth is needed (no up-to-date dist/local-workflow.json: run `npm run build`), since it takes seconds. */
  onSynth?: () => void;
  /** @default synthesizeTemplate (the CDK app) */
  synthesize?: Synthesize;
}

/**
 * The resolved plan: the one `npm run build` generated when the CDK sources are unchanged since, else
 * one cached under ATTUNE_HOME by an earlier run, else synthesized now and cached.
 */
export async function loadPlan(options: LoadPlanOptions): Promise<LocalPlan> {
  const root = options.root ?? packageRoot();
  const hash = templateHash(root);
  const generated = readGeneratedPlan(join(root, GENERATED_PLAN), hash);
  if (generated) return generated;
  const path = join(options.cacheDir, `workflow-${hash}.json`);
  const cached = readPlan(path);
  if (cached) return cached;
  mkdirSync(options.cacheDir, { recursive: true });
  return withLock(
    `${path}.lock`,
    () => readPlan(path),
    async () => {
      options.onSynth?.();
      const plan = planFromTemplate(await (options.synthesize ?? synthesizeTemplate)(root));
      writeAtomically(path, `${JSON.stringify(plan, null, 2)}\n`);
      return plan;
    },
  );
}
