/**
 * The local API's throttling, per caller: a caller is a tenant, or a partner within its tenant (a
 * client-credentials token's `client_id`), as taken from the verified token; before sign-in, the address.
 *
 * Two limits, so one caller's burst neither spends another's budget nor takes its turn:
 * - a token bucket per caller (`RateLimiter`), as API Gateway's throttling works: `burst` at once, then
 *   `rate` per second; past it, 429 with Retry-After. `ATTUNE_RATE_LIMIT="rate,burst"`.
 * - a cap on each caller's requests in the handler at once (`CallerConcurrency`): the rest of that
 *   caller's requests wait in its own queue, first come first served, while another caller's request goes
 *   straight in. Everything runs on this one process's event loop, so without it a tenant's burst of 100
 *   requests within its budget was all in the handler together, and another tenant's request waited behind
 *   all of them. `ATTUNE_CALLER_CONCURRENCY=n`.
 */
import { InvalidInputError } from '../../lambdas/core/errors.js';

export interface RateLimit {
  /** Requests per second, refilled continuously. */
  rate: number;
  /** How many may come at once. */
  burst: number;
}

/** API Gateway's default stage throttling for a new REST API is far higher; this is per caller. */
export const DEFAULT_RATE_LIMIT: RateLimit = { rate: 50, burst: 100 };

/** How many of one caller's requests the handler works on at once. */
export const DEFAULT_CALLER_CONCURRENCY = 4;

/** `ATTUNE_RATE_LIMIT="rate,burst"`, e.g. "50,100"; unset: the default. */
export function parseRateLimit(value: string | undefined): RateLimit {
  if (value === undefined || value.trim() === '') return DEFAULT_RATE_LIMIT;
  const match = /^\s*(\d+(?:\.\d+)?)\s*,\s*(\d+)\s*$/.exec(value);
  const rate = Number(match?.[1]);
  const burst = Number(match?.[2]);
  if (!match || !(rate > 0) || !(burst >= 1)) {
    throw new InvalidInputError(
      `ATTUNE_RATE_LIMIT must be "rate,burst" (requests per second, then how many at once), e.g. "50,100", not '${value}'`,
      'bad_config',
    );
  }
  return { rate, burst };
}

/** `ATTUNE_CALLER_CONCURRENCY=n`, a whole number from 1 to 1000; unset: the default. */
export function parseCallerConcurrency(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_CALLER_CONCURRENCY;
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 1000) {
    throw new InvalidInputError(
      `ATTUNE_CALLER_CONCURRENCY must be a whole number from 1 to 1000 (how many of one caller's requests run at once), not '${value}'`,
      'bad_config',
    );
  }
  return n;
}

/**
 * The throttling key of a verified caller: its tenant, and the partner (app client) when the token is a
 * partner's, so each partner of a tenant has its own budget. Never anything the request says of itself.
 */
export function callerKey(claims: Record<string, string | undefined>): string {
  const tenant = claims['custom:tenant'] ?? '';
  const partner = claims.client_id;
  return partner ? `tenant:${tenant}/partner:${partner}` : `tenant:${tenant}`;
}

/** Token buckets, one per caller, as API Gateway's throttling works: `burst` at once, then `rate` per second. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Takes one request's token; when there is none, how many whole seconds until there is. */
  take(caller: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const at = this.now().getTime();
    const bucket = this.buckets.get(caller) ?? { tokens: this.limit.burst, at };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((at - bucket.at) / 1000) * this.limit.rate);
    bucket.at = at;
    this.buckets.set(caller, bucket);
    if (this.buckets.size > 10_000) this.forgetFull(at);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.rate)) };
  }

  /** A bucket that has refilled is the same as none: forgotten, so the map stays small. */
  private forgetFull(at: number): void {
    for (const [caller, bucket] of this.buckets) {
      if (bucket.tokens + ((at - bucket.at) / 1000) * this.limit.rate >= this.limit.burst) this.buckets.delete(caller);
    }
  }
}

/**
 * At most `limit` of each caller's requests in the handler at once; the others wait in the caller's own
 * queue, in order. A finished request hands its place to the caller's next one. Callers never wait for
 * each other here. A caller with nothing running or waiting is forgotten.
 */
export class CallerConcurrency {
  private readonly callers = new Map<string, { running: number; waiting: (() => void)[] }>();

  constructor(private readonly limit: number) {}

  async run<T>(caller: string, work: () => Promise<T>): Promise<T> {
    let entry = this.callers.get(caller);
    if (!entry) {
      entry = { running: 0, waiting: [] };
      this.callers.set(caller, entry);
    }
    if (entry.running < this.limit) entry.running++;
    else await new Promise<void>((resolve) => entry.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = entry.waiting.shift();
      if (next) next();
      else if (--entry.running === 0) this.callers.delete(caller);
    }
  }

  /** How many of the caller's requests are in the handler, and how many wait. */
  load(caller: string): { running: number; waiting: number } {
    const entry = this.callers.get(caller);
    return { running: entry?.running ?? 0, waiting: entry?.waiting.length ?? 0 };
  }
}
