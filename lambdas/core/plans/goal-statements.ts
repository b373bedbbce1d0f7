/**
 * Goals as one session states them, before they are matched across sessions (goals.ts). A goal is stated
 *
 * - in answer to the therapist asking what the client wants to be different or to work toward (each
 *   sentence of the answer that names something: "Sleep through most nights. Not dread Mondays.");
 * - by the client naming a goal ("my goal is…", "the sleep goal"), or wishing or intending something with a
 *   measurable form ("I want to go every week again");
 * - by the therapist naming a goal ("so the goal becomes leaving by six two days a week") and the client
 *   agreeing in the next turn;
 * - by the note engine's goal reader (lambdas/core/notes/extract/goals.ts), whose goals are taken as they are.
 *
 * Read on the language layer: a question is a question by its form, a wish by its verb's lemma and the
 * listener or speaker as its subject, a measurable form by numbers and units. Pure.
 */
import { nounPhrases, type Sentence } from '../language/index.js';
import { extractGoals } from '../notes/extract/goals.js';
import { answerAfter, type ReadTurn } from '../notes/extract/input.js';
import { isQuestion } from '../notes/extract/uptake.js';
import type { PlanSession } from './session.js';
import { measurableIn, qualifiesPrevious, sentenceLemmas, takesUp, timeFrameIn, topicOf, verbless } from './words.js';

export interface GoalStatement {
  session: string;
  /** The turns that state it (and the client's agreement to a therapist's wording), in order. */
  turnIds: string[];
  /** The words, verbatim, without closing punctuation. */
  quote: string;
  wordsOf: 'client' | 'therapist';
  lemmas: ReadonlySet<string>;
  measurable: string | null;
  timeFrame: string | null;
  /** The sentence it was read from, for reading its status. */
  sentence: Sentence;
  /** The therapist's goal question it answers, when it answers one: what the question pictures ("good sleep") is what the goal is about. */
  asked?: Sentence;
  /** Fragments after it that qualify it ("Most mornings, not every one."). */
  qualifiers?: Sentence[];
  /**
   * Whether it can start a goal of its own: a sentence that only refers to goals ("the sleep goal is met")
   * updates the goal it matches and never starts one.
   */
  introduces: boolean;
  /**
   * Said in answer to what to carry on with ("What would you want to keep working on?"): a goal already set, said
   * again in other words, once there are goals from sessions before.
   */
  continues?: boolean;
}

/** Wishing, hoping and intending, as lemmas: the verbs a goal is asked for and said with. */
const WISH = new Set(['want', 'like', 'hope', 'wish', 'aim', 'plan']);
/** What a goal question asks about: change, a difference, getting somewhere, a goal. */
const TOWARD = new Set(['different', 'change', 'achieve', 'goal', 'go', 'improve', 'better', 'aim', 'hope', 'toward', 'towards', 'able', 'get', 'work']);
/**
 * An open question: it asks for content (a wh-word, or "anything"/"something"), not for a yes or a no. "Would
 * you like to go out and sit in the garden this week?" proposes a task; it does not ask for a goal.
 */
const OPEN = new Set(['what', 'where', 'which', 'how', 'anything', 'something']);

/**
 * A question asking the client what they want to change or work toward: "What would you want to be different
 * in two months?", "Where would you like to go from here?", "What would you like to work on next?", and the
 * desired state pictured in a hypothetical ("What would good sleep look like for you?", "Seeing people, what
 * would that look like?", "And with people, what would be different?"): an open question in the conditional
 * or future about a resemblance ("look like", "be like") or a difference is a question about an outcome
 * wanted (the miracle and scaling questions of solution-focused work ask the same way).
 */
export function asksForGoals(sentence: Sentence): boolean {
  if (!isQuestion(sentence)) return false;
  // "Anything you want to aim for the next couple of weeks?", "What will you try this week?": the interval
  // before the next session is asked about, and its answer is a task (homework), not a goal.
  if (
    /\b(?:this (?:coming )?week|next week|the (?:next|coming) (?:few days|couple of weeks|week|fortnight)|this fortnight|before (?:we|i) (?:meet|see you|talk)|(?:until|till) (?:next time|we meet|i see you)|between now and)\b/.test(
      sentence.text,
    )
  )
    return false;
  const tokens = sentence.clauses.flatMap((c) => c.tokens);
  const aboutListener = sentence.clauses.some((c) => c.subject === 'listener') || tokens.some((t) => t.word === 'you');
  // "How would you say that goal stands?", "Where does that leave the walking goal?": a goal already known, its standing asked.
  if (/\b(?:the|that|this)(?: [a-z-]+){0,4} goal\b/.test(sentence.text)) return false;
  // "Is that still something you want?", "Do you still want to go back to nights?": a goal already known, confirmed.
  // ("Is there anything about walking you'd still want for yourself?" asks for more, and is a goal question.)
  if (
    /\bstill\b/.test(sentence.text) &&
    !/\b(?:anything|is there something)\b/.test(sentence.text) &&
    tokens.some((t) => t.pos === 'VERB' && WISH.has(t.lemma))
  )
    return false;
  // "How did it feel being back in goal?", "I scored a goal": the game's goal, not the client's.
  if (
    tokens.some((t) => t.lemma === 'goal') &&
    !/\b(?:(?:back )?in goal|scored? (?:a|the|an|his|her|my|two|three) (?:\w+ )?goals?|own goal)\b/.test(sentence.text)
  )
    return true;
  // "If coming here was going to help with one thing, what would it be?": what the work would help with, pictured.
  // ("What could help with that?" asks how to solve a problem, not what the work is for.)
  if (/\bif\b[^?]*\bhelp(?: you)? with (?:one|a|some|any|just)\b/.test(sentence.text) && /\bwhat\b/.test(sentence.text)) return true;
  // "What would you want to be doing that you're not doing now?", "A year from now, what would you like to be
  // doing?": the life wished for, as the values questions of ACT ask it.
  if (aboutListener && /\bwhat would you (?:want|like|love|hope) to be doing\b/.test(sentence.text)) return true;
  // "Target?", "And the aim?": the shorthand question for one.
  if (/^(?:and |so |okay |right )?(?:the |your |a )?(?:target|aim)s?(?: then)?$/.test(sentence.text.replace(/[?.!\s]+$/, ''))) return true;
  if (!tokens.some((t) => OPEN.has(t.word))) return false;
  const hypothetical = sentence.clauses.some((c) => c.tense === 'conditional' || c.tense === 'future');
  // "look like" (speech normalising drops a final "like" as a filler: "what would success look?").
  const pictured = tokens.some(
    (t, i) =>
      (t.lemma === 'look' || t.lemma === 'be') && (tokens[i + 1]?.word === 'like' || (t.lemma === 'look' && (tokens[i + 1]?.pos ?? 'PUNCT') === 'PUNCT')),
  );
  if (hypothetical && (pictured || tokens.some((t) => t.lemma === 'different' || t.lemma === 'notice'))) return true;
  // "If things were a bit better in a couple of months, what would you be doing?": a better time supposed, and what is in it.
  if (hypothetical && /\bif\b[^?]*\b(?:better|easier|improved|sorted)\b/.test(sentence.text) && /\bwhat would you (?:be )?(?:doing|do)\b/.test(sentence.text))
    return true;
  // "When you picture a better week, what's in it?", "Imagine things were easier: what would you be doing?"
  if (tokens.some((t) => t.lemma === 'picture' || t.lemma === 'imagine') && tokens.some((t) => /^(?:better|easier|best|ideal|good)$/.test(t.word))) return true;
  // "Feel like" is not a wish: the wish is a verb.
  return aboutListener && tokens.some((t) => t.pos === 'VERB' && WISH.has(t.lemma)) && tokens.some((t) => TOWARD.has(t.lemma) || TOWARD.has(t.word));
}

/**
 * A short open question about what the listener wants, after a sentence that frames it as a goal ("Let's think
 * about what you would want to be different by the end of our work together. What would you want?").
 */
function leansOnFrame(sentence: Sentence, before: Sentence | undefined): boolean {
  if (!before || isQuestion(before) || !isQuestion(sentence) || asksForGoals(before)) return false;
  const tokens = sentence.clauses.flatMap((c) => c.tokens);
  const wants = tokens.some((t) => OPEN.has(t.word)) && tokens.some((t) => t.word === 'you') && tokens.some((t) => t.pos === 'VERB' && WISH.has(t.lemma));
  // The frame asks for a difference, not an agenda ("…and then look back at the goals. Anything you'd like to add?").
  const framed = before.clauses.flatMap((c) => c.tokens).some((t) => t.lemma === 'different' || t.lemma === 'change');
  const agenda = /\b(?:add|cover|discuss|talk about|bring|start with|agenda)\b/.test(`${before.text} ${sentence.text}`);
  return wants && framed && !agenda && !/\b(?:this (?:coming )?week|next week|before (?:we|i) (?:meet|see you))\b/.test(`${before.text} ${sentence.text}`);
}

/** Verbatim, without closing punctuation or an opening conjunction ("And I want to…"). */
const bare = (text: string) =>
  text
    .trim()
    .replace(/[\s.,;:!?]+$/, '')
    .replace(/^(?:and|but|so|then)\s+(?=\S)/i, '');

/**
 * An answer said with a question mark but not asked as a question ("Being able to write a draft that's just
 * okay, and leave it alone?"): no question word or inverted auxiliary leads it. The client offers it tentatively.
 */
function risesAsItEnds(sentence: Sentence): boolean {
  return (
    isQuestion(sentence) &&
    !/^(?:(?:and|but|so|or|well|um|i mean),? )?(?:what|why|how|where|when|who|which|whose|is|are|am|was|were|do|does|did|can|could|would|will|shall|should|have|has|had|may|might|must|is not|are not|do not|does not|did not|can not|would not|will not)\b/.test(
      sentence.text,
    ) &&
    !sentence.clauses.some((c) => c.subject === 'listener')
  );
}

/** A sentence that can be a goal: not a question, not "I don't know", naming something in words of its own. */
function statable(sentence: Sentence): boolean {
  if (isQuestion(sentence)) return false;
  if (/^(?:i do not know|not sure|no idea|nothing|i am not sure)\b/.test(sentence.text)) return false;
  // "Like four days a week maybe.": a measure alone states the goal the question is about.
  return sentenceLemmas(sentence).size > 0 || measurableIn(sentence) !== null;
}

interface Said {
  session: string;
  sentence: Sentence;
  turnIds: string[];
  wordsOf: GoalStatement['wordsOf'];
  timeFrame: string | null;
  introduces: boolean;
  /** The therapist's question or invitation it answers: an answer with no topic word of its own ("I want to go every week again") is about what was asked. */
  asked?: ReadTurn;
  /** The sentence before it in the same turn: "There's a walking group on Thursdays. I'd like to actually go along." */
  before?: Sentence;
  /** The turn it is said in. */
  turn?: ReadTurn;
  continues?: boolean;
}

/** A plural pronoun as what is wished for or against ("off them", "without those", "cut them down"). */
const POINTS_TO_THINGS = /\b(?:want|like|love|wish|hope|aim)\b.*\b(?:them|those)\b/;

function statementOf(said: Said): GoalStatement {
  const own = sentenceLemmas(said.sentence);
  // No topic word of its own: what was asked ("Tell me about the climbing." "…I want to go every week again."), else
  // what the sentence before it in the turn named ("There's a walking group on Thursdays. I'd like to actually go along.").
  const asked = own.size === 0 && said.asked ? sentenceLemmas(said.asked.sentences.at(-1)!) : new Set<string>();
  let topic = own.size > 0 ? own : asked.size > 0 || !said.before ? asked : sentenceLemmas(said.before);
  // "And the medication?" "The zopiclone. … I want to be off them by Easter.": a wish whose object is a pronoun
  // is about the things the question asked about and the turn named before it, whatever else it says (a date, a manner).
  if (own.size > 0 && POINTS_TO_THINGS.test(said.sentence.text)) {
    const question = said.asked?.role === 'therapist' ? said.asked.sentences.at(-1) : undefined;
    const opening = said.turn?.sentences[0];
    const named = [question, opening !== said.sentence && opening && verbless(opening) ? opening : undefined].filter((x): x is Sentence => x !== undefined);
    // The things named (noun phrase heads: "the sleeping pills" is about pills), not every word said with them.
    topic = new Set([...own, ...named.flatMap((x) => [...topicOf(x).things])]);
  }
  return {
    session: said.session,
    turnIds: said.turnIds,
    quote: bare(said.sentence.original),
    wordsOf: said.wordsOf,
    lemmas: topic,
    measurable: measurableIn(said.sentence),
    timeFrame: timeFrameIn(said.sentence) ?? said.timeFrame,
    sentence: said.sentence,
    introduces: said.introduces && topic.size > 0,
    ...(said.continues ? { continues: true } : {}),
  };
}

const namesGoal = (sentence: Sentence) => sentence.clauses.some((c) => !c.negated && c.tokens.some((t) => t.lemma === 'goal'));
/** The client's sentence earlier in the session that a clinician's sentence puts back: at least half its content words. */
function clientSaid(s: PlanSession, before: number, put: Sentence): { turn: ReadTurn; sentence: Sentence } | undefined {
  const words = sentenceLemmas(put);
  if (words.size === 0) return undefined;
  for (const turn of s.input.turns.slice(0, before).reverse()) {
    if (turn.role !== 'client') continue;
    // Half of the clinician's words found means at least half of the shorter sentence's: the goal-matching overlap holds too.
    const sentence = turn.sentences.find((x) => sharedShare(words, sentenceLemmas(x)));
    if (sentence) return { turn, sentence };
  }
  return undefined;
}

/** Asking to take what was just said as a goal: "Add it as a goal?", "Shall we make that a goal?", "Is that a goal?" */
const AS_A_GOAL =
  /\b(?:add|make|put|have|count|take|keep|write) (?:it|that|this)(?: down)? (?:as|on|into)? ?(?:a|another|one of your|your|the) (?:new )?goals?\b|\b(?:is|should|could) (?:that|this|it) (?:be )?(?:a|another|one of your|your) (?:new )?goal\b/;

/** The wish in the client's turn just before (the first sentence wishing): what "Add it as a goal?" points at. */
function wishJustSaid(s: PlanSession, at: number): { turn: ReadTurn; sentence: Sentence } | undefined {
  const turn = s.input.turns[at - 1];
  if (turn?.role !== 'client') return undefined;
  const sentence = turn.sentences.find((x) => !isQuestion(x) && wishes(x) && sentenceLemmas(x).size > 0);
  return sentence ? { turn, sentence } : undefined;
}

/** Two words and half of the clinician's are in the client's sentence (not only half of the shorter one's). */
const sharedShare = (put: ReadonlySet<string>, said: ReadonlySet<string>) => {
  const shared = [...put].filter((w) => said.has(w)).length;
  return shared >= 2 && shared * 2 >= put.size;
};

/** A goal written as a label, the clinician's shorthand: "Goal: no work email outside working hours.", "Target, bed by eleven." */
const LABELLED_GOAL = /^(?:(?:so|right|okay|ok)[,.:]? )?(?:(?:the|your|our|a) )?(?:goal|target)(?: then| one| two)? ?[:,-] ?[a-z]/;
/** Asking whether what was just said is the client's own goal: "That's your goal, not just OH's?", "Is that your goal?" */
const YOUR_GOAL = /\b(?:that is|is that|that would be|would that be) your (?:own )?goal\b(?! (?:done|met|reached|sorted|finished|ticked))/;

/**
 * A goal of the client's own: a wish or intention with a measurable form ("I want to go every week again"),
 * or their goal named as what it is ("my goal is to…"). A sentence that only names a goal ("the sleep goal is
 * met") refers to one.
 */
function ownGoal(sentence: Sentence, next?: Sentence): 'introduces' | 'refers' | null {
  if (isQuestion(sentence)) return null;
  // "…and if I miss one I'll be back to square one": what follows a condition is a prediction, not an intention; so is
  // a future put off to "maybe one day" ("Maybe one day I'll find a different one"), a dream rather than an aim.
  const conditioned = (i: number) => /^(?:and |but |so )?(?:if|unless)\b/.test(sentence.clauses[i - 1]?.text ?? '');
  const clauses = sentence.clauses.filter(
    (c, i) => !c.negated && c.subject === 'speaker' && c.tense !== 'past' && !conditioned(i) && !(c.tense === 'future' && SOMEDAY.test(c.text)),
  );
  const measurable = measurableIn(sentence);
  // A future said with its measure or before it: "Maureen's out her three mornings, and I'll look up and it's gone eleven" wishes nothing.
  const after = (c: (typeof clauses)[number]) =>
    measurable === null ||
    sentence.clauses
      .slice(sentence.clauses.indexOf(c))
      .map((x) => x.text)
      .join(' ')
      .includes(measurable.toLowerCase());
  // A wish verb may point back to its measure ("I used to swim 2 mornings a week and I'd like to get back to that").
  const wishing = clauses.filter((c) => c.tokens.some((t) => WISH.has(t.lemma) && t.pos === 'VERB') || (c.tense === 'future' && after(c)));
  // "If I could get each wash under two minutes I'd be over the moon": a wish said as a condition.
  const wishes = wishing.length > 0 || WISHED_CONDITION.test(sentence.text);
  // A task for the interval ("I'll do the diary again, all seven days") is homework, not a goal.
  if (wishes && HOMEWORK_THINGS.test(sentence.text)) return null;
  // "My goal is to…", and a wish said as a pseudo-cleft ("what I would like is to…", "the next thing I want is to…"): the goal named as such.
  const named =
    /goal (?:is|would be|will be) (?:to )?[a-z]+/.test(sentence.text) ||
    /\b(?:what|thing) i (?:would like|want|would love) is (?:to )?[a-z]+/.test(sentence.text);
  if ((wishes && measurable !== null) || named) return 'introduces';
  // A wish with a date to reach it by ("I want to be back at work properly by the summer"), a wish to get back to
  // what the client did before ("I want to get back up to the reservoir with Bess"), or one the client names as
  // the aim in the next breath ("That's the aim.", "That's what I care about.").
  // A wish that names nothing of its own ("I'd like to get back to that") points back to a goal already said.
  const namesSomething = sentenceLemmas(sentence).size > 0 && !/\b(?:to|at|into|on|in) (?:that|it|this|there|them)\b/.test(sentence.text);
  if (wishes && namesSomething && (timeFrameIn(sentence) !== null || RETURNING.test(sentence.text) || (next !== undefined && NAMED_AS_AIM.test(next.text))))
    return 'introduces';
  return namesGoal(sentence) ? 'refers' : null;
}

const OBLIGED = /\b(?:should|ought to|supposed to|meant to)\b/;
/** Asking what to carry on with: "keep working on", "carry on with", "continue with", "keep going with". */
const CONTINUES = /\b(?:keep (?:working|going) (?:on|with|at)|carry on (?:with|working)|continue (?:working )?(?:on|with)|keep at)\b/;

/** A time put off without a date: "maybe one day", "someday", "one of these days". */
const SOMEDAY = /\b(?:maybe one day|one day maybe|some ?day|one of these days)\b/;

/** Getting back to something done before: "get back up to the reservoir", "go back to the choir", "be back at work". */
const RETURNING = /\b(?:get|go|be|getting|going) back (?:to|up to|into|on|at|in)\b/;
/** The sentence after a wish naming it as the aim: "That's the aim.", "That's what I care about.", "That's the main thing." */
const NAMED_AS_AIM = /^(?:and )?(?:that|this) (?:is|would be) (?:the|my|what i) (?:aim|goal|main thing|big one|target|care about|want|really want)\b/;

/** The speaker wishing or intending, now or in the conditional: "I'd want to…", "I'd like to…", "I'd be in more", "I'm going to…". */
function wishes(sentence: Sentence): boolean {
  // "And get back to the lunch club every Wednesday.", "Maybe get back to the gym.": the wish goes on without its subject.
  const tokens = sentence.clauses[0]?.tokens.filter((t) => t.pos !== 'PUNCT') ?? [];
  const lead = tokens.findIndex((t) => !['CCONJ', 'ADV', 'INTJ'].includes(t.pos));
  if (lead >= 0 && tokens[lead]!.pos === 'VERB' && tokens[lead]!.word === tokens[lead]!.lemma && sentence.clauses[0]!.subject === 'none') return true;
  return (
    sentence.clauses.some(
      (c) =>
        c.subject === 'speaker' &&
        // "I know I should", "I'm supposed to": an obligation, not a wish.
        ((c.tense === 'future' && !OBLIGED.test(c.text)) ||
          (c.tense === 'conditional' && !OBLIGED.test(c.text)) ||
          c.tokens.some((t) => WISH.has(t.lemma) && t.pos === 'VERB')) &&
        !declinedOrHypothetical(sentence),
    ) || WISHED_CONDITION.test(sentence.text)
  );
}

/** A statement of how things are or were: every clause with a verb has a subject, in the present or past, with no wish. */
function tellsHowItIs(sentence: Sentence): boolean {
  // "There's a walking group that sets off on Thursdays": what exists, the scene for the wish that follows.
  if (/^(?:and |but |so |well )?there (?:is|are|was|were)\b/.test(sentence.text) && !wishes(sentence)) return true;
  // Clauses with a verb of their own: "Sleep through most nights." is a fragment the tagger may read as a noun
  // phrase, and a trailing "mainly." or "crack one open" says nothing of the sentence's kind.
  // An infinitive ("…, to be fair.") or a relative clause ("…, which isn't fair on them.") comments on the telling;
  // it is not a clause of its own. A demonstrative is a subject too ("that's the Crown with the lads").
  const lead = (c: Sentence['clauses'][number]) => c.tokens.find((t) => t.pos !== 'PUNCT' && t.pos !== 'CCONJ');
  const finite = sentence.clauses.filter(
    (c) => c.tokens.some((t) => t.pos === 'VERB' || t.pos === 'AUX') && !['to', 'which', 'who'].includes(lead(c)?.word ?? ''),
  );
  const hasSubject = (c: Sentence['clauses'][number]) => c.subject !== 'none' || ['that', 'this', 'it'].includes(lead(c)?.word ?? '');
  return (
    !wishes(sentence) &&
    finite.length > 0 &&
    finite.every((c) => hasSubject(c) && (c.tense === 'present' || c.tense === 'past') && !c.tokens.some((t) => WISH.has(t.lemma) && t.pos === 'VERB'))
  );
}

/** Wanting another person to do or be something. */
/** Someone else wishing something of the speaker: "my daughter wants me to…", "the GP would like me to…", "he keeps saying I should". */
const OTHERS_WISH_FOR_ME = /\b(?:wants?|would like|wanted|keeps? (?:saying|telling me)|thinks?) (?:me to|i should)\b/;

/** Turning down what was just put: "No.", "No. Absolutely not.", "No way." */
const REFUSES = /^(?:(?:no|nope|absolutely not|definitely not|no way|not a chance)[.!,]*\s*)+$/;

/** Saying whose it is: "that's her idea, not mine", "it's his plan". */
const NOT_MINE = /\bnot mine\b|\b(?:is|it is|that is) (?:her|his|their) (?:idea|plan|goal|thing)\b/;

const WANTS_OF_ANOTHER =
  /\b(?:want|like|need|wish|expect) (?:him|her|them|my (?:son|daughter|husband|wife|partner|mum|mom|dad|kids?|boy|girl|brother|sister))\b|\bwish (?:he|she|they|my \w+) (?:would|could|was|were|did|had)\b/;

/**
 * A wish for another person's doing ("I'd like him to stay in the room", "I want him off that Xbox") is a goal
 * only if that person does not turn it down: another client speaker answering within three turns with a no
 * about the same thing ("Xbox, no.").
 */
function declinedByTheOther(s: PlanSession, g: GoalStatement): boolean {
  const at = s.input.turns.findIndex((t) => t.id === g.turnIds[0]);
  const speaker = s.transcript.turns[at]?.speaker;
  const wish = sentenceLemmas(g.sentence);
  return s.input.turns.slice(at + 1, at + 4).some(
    (t) =>
      t.role === 'client' &&
      s.transcript.turns[t.index]?.speaker !== speaker &&
      t.sentences.some(
        (x) =>
          (/(?:^|, )no\b/.test(x.text) || x.clauses.some((c) => c.negated)) &&
          // "Xbox, no." names what it turns down; "Can we not." turns down whatever was just said.
          ([...sentenceLemmas(x)].some((l) => wish.has(l)) || sentenceLemmas(x).size === 0),
      ),
  );
}

/** Another client-side speaker takes part in the session (a partner, a parent): a wish for them may be a shared goal. */
function inTheRoom(s: PlanSession, g: GoalStatement): boolean {
  const speaker = s.transcript.turns.find((t) => t.id === g.turnIds[0])?.speaker;
  return s.input.turns.some((t) => t.role === 'client' && s.transcript.turns[t.index]?.speaker !== speaker);
}

/** Things kept between sessions as homework: a diary, a log, a record, a worksheet. */
const HOMEWORK_THINGS = /\b(?:diary|diaries|log|logs|tally|thought records?|worksheets?|journal)\b/;

/** The therapist's turn just before a client turn, if the client is answering it. */
function askedBefore(s: PlanSession, turn: ReadTurn): ReadTurn | undefined {
  const before = s.input.turns[turn.index - 1];
  return before?.role === 'therapist' ? before : undefined;
}

/** The speaker declining or holding back their own wish ("I'm not making that a goal", "I'm not ready"), or a condition ("If I ever…"). */
function declinedOrHypothetical(sentence: Sentence): boolean {
  // "If I could get the checking right down, that would be something": a wish said as a condition, not a hypothetical.
  if (WISHED_CONDITION.test(sentence.text)) return false;
  if (/^(?:and |but |so )?(?:if|unless|even if)\b/.test(sentence.text) || /\bif i ever\b/.test(sentence.text)) return true;
  // "The last thing I want is a treadmill": wanting it least of all.
  if (/\bthe last thing i (?:want|need|would want)\b/.test(sentence.text)) return true;
  // "I'd like to not be a slave to this watch": the wish is to not do something, and it stands. So is "I don't want to
  // keep saying yes to every extra shift", "I don't want to still be living out of bin bags": not wanting a state to go on.
  return sentence.clauses.some(
    (c) =>
      c.negated &&
      c.subject === 'speaker' &&
      !/\b(?:want|like|love|hope|wish|aim|try|trying|plan) (?:to not|not to)\b/.test(c.text) &&
      !AVOIDS_A_STATE.test(c.text),
  );
}

/** Not wanting a state or a habit to go on: "I don't want to be in a mood all the time", "…to keep saying yes". */
const AVOIDS_A_STATE =
  /\b(?:do not|does not|did not) (?:really |just )?(?:want|wanna) to (?:keep|still|be|feel|end up|carry on|go on|spend|live|stay|have to|waste)\b/;

/** A condition the speaker wishes for: "if I could…, that would be something / a big deal", "…, I'd feel like myself again". */
const WISHED_CONDITION =
  /^(?:and |but |so )?if i (?:could|got|did|managed to|was able to|were able to)\b.*\b(?:(?:that|it|this) would (?:be|do me) (?:something|great|good|amazing|brilliant|a (?:big )?(?:deal|start|win|step|help)|more good|huge|enough)|i would (?:feel|be) (?:like|better|happier|happy|good|great|proud|pleased|relieved|more|over the moon|chuffed|thrilled|delighted|made up))\b/;

/** The sentence after a wish disowning it: "But that's part of the problem", "but I know that's not realistic". */
const DISOWNED =
  /^but i (?:just |really )?do not (?:really )?want to[.!]*$|^(?:but|although|though|then again)\b.*\b(?:that|it|this) (?:is|would be|will be) (?:(?:just|probably|all|kind of|sort of) )?(?:part of the problem|the problem|not (?:realistic|going to happen|possible|an option|healthy|helpful|real)|never going to happen|a fantasy|silly|daft|stupid|mad|impossible)\b/;

/** A sentence that goes on about the goal just said, by a pronoun ("Actually stand up and do it", "Maybe do a bit of it myself"). */
const refersBack = (sentence: Sentence) =>
  sentence.clauses.some((c) => c.tokens.some((t) => t.word === 'it' && t.pos === 'PRON')) ||
  // "That's the main thing.": a demonstrative as the subject comments on what was just said.
  /^(?:and |but )?(?:that|this) (?:is|was|would|will)\b/.test(sentence.text) ||
  // "Not every day, that's too much.": a negated fragment limits what was just said ("Not dread Mondays" is a goal of its own).
  /^(?:but )?not (?:every|all|always|each|too|quite|as|more|that|so|exactly|just|necessarily)\b/.test(sentence.text) ||
  // "Like, stop at eight o'clock and have an actual evening.", "I mean, …": the goal just said, put another way.
  // (The original words: the normal form drops "like" as a filler.)
  /^(?:like|i mean|as in|you know),? /i.test(sentence.original) ||
  // "The real one, not the extended one.": a fragment whose head is "one" picks out which of the thing just named.
  (/^(?:the|a|not the) (?:[a-z'-]+ ){0,2}one\b/.test(sentence.text) &&
    !sentence.clauses.some((c) => c.subject !== 'none' || c.tokens.some((t) => t.pos === 'AUX')));

/**
 * The goal question just asked, asked again or widened: "Anything else?", "What else?", and a question with
 * no verb of its own that leans on it ("And for you, apart from her?", "And anything smaller along the way?").
 */
function asksForMore(sentence: Sentence): boolean {
  if (!isQuestion(sentence)) return false;
  if (/\b(?:anything|something|what) else\b/.test(sentence.text)) return true;
  // "Is there a third thing?", "And another one?", "One more?": the next item of the list asked for.
  if (
    /\b(?:a|one|the) (?:second|third|fourth|fifth|next|last) (?:thing|one|goal|area)\b|\b(?:another|one more) (?:thing|one|goal|area)\b|^(?:and )?one more\b/.test(
      sentence.text,
    )
  )
    return true;
  const tokens = sentence.clauses.flatMap((c) => c.tokens);
  // "And the swim?" names a known topic; "Confident, zero to ten?" asks for a rating: neither asks for more goals.
  if (tokens.some((t) => t.pos === 'VERB' || t.pos === 'AUX' || t.pos === 'NUM')) return false;
  if (sentence.clauses.some((c) => nounPhrases(c.tokens).some((p) => p.definite))) return false;
  return tokens[0]?.pos === 'CCONJ' || tokens[0]?.pos === 'ADP' || OPEN.has(tokens[0]?.word ?? '');
}

/** The client turns answering a therapist's turn: every client turn before the therapist speaks again (each partner in a couple's session). */
function answersAfter(s: PlanSession, index: number): ReadTurn[] {
  const out: ReadTurn[] = [];
  let waited = false;
  for (const t of s.input.turns.slice(index + 1)) {
    if (t.role === 'therapist') {
      // "Dunno." "That's fine. Take your time." "…sleep, maybe.": a therapist who only waits, asking nothing, after
      // an answer that did not know, leaves the question open for the next answer.
      const waits = !waited && out.length > 0 && out.every(notKnowing) && !t.sentences.some(isQuestion);
      if (!waits) break;
      waited = true;
      continue;
    }
    if (t.role === 'client') out.push(t);
  }
  return out;
}

/**
 * An answer opening "I don't know" before how things were ("I don't know. Irene did all the social side."). A
 * recogniser's bare "dunno" ("do not know") is left out: "dunno. sleep, maybe." goes on to answer.
 */
const OPENS_NOT_KNOWING =
  /^(?:(?:um|well|erm|honestly|i mean),? )?(?:i do not know|i dunno|dunno|no idea|not sure|i am not sure|i have no idea)(?: really| to be honest| honestly)?[.!]*$/;
/** Not knowing, said as the whole answer: "I don't know.", "Dunno?", "No idea, honestly." */
const NOT_KNOWING =
  /^(?:(?:um|well|erm|honestly|i mean),? )?(?:i do not know|do not know|i dunno|dunno|no idea|not sure|i am not sure|i have no idea|pass)(?: really| to be honest| honestly)?[.!?]*$/;
const notKnowing = (t: ReadTurn) => t.sentences.length > 0 && t.sentences.every((x) => NOT_KNOWING.test(x.text));

/**
 * A goal the therapist offers as a question to the client ("And the walk to the post office, would you want
 * that back as well?"): a yes/no question in the conditional with the listener wishing for a thing, not
 * invited to an action ("would you like to try it now?") nor given a task for the interval between sessions
 * (homework is read apart, lambdas/core/notes/extract/homework.ts).
 */
function offersGoal(sentence: Sentence): boolean {
  if (!isQuestion(sentence) || sentence.clauses.flatMap((c) => c.tokens).some((t) => OPEN.has(t.word))) return false;
  // "would you want that back?": the listener after the inverted auxiliary, in the conditional (the clause reader splits at the
  // auxiliary, so the sentence is read whole), wanting a thing; "would you like to practise it?" invites an action, a task.
  return !sentence.clauses.some((c) => c.negated) && /\bwould you (?:[a-z]+ )?(?:want|like) (?!to\b)/.test(sentence.text);
}

/**
 * An activity named with its measure in a fragment, the wish left unsaid ("Walking to work instead of
 * driving. Three days a week."): a verbless sentence led by a gerund, in answer to an open question, with a
 * measurable form in it or in the fragment after it.
 */
function activityWithMeasure(turn: ReadTurn, at: number): boolean {
  const sentence = turn.sentences[at]!;
  const tokens = sentence.clauses.flatMap((c) => c.tokens).filter((t) => t.pos !== 'PUNCT' && t.pos !== 'CCONJ');
  const gerund = tokens[0]?.pos === 'VERB' && tokens[0].word.endsWith('ing') && !tokens.some((t) => t.pos === 'AUX');
  if (!gerund) return false;
  const next = turn.sentences[at + 1];
  return measurableIn(sentence) !== null || (next !== undefined && qualifiesPrevious(next) && measurableIn(next) !== null);
}

/** The goals one session states, in the order said. */
export function goalStatementsIn(s: PlanSession): GoalStatement[] {
  const out: GoalStatement[] = [];
  const said = new Set<string>();
  const add = (g: GoalStatement): boolean => {
    // "I don't want to aim for that yet", "If I cut down, it would only be…": declined or hypothetical, never a goal;
    // "I want him off that Xbox by ten", turned down by him ("Xbox, no."): a wish for another that they decline.
    // "I want him to get help", said of someone not in the room: their doing, not a goal the client can work on.
    if (declinedOrHypothetical(g.sentence) || (WANTS_OF_ANOTHER.test(g.sentence.text) && (declinedByTheOther(s, g) || !inTheRoom(s, g)))) return false;
    // "I'd like us to get a dog." "No. Absolutely not.": a wish for the two of them that the other turns down.
    if (/\b(?:us|we)\b/.test(g.sentence.text) && declinedByTheOther(s, g)) return false;
    const key = `${g.turnIds[0]}\u0000${g.quote}`;
    if (said.has(key)) return false;
    said.add(key);
    out.push(g);
    return true;
  };
  const tasks = new Set(s.homework.assigned.flatMap((h) => h.turnIds));
  // Where the therapist last asked for goals, or for more of them: "What else?" and "Is there a third thing?"
  // go on asking while the list is being made, an exchange or two after the last ask.
  let lastAsk = Number.NEGATIVE_INFINITY;
  for (const turn of s.input.turns) {
    if (s.riskTurns.has(turn.id)) continue;
    if (turn.role === 'therapist') {
      const followUp = turn.index - lastAsk <= 4;
      // A turn that sets homework ("For this week, I'd like you to keep a log…") asks for no goal.
      const question = tasks.has(turn.id)
        ? undefined
        : turn.sentences.find((x, i) => asksForGoals(x) || (followUp && asksForMore(x)) || leansOnFrame(x, turn.sentences[i - 1]));
      if (question) lastAsk = turn.index;
      const answers = question ? answersAfter(s, turn.index) : [];
      // "What would you want to keep working on?": what to carry on with is the goals already set, said again in
      // other words ("The four days, getting that sorted"); it restates them and introduces none.
      const continues = question !== undefined && CONTINUES.test(question.text);
      for (const [k, answer] of answers.entries()) {
        if (s.riskTurns.has(answer.id)) continue;
        // "No. Absolutely not.": one partner turning down what the other just put is no answer of their own.
        const earlier = answers[k - 1];
        if (
          earlier &&
          s.transcript.turns[earlier.index]?.speaker !== s.transcript.turns[answer.index]?.speaker &&
          REFUSES.test(answer.sentences[0]?.text ?? '')
        )
          continue;
        const frame = timeFrameIn(question!);
        let previous: GoalStatement | undefined;
        // A wish with no topic word of its own ("I'd like to get back to that") is about the topic named before it.
        const wishing = (x: Sentence) => !isQuestion(x) && wishes(x);
        const sentences = answer.sentences.filter((x) => statable(x) || wishing(x) || (risesAsItEnds(x) && sentenceLemmas(x).size > 0));
        // An answer that says what is wished ("I'd want to actually stay in the whole lesson") has its goals there
        // and in its fragments ("Sleep through most nights."); what it tells of the problem as it is ("I walk out
        // of maths most lessons") and the topic named alone ("Maths.") are context, not more goals.
        const wished = sentences.some(wishing);
        // "I don't know. Irene did all the social side. The church guild, the bowls, the lot.": an answer that opens
        // not knowing and wishes nothing tells how it was; it states no goal.
        if (!wished && OPENS_NOT_KNOWING.test(answer.sentences[0]?.text ?? '')) continue;
        // The topic named alone, when a wish after it points back to it ("The allotment. … I want to get back up
        // there"): what the wish is about. A fragment before a wish of its own ("Sleep through most nights. … Maybe
        // get back to the climbing gym.") is a goal of its own.
        let topic: Sentence | undefined;
        for (const sentence of sentences) {
          const at = sentences.indexOf(sentence);
          // The wish a few sentences on at most: a fragment further back is a goal of its own ("Cooking for the family
          // again, that first. … And walking with Lupe again. And… my sister. Pilar. … I want to call her again").
          const nextWish = sentences.slice(at + 1, at + 4).find(wishing);
          // "…my sister. Pilar, in Valencia. … I want to call her again": a person named alone is what "her" points back to.
          const leansBack = nextWish !== undefined && (sentenceLemmas(nextWish).size === 0 || /\b(?:there|that|it|them|this|her|him)\b/.test(nextWish.text));
          if (wished && leansBack && verbless(sentence) && !qualifiesPrevious(sentence) && !wishing(sentence)) {
            topic = sentence;
            previous = undefined;
            continue;
          }
          // "Mi hija wants me to learn the computer", "My GP would like me to…": someone else's wish for the client, not theirs.
          if ((OTHERS_WISH_FOR_ME.test(sentence.text) && !wishing(sentence)) || NOT_MINE.test(sentence.text)) {
            previous = undefined;
            continue;
          }
          // "…you're going to tell me that's part of the problem": about the listener, not a wish of the speaker's.
          if (sentence.clauses.some((c) => c.subject === 'listener') && !wishing(sentence)) {
            previous = undefined;
            continue;
          }
          // A wish the client takes back as they say it ("…a full-body scan, so I'd know for certain. But … that's part
          // of the problem."): the sentence after it calls it the problem, unrealistic or a fantasy.
          if (DISOWNED.test(sentences[at + 1]?.text ?? '') || DISOWNED.test(answer.sentences[answer.sentences.indexOf(sentence) + 1]?.text ?? '')) continue;
          if (DISOWNED.test(sentence.text)) {
            previous = undefined;
            continue;
          }
          // A word alone ("Anything.") leaves the goal before it open to what qualifies it next.
          if (wished && sentence.clauses.flatMap((c) => c.tokens).filter((t) => t.pos !== 'PUNCT').length === 1) continue;
          // "Everyone's at some party…", "My husband keeps saying I should go to the gym": how others are or what they
          // say, told in an answer that wishes nothing, is the scene, not a goal.
          if (
            !wished &&
            tellsHowItIs(sentence) &&
            sentence.clauses.find((c) => c.tokens.some((t) => t.pos === 'VERB' || t.pos === 'AUX'))?.subject === 'other'
          ) {
            previous = undefined;
            continue;
          }
          // "Even one comment a week that I chose to make": a qualifier of the goal, though its relative clause tells.
          if (wished && tellsHowItIs(sentence) && !(previous && qualifiesPrevious(sentence))) {
            previous = undefined;
            continue;
          }
          // "…Now Senga takes the car. For half a mile.": a qualifier after the telling qualifies the telling.
          if (wished && !previous && at > 0 && qualifiesPrevious(sentence)) continue;
          // "Even just a walk." qualifies the goal before it: its words join that goal, it is not a goal of its own.
          if (previous && (qualifiesPrevious(sentence) || refersBack(sentence))) {
            // "I'd say something. Anything. Even one comment a week…": a goal with no words of its own is quoted
            // with what qualifies it, verbatim from the turn.
            const from = answer.text.indexOf(previous.sentence.original);
            const to = answer.text.indexOf(sentence.original, from);
            const unwidened = previous.quote === bare(previous.sentence.original);
            // So is one that names a single thing ("I'd like a cut-off. Like, stop at eight and have an evening."):
            // what the later sessions talk about is in the qualifier.
            const own = sentenceLemmas(previous.sentence);
            const adds = [...sentenceLemmas(sentence)].some((l) => !own.has(l));
            if (unwidened && own.size <= 1 && adds && from >= 0 && to > from) previous.quote = bare(answer.text.slice(from, to + sentence.original.length));
            previous.lemmas = new Set([...previous.lemmas, ...sentenceLemmas(sentence)]);
            // What the goal is about, once its qualifier names it.
            previous.introduces ||= previous.lemmas.size > 0;
            previous.measurable ??= measurableIn(sentence);
            previous.qualifiers = [...(previous.qualifiers ?? []), sentence];
            continue;
          }
          const before = answer.sentences[answer.sentences.indexOf(sentence) - 1];
          const about = topic;
          topic = undefined;
          // A wish that names nothing itself ("I'd like to get back to that") states the topic named before it.
          const named = about && sentenceLemmas(sentence).size === 0 && measurableIn(sentence) === null ? about : sentence;
          previous = statementOf({
            session: s.session,
            sentence: named,
            turnIds: [answer.id],
            wordsOf: 'client',
            timeFrame: frame,
            introduces: true,
            continues,
            asked: turn,
            before,
            turn: answer,
          });
          if (about && named === sentence) previous.lemmas = new Set([...previous.lemmas, ...sentenceLemmas(about)]);
          // "What would good sleep look like?": what the question pictures is what the goal is about.
          previous.asked = question;
          // "I don't really know how to put it. Being able to … leave it alone?": what follows a sentence that is
          // no goal does not qualify it.
          if (!add(previous)) previous = undefined;
        }
      }
      // The therapist's wording of a goal with its measure ("so the goal becomes…"), or a goal offered as a
      // question ("would you want that back as well?"), taken when the client agrees to it.
      const reply = answerAfter(s.input, turn.index);
      turn.sentences.forEach((sentence, at) => {
        const named = !isQuestion(sentence) && namesGoal(sentence) && measurableIn(sentence) !== null;
        // A terse clinician's label ("Goal: no work email outside working hours."), and a question asking whether
        // what was just said is the client's goal ("Full hours by end of May. That's your goal, not just OH's?").
        const labelled = !isQuestion(sentence) && LABELLED_GOAL.test(sentence.text);
        const before = turn.sentences[at - 1];
        const pointed = isQuestion(sentence) && YOUR_GOAL.test(sentence.text) && before !== undefined && !isQuestion(before) ? before : undefined;
        // "I want to be able to say no to her." "Add it as a goal?": the client's wish just said, taken as a goal.
        const wished = isQuestion(sentence) && AS_A_GOAL.test(sentence.text) ? wishJustSaid(s, turn.index) : undefined;
        if (!(named || labelled || pointed || wished || (offersGoal(sentence) && !tasks.has(turn.id))) || !takesUp(reply)) return;
        // What the clinician points at is often the client's own words put back ("I'm meant to be back on full hours
        // … by the end of May." … "So. Full hours by end of May. That's your goal?"): the goal is said in those.
        const said = wished ?? (pointed ? clientSaid(s, turn.index, pointed) : undefined);
        const statement = statementOf({
          session: s.session,
          sentence: said?.sentence ?? pointed ?? sentence,
          turnIds: said ? [said.turn.id, turn.id, reply.id] : [turn.id, reply.id],
          wordsOf: said ? 'client' : 'therapist',
          timeFrame: null,
          introduces: true,
        });
        if (labelled)
          statement.quote = statement.quote.replace(
            /^(?:so|right|okay|ok)?[,.:]?\s*(?:(?:the|your|our|a) )?(?:goal|target)(?: then| one| two)?\s*[:,-]\s*/i,
            '',
          );
        statement.measurable ??= reply.sentences.map(measurableIn).find((m) => m !== null) ?? null;
        add(statement);
      });
      continue;
    }
    if (turn.role !== 'client') continue;
    // A turn that opens by turning something down ("No. Absolutely not. … I'd be the one doing all of it") wishes nothing.
    if (REFUSES.test(turn.sentences[0]?.text ?? '')) continue;
    const asked = askedBefore(s, turn);
    const openlyAsked = asked?.sentences.some((x) => isQuestion(x) && x.clauses.some((c) => c.tokens.some((t) => OPEN.has(t.word))));
    turn.sentences.forEach((sentence, at) => {
      const next = turn.sentences[at + 1];
      const fragment = ownGoal(sentence, next) === null && openlyAsked === true && activityWithMeasure(turn, at);
      const own = fragment ? 'introduces' : ownGoal(sentence, next);
      // "What I'd love is a full-body scan. But that's part of the problem.": taken back as it is said.
      if (!own || DISOWNED.test(turn.sentences[at + 1]?.text ?? '')) return;
      const statement = statementOf({
        session: s.session,
        sentence,
        turnIds: [turn.id],
        wordsOf: 'client',
        timeFrame: null,
        introduces: own === 'introduces',
        asked,
        before: turn.sentences[at - 1],
        turn,
      });
      if (fragment && next) statement.measurable ??= measurableIn(next);
      add(statement);
    });
  }
  // The note engine's goals, where it found any: its wording, its turns. A goal the therapist reads back or
  // restates as changed is not a new statement; the plan matches what the client says about it.
  for (const g of extractGoals(s.input)) {
    if (g.restated) continue;
    const turn = s.input.turns.find((t) => t.id === g.turnIds[0]);
    const sentence = turn?.sentences.find((x) => x.original.includes(g.what) || g.what.includes(bare(x.original)));
    if (!turn || !sentence || s.riskTurns.has(turn.id) || REFUSES.test(turn.sentences[0]?.text ?? '')) continue;
    const statement = statementOf({
      session: s.session,
      sentence,
      turnIds: g.turnIds,
      wordsOf: g.wordsOf,
      timeFrame: g.timeFrame ?? null,
      introduces: true,
      asked: askedBefore(s, turn),
      turn,
    });
    // The measurable form as the plans read it ("twice a week") before the note reader's wider target phrase.
    add({ ...statement, quote: bare(g.what), measurable: statement.measurable ?? g.target ?? null });
  }
  return out;
}
