/** The note in a colour terminal, run in-process so stdout can be a TTY of a chosen width. */
import { describe, expect, it } from 'vitest';
import { main } from '../../../bin/attune-cli.js';
import type { CliIo } from '../../../bin/cli/io.js';
import { renderNoteText } from '../../../bin/cli/note-text.js';
import { createPaint } from '../../../bin/cli/terminal.js';
import { unavailableNote } from '../../../lambdas/core/notes/index.js';
import { inlineTranscript } from '../../helpers.js';

const SESSION = 'samples/sessions/jordan/2026-09-08.txt';
const ANSI = /\u001b\[[0-9;]*m/g;

async function runInTerminal(args: string[], columns: number, env: NodeJS.ProcessEnv = {}): Promise<{ exitCode: number; stdout: string }> {
  let stdout = '';
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: true, columns },
    stderr: { write: () => true },
    env,
    now: () => new Date('2026-09-08T15:00:00Z'),
  };
  const exitCode = await main(args, io);
  return { exitCode, stdout };
}

describe('the progress note in a terminal', () => {
  it('shows the review banner in bold red, headings in bold and the cited turn ids dim', async () => {
    // Act
    const { exitCode, stdout } = await runInTerminal(['analyze', SESSION, '--note', 'soap'], 90);

    // Assess
    expect(exitCode).toBe(0);
    const note = stdout.slice(stdout.indexOf('Progress note (SOAP)'));
    expect(note).toMatch(/\u001b\[1m\u001b\[31mReview required\. /);
    expect(note).toContain('\u001b[1mSubjective\u001b[22m');
    expect(note).toMatch(/\u001b\[2m\[t\d{4}(, t\d{4})*\]\u001b\[22m/);
  });

  it('fits the terminal width, keeping each citation that fits a line on one line', async () => {
    const { stdout } = await runInTerminal(['analyze', SESSION, '--note', 'narrative'], 64);

    const lines = stdout.slice(stdout.indexOf('Progress note')).replace(ANSI, '').split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(64);
    const citations =
      lines
        .join(' ')
        .replace(/\s+/g, ' ')
        .match(/\[t\d{4}(, t\d{4})*\]/g) ?? [];
    expect(citations.length).toBeGreaterThan(3);
    for (const citation of citations.filter((c) => c.length <= 60)) expect(lines.some((l) => l.includes(citation))).toBe(true);
    // The risk assessment cites more turns than a line holds: every id is still printed.
    expect(citations.some((c) => c.length > 64)).toBe(true);
  });

  it('has no colour when NO_COLOR is set', async () => {
    const { stdout } = await runInTerminal(['analyze', SESSION, '--note', 'dap'], 90, { NO_COLOR: '1' });

    expect(stdout).toContain('Review required.');
    expect(stdout).not.toMatch(ANSI);
  });

  it('prints a documentation gap with no citation after it', async () => {
    const { stdout } = await runInTerminal(['analyze', 'tests/fixtures/sessions/too-short.txt', '--note', 'soap'], 100, { NO_COLOR: '1' });

    expect(stdout).toMatch(/Homework: none identified in the transcript\.\s+Next appointment: not stated in the\s+transcript\./);
    expect(stdout).not.toContain('[]');
  });

  it('shows an unavailable note as a red banner with its reason and that review is required, then its risk statements', () => {
    const transcript = inlineTranscript([
      'Therapist: How has the week been?',
      'Client: Sometimes I wish I could go to sleep and not wake up.',
      'Therapist: Thank you for telling me.',
      'Client: Yeah.',
    ]);
    const note = unavailableNote({ transcript, format: 'birp', createdAt: new Date('2026-09-08T15:00:00Z') });

    const text = renderNoteText(note, { paint: createPaint(true), width: 90 });

    expect(text).toContain('Progress note (BIRP): unavailable');
    expect(text).toMatch(/\u001b\[1m\u001b\[31mNote unavailable: review required\. /);
    expect(text.replace(ANSI, '').replace(/\s+/g, ' ')).toContain('The note engine could not write a progress note for this session. (note_unavailable)');
    expect(text).toContain('\u001b[1mRisk statements\u001b[22m');
    expect(text).toMatch(/\u001b\[2m\[t0002\]\u001b\[22m/);
  });
});
