/** Running pocketsphinx_continuous on one 16 kHz mono WAV, reading its words as it finds them. */
import { JobFailure } from './job-failure.js';
import { findExecutable, run } from './processes.js';
import { RecognitionReader, type Utterance } from './recognition.js';

export const POCKETSPHINX_MISSING = 'pocketsphinx is not installed: apt-get install pocketsphinx pocketsphinx-en-us (transcripts still work without it)';

export interface Recognizer {
  command: string;
  /**
   * coreutils' stdbuf, when present: piped stdout is block-buffered, so without it the words (and the
   * progress they carry) arrive in 4 KB bursts, about a minute of speech apart.
   */
  stdbuf: string | undefined;
}

/** The recognizer, or a JobFailure naming what to install. */
export async function findRecognizer(command: string): Promise<Recognizer> {
  const [path, stdbuf] = await Promise.all([findExecutable(command), findExecutable('stdbuf')]);
  if (!path) throw new JobFailure(POCKETSPHINX_MISSING);
  return { command: path, stdbuf };
}

/** The arguments pocketsphinx 0.8 takes; `-time yes` adds each word's times and posterior. */
export function pocketsphinxArgs(wav: string): string[] {
  return ['-infile', wav, '-logfn', '/dev/null', '-time', 'yes'];
}

/** The recognised utterances; `onHeard` gets how many seconds of the file the decoder has passed. */
export async function recognize(recognizer: Recognizer, wav: string, signal: AbortSignal, onHeard: (seconds: number) => void): Promise<Utterance[]> {
  const reader = new RecognitionReader();
  const [command, args] = recognizer.stdbuf
    ? [recognizer.stdbuf, ['-oL', recognizer.command, ...pocketsphinxArgs(wav)]]
    : [recognizer.command, pocketsphinxArgs(wav)];
  const result = await run(command, args, {
    signal,
    onStdout: (chunk) => {
      reader.push(chunk);
      onHeard(reader.heardUntil);
    },
  });
  if (result.code !== 0) throw new JobFailure(`pocketsphinx could not recognise the recording (exit code ${result.code ?? 'none: killed'})`);
  return reader.finish();
}
