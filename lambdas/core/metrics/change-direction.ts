/**
 * Which way a clause leans on the behaviour being worked on: toward change (+1), toward the status quo (-1),
 * or neither (0). The same reading serves the client's talk (MISC change and sustain talk, DARN-CAT, said of
 * the speaker) and the therapist's turns that evoke it ("so you'd like to cut down?" leans toward change, "it
 * helps you relax" toward the status quo, said of the listener), so a client's bare "yeah" can take the
 * direction of what it answers.
 *
 * A clause is read as subject, then a cue (desire, ability, need, commitment, a step taken, a reason), then
 * the target behaviour; the target's own direction comes from the note extractor's `targetDirection`, and
 * every negator on the way turns it round: "I don't want to stop" leans to the status quo, "I don't want
 * to keep drinking" toward change, "I can't stop" to the status quo, "I can't keep doing this" toward change.
 */
import type { Clause, Sentence, Token } from '../language/index.js';
import { LONG_AGO, targetDirection } from '../notes/extract/change-talk.js';
import {
  ANAPHORA,
  ASIDE,
  BAD,
  BAD_CONSEQUENCE,
  BARE_CHANGE,
  BEHAVIOUR_IN,
  BEHAVIOUR_WORD,
  CHANGE_NAMED,
  CONDITION,
  COST_LIVED,
  CUES,
  DISCOURSE,
  DISLIKE,
  DOUBTING,
  FED_UP,
  GOAL,
  GOOD,
  GOOD_CONSEQUENCE,
  HEALTH_TARGET,
  HEDGE_PAIR,
  HEDGE_PAIR_PATTERN,
  LEAD_WORD,
  LIKE,
  LISTENER_FRAME,
  MINIMISED,
  NEGATOR,
  NO_PROBLEM,
  OBSTACLE,
  PROPOSED,
  READABLE,
  REPORTED,
  CONTROL_CLAIMED,
  FOR_OTHERS,
  LIFE_CHANGE,
  LIFE_COST,
  OTHERS_DO_IT,
  ONLY_RARELY,
  OTHERS_UPSET,
  VALUE_TARGET,
  WORRIED,
  type Voice,
} from './change-cues.js';

export type { Voice } from './change-cues.js';
export { DIRECTION_PATTERNS } from './change-cues.js';

export type Direction = -1 | 0 | 1;

export interface DirectionContext {
  /** The direction of what this talk answers, for "I could do that", "I'll try it" and bare answers; read only when needed. */
  answers: () => Direction;
  /** Whether the turn or the one before it names a behaviour people come to change, so "it" can stand for it. */
  problemNamed: boolean;
}

/** For talk read on its own, answering nothing. */
export const UNANSWERED = (): Direction => 0;

const SELF: Record<Voice, ReadonlySet<string>> = { speaker: new Set(['i', 'we']), listener: new Set(['you']) };

/** +1 toward change, -1 toward the status quo, 0 when the target is neither (or unclear). */
export function predicateDirection(predicate: string, context: DirectionContext): Direction {
  const p = predicate
    .replace(/[.!?,;:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (/^(?:be able to )?(?:die|kill|hurt|harm|end(?! up))\b/.test(p)) return 0;
  // Getting high or drunk is the behaviour itself.
  if (/^(?:get|getting|be|being) (?:high|drunk|wasted|stoned|buzzed|hammered|blazed|a buzz)\b/.test(p)) return -1;
  // Becoming dependent is the status quo carried on.
  if (/^(?:become|get|be|end up) (?:addicted|hooked|dependent|an alcoholic|an addict|like my)\b/.test(p)) return -1;
  if (BARE_CHANGE.test(p) || CHANGE_NAMED.test(p)) return 1;
  if (/^(?:start|begin) (?:again|over|afresh|fresh)\s*$/.test(p)) return 1;
  // "Start" is a change only by what is started ("start walking", not "start off on the violin").
  const started = p.match(/^(?:start|begin)(?: to| off| out| again| over)? (.+)$/);
  // Starting a new activity ("started walking in the mornings") is a change; starting the behaviour is not.
  if (started)
    return /^(?:drink|drinking|smok|using|use|gambl|vap)/.test(started[1]!) ? -1 : /^\w+ing\b/.test(started[1]!) ? 1 : predicateDirection(started[1]!, context);
  if (/^(?:start|begin)\b/.test(p)) return 0;
  const target = targetDirection(p);
  if (target !== 0) return target;
  if (HEALTH_TARGET.test(p) || VALUE_TARGET.test(p)) return 1;
  // Getting rid of the means: "threw out all my cigarettes", "poured the wine away".
  if (
    /^(?:throw|get rid of|pour|flush|give away|bin|toss|dump)(?: out| away)? (?:\w+ )?(?:all )?(?:of )?(?:my |the |our )?(?:\w+ )?(?:cigarettes|smokes|alcohol|booze|beer|beers|wine|vodka|liquor|drugs|weed|pills|stash|lighters?|vapes?|bottles?)\b/.test(
      p,
    )
  )
    return 1;
  if (ANAPHORA.test(p)) return context.answers();
  return 0;
}

const NOT_A_WORD = /^[-–—[\]()"]+$|^\[/;
const WORDS = new WeakMap<Clause, Token[]>();

/** The words of a clause without punctuation and two-word hedges, as tokens (kept per clause: clauses are read often). */
function wordsOf(clause: Clause): Token[] {
  const known = WORDS.get(clause);
  if (known) return known;
  let words = clause.tokens.filter((t) => t.pos !== 'PUNCT' && !NOT_A_WORD.test(t.word));
  if (HEDGE_PAIR_PATTERN.test(clause.text)) {
    const hedge = new Set<number>();
    for (let i = 0; i + 1 < words.length; i++) if (HEDGE_PAIR.has(`${words[i]!.word} ${words[i + 1]!.word}`)) hedge.add(i).add(i + 1);
    words = words.filter((_, i) => !hedge.has(i));
  }
  WORDS.set(clause, words);
  return words;
}

/** The position just after the clause's subject when the subject is the voice read, else -1. */
function afterSubject(words: Token[], voice: Voice, first: boolean): number {
  let i = 0;
  while (i < words.length && DISCOURSE.has(words[i]!.word)) i++;
  const self = SELF[voice];
  if (i < words.length && self.has(words[i]!.word)) return i + 1;
  // "Would you like to cut down?", "do you want to stop?": the auxiliary before the subject.
  if (voice === 'listener' && /^(?:do|does|did|would|could|can|will|are|have|is)$/.test(words[i]?.word ?? '') && words[i + 1]?.word === 'you') return i + 2;
  if (voice === 'listener') {
    const at = words.findIndex((w, k) => k >= i && k < i + 9 && w.word === 'you');
    if (
      at > 0 &&
      LISTENER_FRAME.test(
        words
          .slice(i, at)
          .map((w) => w.word)
          .join(' '),
      )
    )
      return at + 1;
  }
  // A fragment with no subject that opens with its verb ("want to stop", "not drink", "could probably do that").
  if (
    first &&
    voice === 'speaker' &&
    i < words.length &&
    /^(?:VERB|AUX|PART)$/.test(words[i]!.pos) &&
    !/^(?:is|was|are|were|be|been|get|got|go|going|see|know|thank|let|mean|guess|tell|say|said)$/.test(words[i]!.word)
  )
    return i;
  return -1;
}

/** How a clause's direction was read: from a DARN-CAT cue on the subject ("you'd like to…"), and whether that was denied. */
export interface CueReading {
  cue: boolean;
  /** A negator stood between the subject and the cue ("you don't want to…"), so "no" agrees with it. */
  negated: boolean;
}

/**
 * The direction of one clause, read in `voice`; `first` when it opens its sentence, `after` the rest of the
 * sentence. `reading`, when given, is filled in when a DARN-CAT cue decided the direction.
 */
export function clauseDirection(clause: Clause, voice: Voice, context: DirectionContext, first: boolean, after = '', reading?: CueReading): Direction {
  // Only a clause opening its sentence can be a fragment with no subject ("want to stop", "not drink").
  if (!first && !READABLE[voice].test(clause.text)) return 0;
  const words = wordsOf(clause);
  if (words.length === 0) return 0;
  const text = words.map((w) => w.word).join(' ');
  if (LONG_AGO.test(text) && !/\bnow\b/.test(text)) return 0;
  // "What I'd like to do is go down to five", "my goal is to cut back": a wish named as a goal.
  const goal = text.match(GOAL[voice]);
  if (goal) {
    const d = predicateDirection(baseForm(words.slice(words.length - goal[1]!.split(' ').length)), context);
    if (d !== 0 && reading) Object.assign(reading, { cue: true, negated: false });
    if (d !== 0) return d;
  }
  const at = afterSubject(words, voice, first);
  if (at < 0) return evaluation(words, text, voice, context);
  // Negators and adverbs right after the subject are counted and set aside.
  let i = at;
  let negations = 0;
  while (i < words.length && (NEGATOR.test(words[i]!.word) || ASIDE.has(words[i]!.word))) {
    if (NEGATOR.test(words[i]!.word)) negations++;
    i++;
  }
  // Adverbs and negators inside the verb group ("have been really trying", "am not going to") are set aside too.
  const rest = words.slice(i).filter((w, k) => {
    if (k >= 4) return true;
    if (NEGATOR.test(w.word) && k < 3) {
      negations++;
      return false;
    }
    return !ASIDE.has(w.word) || /^(?:do|does|did)$/.test(w.word);
  });
  const restText = rest.map((w) => w.word).join(' ');
  if (restText === '') return 0;
  const subjectless = at === 0 || !SELF[voice].has(words[at - 1]!.word);
  const flip = (d: Direction): Direction => (negations % 2 === 1 ? (-d as Direction) : d);
  // Reasons said of oneself: fed up, worried, liking or disliking, seeing no problem.
  const cued = (d: Direction): Direction => {
    if (d !== 0 && reading) Object.assign(reading, { cue: true, negated: negations > 0 });
    return d;
  };
  // Fed up with the behaviour, its costs or the way things are ("sick of the hangovers"), not with everything.
  if (FED_UP.test(restText) && negations === 0) {
    const object = restText.replace(FED_UP, '');
    if (
      BAD.test(object) ||
      BEHAVIOUR_IN.test(object) ||
      /\b(?:like this|this way|the way (?:i am|things are|it is)|feeling like this|waking up|hiding|lying|worrying)\b/.test(object) ||
      (/^ (?:it|that)\b/.test(object) && context.problemNamed)
    )
      return cued(1);
    return 0;
  }
  if (WORRIED.test(restText)) return cued(flip(1));
  const negatedText = `${negations > 0 ? 'do not ' : ''}${restText}`;
  if (NO_PROBLEM.test(negatedText) || MINIMISED.test(negatedText) || (negations === 0 && (ONLY_RARELY.test(text) || CONTROL_CLAIMED.test(restText)))) return -1;
  if (OBSTACLE.test(negatedText)) return obstacle(negatedText, context);
  // "I know | it's not good for him", "I don't think | I can stop": a frame of knowing or believing kept in
  // one clause by the tagger; what it frames is read on its own, a denied belief turning it round.
  const frame = restText.match(
    /^(?:know|knew|think|thought|guess|believe|feel like|feel(?= (?:that )?(?:i|we)\b)|suppose|realize|realise|understand|figure|reckon|am (?:confident|sure|certain)|feel (?:confident|sure))(?: that)? (?=\S)/,
  );
  if (frame && rest.length > frame[0].split(' ').length) {
    const inner = rest.slice(frame[0].trim().split(' ').length);
    const framed = clauseDirection(
      { ...clause, tokens: inner, text: inner.map((t) => t.word).join(' '), subject: 'none' },
      voice,
      context,
      false,
      after,
      reading,
    );
    return negations % 2 === 1 && /^(?:think|believe|reckon|suppose)/.test(frame[0]) ? (-framed as Direction) : framed;
  }
  for (const cue of CUES) {
    const m = restText.match(cue.pattern);
    if (!m) continue;
    const cueWords = m[0].split(' ').length;
    const predicateTokens = rest.slice(cueWords);
    // Negators inside the predicate's head ("try not to drink", "would like to not go back") count too.
    let inner = 0;
    while (predicateTokens.length > 0 && /^(?:not|never|to|no|longer)$/.test(predicateTokens[0]!.word)) {
      if (/^(?:not|never|no)$/.test(predicateTokens[0]!.word)) inner++;
      predicateTokens.shift();
    }
    // "I need to, for my kid": the reason stands in for the target the conversation gave.
    const predicate = /^(?:for (?:my|the|our)|because|so that)\b/.test(predicateTokens.map((t) => t.word).join(' ')) ? '' : baseForm(predicateTokens);
    // "I've been trying not to": the unsaid object of a refusal is the behaviour itself.
    if (predicate === '' && inner > 0 && cue.kind === 'attempt') return 1;
    let d = predicateDirection(predicate, context);
    // A firm plan to act ("I'm going to call him this weekend") is commitment language whatever the act.
    // Refusing an act ("I don't want to charge it", "I'm not going to") is the same language turned round.
    if (
      d === 0 &&
      negations + inner === 1 &&
      /^(?:commitment|desire|need)$/.test(cue.kind) &&
      voice === 'speaker' &&
      predicateTokens[0]?.pos === 'VERB' &&
      !/^(?:be|have|get|go|do|see|know|say|tell|think|feel|lose|hurt|become|end)$/.test(predicateTokens[0]!.lemma)
    )
      return -1;
    if (
      d === 0 &&
      cue.kind === 'commitment' &&
      voice === 'speaker' &&
      predicateTokens[0]?.pos === 'VERB' &&
      !/^(?:be|have|get|go|do|see|know|say|tell|think|feel|need|want|make)$/.test(predicateTokens[0]!.lemma)
    )
      d = 1;
    if (d === 0) return 0;
    if (reading) Object.assign(reading, { cue: true, negated: negations > 0 });
    return (negations + inner) % 2 === 1 ? (-d as Direction) : d;
  }
  // "I'd really like to try that", "I like to drink": liking to do something leans as that thing does.
  const likesTo = restText.match(/^(?:like|love|really like) to (.+)$/);
  if (likesTo) return flip(predicateDirection(baseForm(rest.slice(restText.split(' ').length - likesTo[1]!.split(' ').length)), context));
  if (LIKE.test(restText)) {
    const object = restText.replace(LIKE, '').replace(/^to /, '').trim();
    const d =
      object === '' || /^(?:it|that|this)\b/.test(object)
        ? context.problemNamed
          ? -1
          : 0
        : predicateDirection(baseForm(asTokens(object)), { ...context, answers: UNANSWERED });
    if (d === -1) return flip(-1);
    // "I don't like | when I get sick": a dislike whose object is read below.
    if (negations === 0) return 0;
  }
  if (DISLIKE.test(negatedText) || (negations > 0 && LIKE.test(restText))) {
    // The object may be the next clause ("I don't like | when I get sick").
    const object = `${restText.replace(LIKE, '').replace(DISLIKE, '').trim()} ${after}`.trim();
    if (BAD.test(object) || targetDirection(baseForm(asTokens(object))) === -1 || (/^(?:it|that)\b/.test(object) && context.problemNamed)) return 1;
    return 0;
  }
  // Change wanted for life, or for (and kept from) the people close to the speaker.
  if (LIFE_CHANGE.test(restText)) return flip(1);
  if (FOR_OTHERS.wanted.test(restText) && negations === 0) return 1;
  if (FOR_OTHERS.unwanted.test(restText) && negations === 1) return 1;
  // How much: "I drink too much" owns the excess; "I don't drink that much" (or "I don't think | I drink that much") denies it.
  if (
    /^(?:drink|smoke|use|drank|smoked|used|gamble|gambled|vape|vaped)\w*\b/.test(restText) &&
    /\b(?:drink|smoke|use|drank|smoked|used|gamble|gambled|vape|vaped)\w* (?:\w+ )?(?:too much|too often|way too|more than i should|that much|that often|so much|very much|very often|that heavily)\b/.test(
      text,
    )
  )
    return flip(1);
  // A change already held to: "I'm down to five a day", "I've been clean for two years", "I'm off the pills".
  if (
    /^(?:am|are|have been|has been|been|got|have got|stayed|stay|kept) (?:\w+ )?(?:down (?:to |by |from )?(?:\d+|a|an|one|two|three|four|five|six|half|to)|clean|sober|dry|off (?:the|it|them|drugs|alcohol|booze|cigarettes|smoking|drinking))\b/.test(
      restText,
    )
  )
    return flip(1);
  // Owning the problem ("I have a drinking problem"); a doubting frame before it turns it round.
  if (/^(?:have|have got|got) (?:a|an|some) (?:\w+ )?(?:problem|issue)\b/.test(restText)) return flip(1);
  // A cost of the behaviour lived through ("I had a hangover and missed school"), once the behaviour is named.
  if (context.problemNamed && voice === 'speaker' && COST_LIVED.test(restText)) return flip(1);
  // An answer without its subject names what would be done ("not drink", "cut down a bit").
  if (subjectless) {
    // Only toward change: a bare "drink with friends" answering "what do you do at weekends?" is no sustain talk.
    const d = flip(predicateDirection(baseForm(rest), { ...context, answers: UNANSWERED }));
    if (d === 1) return d;
  }
  // A step already taken: "I've cut down", "I stopped last week", "I haven't had a drink since Tuesday".
  return step(rest, negations, context, clause.tense === 'past');
}

/** A past or perfect action toward change; a lapse ("I had a drink") is not sustain talk, so only +1 is read. */
function step(rest: Token[], negations: number, context: DirectionContext, pastTense: boolean): Direction {
  let k = 0;
  const perfect = /^(?:have|has|had)$/.test(rest[0]?.word ?? '');
  while (k < rest.length && /^(?:have|has|had|been|did|was|were)$/.test(rest[k]!.word) && k < 2) k++;
  // "I have been trying not to": the not after the auxiliary.
  let more = 0;
  while (k < rest.length && NEGATOR.test(rest[k]!.word)) {
    more++;
    k++;
  }
  const head = rest[k];
  if (!head) return 0;
  const past = perfect || pastTense || (head.pos === 'VERB' && /ed$/.test(head.word)) || /^(?:did|was|were|had)$/.test(rest[0]?.word ?? '');
  if (!past) return 0;
  const predicate = baseForm(rest.slice(k));
  const d = predicateDirection(predicate, { ...context, answers: UNANSWERED });
  const signed = (negations + more) % 2 === 1 ? -d : d;
  return signed === 1 ? 1 : 0;
}

/** What a clause without the voice's subject says about the behaviour: its benefits, its costs, how hard change is. */
function evaluation(words: Token[], text: string, voice: Voice, context: DirectionContext): Direction {
  let i = 0;
  while (i < words.length && DISCOURSE.has(words[i]!.word)) i++;
  const subject = words[i];
  if (!subject) return 0;
  // "It never works", "nothing helps": change tried and found wanting.
  if (
    /^(?:it|that|this|nothing)\b(?: \w+){0,2} (?:never|not|no longer) (?:\w+ )?(?:works?|worked|helps?|helped|lasts?|lasted)\b|^nothing (?:works|helps|worked|helped)\b/.test(
      text.slice(text.indexOf(subject.word)),
    )
  )
    return -1;
  // "My mom got mad at me", "they'd be really upset if they found out": what the behaviour costs with the
  // people close to the speaker, once the behaviour is named.
  const fromSubject = words
    .slice(i)
    .map((w) => w.word)
    .join(' ');
  if (voice === 'speaker' && context.problemNamed && (OTHERS_UPSET.test(fromSubject) || LIFE_COST.test(fromSubject))) return 1;
  if (voice === 'speaker' && LIFE_CHANGE.test(fromSubject) && !words.some((w) => NEGATOR.test(w.word))) return 1;
  if (voice === 'speaker' && OTHERS_DO_IT.test(fromSubject) && (context.problemNamed || BEHAVIOUR_IN.test(fromSubject))) return -1;
  const about = subjectIsBehaviour(words.slice(i), context);
  if (OBSTACLE.test(text) && (about || /^(?:it|that|this)$/.test(subject.word))) return obstacle(text, context);
  if (!about) return 0;
  if (MINIMISED.test(text)) return -1;
  const negated = words.some((w) => NEGATOR.test(w.word));
  const good = GOOD.test(text);
  const bad = BAD.test(text);
  if (good === bad) return 0;
  const polarity = (good ? 1 : -1) * (negated ? -1 : 1);
  // The status quo's benefits lean away from change; its costs toward it. Said of the listener the same.
  void voice;
  return polarity > 0 ? -1 : 1;
}

/** Is the clause's subject the behaviour ("drinking helps…", "it's not good for him" with drinking named)? */
function subjectIsBehaviour(words: Token[], context: DirectionContext): boolean {
  const head = words.slice(0, 4);
  if (head.some((w) => BEHAVIOUR_WORD.test(w.word))) return true;
  return context.problemNamed && /^(?:it|that|this)$/.test(words[0]?.word ?? '');
}

/** An obstacle leans away from what it blocks: from change unless it blocks the status quo. */
function obstacle(text: string, context: DirectionContext): Direction {
  const to = text.match(/\b(?:to|for|how to) ((?:\w+ ?){1,6})$/);
  if (to) {
    const d = predicateDirection(to[1]!, context);
    if (d !== 0) return -d as Direction;
  }
  return context.answers() === -1 ? 0 : -1;
}

/**
 * The predicate with its first verb in its dictionary form ("trying to going back to one drink" → "go back
 * to one drink"); "start" stays when what follows is the behaviour itself ("start drinking again").
 */
function baseForm(tokens: readonly Token[]): string {
  let i = 0;
  // A second cue before the target ("going to have to change", "want to be able to stop") adds nothing to its direction.
  while (i + 1 < tokens.length && /^(?:have|has|need|needs|got|want|going|able|trying|try|be)$/.test(tokens[i]!.word) && tokens[i + 1]!.word === 'to') i += 2;
  while (i + 2 < tokens.length && tokens[i]!.word === 'be' && tokens[i + 1]!.word === 'able' && tokens[i + 2]!.word === 'to') i += 3;
  while (
    i < tokens.length - 1 &&
    LEAD_WORD.test(tokens[i]!.word) &&
    !(/^(?:start|starting|begin)$/.test(tokens[i]!.word) && /^(?:drink|drinking|smok|using|use|gambl)/.test(tokens[i + 1]!.word))
  )
    i++;
  const words = tokens.slice(i).map((t) => t.word);
  const first = tokens[i];
  if (!first) return '';
  const head = first.pos === 'VERB' && !/^(?:drinking|smoking|using|gambling|vaping)$/.test(first.word) ? first.lemma : first.word;
  return [head, ...words.slice(1)].join(' ');
}

/** A string read as a predicate, where no tokens are at hand. */
function asTokens(text: string): Token[] {
  return text
    .split(' ')
    .filter(Boolean)
    .map((word) => ({ word, lemma: word, pos: 'X' }));
}

/** Clause-by-clause directions of one sentence, read in `voice` (0 for clauses that lean nowhere). */
export function sentenceDirections(sentence: Sentence, voice: Voice, context: DirectionContext): Direction[] {
  const clauses = joinedClauses(sentence.clauses);
  const out: Direction[] = [];
  for (let i = 0; i < clauses.length; i++) {
    const clause = clauses[i]!;
    const text = clause.text
      .replace(/[.,!?;:]+/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    const before = i > 0 ? clauses[i - 1]!.text.replace(/[.,!?;:]+/g, '').trim() : '';
    if (i > 0 && clauses[i - 1]!.subject === 'other' && REPORTED.test(before)) {
      out.push(0);
      continue;
    }
    const condition = text.match(CONDITION);
    const next = clauses[i + 1];
    if (condition && next) {
      // The condition's own direction, weighed by its consequence: good for a change is a reason for it.
      const own = clauseDirection(
        { ...clause, tokens: clause.tokens.slice(clause.tokens.findIndex((t) => /^(?:if|when|once)$/.test(t.word)) + 1) },
        /\byou\b/.test(condition[0]!.split(' ').slice(0, 3).join(' ')) ? 'listener' : voice,
        { ...context, answers: UNANSWERED },
        true,
      );
      // "When I drink, | I have more fun": the behaviour itself as the condition, done (or not done).
      const doing =
        own === 0 && BEHAVIOUR_IN.test(condition[1]!) && !/\b(?:stop\w*|quit\w*|cut\w*|less|fewer)\b/.test(condition[1]!)
          ? /\b(?:not|never|no)\b/.test(condition[1]!)
            ? 1
            : -1
          : own;
      const then = next.text;
      const sign = GOOD_CONSEQUENCE.test(then) && !BAD_CONSEQUENCE.test(then) ? 1 : BAD_CONSEQUENCE.test(then) ? -1 : 0;
      out.push((doing * sign) as Direction, 0);
      i++;
      continue;
    }
    const after = clauses
      .slice(i + 1)
      .map((c) => c.text)
      .join(' ');
    let d = clauseDirection(clause, voice, context, i === 0, after);
    if (i > 0 && DOUBTING.test(before)) d = -d as Direction;
    out.push(d);
  }
  return out;
}

/** A clause that ends on its cue ("I'd like to," + "try to drink less") read with the clause that completes it. */
function joinedClauses(clauses: readonly Clause[]): Clause[] {
  const out: Clause[] = [];
  for (const clause of clauses.flatMap(splitAtThing)) {
    const last = out.at(-1);
    const lastWords = last ? wordsOf(last) : [];
    if (last && /^(?:to|will|can|could|should|must|would|might|want|need|like|going|have)$/.test(lastWords.at(-1)?.word ?? '') && clause.subject === 'none') {
      out[out.length - 1] = {
        ...last,
        text: `${last.text} ${clause.text}`,
        lemmas: `${last.lemmas} ${clause.lemmas}`,
        tokens: [...last.tokens.filter((t) => t.pos !== 'PUNCT'), ...clause.tokens],
        negated: last.negated || clause.negated,
      };
    } else out.push(clause);
  }
  return out;
}

/** "I've tried that before and it never works": a clause joined to one about a thing, which the language layer keeps whole. */
function splitAtThing(clause: Clause): Clause[] {
  if (!/ (?:and|but) (?:it|that|this|there|nothing|things)\b/.test(clause.text)) return [clause];
  const at = clause.tokens.findIndex(
    (t, i) => i > 1 && /^(?:and|but)$/.test(t.word) && /^(?:it|that|this|there|nothing|things)$/.test(clause.tokens[i + 1]?.word ?? ''),
  );
  if (at < 0) return [clause];
  const part = (tokens: Token[], subject: Clause['subject']): Clause => ({
    text: tokens.map((t) => t.word).join(' '),
    lemmas: tokens.map((t) => t.lemma).join(' '),
    tokens,
    tense: clause.tense,
    subject,
    negated: tokens.some((t) => NEGATOR.test(t.word)),
  });
  return [part(clause.tokens.slice(0, at), clause.subject), ...splitAtThing(part(clause.tokens.slice(at), 'other'))];
}

/** The direction a sentence leans overall: the last clause that leans decides a mixed one ("I want to, but it's hard"). */
export function sentenceDirection(sentence: Sentence, voice: Voice, context: DirectionContext): Direction {
  const ds = sentenceDirections(sentence, voice, context).filter((d) => d !== 0);
  if (ds.length === 0) return 0;
  const sum = ds.reduce<number>((s, d) => s + d, 0);
  return sum > 0 ? 1 : sum < 0 ? -1 : ds.at(-1)!;
}

/**
 * Does a sentence put forward giving up or cutting down the behaviour, whoever it is said of ("what some
 * people do is try stopping drinking", "I think you should stop", "no more alcohol")? Read for the therapist's
 * turns a bare answer agrees with; wider changes ("feel safer", "more support") are left out, as a "yeah" to
 * them is agreement rather than change talk.
 */
export function proposesChange(sentence: Sentence): boolean {
  const text = sentence.text.replace(/[.,!?;:]+/g, ' ');
  return CHANGE_NAMED.test(text) || (PROPOSED.test(text) && !/\b(?:not|never|no)\s+(?:\w+\s+)?(?:stop|quit|cut|reduce|give)/.test(text));
}

/** Behaviours people come to change, named: so "it" in "it helps me relax" can stand for one. */
export function namesProblem(sentences: readonly Sentence[]): boolean {
  return sentences.some((s) =>
    /\b(?:drink\w*|drank|alcohol|booze|beer|wine|smok\w*|cigarettes?|vap\w*|drugs?|weed|cannabis|pot|cocaine|heroin|meth|pills|gambl\w*|betting|coffee|caffeine|partying|parties)\b/.test(
      s.text,
    ),
  );
}
