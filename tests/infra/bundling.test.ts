/**
 * The one real synth: every function bundled by the local esbuild (no Docker), and CDK's built-in
 * CloudFormation validation run, as `npx cdk synth` does. Each bundle is then loaded, as Lambda would.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthStack } from './synth.js';

const outdir = mkdtempSync(join(tmpdir(), 'attune-synth-'));
let assets: Record<string, string> = {};

beforeAll(() => {
  const { app, template } = synthStack({ realSynth: true, outdir });
  app.synth();
  // Function logical id -> the asset directory its Code points at.
  // Attune's own functions (Node.js): CDK's BucketDeployment for the web site brings its own Python function.
  const fns = Object.fromEntries(
    Object.entries(template.findResources('AWS::Lambda::Function')).filter(([, fn]) =>
      String((fn as { Properties: { Runtime?: string } }).Properties.Runtime ?? '').startsWith('nodejs'),
    ),
  );
  const manifest = JSON.parse(readFileSync(join(outdir, 'Attune.assets.json'), 'utf8')) as { files: Record<string, { source: { path: string } }> };
  assets = Object.fromEntries(
    Object.entries(fns).map(([id, fn]) => {
      const key = (fn as { Properties: { Code: { S3Key: string } } }).Properties.Code.S3Key.replace(/\.zip$/, '');
      return [id, join(outdir, manifest.files[key]!.source.path)];
    }),
  );
}, 180_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('cdk synth with bundling', () => {
  it('passes CDK’s CloudFormation validation with no findings', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { violations?: unknown[] }[] };
    expect(report.pluginReports.flatMap((r) => r.violations ?? [])).toEqual([]);
  });

  it('bundles every function into one minified ESM file with the require shim', () => {
    expect(Object.keys(assets)).toHaveLength(10);
    for (const [id, dir] of Object.entries(assets)) {
      const file = join(dir, 'index.mjs');
      expect(existsSync(file), id).toBe(true);
      const code = readFileSync(file, 'utf8');
      expect(code.startsWith('import { createRequire as __attuneCreateRequire }'), id).toBe(true);
      expect(code, id).toMatch(/export\s*\{[^}]*\bas handler\b[^}]*\}|export\s*\{[^}]*\bhandler\b[^}]*\}/);
      // Minified: few, long lines.
      expect(code.split('\n').length, id).toBeLessThan(code.length / 200);
      expect(existsSync(join(dir, 'index.mjs.map')), id).toBe(false);
    }
  });

  it('loads every bundle on plain Node, as Lambda would, and finds a handler function', () => {
    // A child process: vitest would transform the 1 MB bundles before importing them.
    const script = `for (const file of JSON.parse(process.argv[1])) {
      const mod = await import(file);
      if (typeof mod.handler !== 'function') throw new Error('no handler in ' + file);
    }`;
    const files = Object.values(assets).map((dir) => pathToFileURL(join(dir, 'index.mjs')).href);
    const run = () =>
      execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(files)], {
        env: {
          PATH: process.env.PATH,
          NODE_NO_WARNINGS: '1',
          UPLOADS_BUCKET: 'uploads',
          ARTIFACTS_BUCKET: 'artifacts',
          TABLE_NAME: 'sessions',
          EVENT_BUS_NAME: 'attune-events',
          KMS_KEY_ID: 'arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000',
          AWS_REGION: 'us-east-1',
        },
        stdio: 'pipe',
      });

    expect(files).toHaveLength(10);
    expect(run).not.toThrow();
  }, 60_000);
});
