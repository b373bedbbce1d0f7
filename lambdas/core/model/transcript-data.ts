/**
 * The transcript as the model sees it: delimited data, never instructions. Each turn's text is escaped so
 * a speaker cannot close the block or forge a turn (`</turn></transcript>` arrives as text), and turns
 * that read like instructions to a model are named so the model is told to treat them as speech.
 */
import type { Transcript, Turn } from '../../../schemas/transcript.js';

/** `&` first, so an escaped `<` is not escaped twice. */
export function escapeData(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The inverse of {@link escapeData}, for quotes a model copied from the escaped text. */
export function unescapeData(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/** Turns are rendered by id and role only: speaker labels can be names, and the model does not need them. */
export function renderTranscript(transcript: Transcript): string {
  const turns = transcript.turns.map((t) => `<turn id="${t.id}" role="${t.role}">${escapeData(t.text)}</turn>`);
  return ['<transcript>', ...turns, '</transcript>'].join('\n');
}

/**
 * Text that addresses a language model rather than the other person in the room. Matched on lower-cased
 * text with whitespace collapsed. A false positive costs nothing (the turn is still read as speech);
 * the score anchoring in generate.ts is what bounds the harm of one that is missed.
 */
export const INJECTION_PATTERNS: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override) (?:all |any )?(?:of )?(?:the |your |my )?(?:previous|prior|above|earlier|preceding|other) (?:instructions?|prompts?|rules|directions|guidelines)/,
  /\bsystem prompt\b/,
  /\byou are now\b/,
  /\bnew instructions?\b/,
  /\b(?:rate|score|grade|mark) (?:this|the|it|me|my therapist|the therapist)?(?: session| therapist| conversation| alliance| note)? ?(?:a |as |at |with (?:a )?)?(?:100|one hundred|a perfect|perfect|10 out of 10|ten out of ten)\b/,
  /\bdisregard (?:the |your |this |that )?(?:rubric|instructions?|rules|guidelines|scoring)\b/,
  /\bas an ai\b|\[\/?inst\]|<\|im_start\|>/,
  /<\/?\s*(?:turn|transcript|system|instructions?|session_facts)\b/,
];

function normaliseForMatching(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ');
}

export function looksLikeInjectedInstruction(turn: Turn): boolean {
  const text = normaliseForMatching(turn.text);
  return INJECTION_PATTERNS.some((pattern) => pattern.test(text));
}

/** Ids of the turns that read like instructions to a model, in transcript order. */
export function findSuspectedInjections(transcript: Transcript): string[] {
  return transcript.turns.filter(looksLikeInjectedInstruction).map((t) => t.id);
}
