/**
 * A transcript with every turn behaviour-coded once. Metrics, dimensions, flags and rupture markers all
 * read this one structure, so the whole analysis costs a single pass of the coders.
 */
import type { RiskFinding } from '../../../schemas/risk.js';
import type { Transcript, Turn } from '../../../schemas/transcript.js';
import { sentencesOf } from '../language/index.js';
import { namesProblem } from './change-direction.js';
import { riskQuotesByTurn } from './client-talk.js';
import { countWords, normalise } from './text.js';
import { carriesOn, codeClientTurn, codeTherapistTurn, type ClientTalk, type TherapistCodes } from './utterance-codes.js';

export interface CodedTurn {
  index: number;
  turn: Turn;
  /** Lower-cased, annotation-free text for cue matching. */
  norm: string;
  words: number;
  therapist?: TherapistCodes;
  client?: ClientTalk;
  /** The previous turn of the other role, if any (index into `turns`). */
  previousOther: number | null;
}

export interface CodedSession {
  transcript: Transcript;
  turns: CodedTurn[];
  therapistTurns: CodedTurn[];
  clientTurns: CodedTurn[];
}

export interface CodeSessionOptions {
  /**
   * The session's risk findings, when `detectRisk` has already read it: the client coder then leaves those
   * sentences out of change and sustain talk without reading the turns for risk a second time.
   */
  riskFindings?: readonly RiskFinding[];
}

/**
 * A turn is behaviour-coded on at most its first this many characters (about 3,500 words, twenty minutes and
 * more of uninterrupted speech). Longer turns are not speech but a transcript whose line breaks were lost or a
 * file that is not a transcript; their words still count in talk share, but reading all of them sentence by
 * sentence would let one bad file hold the engine for minutes.
 */
export const MAX_CODED_CHARS = 20_000;

function codedText(text: string): string {
  if (text.length <= MAX_CODED_CHARS) return text;
  const cut = text.lastIndexOf(' ', MAX_CODED_CHARS);
  return text.slice(0, cut > MAX_CODED_CHARS / 2 ? cut : MAX_CODED_CHARS);
}

export function codeSession(transcript: Transcript, options: CodeSessionOptions = {}): CodedSession {
  const riskQuotes = options.riskFindings ? riskQuotesByTurn(options.riskFindings) : undefined;
  const turns: CodedTurn[] = [];
  const therapistTurns: CodedTurn[] = [];
  const clientTurns: CodedTurn[] = [];
  let lastTherapist: number | null = null;
  let lastClient: number | null = null;
  let problemNamed = false;
  for (const [index, turn] of transcript.turns.entries()) {
    const norm = normalise(turn.text);
    const text = codedText(turn.text);
    const coded: CodedTurn = { index, turn, norm, words: countWords(norm), previousOther: null };
    if (turn.role === 'therapist') {
      coded.previousOther = lastClient;
      const previous = lastTherapist === null ? undefined : turns[lastTherapist]?.therapist;
      const previousClientText = lastClient === null ? '' : codedText(transcript.turns[lastClient]!.text);
      coded.therapist = codeTherapistTurn(text, {
        previousClientText,
        permissionAsked: pendingPermission(previous) && lastClient !== null && lastClient > lastTherapist!,
      });
      // A turn that continues one cut off by the client ("-and you decided…") keeps the behaviour it continues.
      if (/^\s*[-–—]/.test(turn.text) && coded.therapist.primary === 'other' && !coded.therapist.backchannel && previous) {
        coded.therapist.primary = previous.primary;
      }
      therapistTurns.push(coded);
      lastTherapist = index;
    } else if (turn.role === 'client') {
      coded.previousOther = lastTherapist;
      const therapist = lastTherapist === null ? undefined : turns[lastTherapist];
      const previousClient = lastClient === null ? undefined : turns[lastClient];
      // What a bare answer answers: the therapist's last turn that said something, past any "mm-hmm".
      const answered = lastSaid(turns, index);
      // A statement the therapist's "mm-hmm" cut in two: the second part keeps the first part's code. Change
      // talk that only drew a "mm-hmm" goes on being told in the next turn (its reasons, its story), so it
      // carries on even when the next turn opens a sentence of its own.
      const continues =
        previousClient?.client &&
        therapist?.therapist?.backchannel &&
        therapist.index > previousClient.index &&
        (previousClient.client === 'change' || carriesOn(codedText(previousClient.turn.text), text))
          ? previousClient.client
          : undefined;
      coded.client = codeClientTurn(text, {
        ...(answered ? { therapistText: codedText(answered.turn.text) } : {}),
        ...(continues ? { continues } : {}),
        problemNamed,
        ...(riskQuotes ? { riskQuotes: riskQuotes.get(turn.id) ?? NO_RISK } : {}),
      });
      clientTurns.push(coded);
      lastClient = index;
    }
    problemNamed ||= namesProblem(sentencesOf(text));
    turns.push(coded);
  }
  return { transcript, turns, therapistTurns, clientTurns };
}

/** The therapist asked permission and has not yet used it: advice in the next turn is given with it (MITI). */
function pendingPermission(codes: TherapistCodes | undefined): boolean {
  return codes?.asksPermission === true && codes.advice === null && !codes.information;
}

const NO_RISK: ReadonlySet<string> = new Set();

/** How far back a client's answer looks for the therapist turn it answers, past backchannels. */
const ANSWER_WINDOW = 4;

/** The last therapist turn before `index` that was more than a backchannel, within the window. */
function lastSaid(turns: readonly CodedTurn[], index: number): CodedTurn | undefined {
  for (let i = index - 1; i >= Math.max(0, index - ANSWER_WINDOW); i--) {
    const t = turns[i]!;
    if (t.therapist && !t.therapist.backchannel) return t;
  }
  return undefined;
}

const SENTENCE = /[^.?!]+(?:[.?!]+|$)/g;

/**
 * A verbatim quote from a turn: the sentence that carried a cue, at most ~200 characters, always a
 * substring of the turn's text so that a reader can find it.
 */
export function quoteOf(turn: Turn, sentenceIndex = 0, pattern?: RegExp): string {
  const sentences = (turn.text.match(SENTENCE) ?? [turn.text]).map((s) => s.trim()).filter((s) => s.length > 0);
  let chosen: string | undefined;
  if (pattern) chosen = sentences.find((s) => pattern.test(normalise(s)));
  chosen ??= sentences[Math.min(sentenceIndex, sentences.length - 1)] ?? turn.text.trim();
  if (chosen.length <= 200) return chosen;
  const cut = chosen.lastIndexOf(' ', 200);
  return chosen.slice(0, cut > 80 ? cut : 200);
}
