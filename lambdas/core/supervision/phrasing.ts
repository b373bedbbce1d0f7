/**
 * Writing helpers for the supervision report: turn-id lists, joined clauses, counts and shares. The report
 * quotes nothing from the session, so these only ever handle the engine's own words and numbers.
 */
import type { NoteSentence } from '../../../schemas/note.js';
import type { MomentSeverity } from '../../../schemas/supervision.js';

/** Turn ids, de-duplicated, in spoken order, dropping any the session does not hold. */
export function turnIds(known: ReadonlySet<string>, ...groups: readonly (string | readonly string[] | undefined | null)[]): string[] {
  const all = new Set<string>();
  for (const g of groups) {
    if (g === undefined || g === null) continue;
    for (const id of typeof g === 'string' ? [g] : g) if (known.has(id)) all.add(id);
  }
  return [...all].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
}

/** `first` then the rest (without repeating it), as a moment's evidence reads: its own turn first. */
export function citing(first: string, rest: readonly string[], max = 6): string[] {
  return [first, ...rest.filter((id) => id !== first)].slice(0, max);
}

/** "a", "a and b", "a, b and c". */
export function joinClauses(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** "t0004", "t0004 and t0007", "t0004, t0007 and t0009". */
export function atTurns(ids: readonly string[]): string {
  return joinClauses([...ids]);
}

export function finding(text: string, evidence: readonly string[]): NoteSentence {
  return { text, kind: 'finding', evidence: [...evidence] };
}

export function gap(text: string): NoteSentence {
  return { text, kind: 'gap', evidence: [] };
}

/** The most serious first; a strength (`none`) last. */
export const SEVERITY_RANK: Record<MomentSeverity, number> = { high: 0, medium: 1, low: 2, none: 3 };

/** Spoken order of two turn ids ("t0004" before "t0010"). */
export function byTurn(a: string, b: string): number {
  return Number(a.slice(1)) - Number(b.slice(1));
}
