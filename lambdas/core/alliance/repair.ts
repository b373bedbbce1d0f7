/**
 * Rupture repair (Safran & Muran 2000; Eubanks, Muran & Safran 2015, 3RS resolution strategies): the therapist
 * owns their part ("I've been pushing the plan harder than I've been listening"), apologises, reflects or
 * acknowledges the complaint, invites feedback on the session, or changes course. Each is recognised in the
 * therapist's turn; owning is read from the clause (the therapist as subject of what they did to the client).
 */
import type { RuptureMarker } from '../../../schemas/alliance.js';
import { sentencesOf } from '../language/index.js';
import { contentWords } from '../metrics/text.js';
import type { CodedTurn } from '../metrics/coded-session.js';

export type RepairKind = NonNullable<RuptureMarker['repairKind']>;

/** Acknowledging the complaint or taking responsibility in so many words ("you're right", "that's on me"). */
export const ACKNOWLEDGES_RUPTURE =
  /\b(?:you(?:'re| are) (?:absolutely |quite |completely )?right|that's (?:fair|a fair point)|fair enough|(?:that's|that was|that is) (?:my mistake|on me|my fault)|my (?:mistake|fault|bad)|i take (?:responsibility|that on board)|(?:thank you|thanks) for (?:telling|saying|letting me know|being (?:honest|straight|open)|pointing|pushing back|your honesty)|i hear (?:that |you that )?(?:this|it|that|these) (?:isn't|is not|hasn't been|aren't|are not) (?:working|helping|helpful)|i can see (?:that )?(?:this|it) (?:isn't|is not|hasn't been) (?:working|helping))\b/;
/** An apology, not sympathy ("I'm sorry to hear that") nor "sorry, what did you say?". */
const APOLOGY =
  /(?:^sorry\b(?!,? (?:what|where|who|when|how|could|can|say|i missed|did|to hear|about))|\bi(?:'m| am) (?:so |really |very |truly )?sorry\b(?! (?:to hear|for your loss|that (?:happened|you (?:went|had|lost|are going|have been going))|you feel that way|about your))|\bi apologi[sz]e\b)/;
/** Inviting the client's feedback on the work. */
export const ASKS_FEEDBACK =
  /\b(?:what would (?:be )?(?:more |most |really )?helpful|what (?:would|might|could) help (?:more|most|right now)|what (?:did|have) i (?:miss|missed|get wrong|got wrong)|what (?:isn't|is not|hasn't been) (?:working|helping|helpful)|what (?:could|can|should) (?:i|we) do differently|(?:anything|something) (?:i|we) (?:could|should|can) do differently|how (?:can|could) i (?:help|be more helpful|do (?:this )?better)|what do you need from me|what would you (?:like|rather|prefer) (?:from me|to do|to focus on|we)|(?:is|does) (?:something|this|it) (?:feel |seem )?(?:hard|difficult) to talk about|how (?:is|does) (?:this|that|it|the session|this part|today) (?:feel|feeling|land|landing|sit|sitting|going)|help me understand|tell me (?:more about )?what (?:i'm|i am|i've been) (?:missing|not getting))\b/;
/** Changing course, slowing down, giving the client room. */
export const ADJUSTS_COURSE =
  /\b(?:let's slow (?:down|this down|it down)|(?:we can|we could|let's) (?:go |take (?:it|this|things) )?(?:more )?slow(?:ly|er)?|(?:let's|we can|we could|could we|i'd like to|i want to) (?:stop for a moment|take a step back|pause (?:here|for a moment)|put (?:the|this|that|these|those) [a-z ]{0,30}aside|set (?:the|this|that|these|those) [a-z ]{0,30}aside|try something different|do (?:this|it|something) differently|change (?:course|direction|the plan|tack))|we don't have to (?:talk about|do|go)|(?:we can|let's) (?:leave|drop|park) (?:that|it|the \w+)|take your time|no pressure|you decide what we)\b/;
/** A reflection that names how the therapy itself is landing, or names the client's pulling back. */
const FEELING_ABOUT_THERAPY =
  /\b(?:frustrat\w*|annoy\w*|angry|fed up|disappoint\w*|not (?:feeling )?(?:heard|understood|helping|working)|(?:isn't|hasn't been|wasn't) (?:helping|working|useful)|miss(?:es|ed)? the point|(?:felt|feel|feels|feeling) like (?:a )?(?:school|homework|a checklist|ticking boxes|being (?:marked|lectured|judged))|pushing you|rushing you|lectur\w+|hard to talk|(?:does not|doesn't|do not|don't) (?:seem to )?(?:bother|matter to|worry) you|you (?:don't|do not) (?:really )?care|(?:seem|are|you're) (?:quiet|quieter|far away|somewhere else)|not (?:really )?(?:a priority|important) (?:for|to) you|(?:want|like) to (?:leave|go|be done|get going))\b/;

/** Arguing for the task or the plan: a reply that does this is not a repair, whatever words it reflects. */
const DEFENDS =
  /\b(?:though|the (?:whole )?point|research|evidence (?:shows|says)|precisely|it(?:'s| is) (?:important|key|essential|worth)|that's why|you (?:need|have) to|the reason (?:is|we)|but)\b/;
/** What a therapist owns doing to the client: pushing, rushing, lecturing, missing, not listening. */
const OWNED_VERB =
  /^(?:push|rush|hurry|jump|lecture|preach|steer|interrupt|ignore|misunderstand|misread|miss|assume|overlook|press|talk|focus|move|go|get|drive|force|skip|gloss|brush|dismiss|listen|hear|pay)$/;
/** …to the client, in this session: "the plan", "ahead", "too fast", "my agenda", "you". */
const OWNED_OBJECT =
  /\b(?:you|your|the plan|the exercises?|the worksheets?|the homework|my agenda|ahead|straight|too (?:fast|quickly|much|hard)|harder|(?:that|this) wrong|over|past|what you|on (?:the|my)|attention)\b/;

/** The therapist says what they did ("I've been pushing the plan", "I rushed ahead", "I wasn't listening"). */
function ownsTheirPart(turn: CodedTurn): boolean {
  if (!/\bi\b/.test(turn.norm)) return false;
  for (const sentence of sentencesOf(turn.turn.text)) {
    for (const clause of sentence.clauses) {
      if (clause.subject !== 'speaker' || clause.tense === 'future' || clause.tense === 'conditional') continue;
      const verb = clause.tokens.find((t) => t.pos === 'VERB' && OWNED_VERB.test(t.lemma));
      if (!verb) continue;
      // Not listening is owned when negated ("I haven't been listening"); pushing, rushing, missing when not ("I didn't push you" disowns).
      const attending = verb.lemma === 'listen' || verb.lemma === 'hear' || verb.lemma === 'pay';
      if (attending ? clause.negated : !clause.negated && OWNED_OBJECT.test(clause.text)) return true;
    }
  }
  return false;
}

/** Does a reflection take up the complaint itself (shares its content words), or how the therapy is landing? */
function reflectsComplaint(turn: CodedTurn, complaints: readonly CodedTurn[]): boolean {
  const codes = turn.therapist;
  const reflects = codes !== undefined && codes.reflections.simple + codes.reflections.complex > 0;
  const soundsLike = /\b(?:it sounds like|sounds like|it seems|you seem|i hear|i can hear|i get the sense)\b/.test(turn.norm);
  // Restating the complaint to argue with it ("The form is sort of the point, though") defends the task.
  if ((!reflects && !soundsLike) || DEFENDS.test(turn.norm)) return false;
  if (FEELING_ABOUT_THERAPY.test(turn.norm)) return true;
  const mine = contentWords(turn.norm);
  return complaints.some((c) => {
    let shared = 0;
    for (const w of contentWords(c.norm)) if (mine.has(w)) shared++;
    return shared >= 2;
  });
}

/**
 * The repair a therapist turn makes for a rupture voiced in `complaints`, strongest first: owning their part,
 * apologising, inviting feedback, changing course, then acknowledging or reflecting the complaint.
 */
export function repairKindOf(turn: CodedTurn, complaints: readonly CodedTurn[] = []): RepairKind | null {
  if (turn.turn.role !== 'therapist') return null;
  const text = turn.norm;
  if (/\b(?:that's|that was|that is) (?:my mistake|on me|my fault)|\bmy (?:mistake|fault)\b|\bi take responsibility\b/.test(text) || ownsTheirPart(turn))
    return 'owning';
  if (APOLOGY.test(text)) return 'apologising';
  if (ASKS_FEEDBACK.test(text)) return 'inviting_feedback';
  if (ADJUSTS_COURSE.test(text)) return 'changing_course';
  if (ACKNOWLEDGES_RUPTURE.test(text) || reflectsComplaint(turn, complaints)) return 'reflecting';
  return null;
}

/**
 * The pattern that shows a turn's repair move, for quoting it; null when the turn makes none. Kept for the
 * supervision report, which names the move by its pattern.
 */
export function repairMoveOf(turn: CodedTurn): RegExp | null {
  const kind = repairKindOf(turn);
  if (kind === null) return null;
  if (kind === 'owning') return ACKNOWLEDGES_RUPTURE;
  if (kind === 'reflecting') return ACKNOWLEDGES_RUPTURE.test(turn.norm) ? ACKNOWLEDGES_RUPTURE : FEELING_ABOUT_THERAPY;
  if (kind === 'apologising') return APOLOGY;
  return kind === 'inviting_feedback' ? ASKS_FEEDBACK : ADJUSTS_COURSE;
}

export const REPAIR_PATTERNS: readonly RegExp[] = [
  ACKNOWLEDGES_RUPTURE,
  APOLOGY,
  DEFENDS,
  ASKS_FEEDBACK,
  ADJUSTS_COURSE,
  FEELING_ABOUT_THERAPY,
  OWNED_VERB,
  OWNED_OBJECT,
];
