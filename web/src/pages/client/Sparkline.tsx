import type { ReactNode } from 'react';
import { sparkline } from './sparkline.js';

const WIDTH = 96;
const HEIGHT = 24;

/**
 * The overall alliance across a client's sessions, drawn small: an image whose accessible name gives every
 * value (the line itself is decoration for screen readers).
 */
export function Sparkline(props: { values: readonly (number | null)[]; name?: string }): ReactNode {
  const line = sparkline(props.values, WIDTH, HEIGHT, [0, 100], props.name);
  return (
    <svg role="img" aria-label={line.label} width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="attune-sparkline">
      <title>{line.label}</title>
      <line x1={0} x2={WIDTH} y1={HEIGHT / 2} y2={HEIGHT / 2} stroke="currentColor" strokeOpacity={0.15} strokeWidth={1} />
      {line.segments.map((points) => (
        <polyline key={points} points={points} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />
      ))}
      {line.dots.map((dot) => (
        <circle key={`${dot.x},${dot.y}`} cx={dot.x} cy={dot.y} r={1.75} fill="currentColor" />
      ))}
    </svg>
  );
}
