/**
 * Writes the API's OpenAPI document to schemas/openapi.json (`npm run openapi`). Run it after changing
 * schemas/routes.ts or schemas/api.ts: a test fails while the checked-in file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../lambdas/api/openapi.js';

export const OPENAPI_FILE = fileURLToPath(new URL('../schemas/openapi.json', import.meta.url));

/** The document as checked in: two-space indentation and a trailing newline. */
export function renderOpenApi(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OPENAPI_FILE, renderOpenApi());
  console.log(`wrote ${OPENAPI_FILE}`);
}
