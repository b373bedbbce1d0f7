/**
 * Writes the partner API's routes and problem types into docs/api.md (`npm run docs:api`), read from the
 * checked-in OpenAPI document (schemas/openapi.json), between the markers below. The document is generated
 * from the route table, so the doc cannot say something the handler does not do;
 * tests/unit/docs/api-doc.test.ts fails while the committed tables differ from what this script writes.
 * Run it after `npm run openapi`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const OPENAPI_FILE = fileURLToPath(new URL('../schemas/openapi.json', import.meta.url));
export const API_DOC_FILE = fileURLToPath(new URL('../docs/api.md', import.meta.url));

export const ROUTES_BLOCK = { start: '<!-- routes:start (written by npm run docs:api) -->', end: '<!-- routes:end -->' };
export const PROBLEMS_BLOCK = { start: '<!-- problems:start (written by npm run docs:api) -->', end: '<!-- problems:end -->' };

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
}
interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: Array<Parameter | Ref>;
  responses: Record<string, Ref | { content?: Record<string, { schema?: Ref | object }> }>;
  'x-attune-roles'?: string[];
  /** The partner scope the operation needs (null: public). */
  'x-attune-scope'?: string | null;
}
interface Ref {
  $ref: string;
}
/** The part of an OpenAPI 3.1 document this script reads. */
export interface OpenApiDocument {
  tags?: Array<{ name: string }>;
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>> & { parameters?: unknown }>;
  components?: {
    parameters?: Record<string, Parameter>;
    responses?: Record<string, { description: string }>;
  };
}

const isRef = (value: unknown): value is Ref => typeof value === 'object' && value !== null && typeof (value as Ref).$ref === 'string';
/** The last segment of a local `$ref`: `#/components/schemas/Session` → `Session`. */
const refName = (ref: Ref): string => ref.$ref.slice(ref.$ref.lastIndexOf('/') + 1);
/** A table cell: pipes escaped, never a line break. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function operationsOf(doc: OpenApiDocument): Array<{ method: string; path: string; operation: Operation }> {
  const tagOrder = (doc.tags ?? []).map((tag) => tag.name);
  const rank = (operation: Operation): number => {
    const index = tagOrder.indexOf(operation.tags?.[0] ?? '');
    return index === -1 ? tagOrder.length : index;
  };
  const found = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ method: method.toUpperCase(), path, operation }] : [];
    }),
  );
  // Grouped by the document's tag order; within a tag, the document's own order (a stable sort).
  return found.sort((a, b) => rank(a.operation) - rank(b.operation));
}

function parametersOf(doc: OpenApiDocument, operation: Operation): string {
  return (operation.parameters ?? [])
    .map((parameter) => (isRef(parameter) ? doc.components?.parameters?.[refName(parameter)] : parameter))
    .filter((parameter): parameter is Parameter => parameter !== undefined && parameter.in !== 'path')
    .map((parameter) => {
      const name = parameter.in === 'query' ? `?${parameter.name}` : parameter.name;
      return `\`${name}\`${parameter.required ? ' (required)' : ''}`;
    })
    .join(', ');
}

/** `201 CreateSessionResponse`: each 2xx status with the schema it answers, when it has one. */
function successesOf(operation: Operation): string {
  return Object.entries(operation.responses)
    .filter(([status]) => status.startsWith('2'))
    .map(([status, response]) => {
      const schemas = isRef(response)
        ? [refName(response)]
        : Object.values(response.content ?? {}).flatMap((media) => (isRef(media.schema) ? [refName(media.schema)] : []));
      const unique = [...new Set(schemas)];
      return unique.length > 0 ? `${status} ${unique.map((name) => `\`${name}\``).join(' or ')}` : status;
    })
    .join(', ');
}

const errorStatuses = (operation: Operation): string[] => Object.keys(operation.responses).filter((status) => !status.startsWith('2'));

/** The routes table, grouped by tag; error statuses every signed-in route can answer are said once, above it. */
export function renderRoutes(doc: OpenApiDocument): string {
  const operations = operationsOf(doc);
  const signedIn = operations.filter(({ operation }) => (operation['x-attune-roles'] ?? []).length > 0);
  const common =
    signedIn.length === 0 ? [] : errorStatuses(signedIn[0]!.operation).filter((status) => signedIn.every(({ operation }) => status in operation.responses));
  const rows = operations.map(({ method, path, operation }) => {
    const roles = operation['x-attune-roles'] ?? [];
    const scope = operation['x-attune-scope'];
    const who = roles.length === 0 ? 'anyone, no token' : `${roles.join(', ')}${scope ? `; partners: \`${scope}\`` : ''}`;
    const more = errorStatuses(operation).filter((status) => !common.includes(status) && roles.length > 0);
    const answers = [successesOf(operation), ...(more.length > 0 ? [`also ${more.join(', ')}`] : [])].join('; ');
    return `| ${cell(operation.tags?.[0] ?? '')} | \`${method} ${path}\` | ${cell(who)} | ${cell(operation.summary ?? '')} | ${cell(parametersOf(doc, operation))} | ${cell(answers)} |`;
  });
  return [
    `Every route that needs a token can also answer ${common.join(', ')} (problems below).`,
    '',
    '| area | route | who | what | query and headers | answers |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The problem types, one row per error response, with the statuses that use it. */
export function renderProblems(doc: OpenApiDocument): string {
  const statusesOf = new Map<string, Set<string>>();
  for (const { operation } of operationsOf(doc)) {
    for (const [status, response] of Object.entries(operation.responses)) {
      if (!isRef(response)) continue;
      const name = refName(response);
      statusesOf.set(name, (statusesOf.get(name) ?? new Set()).add(status));
    }
  }
  const rows = Object.entries(doc.components?.responses ?? {})
    .map(([name, response]) => ({ name, statuses: [...(statusesOf.get(name) ?? [])].sort(), response }))
    .sort((a, b) => (a.statuses[0] ?? '').localeCompare(b.statuses[0] ?? ''))
    .map(({ name, statuses, response }) => `| ${statuses.join(', ') || '(unused)'} | \`${name}\` | ${cell(response.description)} |`);
  return ['| status | response | problem |', '| --- | --- | --- |', ...rows].join('\n');
}

/** `markdown` with the text between `block`'s markers replaced; throws when the markers are missing. */
export function replaceBlock(markdown: string, block: { start: string; end: string }, body: string): string {
  const start = markdown.indexOf(block.start);
  const end = markdown.indexOf(block.end);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`docs/api.md needs the markers ${block.start} and ${block.end}, in that order`);
  }
  return `${markdown.slice(0, start + block.start.length)}\n${body}\n${markdown.slice(end)}`;
}

/** docs/api.md as this script would write it, from the given OpenAPI document. */
export function renderApiDoc(markdown: string, doc: OpenApiDocument): string {
  return replaceBlock(replaceBlock(markdown, ROUTES_BLOCK, renderRoutes(doc)), PROBLEMS_BLOCK, renderProblems(doc));
}

export const readOpenApi = (): OpenApiDocument => JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as OpenApiDocument;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(API_DOC_FILE, renderApiDoc(readFileSync(API_DOC_FILE, 'utf8'), readOpenApi()));
  console.log(`wrote the routes and problem types into ${API_DOC_FILE}`);
}
