/**
 * The workflow the local runtime runs comes from dist/local-workflow.json, which the build writes (the
 * global setup runs it, as `npm ci` and `npm run build` do). It must be what the CDK app synthesizes now,
 * and a first run on a new ATTUNE_HOME must use it instead of synthesizing: from the CLI bundle in dist/
 * and from the sources under tsx, as `npm start` runs them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATED_PLAN, synthesizeTemplate, templateHash } from '../../local/runtime/definition.js';
import { startLocalRuntime } from '../../local/runtime/runtime.js';
import { planFromTemplate, type LocalPlan } from '../../local/runtime/template.js';
import { BOOT_TIMEOUT_MS, SAMPLES, root, runAttune, tempHome } from './local-stack.js';

/** The environment of someone running Attune for the first time: a new ATTUNE_HOME, no shared cache. */
function firstRunEnv(home: string): NodeJS.ProcessEnv {
  return { ...process.env, ATTUNE_HOME: home, ATTUNE_CACHE_DIR: undefined, ATTUNE_BEDROCK_MODEL_ID: undefined, ATTUNE_WEBHOOK_URL: undefined, NO_COLOR: '1' };
}

describe('the local workflow generated at build time', () => {
  const homes: { cleanup: () => void }[] = [];
  afterAll(() => {
    for (const home of homes) home.cleanup();
  });

  it(
    'is the workflow, function settings, upload rule and table the CDK app synthesizes now',
    async () => {
      // Prepare
      const generated = JSON.parse(readFileSync(join(root, GENERATED_PLAN), 'utf8')) as { templateHash: string; plan: LocalPlan };

      // Act
      const synthesized = planFromTemplate(await synthesizeTemplate(root));

      // Assess
      expect(generated.plan).toEqual(synthesized);
      expect(generated.templateHash).toBe(templateHash(root));
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'serves the first `attune run` on a new ATTUNE_HOME without synthesizing the CDK app',
    () => {
      // Prepare
      const home = tempHome();
      homes.push(home);

      // Act
      const run = runAttune(['run', join(SAMPLES, '2026-09-08.txt'), '--client', 'jordan', '--consent', '--json'], firstRunEnv(home.dir));

      // Assess
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ status: 'COMPLETED' });
      expect(run.stderr).not.toMatch(/preparing the local workflow/);
      expect(existsSync(join(home.dir, 'cache'))).toBe(false);
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'serves the first start from the sources (npm start) without synthesizing the CDK app',
    async () => {
      // Prepare
      const home = tempHome();
      homes.push(home);
      let synthesized = false;

      // Act
      const runtime = await startLocalRuntime({ env: firstRunEnv(home.dir), onSynth: () => (synthesized = true), onWarning: () => {} });
      await runtime.close();

      // Assess
      expect(synthesized).toBe(false);
      expect(existsSync(join(home.dir, 'cache'))).toBe(false);
    },
    BOOT_TIMEOUT_MS,
  );
});
