/**
 * Homework as a note writes it (CLINICAL-GUIDE §1, "Homework and plan"): what, when, with whom, and how the
 * client took it (committed, tentative, declined, or imposed), and how last time's homework went. When the
 * therapist says none is set ("no homework this week") the note charts that, citing the turn; when nothing
 * was said the note says so as a documentation gap, citing nothing.
 */
import type { NoteSentence } from '../../../schemas/note.js';
import type { HomeworkReview, HomeworkTask, NoneSet } from './extract/homework.js';
import { carriesName, noteQuote, quoteWithoutNames } from './extract/quote.js';
import { gap, sentence } from './phrasing.js';

const UPTAKE: Record<HomeworkTask['uptake'], string> = {
  committed: 'Client committed to it',
  tentative: 'Client agreed tentatively',
  declined: 'Client declined it',
  imposed: 'Client acquiesced without committing',
};

export function homeworkSentences(assigned: readonly HomeworkTask[], noneSet?: NoneSet, names: ReadonlySet<string> = new Set()): NoteSentence[] {
  // Said in session ("Then no homework this week."): charted as what was agreed, with its turn, not as a gap.
  if (assigned.length === 0 && noneSet) return [sentence(`No homework set for the interval ("${noteQuote(noneSet.quote, 20)}").`, noneSet.turnIds)];
  if (assigned.length === 0) return [gap('Homework: none identified in the transcript.')];
  return assigned.map((t) => {
    // The words that set it, verbatim: a paraphrase of a task is where a note drifts from what was agreed. A name
    // is left out by cutting the quote before it ("Would you be willing to ring …"), never by editing it.
    const words = quoteWithoutNames(t.quote, names, 26) ?? '…';
    const said = words.toLowerCase();
    const extras = [t.when, t.withWhom]
      .filter((x): x is string => x !== undefined && x.length > 0 && !said.includes(x.toLowerCase()) && !carriesName(x, names))
      .join(', ');
    const who = t.source === 'client' ? 'proposed by Client' : 'set by the therapist';
    // The client's own words are the task when they proposed it: the same words are not quoted twice.
    const opening = (x: string) => x.toLowerCase().split(/\s+/).slice(0, 6).join(' ');
    const response = t.responseQuote && opening(t.responseQuote) !== opening(t.quote) ? quoteWithoutNames(t.responseQuote, names, 14) : null;
    const answer = response ? ` ("${response}")` : '';
    const head = t.uptake === 'declined' ? 'Homework proposed' : 'Homework';
    return sentence(`${head} (${who}${extras ? `; ${extras}` : ''}): "${words}"; ${UPTAKE[t.uptake]}${answer}.`, t.turnIds);
  });
}

const COMPLETION: Record<HomeworkReview['completion'], string> = {
  done: 'completed',
  partly: 'partly completed',
  'not done': 'did not complete',
  unclear: 'discussed',
};

export function homeworkReviewSentences(reviewed: readonly HomeworkReview[], names: ReadonlySet<string> = new Set()): NoteSentence[] {
  return reviewed.map((r) => {
    const client = r.clientQuote && r.clientQuote !== r.quote ? quoteWithoutNames(r.clientQuote, names, 14) : null;
    const words = client ? ` ("${client}")` : '';
    const verb = r.completion === 'not done' ? `Client ${COMPLETION[r.completion]} the previous homework` : `Previous homework ${COMPLETION[r.completion]}`;
    const task = carriesName(r.task, names) ? '' : ` (${r.task})`;
    return sentence(`${verb}${task}${words}.`, r.turnIds);
  });
}
