import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseTranscript } from '../lambdas/core/transcript/index.js';
import type { Transcript } from '../schemas/transcript.js';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** A fixture session the project ships, parsed the way the CLI parses it. */
export function fixtureTranscript(name: string): Transcript {
  return parseTranscript(readFileSync(`${root}tests/fixtures/sessions/${name}`), { filename: name });
}

/** An inline session: `T:`/`C:` (or any `Speaker:`) lines. */
export function inlineTranscript(lines: string[]): Transcript {
  return parseTranscript(lines.join('\n'));
}
