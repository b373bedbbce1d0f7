import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '../../../lambdas/core/webhooks/signature.js';

const SECRET = 'whsec_0123456789abcdef0123456789abcdef';
const T = 1_790_000_000;
const BODY = '{"id":"e-1","type":"session.completed","data":{"tenantId":"acme","overall":71}}';

describe('signWebhook', () => {
  it('writes t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">, which any HMAC library reproduces', () => {
    const header = signWebhook(SECRET, T, BODY);

    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    expect(header).toBe(`t=${T},v1=${expected}`);
  });

  it('signs bytes and the same text as a string alike', () => {
    expect(signWebhook(SECRET, T, Buffer.from(BODY, 'utf8'))).toBe(signWebhook(SECRET, T, BODY));
  });

  it('refuses a timestamp that is not whole seconds', () => {
    expect(() => signWebhook(SECRET, 1.5, BODY)).toThrow(RangeError);
    expect(() => signWebhook(SECRET, -1, BODY)).toThrow(RangeError);
  });
});

describe('verifyWebhook', () => {
  it('accepts a delivery signed with the secret within the window', () => {
    const header = signWebhook(SECRET, T, BODY);

    expect(verifyWebhook(SECRET, header, BODY, T + 299)).toEqual({ ok: true });
    expect(verifyWebhook(SECRET, header, BODY, T - 299)).toEqual({ ok: true });
  });

  it('refuses a replay older than the tolerance, and a timestamp too far ahead', () => {
    const header = signWebhook(SECRET, T, BODY);

    expect(verifyWebhook(SECRET, header, BODY, T + 301)).toEqual({ ok: false, reason: 'timestamp_outside_tolerance' });
    expect(verifyWebhook(SECRET, header, BODY, T - 301)).toEqual({ ok: false, reason: 'timestamp_outside_tolerance' });
    expect(verifyWebhook(SECRET, header, BODY, T + 3600, 7200)).toEqual({ ok: true });
  });

  it('refuses another secret, another body, and a timestamp moved without re-signing', () => {
    const header = signWebhook(SECRET, T, BODY);
    const moved = header.replace(`t=${T}`, `t=${T + 10}`);

    expect(verifyWebhook(`${SECRET}x`, header, BODY, T)).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(verifyWebhook(SECRET, header, BODY.replace('71', '17'), T)).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(verifyWebhook(SECRET, moved, BODY, T)).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it('refuses headers it could not have written', () => {
    const good = signWebhook(SECRET, T, BODY);
    const hex = good.split('v1=')[1]!;
    const malformed = [
      undefined,
      '',
      `v1=${hex}`,
      `t=${T}`,
      `t=abc,v1=${hex}`,
      `t=${T},v1=${hex.slice(2)}`,
      `t=${T},v1=${hex.toUpperCase()}zz`,
      `t=${T},t=${T},v1=${hex}`,
      `t=${T},v1=${hex},${'x'.repeat(2000)}`,
      'garbage',
    ];

    for (const header of malformed) expect(verifyWebhook(SECRET, header, BODY, T), String(header)).toEqual({ ok: false, reason: 'malformed_header' });
  });

  it('accepts the header with spaces and with schemes it does not know beside v1', () => {
    const hex = signWebhook(SECRET, T, BODY).split('v1=')[1]!;

    expect(verifyWebhook(SECRET, `t=${T}, v2=abc, v1=${hex}`, BODY, T)).toEqual({ ok: true });
  });

  it('accepts when any of several v1 signatures matches (a sender rotating its secret)', () => {
    const hex = signWebhook(SECRET, T, BODY).split('v1=')[1]!;
    const other = signWebhook('an-older-secret-of-32-characters!!', T, BODY).split('v1=')[1]!;

    expect(verifyWebhook(SECRET, `t=${T},v1=${other},v1=${hex}`, BODY, T)).toEqual({ ok: true });
  });
});

describe('signature properties', () => {
  const secret = fc.string({ minLength: 32, maxLength: 64 });
  const timestamp = fc.integer({ min: 0, max: 4_000_000_000 });

  it('verify(sign(body)) is ok for any secret, time and body', () => {
    fc.assert(
      fc.property(secret, timestamp, fc.string({ maxLength: 2000 }), (key, t, body) => {
        expect(verifyWebhook(key, signWebhook(key, t, body), body, t)).toEqual({ ok: true });
      }),
    );
  });

  it('any flipped bit of the body fails verification', () => {
    fc.assert(
      fc.property(
        secret,
        timestamp,
        fc.uint8Array({ minLength: 1, maxLength: 2000 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (key, t, body, position, bit) => {
          const header = signWebhook(key, t, body);
          const tampered = Uint8Array.from(body);
          const index = position % tampered.length;
          tampered[index] = tampered[index]! ^ (1 << bit);

          expect(verifyWebhook(key, header, tampered, t)).toEqual({ ok: false, reason: 'signature_mismatch' });
        },
      ),
    );
  });
});
