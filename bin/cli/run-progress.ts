/**
 * `attune run`'s progress on stderr: one line per workflow step as it finishes, and the transcription's
 * progress (a live bar on a terminal; a line every quarter otherwise, so logs stay readable).
 */
import type { ExecutionProgress } from '../../local/runtime/executions.js';
import { scoreBar, type Paint } from './terminal.js';

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** The polling states are shown as the transcription's progress, not one line per poll. */
const QUIET_STATES = new Set(['GetTranscriptionJob', 'SessionFailed']);
const BRANCH_STATES = new Set(['GenerateNote', 'ScoreAlliance']);
const TRANSCRIPTION_START = /^StartTranscription/;
/** The states of the transcript poll loop: the transcription has ended when any other state is entered. */
const POLL_LOOP = new Set(['InitWait', 'WaitForTranscript', 'GetTranscriptionJob', 'TranscriptReady?', 'CountWait', 'WaitedTooLong?']);
const COLUMN = 28;

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function progressPrinter(stream: ProgressStream, paint: Paint): (progress: ExecutionProgress) => void {
  const live = stream.isTTY === true;
  let transcribingSince: number | null = null;
  let lastQuarter = -1;
  let barShown = false;

  const line = (text: string) => {
    if (barShown) stream.write('\r\u001b[K');
    barShown = false;
    stream.write(`${text}\n`);
  };
  const transcriptionDone = (succeeded: boolean) => {
    if (transcribingSince === null) return;
    const mark = succeeded ? paint.tone('good', '✓') : paint.tone('poor', '✗');
    line(`  ${mark} ${'transcription'.padEnd(COLUMN - 2)} ${paint.dim(duration(Date.now() - transcribingSince))}`);
    transcribingSince = null;
  };

  return (progress) => {
    switch (progress.kind) {
      case 'state-entered':
        // The poll loop ends when NormalizeTranscript (or the failure path) is entered.
        if (transcribingSince !== null && !POLL_LOOP.has(progress.state)) transcriptionDone(progress.state === 'NormalizeTranscript');
        return;
      case 'state-exited': {
        if (QUIET_STATES.has(progress.state) || !['Task', 'Parallel'].includes(progress.stateType)) return;
        const indent = BRANCH_STATES.has(progress.state) ? '    ' : '  ';
        line(`${indent}${paint.tone('good', '✓')} ${progress.state.padEnd(COLUMN - indent.length)} ${paint.dim(duration(progress.ms))}`);
        if (TRANSCRIPTION_START.test(progress.state)) {
          transcribingSince = Date.now();
          lastQuarter = -1;
          if (!live) line('  … transcribing (pocketsphinx)');
        }
        return;
      }
      case 'state-failed':
        if (QUIET_STATES.has(progress.state)) return;
        line(`  ${paint.tone('poor', '✗')} ${progress.state.padEnd(COLUMN - 2)} ${paint.dim(progress.error)}`);
        return;
      case 'transcription': {
        if (transcribingSince === null) return;
        const share = Math.max(0, Math.min(1, progress.fraction));
        if (live) {
          stream.write(`\r\u001b[K  … ${'transcribing'.padEnd(COLUMN - 2)} ${scoreBar(share * 100, 20)} ${String(Math.round(share * 100)).padStart(3)}%`);
          barShown = true;
        } else {
          const quarter = Math.floor(share * 4);
          if (quarter > lastQuarter && quarter < 4) {
            lastQuarter = quarter;
            if (quarter > 0) line(`  … transcribing ${quarter * 25}%`);
          }
        }
        return;
      }
    }
  };
}
