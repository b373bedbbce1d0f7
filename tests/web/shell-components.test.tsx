// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api.js';
import { decodeClaims, isExpired } from '../../web/src/auth.js';
import { AllianceBand, allianceBandLabel } from '../../web/src/components/AllianceBand.js';
import { ProblemAlert } from '../../web/src/components/ProblemAlert.js';
import { RiskBadge } from '../../web/src/components/RiskBadge.js';
import { useLoad } from '../../web/src/components/useLoad.js';

afterEach(cleanup);

const segment = (value: unknown) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const jwt = (claims: Record<string, unknown>) => `${segment({ alg: 'HS256', typ: 'JWT' })}.${segment(claims)}.sig`;

describe('ProblemAlert', () => {
  it("shows the problem's title, detail, each field pointer and the request id", () => {
    const error = new ApiError({
      type: 'https://attune.dev/problems/invalid-request',
      title: 'Invalid request',
      status: 400,
      detail: 'Fix the fields below.',
      instance: 'req-42',
      errors: [{ pointer: '/consent/obtainedAt', detail: 'consent cannot be obtained in the future' }],
    });
    const { container } = render(<ProblemAlert error={error} />);
    expect(screen.getByText('Invalid request')).toBeTruthy();
    expect(screen.getByText('Fix the fields below.')).toBeTruthy();
    expect(screen.getByText('/consent/obtainedAt')).toBeTruthy();
    expect(container.textContent).toContain(': consent cannot be obtained in the future');
    expect(container.textContent).toContain('req-42');
  });

  it('shows a plain message, never a stack or the raw message, for an error that is not from the API', () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'note')");
    const { container } = render(<ProblemAlert error={error} />);
    expect(container.textContent).toContain('Something went wrong');
    expect(container.textContent).not.toContain('reading');
    expect(container.textContent).not.toMatch(/at .*\.tsx?:\d+/);
  });
});

describe('RiskBadge and AllianceBand', () => {
  it('names each risk level in words', () => {
    for (const [level, words] of [
      ['high', 'High risk'],
      ['moderate', 'Moderate risk'],
      ['low', 'Low risk'],
      ['none', 'No risk found'],
      [null, 'Risk not assessed'],
    ] as const) {
      const { container, unmount } = render(<RiskBadge level={level} />);
      expect(container.textContent).toBe(words);
      unmount();
    }
  });

  it("labels a score by the alliance bands' floors (75, 60, 50)", () => {
    expect([100, 75, 74.9, 60, 59, 50, 49.9, 0].map(allianceBandLabel)).toEqual(['Strong', 'Strong', 'Adequate', 'Adequate', 'Mixed', 'Mixed', 'Weak', 'Weak']);
    expect(allianceBandLabel(null)).toBe('Not scored');
    const { container } = render(<AllianceBand score={81.6} showScore />);
    expect(container.textContent).toBe('Strong alliance 82');
  });
});

describe('decodeClaims', () => {
  it('reads the user, tenant and roles of a local or Cognito ID token', () => {
    expect(decodeClaims(jwt({ sub: 'demo', 'custom:tenant': 'local', 'cognito:groups': ['clinician', 'admin', 'other'], exp: 2_000_000_000 }))).toEqual({
      user: 'demo',
      tenant: 'local',
      roles: ['clinician', 'admin'],
      exp: 2_000_000_000,
    });
    const cognito = decodeClaims(jwt({ sub: 'uuid-1', email: 'ana@clinic.example', 'custom:tenant': 'acme', 'cognito:groups': 'supervisor' }));
    expect(cognito).toEqual({ user: 'ana@clinic.example', tenant: 'acme', roles: ['supervisor'] });
  });

  it('refuses what is not a JWT or names no tenant, and tells an expired one', () => {
    expect(decodeClaims('not-a-token')).toBeNull();
    expect(decodeClaims('a.%%%.c')).toBeNull();
    expect(decodeClaims(jwt({ sub: 'demo', 'cognito:groups': ['clinician'] }))).toBeNull();
    const claims = decodeClaims(jwt({ sub: 'demo', 'custom:tenant': 'local', exp: 1000 }))!;
    expect(isExpired(claims, 1_000_001)).toBe(true);
    expect(isExpired(claims, 999_000)).toBe(false);
  });
});

function Probe(props: { load: () => Promise<string>; id: string; onReload?: (reload: () => void) => void }) {
  const { loading, error, data, reload } = useLoad(props.load, [props.id]);
  props.onReload?.(reload);
  return <output aria-label="state">{loading ? `loading:${data ?? ''}` : error ? `error:${(error as Error).message}` : `data:${data}`}</output>;
}

describe('useLoad', () => {
  it('loads, shows an error, and loads again on reload keeping the last data meanwhile', async () => {
    let answer: () => Promise<string> = async () => 'first';
    let reload: () => void = () => {};
    render(<Probe id="a" load={() => answer()} onReload={(r) => (reload = r)} />);
    await waitFor(() => expect(screen.getByLabelText('state').textContent).toBe('data:first'));
    let release: ((value: string) => void) | undefined;
    answer = () => new Promise((resolve) => (release = resolve));
    act(() => reload());
    expect(screen.getByLabelText('state').textContent).toBe('loading:first');
    await waitFor(() => expect(release).toBeDefined());
    await act(async () => release!('second'));
    expect(screen.getByLabelText('state').textContent).toBe('data:second');
    answer = async () => {
      throw new Error('no');
    };
    act(() => reload());
    await waitFor(() => expect(screen.getByLabelText('state').textContent).toBe('error:no'));
  });

  it('drops an answer that arrives after a newer load started', async () => {
    const pending: Record<string, (value: string) => void> = {};
    const load = (id: string) => () => new Promise<string>((resolve) => (pending[id] = resolve));
    const { rerender } = render(<Probe id="a" load={load('a')} />);
    await waitFor(() => expect(pending.a).toBeDefined());
    rerender(<Probe id="b" load={load('b')} />);
    await waitFor(() => expect(pending.b).toBeDefined());
    await act(async () => pending.b!('for b'));
    await act(async () => pending.a!('for a, too late'));
    expect(screen.getByLabelText('state').textContent).toBe('data:for b');
  });
});
