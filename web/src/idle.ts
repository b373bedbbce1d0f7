/**
 * Automatic logoff (HIPAA 164.312(a)(2)(iii)): after `idleMs` without keyboard, mouse or touch activity the
 * app signs out; `warnMs` before that it warns, and only an explicit "Stay signed in" then keeps the session
 * (activity alone no longer does, so a mouse nudged by accident does not hide the warning). The timer reads
 * the clock (Date.now) at each check rather than counting ticks, so a computer that slept past the limit
 * signs out the moment it wakes; tests drive it with fake timers, and a browser test with Playwright's clock.
 */

export interface IdleTimerOptions {
  idleMs: number;
  warnMs: number;
  onWarn(): void;
  onIdle(): void;
}

/** The warning comes a minute before the logoff, or halfway for limits of two minutes or less. */
export function warningLeadMs(idleMs: number): number {
  return Math.min(60_000, Math.floor(idleMs / 2));
}

export class IdleTimer {
  private last = Date.now();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private warned = false;
  private stopped = true;

  constructor(private readonly options: IdleTimerOptions) {}

  get warning(): boolean {
    return this.warned;
  }

  start(): void {
    this.stopped = false;
    this.warned = false;
    this.last = Date.now();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Keyboard, mouse or touch activity: cheap (it only notes the time), ignored once the warning shows. */
  activity(): void {
    if (!this.stopped && !this.warned) this.last = Date.now();
  }

  /** "Stay signed in": ends the warning and starts the count again. */
  stayActive(): void {
    if (this.stopped) return;
    this.warned = false;
    this.last = Date.now();
    this.schedule();
  }

  /** Checks now (when the page becomes visible again, say) rather than at the next scheduled time. */
  check(): void {
    if (this.stopped) return;
    const idle = Date.now() - this.last;
    if (idle >= this.options.idleMs) {
      this.stop();
      this.options.onIdle();
      return;
    }
    if (!this.warned && idle >= this.options.idleMs - this.options.warnMs) {
      this.warned = true;
      this.options.onWarn();
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    const due = this.warned ? this.last + this.options.idleMs : this.last + this.options.idleMs - this.options.warnMs;
    this.timer = setTimeout(() => this.check(), Math.max(0, due - Date.now()));
  }
}

/** The events that count as activity. */
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'mousedown', 'mousemove', 'wheel', 'touchstart', 'scroll'] as const;
