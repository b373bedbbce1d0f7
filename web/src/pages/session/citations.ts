/**
 * Citations name turns by id (`t0001`, `t0002`, … in transcript order: schemas/transcript.ts), so a turn's
 * index in the transcript (what `?turnsFrom=` counts, 0 for t0001) follows from its id alone, before the page
 * that holds it has been loaded.
 */

const TURN_ID = /^t(\d{4,})$/;

/** The index of a turn in its transcript (t0001 → 0), or null for something that is not a turn id. */
export function turnIndexOf(turnId: string): number | null {
  const match = TURN_ID.exec(turnId);
  if (!match) return null;
  const n = Number(match[1]);
  return Number.isSafeInteger(n) && n >= 1 ? n - 1 : null;
}

/** The turn's number as a reader counts (t0012 → 12), or the id as it is when it is not a turn id. */
export function turnNumber(turnId: string): string {
  const index = turnIndexOf(turnId);
  return index === null ? turnId : String(index + 1);
}

/** The distinct cited turns in transcript order, with their indexes; ids that are not turn ids are left out. */
export function citedTurns(turnIds: readonly string[]): { id: string; index: number }[] {
  const seen = new Map<number, string>();
  for (const id of turnIds) {
    const index = turnIndexOf(id);
    if (index !== null && !seen.has(index)) seen.set(index, id);
  }
  return [...seen.entries()].sort(([a], [b]) => a - b).map(([index, id]) => ({ id, index }));
}

/**
 * A citation's label: "turn 12", "turns 12–14", "turns 1, 3, 20–22" (runs of consecutive turns joined with
 * an en dash). Empty for no turns.
 */
export function citationLabel(turnIds: readonly string[]): string {
  const turns = citedTurns(turnIds);
  if (turns.length === 0) return '';
  const runs: [number, number][] = [];
  for (const { index } of turns) {
    const last = runs[runs.length - 1];
    if (last && index === last[1] + 1) last[1] = index;
    else runs.push([index, index]);
  }
  const text = runs.map(([a, b]) => (a === b ? String(a + 1) : b === a + 1 ? `${a + 1}, ${b + 1}` : `${a + 1}–${b + 1}`)).join(', ');
  return `${turns.length === 1 ? 'turn' : 'turns'} ${text}`;
}

/** A turn's start time as the recording counts it: "4:05", "1:02:09"; null when the transcript is not timed. */
export function formatTurnTime(seconds: number | undefined): string | null {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return null;
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
