/**
 * The Plan's own lines beyond homework: the next appointment exactly as said (never a default), a change in
 * how often sessions happen, and what the therapist proposed to work on next time. What was not said is a
 * documentation gap, citing nothing.
 */
import type { NoteSentence } from '../../../schemas/note.js';
import type { NextAppointment } from './extract/appointment.js';
import type { ExtractInput } from './extract/input.js';
import { quoteAround } from './extract/quote.js';
import { gap, sentence } from './phrasing.js';

/** Days and months as a note writes them ("next Tuesday"). */
function properNames(text: string): string {
  return text.replace(
    /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|christmas|easter)\b/g,
    (w) => w.charAt(0).toUpperCase() + w.slice(1),
  );
}

export function appointmentSentences(next: NextAppointment | null): NoteSentence[] {
  if (next === null) return [gap('Next appointment: not stated in the transcript.')];
  const out: NoteSentence[] = [];
  const agreed = next.agreed === true ? ', agreed by both' : next.agreed === false ? ', not agreed' : '';
  const when = next.when ? `${properNames(next.when)} ("${next.said}")` : `as said: "${next.said}"`;
  out.push(sentence(`Next appointment: ${when}${agreed}.`, next.turnIds));
  if (next.frequencyChange) out.push(sentence(`Session frequency: "${next.frequencyChange.said}".`, [next.frequencyChange.turnId]));
  return out;
}

/** The therapist proposing what to work on next time ("next week we could look at…"). */
const NEXT_FOCUS =
  /\b(?:next (?:time|week|session)|when we (?:next )?meet|in our next session|at our next session)\b.*\b(?:we (?:will|could|can|might|should|are going to)|i would like (?:us )?to|let us|we will)\b|\b(?:we (?:will|could|can|might|are going to)|i would like (?:us )?to|let us)\b.*\b(?:next (?:time|week|session)|when we (?:next )?meet)\b/;

export function nextFocusSentence(input: ExtractInput, names: ReadonlySet<string>): NoteSentence | null {
  // Plans for next time are made near the end of a session.
  const from = Math.floor(input.turns.length * 0.6);
  for (const turn of input.therapist) {
    if (turn.index < from) continue;
    for (const s of turn.sentences) {
      if (!NEXT_FOCUS.test(s.text)) continue;
      // A question to the client ("what would you like to look at next time?") is not yet a plan.
      if (/\?\s*$/.test(s.original)) continue;
      // "see you next week" is the appointment, not a focus.
      if (
        /\b(?:see you|meet again|same time)\b/.test(s.text) &&
        !/\b(?:look at|work on|go over|focus|talk about|practi[cs]e|start|review|continue|come back to|pick up)\b/.test(s.text)
      )
        continue;
      const quote = quoteAround(s.original, ['look', 'work', 'go', 'focus', 'talk', 'practi', 'start', 'review', 'continue', 'come', 'pick'], names, 18);
      if (!quote) continue;
      return sentence(`Focus proposed for the next session: "${quote}".`, [turn.id]);
    }
  }
  return null;
}
