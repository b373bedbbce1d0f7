import { plural, type RawTurn } from './types.js';

/**
 * Inferring the therapist from talk style when labels do not say. Therapists ask (open questions,
 * check-ins), reflect ("it sounds like…", "so you…") and address the other person ("you", "your");
 * clients narrate their own experience ("I", "me", "my"). Each speaker gets a score from those rates;
 * the highest is the therapist. Weights were set on the AnnoMI development split with the labels hidden.
 */

export interface TherapistInference {
  therapist: string;
  /** 0.5-0.99: from the margin between the two best scores, lowered when there is little talk to go on. */
  confidence: number;
  /** Plain words, no transcript text. */
  basis: string;
}

interface TalkStyle {
  speaker: string;
  turns: number;
  words: number;
  questionTurns: number;
  reflectionTurns: number;
  secondPerson: number;
  firstPersonSingular: number;
  opened: boolean;
}

// One case-insensitive pass per turn for both pronoun groups (group 1 = second person): no lowercasing,
// so a long session is scanned in well under a millisecond.
const PRONOUN = /\b(?:(you(?:r|rs|rself|rselves|['’](?:re|ve|ll|d))?|y['’]all)|i(?:['’](?:m|ve|ll|d))?|me|my|mine|myself)\b/gi;
const QUESTION_OPENER =
  /^(?:(?:so|and|okay|ok|well|now|um|uh)[,\s]+)*(?:what|how|why|when|where|who|which|tell me|(?:do|did|does|are|were|is|was|have|has|can|could|would|will|should)\s+(?:you|your|that|it|there|we|they))\b/i;
const REFLECTION =
  /\b(?:it sounds like|sounds like|it seems like|so you(?:['’]re| are| feel| were| have|['’]ve)?|you feel|you['’]re feeling|you['’]re saying|you said|what i['’]?m hearing|what i hear|i['’]?m hearing|on the one hand|part of you)\b/i;

const WEIGHTS = { questions: 1.2, reflections: 1.0, secondPerson: 10, firstPersonSingular: 10, opened: 0.1 };
/** Turns below which the evidence is thin and confidence is scaled down. */
const TURNS_FOR_FULL_CONFIDENCE = 16;

export function inferTherapist(turns: readonly RawTurn[], candidates: readonly string[]): TherapistInference {
  const styles = new Map<string, TalkStyle>(candidates.map((speaker) => [speaker, emptyStyle(speaker)]));
  const firstSpeaker = turns.find((turn) => styles.has(turn.speaker))?.speaker;
  for (const turn of turns) {
    const style = styles.get(turn.speaker);
    if (style) addTurn(style, turn.text);
  }
  const opener = firstSpeaker === undefined ? undefined : styles.get(firstSpeaker);
  if (opener) opener.opened = true;

  const ranked = [...styles.values()].map((style) => ({ style, score: scoreOf(style) })).sort((a, b) => b.score - a.score);
  const best = ranked[0];
  const runnerUp = ranked[1];
  if (!best) throw new Error('inferTherapist needs at least one candidate speaker');
  if (!runnerUp) {
    const basis = `'${best.style.speaker}' is the only speaker whose label does not name a client`;
    return { therapist: best.style.speaker, confidence: 0.5, basis };
  }

  const margin = best.score - runnerUp.score;
  const turnsSeen = best.style.turns + runnerUp.style.turns;
  const evidence = Math.min(1, turnsSeen / TURNS_FOR_FULL_CONFIDENCE);
  const raw = 0.5 + 0.49 * (1 - Math.exp(-margin / 0.3)) * evidence;
  const confidence = Math.round(Math.min(0.99, Math.max(0.5, raw)) * 100) / 100;
  return {
    therapist: best.style.speaker,
    confidence,
    basis: describe(
      best.style,
      ranked.slice(1).map((r) => r.style),
    ),
  };
}

function emptyStyle(speaker: string): TalkStyle {
  return { speaker, turns: 0, words: 0, questionTurns: 0, reflectionTurns: 0, secondPerson: 0, firstPersonSingular: 0, opened: false };
}

function addTurn(style: TalkStyle, text: string): void {
  style.turns++;
  if (text.includes('?') || QUESTION_OPENER.test(text)) style.questionTurns++;
  if (REFLECTION.test(text)) style.reflectionTurns++;
  style.words += countWords(text);
  PRONOUN.lastIndex = 0;
  for (let match = PRONOUN.exec(text); match; match = PRONOUN.exec(text)) {
    if (match[1] === undefined) style.firstPersonSingular++;
    else style.secondPerson++;
  }
}

/** Whitespace-separated tokens, counted without allocating them. */
function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 32 || code === 9 || code === 10 || code === 13 || code === 160;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

function scoreOf(style: TalkStyle): number {
  const perTurn = (count: number): number => (style.turns === 0 ? 0 : count / style.turns);
  const perWord = (count: number): number => (style.words === 0 ? 0 : count / style.words);
  return (
    WEIGHTS.questions * perTurn(style.questionTurns) +
    WEIGHTS.reflections * perTurn(style.reflectionTurns) +
    WEIGHTS.secondPerson * perWord(style.secondPerson) -
    WEIGHTS.firstPersonSingular * perWord(style.firstPersonSingular) +
    (style.opened ? WEIGHTS.opened : 0)
  );
}

function describe(therapist: TalkStyle, others: TalkStyle[]): string {
  const rest = sum(others);
  const percent = (count: number, words: number): string => `${words === 0 ? 0 : ((100 * count) / words).toFixed(1)}%`;
  const otherName = others.length === 1 ? `'${others[0]?.speaker}'` : 'the other speakers';
  const parts = [
    `speaker '${therapist.speaker}' asked questions in ${therapist.questionTurns} of ${therapist.turns} turns ` +
      `(${otherName}: ${rest.questionTurns} of ${rest.turns})`,
    `reflected in ${plural(therapist.reflectionTurns, 'turn')} (${rest.reflectionTurns})`,
    `said you/your in ${percent(therapist.secondPerson, therapist.words)} of words (${percent(rest.secondPerson, rest.words)})`,
    `and I/me/my in ${percent(therapist.firstPersonSingular, therapist.words)} (${percent(rest.firstPersonSingular, rest.words)})`,
  ];
  const opener = therapist.opened ? `; '${therapist.speaker}' opened the session` : '';
  return `inferred from talk style: ${parts.join(', ')}${opener}`;
}

function sum(styles: TalkStyle[]): TalkStyle {
  const total = emptyStyle('');
  for (const style of styles) {
    total.turns += style.turns;
    total.words += style.words;
    total.questionTurns += style.questionTurns;
    total.reflectionTurns += style.reflectionTurns;
    total.secondPerson += style.secondPerson;
    total.firstPersonSingular += style.firstPersonSingular;
  }
  return total;
}
