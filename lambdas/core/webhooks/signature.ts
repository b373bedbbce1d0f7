/**
 * Webhook signatures: how a receiver knows a POST came from Attune and was not replayed.
 *
 * The `attune-signature` header is `t=<unix seconds>,v1=<hex HMAC-SHA256>`, where the HMAC is keyed with
 * the webhook's secret and taken over `<t>.<raw body>`. Signing the timestamp with the body lets a
 * receiver refuse an old delivery captured and sent again (the replay window), and the `v1=` label leaves
 * room for another scheme later without breaking receivers of this one. The same shape as Stripe's and
 * Slack's, so receivers' engineers recognise it.
 *
 * A receiver must verify over the bytes it received, before parsing: re-serialising the JSON can reorder
 * or re-escape it and break the signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header names of a delivery (lower case, as Node presents them). */
export const WEBHOOK_HEADERS = {
  signature: 'attune-signature',
  /** The event's id: the same on every retry of an event, so receivers dedupe on it. */
  eventId: 'attune-event-id',
  eventType: 'attune-event-type',
} as const;

/** How far a delivery's timestamp may be from the receiver's clock. @default 300 seconds */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A longer header is not one we wrote: refused before any parsing. */
const MAX_HEADER_CHARS = 1024;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

export type WebhookBody = string | Uint8Array;

export type VerifyFailure = 'malformed_header' | 'timestamp_outside_tolerance' | 'signature_mismatch';
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

function hmac(secret: string, timestampSeconds: number, body: WebhookBody): Buffer {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest();
}

/**
 * The `attune-signature` header value for a body sent at `timestampSeconds`.
 *
 * @example signWebhook(secret, 1767268800, '{"id":"e1"}') // 't=1767268800,v1=5d41…'
 */
export function signWebhook(secret: string, timestampSeconds: number, body: WebhookBody): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new RangeError('the timestamp must be whole seconds since the epoch');
  }
  return `t=${timestampSeconds},v1=${hmac(secret, timestampSeconds, body).toString('hex')}`;
}

/** `t` and every `v1` of a header; null when it is not one we could have written. */
function parseHeader(header: string): { timestamp: number; signatures: Buffer[] } | null {
  if (header.length > MAX_HEADER_CHARS) return null;
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) return null;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't') {
      if (timestamp !== null || !/^\d{1,12}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!HEX_SHA256.test(value)) return null;
      signatures.push(Buffer.from(value, 'hex'));
    }
    // Other schemes (a future v2) are skipped, so a receiver on v1 keeps working.
  }
  if (timestamp === null || signatures.length === 0) return null;
  return { timestamp, signatures };
}

/**
 * Checks a delivery: the header's form, the timestamp within `toleranceSeconds` of `nowSeconds` (either
 * side, for clock skew), and an HMAC that matches, compared in constant time.
 *
 * @example
 * const result = verifyWebhook(secret, req.headers['attune-signature'], rawBody, Math.floor(Date.now() / 1000));
 * if (!result.ok) return res.writeHead(400).end(result.reason);
 */
export function verifyWebhook(
  secret: string,
  header: string | undefined,
  body: WebhookBody,
  nowSeconds: number,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
): VerifyResult {
  const parsed = header === undefined ? null : parseHeader(header);
  if (!parsed) return { ok: false, reason: 'malformed_header' };
  if (Math.abs(nowSeconds - parsed.timestamp) > toleranceSeconds) return { ok: false, reason: 'timestamp_outside_tolerance' };
  const expected = hmac(secret, parsed.timestamp, body);
  // Every candidate is compared, so the time taken does not say which one matched.
  let matched = false;
  for (const signature of parsed.signatures) matched = timingSafeEqual(signature, expected) || matched;
  return matched ? { ok: true } : { ok: false, reason: 'signature_mismatch' };
}
