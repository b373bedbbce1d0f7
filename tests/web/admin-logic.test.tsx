// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../schemas/api.js';
import {
  auditIds,
  auditPath,
  auditRangeProblem,
  auditRole,
  defaultAuditRange,
  generateSecret,
  partnerActivity,
  placeWebhookErrors,
  rangeDays,
  validateWebhook,
} from '../../web/src/pages/admin/logic.js';

describe('the audit date range is at most 92 days, both days included, as GET /audit takes it', () => {
  it('defaults to the last 30 days', () => {
    expect(defaultAuditRange('2026-12-07')).toEqual({ from: '2026-11-08', to: '2026-12-07' });
    expect(rangeDays('2026-11-08', '2026-12-07')).toBe(30);
  });

  it('takes 92 days and refuses 93, a reversed range and a date that is not one', () => {
    expect(auditRangeProblem('2026-09-07', '2026-12-07')).toBeUndefined();
    expect(rangeDays('2026-09-07', '2026-12-07')).toBe(92);
    expect(auditRangeProblem('2026-09-06', '2026-12-07')).toBe('Choose at most 92 days at a time (this range is 93 days).');
    expect(auditRangeProblem('2026-12-08', '2026-12-07')).toMatch(/after/);
    expect(auditRangeProblem('2026-02-30', '2026-03-01')).toMatch(/YYYY-MM-DD/);
  });

  it('builds the query with the cursor of the next page', () => {
    expect(auditPath({ from: '2026-11-08', to: '2026-12-07' })).toBe('/audit?from=2026-11-08&to=2026-12-07&limit=50');
    expect(auditPath({ from: '2026-11-08', to: '2026-12-07' }, 'ab+/=')).toBe('/audit?from=2026-11-08&to=2026-12-07&limit=50&cursor=ab%2B%2F%3D');
  });
});

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  tenantId: 'local',
  at: '2026-12-07T12:00:00.000Z',
  actor: 'demo',
  roles: ['clinician'],
  action: 'session.read',
  method: 'GET',
  route: '/sessions/{id}',
  status: 200,
  requestId: 'r',
  ...over,
});

describe('audit rows and partner activity', () => {
  it('names ids only, and the role or partner', () => {
    expect(auditIds(entry({ clientId: 'jordan', sessionId: '2026-09-08' }))).toBe('client jordan, session 2026-09-08');
    expect(auditIds(entry({ receiptId: 'r1', webhookId: 'w1' }))).toBe('webhook w1, receipt r1');
    expect(auditRole(entry({}))).toBe('clinician');
    expect(auditRole(entry({ roles: [], actor: 'partner:ehr', partner: 'ehr' }))).toBe('partner');
  });

  it('groups the records partners made: calls, refusals, latest call, actions and scopes', () => {
    const activity = partnerActivity([
      entry({}),
      entry({ actor: 'partner:ehr-vendor', partner: 'ehr-vendor', roles: [], scopes: ['sessions.read'], at: '2026-12-07T10:00:00.000Z' }),
      entry({
        actor: 'partner:ehr-vendor',
        partner: 'ehr-vendor',
        roles: [],
        scopes: ['sessions.write', 'sessions.read'],
        action: 'session.create',
        status: 403,
        at: '2026-12-07T11:00:00.000Z',
      }),
      entry({ actor: 'partner:billing-co', roles: [], action: 'client.list' }),
    ]);
    expect(activity).toEqual([
      {
        partner: 'ehr-vendor',
        calls: 2,
        refused: 1,
        lastAt: '2026-12-07T11:00:00.000Z',
        actions: ['session.create', 'session.read'],
        scopes: ['sessions.read', 'sessions.write'],
      },
      { partner: 'billing-co', calls: 1, refused: 0, lastAt: '2026-12-07T12:00:00.000Z', actions: ['client.list'], scopes: [] },
    ]);
    expect(partnerActivity([entry({})])).toEqual([]);
  });
});

describe('the webhook form', () => {
  it('needs an address, a secret of at least 32 characters and an event', () => {
    expect(validateWebhook({ url: 'https://hooks.example.com/attune', secret: 'x'.repeat(32), events: ['session.completed'] })).toEqual({});
    expect(validateWebhook({ url: 'hooks.example.com', secret: 'x'.repeat(31), events: [] })).toEqual({
      url: "Give the receiver's absolute address, starting with https://.",
      secret: 'The secret must be at least 32 characters (it has 31).',
      events: 'Choose at least one event.',
    });
    expect(validateWebhook({ url: 'ftp://x.example', secret: 'x'.repeat(257), events: ['session.failed'] })).toEqual({
      url: 'Use an https:// address.',
      secret: 'The secret must be at most 256 characters.',
    });
  });

  it("places the API's errors next to the fields they name", () => {
    // The local server's answer to a loopback https URL.
    const detail = "the host is a loopback address, which Attune does not call; give your server's public host name";
    expect(placeWebhookErrors({ detail: `the request body is not valid: /url (${detail})`, errors: [{ pointer: '/url', detail }] })).toEqual({
      fields: { url: detail },
      unplaced: [],
    });
    expect(
      placeWebhookErrors({
        errors: [
          { pointer: '/events/0', detail: 'invalid option' },
          { pointer: '?x', detail: 'unknown' },
        ],
      }),
    ).toEqual({
      fields: { events: 'invalid option' },
      unplaced: [{ pointer: '?x', detail: 'unknown' }],
    });
  });

  it('generates a secret long enough to be accepted', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^[0-9a-f]{48}$/);
    expect(validateWebhook({ url: 'https://a.example', secret, events: ['session.failed'] }).secret).toBeUndefined();
    expect(generateSecret()).not.toBe(secret);
  });
});
