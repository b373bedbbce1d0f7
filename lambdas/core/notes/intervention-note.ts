/**
 * Interventions in the modality's own words (CLINICAL-GUIDE §1), each showing what it rests on: the
 * therapist's words, quoted, and what it was applied to. These describe what was done for the client; how
 * well it was done is the supervision report's.
 */
import type { NoteSentence } from '../../../schemas/note.js';
import type { Intervention } from './extract/interventions.js';
import { carriesName, quoteWithoutNames } from './extract/quote.js';
import { capitalise, joinClauses, sentence } from './phrasing.js';

/** At most this many interventions get a sentence of their own; the rest are named together. */
const OWN_SENTENCE = 6;

/** Session process worth charting only when nothing else was done. */
const PROCESS = new Set(['process']);

export function interventionSentences(list: readonly Intervention[], names: ReadonlySet<string> = new Set()): NoteSentence[] {
  const clinical = list.filter((i) => !PROCESS.has(i.modality));
  // Two techniques shown by the same words are one moment: the first (the more specific) is written.
  const seen = new Set<string>();
  const chosen = (clinical.length > 0 ? clinical : list).filter((i) => {
    if (seen.has(i.quote)) return false;
    seen.add(i.quote);
    return true;
  });
  const out: NoteSentence[] = [];
  for (const i of chosen.slice(0, OWN_SENTENCE)) {
    const topic = i.topic && !carriesName(i.topic, names) ? ` (${i.topic})` : '';
    // A name is left out by cutting the quote before it; with too little left the intervention is named unquoted.
    const quote = quoteWithoutNames(i.quote, names);
    // The modality names a school of therapy (CBT, MI, DBT, ACT); process, risk work, supportive work and medication need none.
    const modality = ['CBT', 'MI', 'DBT', 'ACT'].includes(i.modality) ? `${i.modality}: ` : '';
    const shown = quote ? `: "${quote}"` : '';
    out.push(sentence(`${modality}${capitalise(i.label)}${topic}${shown}.`, [...i.turnIds.slice(0, 2), ...i.responseTurnIds.slice(0, 1)]));
  }
  const rest = chosen.slice(OWN_SENTENCE);
  if (rest.length > 0)
    out.push(
      sentence(
        `Also: ${joinClauses(rest.map((i) => i.label))}.`,
        rest.map((i) => i.turnIds[0]!),
      ),
    );
  return out;
}
