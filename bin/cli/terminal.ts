/**
 * Terminal drawing for the text report: optional ANSI colour, score bars and word wrapping. Colour is
 * decided once by the caller (TTY and NO_COLOR), so the report itself never inspects the environment.
 */

export type Tone = 'good' | 'fair' | 'poor' | 'muted' | 'accent' | 'therapist' | 'client';

export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  tone(tone: Tone, text: string): string;
}

const SGR: Record<Tone, string> = {
  good: '32', // green
  fair: '33', // yellow
  poor: '31', // red
  muted: '90', // grey
  accent: '36', // cyan
  therapist: '34', // blue
  client: '35', // magenta
};

export function createPaint(color: boolean): Paint {
  if (!color) return { bold: (t) => t, dim: (t) => t, tone: (_tone, t) => t };
  return {
    bold: (t) => `\u001b[1m${t}\u001b[22m`,
    dim: (t) => `\u001b[2m${t}\u001b[22m`,
    tone: (tone, t) => `\u001b[${SGR[tone]}m${t}\u001b[39m`,
  };
}

/** Width of a text report when stdout is not a terminal (files, pipes, CI logs). */
const DEFAULT_WIDTH = 88;

/** The terminal's width, or DEFAULT_WIDTH when stdout is not one. */
export function widthOf(stdout: { isTTY?: boolean; columns?: number }): number {
  return stdout.isTTY && stdout.columns ? stdout.columns : DEFAULT_WIDTH;
}

/** Colour only for a terminal, and never when the user opted out (https://no-color.org). */
export function shouldColor(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return isTTY === true && env.NO_COLOR === undefined;
}

/** The same bands a supervisor reads a 0-100 alliance score with: ≥ 70 solid, 50-69 mixed, < 50 a concern. */
export function scoreTone(score: number): Tone {
  if (score >= 70) return 'good';
  if (score >= 50) return 'fair';
  return 'poor';
}

/** `███████░░░` for a 0-100 score in `cells` cells. */
export function scoreBar(score: number, cells = 10): string {
  const filled = Math.max(0, Math.min(cells, Math.round((score / 100) * cells)));
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

/** `52:07` or `1:02:07`. */
export function clock(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * One line of plain text: blanks collapsed, control characters dropped so that a transcript (quotes,
 * speaker names) can never move the cursor or recolour the terminal.
 */
export function flatten(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .trim();
}

/** Shortens to `max` characters, ending in `…` when cut (at a word boundary when one is near). */
export function truncate(text: string, max: number): string {
  const flat = flatten(text);
  if (flat.length <= max) return flat;
  const room = Math.max(1, max - 1);
  const space = flat.lastIndexOf(' ', room);
  return `${flat.slice(0, space > room * 0.6 ? space : room).trimEnd()}…`;
}

/** Word-wraps `text` to `width` columns, each line starting with `indent`. */
export function wrap(text: string, width: number, indent: string, firstIndent = indent): string[] {
  const words = flatten(text).split(' ');
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent;
      empty = true;
    }
    line += (empty ? '' : ' ') + word;
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines;
}
