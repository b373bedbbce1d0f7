import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers.js';

const CORE = join(root, 'lambdas', 'core');
/**
 * What the pure core may import besides itself, schemas and ports: no AWS SDK, no I/O. wink-nlp and its
 * English model are pure computation (the model is data in the module, read at import, never from disk).
 */
const ALLOWED_PACKAGES = new Set(['zod', 'node:crypto', 'fhir/r4', 'wink-nlp', 'wink-eng-lite-web-model']);
const SPECIFIER = /\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'\s*\)|^\s*import\s+'([^']+)'/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(SPECIFIER)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

describe('the core stays pure (ports and adapters)', () => {
  const files = sourceFiles(CORE);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports no AWS SDK, no Lambda types and no I/O module', () => {
    const offending = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => !spec.startsWith('.') && !ALLOWED_PACKAGES.has(spec))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('reaches outside itself only for schemas and ports, never adapters or handlers', () => {
    const allowed = [join(root, 'schemas'), join(root, 'lambdas', 'core'), join(root, 'lambdas', 'ports')];
    const offending = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => resolve(dirname(file), spec))
        .filter((target) => !allowed.some((dir) => target.startsWith(dir)))
        .map((target) => `${relative(root, file)} imports ${relative(root, target)}`),
    );
    expect(offending).toEqual([]);
  });
});
