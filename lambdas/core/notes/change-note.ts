/**
 * The client's own statements about change (MI's change talk) and about keeping things as they are
 * (sustain talk), as a note's Response or Assessment writes them: the strongest change statement quoted,
 * the main sustain statement quoted, and the balance over the session when it moved.
 */
import type { NoteSentence } from '../../../schemas/note.js';
import type { ChangeStatement, ChangeTalkSummary } from './extract/change-talk.js';
import { noteQuote } from './extract/quote.js';
import { sentence } from './phrasing.js';

const CATEGORY_WORDS: Record<ChangeStatement['category'], string> = {
  desire: 'a wish to change',
  ability: 'confidence in being able to change',
  reasons: 'reasons for change',
  need: 'a need to change',
  commitment: 'a commitment to change',
  activation: 'readiness to act',
  taking_steps: 'steps already taken',
};

const RANK: Record<ChangeStatement['category'], number> = { taking_steps: 0, commitment: 1, activation: 2, need: 3, ability: 4, reasons: 5, desire: 6 };

function strongest(list: readonly ChangeStatement[]): ChangeStatement | undefined {
  return [...list].sort((a, b) => (a.strength === b.strength ? RANK[a.category] - RANK[b.category] : a.strength === 'strong' ? -1 : 1))[0];
}

export function changeTalkSentences(statements: readonly ChangeStatement[], summary: ChangeTalkSummary): NoteSentence[] {
  const out: NoteSentence[] = [];
  // Precision first: the categories a clinician charts as change talk, and sustain talk in the client's own voice
  // ("it's not a problem for them" is about other people).
  const change = statements.filter(
    (s) =>
      s.direction === 'change' &&
      (s.strength === 'strong' || !['ability', 'reasons'].includes(s.category)) &&
      !(s.category === 'taking_steps' && /\bnever\b/i.test(s.quote)),
  );
  const sustain = statements.filter((s) => s.direction === 'sustain' && /\b(?:i|i'm|i've|i'll|i'd|me|my)\b/i.test(s.quote));
  const best = strongest(change);
  if (best)
    out.push(sentence(`Client voiced ${CATEGORY_WORDS[best.category]}${best.target ? ` (${best.target})` : ''}: "${noteQuote(best.quote)}".`, [best.turnId]));
  const keep = strongest(sustain);
  if (keep) out.push(sentence(`Client also gave reasons to keep things as they are: "${noteQuote(keep.quote)}".`, [keep.turnId]));
  if (summary.balance === 'toward_change' && change.length > 0) {
    const late = change.filter((s) => s.turnIndex >= (best?.turnIndex ?? 0)).at(-1) ?? change.at(-1)!;
    if (late !== best) out.push(sentence(`Over the session Client's statements moved toward change ("${noteQuote(late.quote)}").`, [late.turnId]));
  }
  return out;
}
