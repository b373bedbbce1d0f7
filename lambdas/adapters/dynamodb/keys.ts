/**
 * What every DynamoDB adapter of the single table shares: ids checked before they go into a key (so no
 * key can reach another tenant's items: ids never hold `#`), and the test for a failed condition.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { z } from 'zod';
import { InvalidInputError } from '../../core/errors.js';
import { IdSchema } from '../../../schemas/session-record.js';

export function validId(value: string, what: string): string {
  if (!IdSchema.safeParse(value).success) {
    throw new InvalidInputError(`the ${what} id is not valid: use 1-64 letters, digits, "-" or "_"`, `invalid_${what}_id`);
  }
  return value;
}

export function isConditionalFailure(error: unknown): error is ConditionalCheckFailedException {
  return error instanceof ConditionalCheckFailedException || (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';
}

/** The fields of a stored item that failed its schema, for an error message (names, never values). */
export function badFields(issues: readonly { path: readonly PropertyKey[] }[]): string {
  return [...new Set(issues.map((i) => i.path.map(String).join('.') || '(root)'))].join(', ');
}

export const invalidCursor = () => new InvalidInputError('the cursor is not one this listing returned; list again without a cursor', 'invalid_cursor');

/** An opaque listing cursor: a position as base64url JSON. */
export function toCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/**
 * A cursor back into the position it came from, shaped by `schema`; anything else is `invalid_cursor`.
 * Each adapter then checks that the position lies inside the caller's own listing.
 */
export function fromCursor<S extends z.ZodType>(cursor: string, schema: S): z.infer<S> {
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(cursor)) throw invalidCursor();
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalidCursor();
  }
}

/** A JSON round trip: drops `undefined` (which the document client refuses unless told otherwise) at any depth. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
