/**
 * Reading what `pocketsphinx_continuous -time yes` prints, as it prints it. Per utterance (a stretch of
 * speech between pauses) it writes the hypothesis on one line, then one line per token:
 * `word start end posterior`, opened by `<s>` and closed by `</s>`; times are seconds from the start of
 * the file. Fillers (`<sil>`, `[NOISE]`, `[SPEECH]`) are not words, and `and(2)` names the dictionary's
 * second pronunciation of `and`.
 */

export interface RecognizedWord {
  word: string;
  start: number;
  end: number;
  /** The decoder's posterior probability of the word, 0-1. */
  confidence: number;
}

export interface Utterance {
  start: number;
  end: number;
  words: RecognizedWord[];
}

const TOKEN_LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/i;
const FILLER = /^(<[^>]*>|\[[^\]]*\]|\+\+.*\+\+)$/;
const PRONUNCIATION_VARIANT = /\(\d+\)$/;

export class RecognitionReader {
  private readonly utterances: Utterance[] = [];
  private current: Utterance | undefined;
  private partialLine = '';
  /** How far into the audio the decoder has got, in seconds. */
  heardUntil = 0;

  /** Takes the next chunk of stdout (any split, even mid-line). */
  push(chunk: string): void {
    const lines = (this.partialLine + chunk).split('\n');
    this.partialLine = lines.pop() ?? '';
    for (const line of lines) this.readLine(line.trim());
  }

  /** The utterances with at least one word, once the process has ended. */
  finish(): Utterance[] {
    if (this.partialLine !== '') this.readLine(this.partialLine.trim());
    this.partialLine = '';
    this.closeUtterance();
    return this.utterances;
  }

  private readLine(line: string): void {
    const match = TOKEN_LINE.exec(line);
    if (!match) return; // the hypothesis line repeats the words without times
    const [, token = '', startText = '0', endText = '0', posteriorText = '0'] = match;
    const start = Number(startText);
    const end = Math.max(start, Number(endText));
    this.heardUntil = Math.max(this.heardUntil, end);
    if (token === '<s>') {
      this.closeUtterance();
      this.current = { start, end, words: [] };
      return;
    }
    this.current ??= { start, end, words: [] };
    this.current.end = end;
    if (token === '</s>') {
      this.closeUtterance();
      return;
    }
    if (FILLER.test(token)) return;
    const word = token.replace(PRONUNCIATION_VARIANT, '');
    if (word === '') return;
    this.current.words.push({ word, start, end, confidence: clampProbability(Number(posteriorText)) });
  }

  private closeUtterance(): void {
    const utterance = this.current;
    this.current = undefined;
    if (!utterance || utterance.words.length === 0) return;
    const first = utterance.words[0];
    const last = utterance.words[utterance.words.length - 1];
    // The utterance spans its words: the `<s>`/`</s>` markers include the silence around them.
    this.utterances.push({ start: first?.start ?? utterance.start, end: last?.end ?? utterance.end, words: utterance.words });
  }
}

function clampProbability(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}
