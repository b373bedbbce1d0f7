/**
 * A sparkline's geometry and words: the overall alliance across a client's sessions as polyline segments in
 * a small box (a gap where a session was not scored), and an accessible name that gives every value.
 */

export interface Sparkline {
  /** `points` attributes for SVG polylines: one per run of scored sessions. */
  segments: string[];
  /** Single scored sessions between gaps, drawn as dots. */
  dots: { x: number; y: number }[];
  label: string;
}

export function sparkline(
  values: readonly (number | null)[],
  width: number,
  height: number,
  domain: [number, number] = [0, 100],
  name = 'Overall alliance',
): Sparkline {
  const [min, max] = domain;
  const pad = 2;
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const xOf = (i: number) => (values.length > 1 ? pad + i * step : width / 2);
  const yOf = (value: number) => {
    const clamped = Math.min(max, Math.max(min, value));
    return pad + (1 - (clamped - min) / (max - min || 1)) * (height - 2 * pad);
  };
  const runs: { x: number; y: number }[][] = [];
  let run: { x: number; y: number }[] = [];
  values.forEach((value, i) => {
    if (value === null) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else run.push({ x: round(xOf(i)), y: round(yOf(value)) });
  });
  if (run.length > 0) runs.push(run);
  return {
    segments: runs.filter((r) => r.length > 1).map((r) => r.map((p) => `${p.x},${p.y}`).join(' ')),
    dots: runs.filter((r) => r.length === 1).map((r) => r[0]!),
    label: sparklineLabel(values, name),
  };
}

export function sparklineLabel(values: readonly (number | null)[], name = 'Overall alliance'): string {
  if (values.length === 0) return `${name}: no scored sessions`;
  const words = values.map((value) => (value === null ? 'not scored' : String(value)));
  return `${name} over ${values.length} ${values.length === 1 ? 'session' : 'sessions'}: ${words.join(', ')}`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
