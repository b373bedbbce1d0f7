import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers.js';

const LAMBDAS = join(root, 'lambdas');
const CORE = join(LAMBDAS, 'core');
const USE_CASES = join(LAMBDAS, 'use-cases');
/** The rooms under lambdas/ that are not a function's handler folder. */
const LAYERS = new Set(['core', 'ports', 'adapters', 'shared', 'use-cases']);
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

/** Each relative import of the files, resolved to the path it points at. */
function localImports(files: string[]): { file: string; target: string }[] {
  return files.flatMap((file) =>
    importsOf(file)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => ({ file, target: resolve(dirname(file), spec) })),
  );
}

/** The folder directly under lambdas/ a path is in, or null outside lambdas/. */
function lambdasFolderOf(path: string): string | null {
  const inside = relative(LAMBDAS, path);
  return inside.startsWith('..') || inside === '' ? null : inside.split(sep)[0]!;
}

/** The handler folders: every folder under lambdas/ but the layers. */
const HANDLER_FOLDERS = readdirSync(LAMBDAS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !LAYERS.has(entry.name))
  .map((entry) => entry.name);

const isHandlerCode = (path: string): boolean => {
  const folder = lambdasFolderOf(path);
  return folder !== null && !LAYERS.has(folder);
};

const described = (imports: { file: string; target: string }[]): string[] =>
  imports.map(({ file, target }) => `${relative(root, file)} imports ${relative(root, target)}`);

/** The assertion's message lists every offending import, one a line. */
function expectNone(offending: string[], rule: string): void {
  expect(offending, `${rule}; offending imports:\n  ${offending.join('\n  ')}`).toEqual([]);
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

describe('rooms: handlers, use cases and the CDK app depend inward only', () => {
  it('finds the handler folders and the use cases', () => {
    expect(HANDLER_FOLDERS).toEqual(expect.arrayContaining(['api', 'mark-failed', 'validate-upload', 'expire-sessions']));
    expect(sourceFiles(USE_CASES).length).toBeGreaterThan(0);
  });

  it('no handler folder imports another handler folder (shared rules go to the core, shared orchestration to a use case)', () => {
    const offending = HANDLER_FOLDERS.flatMap((folder) =>
      localImports(sourceFiles(join(LAMBDAS, folder))).filter(({ target }) => isHandlerCode(target) && lambdasFolderOf(target) !== folder),
    );
    expectNone(described(offending), 'a handler folder imports another handler folder');
  });

  it('lib/ imports no handler code (the CDK app depends on schemas/, never on a function)', () => {
    const offending = localImports(sourceFiles(join(root, 'lib'))).filter(({ target }) => isHandlerCode(target));
    expectNone(described(offending), 'lib/ imports handler code');
  });

  it('the core imports no use case', () => {
    const offending = localImports(sourceFiles(CORE)).filter(({ target }) => lambdasFolderOf(target) === 'use-cases');
    expectNone(described(offending), 'the core imports a use case');
  });

  it('use cases import only the core, ports, schemas, shared and each other, never adapters, handlers or an AWS SDK', () => {
    const allowed = [CORE, join(LAMBDAS, 'ports'), join(LAMBDAS, 'shared'), USE_CASES, join(root, 'schemas')].map((dir) => dir + sep);
    const files = sourceFiles(USE_CASES);
    const outward = described(localImports(files).filter(({ target }) => !allowed.some((dir) => target.startsWith(dir))));
    const sdk = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('@aws-sdk/') || spec === 'aws-lambda')
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expectNone([...outward, ...sdk], 'a use case reaches outside the core, ports, schemas and shared');
  });
});
