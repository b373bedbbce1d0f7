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

export type Direction = -1 | 0 | 1;
/** Whose talk is read: the client's own ("I…") or the client as the therapist speaks of them ("you…"). */
export type Voice = 'speaker' | 'listener';

export interface DirectionContext {
  /** The direction of what this talk answers, for "I could do that", "I'll try it" and bare answers; read only when needed. */
  answers: () => Direction;
  /** Whether the turn or the one before it names a behaviour people come to change, so "it" can stand for it. */
  problemNamed: boolean;
}

/** For talk read on its own, answering nothing. */
export const UNANSWERED = (): Direction => 0;

const SELF: Record<Voice, ReadonlySet<string>> = { speaker: new Set(['i', 'we']), listener: new Set(['you']) };
const NEGATOR = /^(?:not|never|no|nothing)$/;
/** Words that open a clause without carrying it ("and", "well", "yeah"). */
const DISCOURSE = new Set(['and', 'but', 'so', 'well', 'yeah', 'yes', 'okay', 'ok', 'oh', 'like', 'because', 'cause', 'then', 'now', 'honestly', 'anyway', 'right', 'no', 'just', 'also', 'plus', 'um', 'uh', 'alright', 'sure', 'mm', 'hmm', '-', '--']);
/** Frames a therapist wraps a reflection in before "you" ("it sounds like you…", "so what I hear is you…"). */
const LISTENER_FRAME = /^(?:(?:so|and|but|it|that|what|maybe|perhaps|really|kind of|sort of) )*(?:sounds like|seems like|seems|feels like|looks like|(?:i am )?hearing(?: that)?|i hear(?: that)?|i am hearing(?: that)?|i get the sense(?: that)?|i guess|i think|i wonder if|i am wondering if|i am curious if|i am curious whether)? ?(?:that )?$/;
/** Adverbs and auxiliaries between the subject and the cue, set aside (negators are counted first). */
const ASIDE = new Set(['really', 'just', 'definitely', 'actually', 'probably', 'maybe', 'also', 'still', 'even', 'certainly', 'honestly', 'totally', 'already', 'always', 'ever', 'genuinely', 'seriously', 'truly', 'now', 'so', 'do', 'does', 'did', 'absolutely', 'perhaps', 'possibly', 'only', 'personally', 'obviously', 'clearly', 'quite', 'pretty', 'sometimes', 'finally', 'eventually', 'then', 'too']);

interface Cue {
  kind: 'commitment' | 'activation' | 'desire' | 'need' | 'ability' | 'attempt';
  pattern: RegExp;
}

/** In order: the first that matches decides ("want to be able to" is desire). Read on words after the subject. */
const CUES: Cue[] = [
  { kind: 'commitment', pattern: /^(?:will|shall|am going to|are going to|is going to|going to|promise(?: to| that i will)?|plan to|am planning to|are planning to|planning to|intend to|have decided to|decided to|am determined to|am committed to|commit to|am gonna|are gonna)\b/ },
  { kind: 'activation', pattern: /^(?:am|are|would be|could be|might be|feel) (?:ready|willing|prepared|open|motivated|interested) (?:to|in)\b|^(?:am|are) (?:thinking (?:about|of)|considering|looking into)\b/ },
  { kind: 'desire', pattern: /^(?:want|wanted|would like|would love|would rather|would prefer|wish|hope|am hoping|are hoping|prefer|would want|would be nice|have been wanting|been wanting|am wanting) to\b|^(?:wish i could|would rather)\b|^(?:want|would like|need|could use|could do with)(?= (?:some |more |a little )?(?:help|support|advice)\b)/ },
  { kind: 'need', pattern: /^(?:need to|needed to|have to|has to|have got to|got to|must|should|ought to|would better|had better|better)\b/ },
  { kind: 'ability', pattern: /^(?:can|could|am able to|are able to|be able to|was able to|were able to|have been able to|know how to|know i can|know i could|manage to|might be able to|would be able to|might|may)\b/ },
  { kind: 'attempt', pattern: /^(?:have been trying|am trying|are trying|have tried|tried|try|trying|have been working on|am working on|are working on|been trying)(?: to| and)?\b/ },
];

/** Health behaviours the note extractor's target list leaves out: each of them done is a change. */
const HEALTH_TARGET = /^(?:lose (?:some )?weight|take (?:my|the|your|their) (?:medication|medicine|meds|pills|tablets|inhaler)|exercise|work out|walk (?:more|every|each|to)|eat (?:healthy|healthier|better|less|more (?:fruit|vegetables|veg))|drink (?:less|water|fewer)|go for (?:a )?walks?|get (?:some )?(?:help|support|exercise|active|sober|clean)|(?:be|get) (?:more )?active|ask for help|find (?:a job|work|help|support)|stay (?:sober|clean|off|away)|be (?:really |more |a lot )?(?:healthy|active|fit|sober|clean)|(?:some |more |a little )?(?:help|support|advice)\b|follow through|work (?:through|on) (?:my|the|it|this|that)|(?:go|get|come|cut) (?:it )?(?:down|back) to|have (?:no|zero|fewer|less|only one|just one)|(?:be|go|stay) (?:alcohol|smoke|drug)-?free)\b/;
/** A bare change verb whose object the conversation already gave ("I want to quit", "I've cut down"). */
const BARE_CHANGE = /^(?:stop|quit|cut (?:down|back)|reduce|give (?:it|that|them|this) up|give up|cut it out|kick (?:it|the habit))\s*$/;
/** Words that point back to what was proposed: "I'll do that", "I could try it". */
const ANAPHORA = /^(?:(?:do|try|start|manage|handle|make) )?(?:it|that|this|so|them|those)?\s*$|^(?:give it a (?:try|go|shot)|make it|stick (?:to|with) (?:it|that)|keep (?:it|that) up|do (?:something|more|better))\b/;

/** +1 toward change, -1 toward the status quo, 0 when the target is neither (or unclear). */
export function predicateDirection(predicate: string, context: DirectionContext): Direction {
  const p = predicate.replace(/[.!?,;:]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (/^(?:be able to )?(?:die|kill|hurt|harm|end(?! up))\b/.test(p)) return 0;
  // Becoming dependent is the status quo carried on.
  if (/^(?:become|get|be|end up) (?:addicted|hooked|dependent|an alcoholic|an addict|like my)\b/.test(p)) return -1;
  if (BARE_CHANGE.test(p) || CHANGE_NAMED.test(p)) return 1;
  // "Start" is a change only by what is started ("start walking", not "start off on the violin").
  const started = p.match(/^(?:start|begin)(?: to| off| out| again| over)? (.+)$/);
  // Starting a new activity ("started walking in the mornings") is a change; starting the behaviour is not.
  if (started) return /^(?:drink|drinking|smok|using|use|gambl|vap)/.test(started[1]!) ? -1 : /^\w+ing\b/.test(started[1]!) ? 1 : predicateDirection(started[1]!, context);
  if (/^(?:start|begin)\b/.test(p)) return 0;
  const target = targetDirection(p);
  if (target !== 0) return target;
  if (HEALTH_TARGET.test(p)) return 1;
  if (ANAPHORA.test(p)) return context.answers();
  return 0;
}

/** Hedges of two words, set aside like one adverb ("kind of tired", "at least try"). */
const HEDGE_PAIR = new Set(['kind of', 'sort of', 'at least', 'a little', 'a bit', 'a lot', 'you know', 'i mean']);
const HEDGE_PAIR_PATTERN = /\b(?:kind of|sort of|at least|a little|a bit|a lot|you know|i mean)\b/;
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

/** Worth reading at all: the voice's own subject, a thing ("it", "that") or the behaviour, or a goal. */
const READABLE: Record<Voice, RegExp> = {
  speaker: /\b(?:i|we|it|that|this|nothing|goal|aim|plan|hope|drink\w*|drank|alcohol|smok\w*|cigarettes?|drugs|weed|booze|beer|wine|coffee|caffeine|nicotine|cannabis|gambl\w*|vap\w*|partying)\b/,
  listener: /\b(?:you|it|that|this|nothing|goal|aim|plan|hope|drink\w*|drank|alcohol|smok\w*|cigarettes?|drugs|weed|booze|beer|wine|coffee|caffeine|nicotine|cannabis|gambl\w*|vap\w*|partying)\b/,
};

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
    if (at > 0 && LISTENER_FRAME.test(words.slice(i, at).map((w) => w.word).join(' '))) return at + 1;
  }
  // A fragment with no subject that opens with its verb ("want to stop", "not drink", "could probably do that").
  if (first && voice === 'speaker' && i < words.length && /^(?:VERB|AUX|PART)$/.test(words[i]!.pos) && !/^(?:is|was|are|were|be|been|get|got|go|going|see|know|thank|let|mean|guess|tell|say|said)$/.test(words[i]!.word)) return i;
  return -1;
}

const GOAL: Record<Voice, RegExp> = {
  speaker: /^(?:(?:and|but|so|well) )?(?:what i (?:really )?(?:want|would like|would love|need|hope|plan)(?: to do)? is|all i want(?: to do)? is|my (?:goal|aim|hope|plan) (?:is|would be)|the (?:goal|plan) (?:is|would be)) (?:to |for me to |that i )?(?:maybe |just |probably )*(.+)$/,
  listener: /^(?:(?:and|but|so) )?(?:what you (?:really )?(?:want|would like|would love|need|hope|plan)(?: to do)? is|all you want(?: to do)? is|your (?:goal|aim|hope|plan) (?:is|would be)) (?:to |for you to |that you )?(?:maybe |just |probably )*(.+)$/,
};

/** Evaluations of the behaviour or of its effects, for reasons ("it helps me relax", "it's not good for him"). */
const GOOD = /\b(?:help|helps|helped|relax|relaxes|relaxed|relaxing|relaxation|calm|calms|calming|fun|enjoy|enjoyable|good|great|nice|fine|harmless|normal|safe|escape|unwind|unwinding|stress relief|de-?stress|destress|loosen|loosened|social|tastes?|me time|my only)\b/;
const BAD = /\b(?:bad|badly|harm|harms|harmful|hurt|hurts|hurting|damage|damaging|affect|affects|affecting|affected|ruin|ruins|ruining|cost|costs|costing|problem|problems|trouble|sick|hangovers?|worse|dangerous|risk|risky|stupid|expensive|waste|wasting|addicted|addictive|unhealthy|toxic|killing|disgusting|gross|messed up|screwed up|scary|embarrassing|awful|terrible|out of (?:hand|control)|too much)\b/;
/** A way of saying the behaviour is nothing much ("not a big deal", "no big deal", "not that much"). */
const MINIMISED = /\b(?:no big deal|not (?:a |that |such a |really a |much of a |that big of a )?(?:big )?(?:deal|problem|issue)|not (?:that|so|really) (?:much|bad|often|many|serious)|only (?:once|twice|a (?:couple|few|little|bit))|do not (?:drink|smoke|use) (?:that|very|too) (?:much|often|many)|not (?:a |an )?(?:heavy |big |problem |real )?(?:drinker|smoker|alcoholic|addict|user)|not (?:addicted|hooked|dependent))\b/;
/** What the behaviour costs, lived through: hangovers, trouble, missed school, guilt. */
const COST_LIVED =
  /^(?:had|have|has|get|got|gets|getting|was|were|am|feel|felt|feeling|ended up|end up|woke up|wake up|keep|kept|started|start)\b(?: \w+){0,3}? (?:a hangover|hangovers?|hung over|sick|in trouble|into trouble|grounded|caught|arrested|a fight|in fights|into fights|blacked out|a blackout|passed out|throwing up|threw up|fired|suspended|kicked out|guilty|ashamed|embarrassed|jittery|shaky|addicted|hooked|out of control|worse)\b|^(?:missed|miss|lost|lose|forgot|crashed|wrecked|ruined|hurt|threw up|blacked out|passed out|regret|regretted)\b(?! (?:you|him|her|them|it)\b)/;
const FED_UP = /^(?:am|are|get|getting|was) (?:so |really |just |kind of )?(?:sick|tired|fed up|sick and tired) of\b/;
const WORRIED = /^(?:am|are|was|get|feel|have been) (?:a (?:little|bit) |a little bit |really |very |kind of |so |quite )?(?:worried|concerned|guilty|ashamed|embarrassed) (?:about|that|when|for|of)\b|^(?:have|had|got) (?:any |some |a few |real |a lot of )?(?:concerns?|worries)\b/;
const LIKE = /^(?:like|love|enjoy|liked|loved|enjoyed|really like|need)\b/;
const DISLIKE = /^(?:hate|hated|can not stand|could not stand|am not happy with|dislike)\b/;
/** Obstacles to change: no time, no money, too hard. */
const OBSTACLE = /\b(?:(?:do not|never) have (?:the |enough |any )?(?:time|money|energy)|(?:can not|could not) afford|too (?:busy|hard|difficult|expensive|much work)|easier said than done|(?:is|it is|that is|seems|sounds) (?:so |really |too |very |just |pretty )?(?:hard|difficult|tough|impossible)|do not (?:know|see) how (?:i|to|it)|not (?:possible|realistic)|(?:have|got) (?:a |such a )?(?:busy|hectic|crazy|full) (?:schedule|life|week|job))\b/;
const NO_PROBLEM = /^(?:do not|never) (?:really )?(?:see|think|understand|know) (?:what|why|that|the|it|how|where)?.*\b(?:problem|big deal|issue|concern|harm|point|wrong|risk|evidence|reason|need)\b|^(?:do not|never) (?:have|think i have|got) (?:a|any|much of a) (?:problem|issue)\b|^(?:do not|never) (?:really )?care\b(?! (?:for|about (?:my|the) (?:kids|children|family|baby|son|daughter|wife|husband|health)))/;

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
    if (BAD.test(object) || BEHAVIOUR_IN.test(object) || /\b(?:like this|this way|the way (?:i am|things are|it is)|feeling like this|waking up|hiding|lying|worrying)\b/.test(object) || (/^ (?:it|that)\b/.test(object) && context.problemNamed)) return cued(1);
    return 0;
  }
  if (WORRIED.test(restText)) return cued(flip(1));
  const negatedText = `${negations > 0 ? 'do not ' : ''}${restText}`;
  if (NO_PROBLEM.test(negatedText) || MINIMISED.test(negatedText)) return -1;
  if (OBSTACLE.test(negatedText)) return obstacle(negatedText, context);
  // "I know | it's not good for him", "I don't think | I can stop": a frame of knowing or believing kept in
  // one clause by the tagger; what it frames is read on its own, a denied belief turning it round.
  const frame = restText.match(/^(?:know|knew|think|thought|guess|believe|feel like|suppose|realize|realise|understand|figure|reckon)(?: that)? (?=\S)/);
  if (frame && rest.length > frame[0].split(' ').length) {
    const inner = rest.slice(frame[0].trim().split(' ').length);
    const framed = clauseDirection({ ...clause, tokens: inner, text: inner.map((t) => t.word).join(' '), subject: 'none' }, voice, context, false, after, reading);
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
    if (d === 0 && negations + inner === 1 && /^(?:commitment|desire|need)$/.test(cue.kind) && voice === 'speaker' && predicateTokens[0]?.pos === 'VERB' && !/^(?:be|have|get|go|do|see|know|say|tell|think|feel|lose|hurt|become|end)$/.test(predicateTokens[0]!.lemma)) return -1;
    if (d === 0 && cue.kind === 'commitment' && voice === 'speaker' && predicateTokens[0]?.pos === 'VERB' && !/^(?:be|have|get|go|do|see|know|say|tell|think|feel|need|want|make)$/.test(predicateTokens[0]!.lemma)) d = 1;
    if (d === 0) return 0;
    if (reading) Object.assign(reading, { cue: true, negated: negations > 0 });
    return (negations + inner) % 2 === 1 ? (-d as Direction) : d;
  }
  if (LIKE.test(restText)) {
    const object = restText.replace(LIKE, '').replace(/^to /, '').trim();
    const d = object === '' || /^(?:it|that|this)\b/.test(object) ? (context.problemNamed ? -1 : 0) : targetDirection(baseForm(asTokens(object)));
    return d === -1 ? flip(-1) : 0;
  }
  if (DISLIKE.test(negatedText) || (negations > 0 && LIKE.test(restText))) {
    // The object may be the next clause ("I don't like | when I get sick").
    const object = `${restText.replace(LIKE, '').replace(DISLIKE, '').trim()} ${after}`.trim();
    if (BAD.test(object) || targetDirection(baseForm(asTokens(object))) === -1 || (/^(?:it|that)\b/.test(object) && context.problemNamed)) return 1;
    return 0;
  }
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
  if (/^(?:it|that|this|nothing)\b(?: \w+){0,2} (?:never|not|no longer) (?:\w+ )?(?:works?|worked|helps?|helped|lasts?|lasted)\b|^nothing (?:works|helps|worked|helped)\b/.test(text.slice(text.indexOf(subject.word)))) return -1;
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

/** The behaviour named as a thing or an activity ("drinking", "the cigarettes", "alcohol"). */
const BEHAVIOUR_WORD = /^(?:drink|drinks|drinking|booze|boozing|smoke|smoking|vape|vaping|gambling|betting|binge|bingeing|binging|purging|alcohol|cigarettes?|drugs|weed|cannabis|beer|wine|coffee|caffeine|nicotine|partying)$/;

const BEHAVIOUR_IN = new RegExp(`\\b(?:${BEHAVIOUR_WORD.source.slice(4, -2)})\\b`);

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

/** Words before a target that leave it what it is ("maybe try to", "consider", "think about"). */
const LEAD_WORD = /^(?:like|really|just|actually|definitely|finally|properly|seriously|honestly|also|still|probably|maybe|perhaps|eventually|soon|slowly|gradually|try|and|to|consider|considering|think|thinking|about|of|start|starting|begin)$/;

/**
 * The predicate with its first verb in its dictionary form ("trying to going back to one drink" → "go back
 * to one drink"); "start" stays when what follows is the behaviour itself ("start drinking again").
 */
function baseForm(tokens: readonly Token[]): string {
  let i = 0;
  while (i < tokens.length - 1 && LEAD_WORD.test(tokens[i]!.word) && !(/^(?:start|starting|begin)$/.test(tokens[i]!.word) && /^(?:drink|drinking|smok|using|use|gambl)/.test(tokens[i + 1]!.word))) i++;
  const words = tokens.slice(i).map((t) => t.word);
  const first = tokens[i];
  if (!first) return '';
  const head = first.pos === 'VERB' && !/^(?:drinking|smoking|using|gambling|vaping)$/.test(first.word) ? first.lemma : first.word;
  return [head, ...words.slice(1)].join(' ');
}

/** A string read as a predicate, where no tokens are at hand. */
function asTokens(text: string): Token[] {
  return text.split(' ').filter(Boolean).map((word) => ({ word, lemma: word, pos: 'X' }));
}

/** "I don't think | I can stop": a doubting frame turns the next clause round. */
const DOUBTING = /^(?:(?:and|but|so|well) )?(?:i|we) (?:do not|really do not|honestly do not|never) (?:really )?(?:think|believe|know if|know whether|see how|reckon|feel like)$|^(?:(?:and|but|so) )?(?:i|we) (?:doubt|am not sure|am not convinced)(?: if| whether| that)?$/;
/** "My wife thinks | I should stop": someone else's view, not the client's. */
const REPORTED = /\b(?:thinks?|says?|said|wants?|told me|tells me|reckons?|believes?|keeps saying|keeps telling me)$/;
/** "If I stopped, | I'd feel better": a change imagined with its consequence is a reason. */
const CONDITION = /^(?:(?:and|but|so) )?(?:if|when|once) (?:i|we|you) (.+)$/;
const GOOD_CONSEQUENCE = /\b(?:better|healthier|happier|more (?:money|time|energy)|save|saving|proud|easier|good|great|nice|live longer|be there)\b/;
const BAD_CONSEQUENCE = /\b(?:worse|lose|losing|die|dying|sick|hurt|damage|trouble|arrested|jail|prison|detention|suspended|expelled|fired|kicked out|miss|regret|cancer|disease|heart attack|stroke|liver|consequences?|violations?|warrant|danger|dangerous|risk)\b/;

/** Clause-by-clause directions of one sentence, read in `voice` (0 for clauses that lean nowhere). */
export function sentenceDirections(sentence: Sentence, voice: Voice, context: DirectionContext): Direction[] {
  const clauses = joinedClauses(sentence.clauses);
  const out: Direction[] = [];
  for (let i = 0; i < clauses.length; i++) {
    const clause = clauses[i]!;
    const text = clause.text.replace(/[.,!?;:]+/g, '').replace(/\s+/g, ' ').trim();
    const before = i > 0 ? clauses[i - 1]!.text.replace(/[.,!?;:]+/g, '').trim() : '';
    if (i > 0 && clauses[i - 1]!.subject === 'other' && REPORTED.test(before)) {
      out.push(0);
      continue;
    }
    const condition = text.match(CONDITION);
    const next = clauses[i + 1];
    if (condition && next) {
      // The condition's own direction, weighed by its consequence: good for a change is a reason for it.
      const own = clauseDirection({ ...clause, tokens: clause.tokens.slice(clause.tokens.findIndex((t) => /^(?:if|when|once)$/.test(t.word)) + 1) }, /\byou\b/.test(condition[0]!.split(' ').slice(0, 3).join(' ')) ? 'listener' : voice, { ...context, answers: UNANSWERED }, true);
      const then = next.text;
      const sign = GOOD_CONSEQUENCE.test(then) && !BAD_CONSEQUENCE.test(then) ? 1 : BAD_CONSEQUENCE.test(then) ? -1 : 0;
      out.push((own * sign) as Direction, 0);
      i++;
      continue;
    }
    const after = clauses.slice(i + 1).map((c) => c.text).join(' ');
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
      out[out.length - 1] = { ...last, text: `${last.text} ${clause.text}`, lemmas: `${last.lemmas} ${clause.lemmas}`, tokens: [...last.tokens.filter((t) => t.pos !== 'PUNCT'), ...clause.tokens], negated: last.negated || clause.negated };
    } else out.push(clause);
  }
  return out;
}

/** "I've tried that before and it never works": a clause joined to one about a thing, which the language layer keeps whole. */
function splitAtThing(clause: Clause): Clause[] {
  if (!/ (?:and|but) (?:it|that|this|there|nothing|things)\b/.test(clause.text)) return [clause];
  const at = clause.tokens.findIndex((t, i) => i > 1 && /^(?:and|but)$/.test(t.word) && /^(?:it|that|this|there|nothing|things)$/.test(clause.tokens[i + 1]?.word ?? ''));
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

/** A change named as a thing ("no more alcohol", "cutting down on smoking", "a day without a drink"). */
const CHANGE_NAMED = /\b(?:without|no more|zero|less|fewer|cutting (?:down|back)(?: on)?|quitting|stopping|giving up|reducing|reduction in|a break from|time off) (?:\w+ )?(?:alcohol|drinking|drinks?|smoking|cigarettes?|drugs|using|gambling|caffeine|coffee)\b/;

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

const PROPOSED = /\b(?:stop|stopping|quit|quitting|cut(?:ting)? (?:down|back|out)|reduce|reducing|give (?:it |that |them )?up|giving (?:it |that |them )?up|go without|drink less|smoke less|set a goal)\b(?! (?:by|in|at|over|for a (?:second|minute)))/;

/** Behaviours people come to change, named: so "it" in "it helps me relax" can stand for one. */
export function namesProblem(sentences: readonly Sentence[]): boolean {
  return sentences.some((s) => /\b(?:drink\w*|drank|alcohol|booze|beer|wine|smok\w*|cigarettes?|vap\w*|drugs?|weed|cannabis|pot|cocaine|heroin|meth|pills|gambl\w*|betting|coffee|caffeine|partying|parties)\b/.test(s.text));
}

/** Every pattern this reading matches, for the engine's rubric hash. */
export const DIRECTION_PATTERNS: readonly RegExp[] = [
  ...CUES.map((c) => c.pattern), HEALTH_TARGET, BARE_CHANGE, ANAPHORA, GOAL.speaker, GOAL.listener, CHANGE_NAMED, PROPOSED, HEDGE_PAIR_PATTERN, LEAD_WORD, READABLE.speaker, READABLE.listener, BEHAVIOUR_WORD, LISTENER_FRAME, GOOD, BAD, MINIMISED, COST_LIVED, FED_UP, WORRIED, LIKE, DISLIKE, OBSTACLE, NO_PROBLEM, DOUBTING, REPORTED, CONDITION, GOOD_CONSEQUENCE, BAD_CONSEQUENCE,
];
