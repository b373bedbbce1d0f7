/**
 * Treatment goals as the note writes them: in the client's words where possible, with the time frame and
 * target as said, and whether the goal is new, revisited or reported on.
 */
import type { NoteSentence } from '../../../schemas/note.js';
import type { Goal } from './extract/goals.js';
import { noteQuote } from './extract/quote.js';
import { sentence } from './phrasing.js';

const STATUS: Record<Goal['status'], string> = {
  new: 'Goal set',
  revisited: 'Goal revisited',
  progress_reported: 'Progress reported on the goal',
  achieved: 'Goal reported as achieved',
  revised: 'Goal revised',
};

export function goalSentences(goals: readonly Goal[]): NoteSentence[] {
  return goals.map((g) => {
    // What the quote already says is not repeated after it.
    const extras = [g.timeFrame, g.target].filter((x): x is string => typeof x === 'string' && x.length > 0 && !g.what.toLowerCase().includes(x.toLowerCase()));
    // Where a goal from before stands is the client's answer (cited); "agreed" would say the goal was agreed anew.
    const reportedOn = g.wordsOf === 'therapist' && (g.status === 'progress_reported' || g.status === 'achieved');
    const whose = reportedOn
      ? ''
      : g.wordsOf === 'client'
        ? ' in Client’s words'
        : g.agreement === 'agreed'
          ? ', agreed by Client'
          : g.agreement === 'tentative'
            ? ', agreed tentatively by Client'
            : '';
    return sentence(`${STATUS[g.status]}${whose}: "${noteQuote(g.what)}"${extras.length > 0 ? ` (${extras.join('; ')})` : ''}.`, g.turnIds.slice(0, 3));
  });
}
