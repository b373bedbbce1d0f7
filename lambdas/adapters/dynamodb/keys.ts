/**
 * What every DynamoDB adapter of the single table shares: ids checked before they go into a key (so no
 * key can reach another tenant's items: ids never hold `#`), and the test for a failed condition.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
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
