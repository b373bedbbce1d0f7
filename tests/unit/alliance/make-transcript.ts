/**
 * Test helper: builds schema-valid Transcripts (and their coded sessions and metrics) from
 * `Therapist: …` / `Client: …` lines, one turn per line, so the alliance tests do not depend on the
 * transcript parser.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { TranscriptSchema, type Role, type Transcript } from '../../../schemas/transcript.js';
import { codeSession, type CodedSession } from '../../../lambdas/core/metrics/coded-session.js';
import { computeSessionMetrics } from '../../../lambdas/core/metrics/session-metrics.js';
import type { SessionMetrics } from '../../../schemas/metrics.js';
import { normalise, wordsOf } from '../../../lambdas/core/metrics/text.js';

const LINE = /^(Therapist|Client):\s*(.+)$/;
const ROLES: Record<string, Exclude<Role, 'unknown'>> = { Therapist: 'therapist', Client: 'client' };

export function makeTranscript(text: string): Transcript {
  const turns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line, i) => {
      const match = LINE.exec(line);
      if (!match) throw new Error(`test transcript line ${i + 1} has no Therapist:/Client: label`);
      const speaker = match[1]!;
      return { id: `t${String(i + 1).padStart(4, '0')}`, role: ROLES[speaker]!, speaker, text: match[2]!.trim() };
    });
  return TranscriptSchema.parse({
    format: 'text',
    turns,
    roleAssignment: { method: 'explicit', confidence: 1, speakers: { ...ROLES }, basis: 'explicit labels' },
    timed: false,
    warnings: [],
  });
}

export interface PreparedSession {
  session: CodedSession;
  metrics: SessionMetrics;
}

export function prepareSession(text: string): PreparedSession {
  const session = codeSession(makeTranscript(text));
  return { session, metrics: computeSessionMetrics(session) };
}

const FIXTURES = new URL('../../fixtures/sessions/', import.meta.url);

export function fixtureText(name: string): string {
  return readFileSync(fileURLToPath(new URL(`${name}.txt`, FIXTURES)), 'utf8');
}

export function prepareFixture(name: string): PreparedSession {
  return prepareSession(fixtureText(name));
}

/** The text of a turn by id; throws so that a test citing a missing turn fails loudly. */
export function turnText(session: CodedSession, turnId: string): string {
  const turn = session.transcript.turns.find((t) => t.id === turnId);
  if (!turn) throw new Error(`no turn ${turnId}`);
  return turn.text;
}

/** Every quote must be findable, verbatim, in the turn it cites. */
export function expectVerbatim(session: CodedSession, evidence: ReadonlyArray<{ turnId: string; quote: string }>): void {
  for (const e of evidence) {
    expect(e.quote.length).toBeGreaterThan(0);
    expect(turnText(session, e.turnId)).toContain(e.quote);
  }
}

/**
 * Text written for logs and reports must not carry what was said: no run of four consecutive words from
 * any turn may appear in it.
 */
export function expectNoTranscriptText(session: CodedSession, text: string): void {
  const written = ` ${wordsOf(normalise(text)).join(' ')} `;
  for (const turn of session.transcript.turns) {
    const words = wordsOf(normalise(turn.text));
    for (let i = 0; i + 4 <= words.length; i++) {
      const shingle = words.slice(i, i + 4).join(' ');
      expect(written, `contains "${shingle}" from ${turn.id}`).not.toContain(` ${shingle} `);
    }
  }
}
