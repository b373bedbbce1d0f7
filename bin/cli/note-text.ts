/**
 * The progress note in a terminal: the note engine's own Markdown (the same text the FHIR attachment
 * carries), lightly styled and wrapped. Headings are bold, the review banner red, and the turn ids each
 * sentence cites are dim but kept whole on one line, so a reader can still look every one up.
 */
import { renderNoteMarkdown } from '../../lambdas/core/notes/index.js';
import type { ProgressNote } from '../../schemas/note.js';
import { flatten, type Paint } from './terminal.js';

export interface NoteTextOptions {
  paint: Paint;
  /** Columns to fit in (the note never goes past 100). */
  width: number;
}

/** A word, or a whole citation, with how to paint it. */
interface Token {
  text: string;
  paint?: (text: string) => string;
}

const CITATION = /<sub>\[([^\]]*)\]<\/sub>/g;
const ITEM = '  ';
const ANSI = /\u001b\[[0-9;]*m/g;

/** One line's tokens, neighbours with the same paint painted as one run (fewer escape codes). */
function paintLine(tokens: readonly Token[]): string {
  let out = '';
  for (let i = 0; i < tokens.length; ) {
    const paint = tokens[i]!.paint;
    let j = i;
    while (j < tokens.length && tokens[j]!.paint === paint) j++;
    const run = tokens
      .slice(i, j)
      .map((t) => t.text)
      .join(' ');
    out += (i > 0 ? ' ' : '') + (paint ? paint(run) : run);
    i = j;
  }
  return out;
}

/** Fills lines with tokens up to `width` visible columns; a token is never split. */
function flow(tokens: readonly Token[], width: number, indent: string, firstIndent = indent): string[] {
  const lines: string[] = [];
  let line: Token[] = [];
  let visible = firstIndent.replace(ANSI, '').length;
  let lead = firstIndent;
  for (const token of tokens) {
    if (line.length > 0 && visible + 1 + token.text.length > width) {
      lines.push(lead + paintLine(line));
      line = [];
      lead = indent;
      visible = indent.length;
    }
    visible += (line.length > 0 ? 1 : 0) + token.text.length;
    line.push(token);
  }
  if (line.length > 0) lines.push(lead + paintLine(line));
  return lines;
}

function words(text: string, paint?: (text: string) => string): Token[] {
  return flatten(text)
    .split(' ')
    .filter((w) => w.length > 0)
    .map((w) => (paint ? { text: w, paint } : { text: w }));
}

/** Markdown emphasis markers carry no meaning in a terminal line; the words stay. */
function plain(markdown: string): string {
  return markdown.replace(/\*\*/g, '');
}

/**
 * A sentence paragraph: its words, then each citation as one dim token (`[t0012, t0014]`). A citation
 * longer than a line (a long risk assessment cites a dozen turns) breaks between ids instead.
 */
function paragraph(markdown: string, p: Paint, room: number): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  for (const match of markdown.matchAll(CITATION)) {
    tokens.push(...words(plain(markdown.slice(at, match.index))));
    const citation = `[${flatten(match[1] ?? '')}]`;
    tokens.push(...(citation.length <= room ? [{ text: citation, paint: p.dim }] : words(citation, p.dim)));
    at = match.index + match[0].length;
  }
  tokens.push(...words(plain(markdown.slice(at))));
  return tokens;
}

export function renderNoteText(note: ProgressNote, options: NoteTextOptions): string {
  const width = Math.min(100, Math.max(60, options.width));
  const p = options.paint;
  const lines: string[] = [];
  // Section text sits under its heading; the facts line and the banner come before any heading.
  let body = '';
  for (const line of renderNoteMarkdown(note).split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('# ')) {
      const title = ` ${flatten(line.slice(2))} `;
      lines.push(p.bold(`━━${title}${'━'.repeat(Math.max(2, width - title.length - 2))}`), '');
    } else if (line.startsWith('## ')) {
      lines.push('', p.bold(flatten(line.slice(3))));
      body = ITEM;
    } else if (line.startsWith('> ')) {
      const banner = (text: string) => p.bold(p.tone('poor', text));
      lines.push(...flow(words(plain(line.slice(2)), banner), width, `${ITEM}  `, `${ITEM}${banner('⚠')} `), '');
    } else if (line === '---') {
      lines.push('', p.dim('─'.repeat(Math.min(width, 40))));
      body = '';
    } else if (/^_.*_$/.test(line)) {
      lines.push(...flow(words(line.slice(1, -1), p.dim), width, ''));
    } else {
      lines.push(...flow(paragraph(line, p, width - body.length), width, body));
    }
  }
  return `${lines.join('\n')}\n`;
}
