/**
 * The workflow the local runtime runs is the one CDK synthesizes for AWS: this module synthesizes the
 * stack in-process (asset bundling skipped: nothing is deployed), reads the plan out of the template
 * (template.ts) and caches it under ATTUNE_HOME, keyed by a hash of everything that shapes the
 * template, so `attune run` pays for a synth (several seconds) only after the CDK code changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { packageRoot } from './home.js';
import { planFromTemplate, type CfnTemplate, type LocalPlan } from './template.js';

/** Bump when the plan's shape changes, so an old cache is not read as the new shape. */
const PLAN_FORMAT = 1;
const LOCK_STALE_MS = 120_000;
const LOCK_WAIT_MS = 180_000;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

/** A hash of the CDK sources, cdk.json, this package's version and aws-cdk-lib's. */
export function templateHash(root: string = packageRoot()): string {
  const hash = createHash('sha256');
  hash.update(`plan-format:${PLAN_FORMAT}\n`);
  const version = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? '';
  hash.update(`attune:${version(join(root, 'package.json'))}\n`);
  const cdkLib = join(root, 'node_modules', 'aws-cdk-lib', 'package.json');
  hash.update(`aws-cdk-lib:${existsSync(cdkLib) ? version(cdkLib) : 'unknown'}\n`);
  for (const file of [join(root, 'cdk.json'), ...filesUnder(join(root, 'lib'))]) {
    hash.update(`${relative(root, file)}\n`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Synthesizes the stack exactly as `cdk synth` would configure it (cdk.json context), without bundling. */
export async function synthesizeTemplate(root: string = packageRoot()): Promise<CfnTemplate> {
  // Loaded here, not at the top: aws-cdk-lib takes seconds to load, and a cached plan never needs it.
  const [{ App }, { AttuneStack }] = await Promise.all([import('aws-cdk-lib'), import('../lib/attune-stack.js')]);
  const { context } = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const outdir = mkdtempSync(join(tmpdir(), 'attune-synth-'));
  try {
    const app = new App({
      outdir,
      context: { ...context, 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true },
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

export interface LoadPlanOptions {
  /** Where plans are cached (ATTUNE_HOME/cache by default, see home.ts). */
  cacheDir: string;
  root?: string;
  /** Told when a synth is needed, since it takes seconds. */
  onSynth?: () => void;
}

/** The resolved plan: from the cache when the CDK sources are unchanged, else synthesized and cached. */
export async function loadPlan(options: LoadPlanOptions): Promise<LocalPlan> {
  const root = options.root ?? packageRoot();
  const path = join(options.cacheDir, `workflow-${templateHash(root)}.json`);
  const cached = readPlan(path);
  if (cached) return cached;
  mkdirSync(options.cacheDir, { recursive: true });
  return withLock(
    `${path}.lock`,
    () => readPlan(path),
    async () => {
      options.onSynth?.();
      const plan = planFromTemplate(await synthesizeTemplate(root));
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(plan, null, 2)}\n`);
      renameSync(temporary, path);
      return plan;
    },
  );
}
