import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { InvalidInputError } from '../../../lambdas/core/errors.js';

const FIXTURES = new URL('../../fixtures/transcripts/', import.meta.url);

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, FIXTURES)));
}

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** Every code the transcript layer may throw; anything else is a bug. */
export const INPUT_ERROR_CODES = ['empty_input', 'binary_input', 'unknown_format', 'malformed_vtt', 'malformed_srt', 'malformed_json', 'no_speakers'] as const;

/** A word no message may ever contain: inputs carry it to prove messages never quote the transcript. */
export const SECRET = 'Quokkamarzipan';

/** Runs `act`, expects an InvalidInputError with `code`, and returns its message for further checks. */
export function expectInvalidInput(act: () => unknown, code: (typeof INPUT_ERROR_CODES)[number]): string {
  let caught: unknown;
  try {
    act();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidInputError);
  const error = caught as InvalidInputError;
  expect(error.code).toBe(code);
  expect(error.message).not.toContain(SECRET);
  expect(error.message).not.toContain('\n');
  return error.message;
}
