/**
 * The one retry policy for model calls (the Bedrock client itself tries once): exponential backoff with
 * full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"), so parallel sessions that were
 * throttled together do not retry together.
 */
import { ModelRefusedError, ModelThrottledError, ModelUnavailableError } from '../../ports/language-model.js';
import { AttuneError } from '../errors.js';
import { MalformedAnswerError } from './answers.js';

export const DEFAULT_MAX_ATTEMPTS = 3;
export const BASE_DELAY_MS = 500;
export const MAX_DELAY_MS = 8_000;

export interface RetryPolicy {
  maxAttempts: number;
  sleep: (ms: number) => Promise<void>;
  /** [0, 1), as Math.random. */
  random: () => number;
}

/** Full jitter: uniform in [0, min(cap, base × 2^(attempt − 1))). */
export function backoffDelay(attempt: number, random: () => number): number {
  return Math.floor(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1)));
}

type RetryableKind = 'malformed' | 'refused' | 'throttled';

const KIND_WORDS: Record<RetryableKind, string> = { malformed: 'malformed answer', refused: 'refused', throttled: 'throttled' };

export type RetryOutcome<T> = { ok: true; value: T; attempts: number } | { ok: false; attempts: number; reason: string };

function retryableKind(error: unknown): RetryableKind | null {
  if (error instanceof MalformedAnswerError) return 'malformed';
  if (error instanceof ModelRefusedError) return 'refused';
  if (error instanceof ModelThrottledError) return 'throttled';
  return null;
}

/** Why the attempts failed, in words fit for provenance: kinds and codes, never an error's text. */
function summarise(kinds: RetryableKind[]): string {
  const counts = new Map<RetryableKind, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  if (counts.size === 1) return `${KIND_WORDS[kinds[0]!]} on ${kinds.length} attempt${kinds.length === 1 ? '' : 's'}`;
  const parts = [...counts].map(([k, n]) => `${n} ${KIND_WORDS[k]}`);
  return `no usable answer in ${kinds.length} attempts (${parts.join(', ')})`;
}

/**
 * Runs `attempt` until it returns, retrying malformed, refused and throttled answers up to `maxAttempts`
 * in all. An unavailable model (no access, wrong id, outage) or any other error ends at once: the same
 * request would fail the same way, and the caller has a local engine to fall back on.
 */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy): Promise<RetryOutcome<T>> {
  const failures: RetryableKind[] = [];
  for (let n = 1; n <= policy.maxAttempts; n++) {
    try {
      return { ok: true, value: await attempt(n), attempts: n };
    } catch (error) {
      const kind = retryableKind(error);
      if (kind === null) {
        const what =
          error instanceof ModelUnavailableError
            ? `unavailable (${error.code})`
            : `unexpected error (${error instanceof AttuneError ? error.code : error instanceof Error ? error.name : 'unknown'})`;
        return { ok: false, attempts: n, reason: what };
      }
      failures.push(kind);
      if (n < policy.maxAttempts) await policy.sleep(backoffDelay(n, policy.random));
    }
  }
  return { ok: false, attempts: policy.maxAttempts, reason: summarise(failures) };
}
