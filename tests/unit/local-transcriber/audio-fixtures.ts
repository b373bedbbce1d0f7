import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The tools the audio tests need; CI installs them (apt-get install pocketsphinx pocketsphinx-en-us espeak-ng sox). */
const TOOLS = ['pocketsphinx_continuous', 'espeak-ng', 'sox'];

function installed(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why the audio tests cannot run here, or undefined when they can. */
export function missingTools(): string | undefined {
  const missing = TOOLS.filter((tool) => !installed(tool));
  return missing.length === 0 ? undefined : `${missing.join(', ')} not installed: apt-get install pocketsphinx pocketsphinx-en-us espeak-ng sox`;
}

export const THERAPIST_LINE = 'How have you been sleeping since we last met?';
export const CLIENT_LINE = 'I have been waking up at four every morning.';
/** Where the client's sentence starts on the right channel; the therapist speaks from 0.3 s on the left. */
export const CLIENT_STARTS_AT = 4;

export interface AudioFixtures {
  /** Therapist on the left from 0.3 s, client on the right from 4 s, silence on the other channel. */
  stereoWav: string;
  /** Both sentences, one after the other, on one channel. */
  monoWav: string;
  /** Random bytes named .wav. */
  corruptWav: string;
  /** A zero-length .wav. */
  emptyWav: string;
}

function speak(voice: string, text: string, file: string): void {
  execFileSync('espeak-ng', ['-v', voice, '-s', '150', '-w', file, text]);
}

/** Renders the recordings into `dir`; `-D` keeps the silent stretches exactly silent (no dither). */
export function renderAudioFixtures(dir: string): AudioFixtures {
  const therapist = join(dir, 'therapist.wav');
  const client = join(dir, 'client.wav');
  speak('en-us+m3', THERAPIST_LINE, therapist);
  speak('en-us+f3', CLIENT_LINE, client);
  const left = join(dir, 'left.wav');
  const right = join(dir, 'right.wav');
  execFileSync('sox', ['-D', therapist, '-r', '16000', '-b', '16', left, 'pad', '0.3', '5']);
  execFileSync('sox', ['-D', client, '-r', '16000', '-b', '16', right, 'pad', String(CLIENT_STARTS_AT), '1']);
  const stereoWav = join(dir, 'stereo.wav');
  execFileSync('sox', ['-D', '-M', left, right, stereoWav]);
  // A second of silence between the two: pocketsphinx ends an utterance at a pause.
  const therapistThenPause = join(dir, 'therapist-then-pause.wav');
  const clientResampled = join(dir, 'client-16k.wav');
  execFileSync('sox', ['-D', therapist, '-r', '16000', '-b', '16', therapistThenPause, 'pad', '0.2', '1']);
  execFileSync('sox', ['-D', client, '-r', '16000', '-b', '16', clientResampled, 'pad', '0', '0.5']);
  const monoWav = join(dir, 'mono.wav');
  execFileSync('sox', ['-D', therapistThenPause, clientResampled, monoWav]);
  return { stereoWav, monoWav, ...renderBrokenFixtures(dir) };
}

/** Random bytes and an empty file only: for the tests that need no speech tools. */
export function renderBrokenFixtures(dir: string): Pick<AudioFixtures, 'corruptWav' | 'emptyWav'> {
  const corruptWav = join(dir, 'corrupt.wav');
  const emptyWav = join(dir, 'empty.wav');
  writeFileSync(corruptWav, randomBytes(32_000));
  writeFileSync(emptyWav, new Uint8Array());
  return { corruptWav, emptyWav };
}
