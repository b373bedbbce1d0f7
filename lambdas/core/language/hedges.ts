/**
 * Hedges: words that make a statement tentative (MISC codes a hedged statement as weaker; Miller, Moyers et
 * al., MISC 2.5). One list for every room: the note engine's change talk and the plans' goal verdicts. An
 * opinion frame on its own ("I think", "I'd say", "I'd call") states the speaker's judgement and does not
 * make a verdict tentative ("I think that one's done"); the rest do ("sort of better", "I suppose"). Pure.
 */
export const HEDGE =
  /\b(?:maybe|perhaps|possibly|probably|might|i guess|i suppose|sort of|kind of|a bit|hopefully|try to|try and|at some point|some day|someday|one day|eventually|i think|if i can|not sure)\b/;

/** The opinion frames that state a judgement rather than doubt it. */
const OPINION = /\b(?:i think|i would say|i would call)\b/g;

/** A statement made tentative by a hedge, an opinion frame aside (normalised text, as the language layer writes it). */
export function tentative(text: string): boolean {
  return HEDGE.test(text.replace(OPINION, ' '));
}
