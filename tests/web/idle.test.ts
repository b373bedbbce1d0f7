import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleTimer, warningLeadMs } from '../../web/src/idle.js';

describe('automatic logoff', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-12-07T12:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  function timer(idleMinutes: number) {
    const events: string[] = [];
    const idleMs = idleMinutes * 60_000;
    const idle = new IdleTimer({ idleMs, warnMs: warningLeadMs(idleMs), onWarn: () => events.push('warn'), onIdle: () => events.push('idle') });
    idle.start();
    return { idle, events };
  }

  it('warns a minute before and signs out at the limit', () => {
    const { events } = timer(15);
    vi.advanceTimersByTime(13 * 60_000 + 59_000);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(events).toEqual(['warn']);
    vi.advanceTimersByTime(59_000);
    expect(events).toEqual(['warn']);
    vi.advanceTimersByTime(1_000);
    expect(events).toEqual(['warn', 'idle']);
  });

  it('counts from the last activity', () => {
    const { idle, events } = timer(15);
    vi.advanceTimersByTime(10 * 60_000);
    idle.activity();
    vi.advanceTimersByTime(10 * 60_000);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(4 * 60_000);
    expect(events).toEqual(['warn']);
  });

  it('keeps the session only on "Stay signed in" once the warning shows', () => {
    const { idle, events } = timer(15);
    vi.advanceTimersByTime(14 * 60_000);
    expect(idle.warning).toBe(true);
    idle.activity(); // a nudged mouse does not hide the warning
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual(['warn', 'idle']);

    const second = timer(15);
    vi.advanceTimersByTime(14 * 60_000);
    second.idle.stayActive();
    expect(second.idle.warning).toBe(false);
    vi.advanceTimersByTime(13 * 60_000);
    expect(second.events).toEqual(['warn']);
    vi.advanceTimersByTime(2 * 60_000);
    expect(second.events).toEqual(['warn', 'warn', 'idle']);
  });

  it('with a one-minute limit warns at half a minute', () => {
    const { events } = timer(1);
    vi.advanceTimersByTime(29_000);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(events).toEqual(['warn']);
    vi.advanceTimersByTime(30_000);
    expect(events).toEqual(['warn', 'idle']);
  });

  it('signs out at once on waking past the limit (the clock, not the ticks, decides)', () => {
    const { idle, events } = timer(15);
    // The computer slept: the clock moved 20 minutes while no timer ran.
    vi.setSystemTime(Date.now() + 20 * 60_000);
    idle.check();
    expect(events).toEqual(['idle']);
  });

  it('does nothing once stopped', () => {
    const { idle, events } = timer(1);
    idle.stop();
    vi.advanceTimersByTime(5 * 60_000);
    expect(events).toEqual([]);
  });
});
