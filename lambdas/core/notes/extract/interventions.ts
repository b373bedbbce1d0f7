/**
 * What the therapist did, in the modality's own terms (CLINICAL-GUIDE §1, "Interventions in the modality's
 * language"), each with the therapist turns that show it, the client's answers, a short verbatim quote and,
 * when clear, what it was applied to.
 *
 * Precision first: a technique is named only when a therapist sentence does it now. A move (a question that
 * examines the evidence, a reflection, a ruler) counts as it is said; a technique named by name (a thought
 * record, TIPP, breathing) counts only in a frame that does it now ("let's…", "try…", "what goes in the
 * first column?"), never when the client's past use is mentioned, when it is set as homework (that is the
 * homework), or when the therapist plans it for next time. MI counts belong to supervision: each technique
 * is returned once, with its turns. Pure.
 */
import type { Sentence } from '../../language/index.js';
import { extractHomework, HISTORY, SESSION_PLAN, assignmentIn } from './homework.js';
import { answerAfter, type ExtractInput, type ReadTurn } from './input.js';
import { isQuestion, quoteAround } from './uptake.js';

export type Modality = 'CBT' | 'MI' | 'DBT' | 'ACT' | 'supportive' | 'psychiatry' | 'risk' | 'process';

export interface Intervention {
  /** Stable key for the technique (`cbt.examining-evidence`, `mi.ruler.confidence`). */
  id: string;
  /** Its clinical name, as a note writes it ("examining the evidence"). */
  label: string;
  modality: Modality;
  /** Therapist turns that show it, in order. */
  turnIds: string[];
  /** The client's answer to each, when there was one. */
  responseTurnIds: string[];
  /** The therapist's words that show it, verbatim (from the first turn). */
  quote: string;
  /** What it was applied to, when clear (a thought in the client's words, a medication and dose, a topic). */
  topic?: string;
}

interface Found {
  /** Index of the match in the sentence's normalised text. */
  index: number;
  topic?: string;
  /** A label more specific than the rule's ("box breathing"). */
  label?: string;
}

interface Context {
  input: ExtractInput;
  turn: ReadTurn;
  sentence: Sentence;
}

interface Rule {
  id: string;
  label: string;
  /** `mindfulness` and validation belong to whichever of DBT, ACT or supportive work the session shows. */
  modality: Modality | 'by-session';
  /** Over a therapist sentence's normalised text; any one shows it. */
  patterns: RegExp[];
  /**
   * `move`: the sentence itself does it (a question, a reflection). `named`: the technique is named and must
   * be in a frame that does it now, not as past use, homework or a plan.
   */
  kind: 'move' | 'named';
  /** The sentence must ask. */
  question?: boolean;
  /** The sentence must not ask (reflections, affirmations). */
  statement?: boolean;
  /** Sentences that look like it but are not. */
  unless?: RegExp;
  /** A negator just before the match does not undo it ("is there anything that does not fit?"). */
  negationIsPart?: boolean;
  /** Turns needed before it is named (for moves common enough that one alone says little). */
  minTurns?: number;
  /** Extra test on the whole context (client material before it, the answer). */
  when?: (ctx: Context, match: RegExpExecArray) => boolean;
  topic?: (ctx: Context, match: RegExpExecArray) => string | undefined;
  label_?: (match: RegExpExecArray) => string | undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Frames shared by rules

/** A frame that does a named technique now. */
const DOING_NOW =
  /\b(?:let us|let me (?:show|teach|walk|introduce|explain|guide|take)|shall we|can we|could we|we (?:can|could|are going to|will|might) (?:now |today |just )?(?:do|try|practise|practice|go through|work through|work on|look at|fill|start|use|build|make|put|spend|rank|map|plot|break|slow)|i (?:want|would like|am going) to (?:show|teach|introduce|go through|walk you through|guide|do|try|practise|practice|look at|take you through|map)|i would like (?:us|you) to (?:try|do|practise|practice|look at|go through|fill|rank|imagine|close|notice)|(?:would|are) you (?:be )?(?:willing|open|up for)(?: to)? (?:try|do|give|practise)|(?:is|it is|this is|that is) (?:what we )?call(?:ed)?|have you (?:heard of|come across)|one (?:skill|thing|technique|tool|strategy|way) (?:that |which )?(?:we|you|people) (?:could|can|might|use)|the idea (?:is|of|behind)|what (?:goes|would go|would you put|do we put) in|(?:first|next|second|third|fourth|last) (?:column|box|step|rung)|right now|in this moment|together|here in (?:the|this) (?:session|room)|with me now|as we (?:sit|talk)|how about we|why do not we|we will start)\b/;
/** An instruction given in the room ("breathe in…", "close your eyes", "notice your feet"). */
const IMPERATIVE_START =
  /^(?:(?:so|okay|ok|now|alright|right|and|just|gently|slowly|first|then|next)[, ]+)*(?:try|take|breathe|close|notice|let|imagine|picture|put|place|tense|relax|hold|focus|bring|rate|write|fill|rank|start|pick|keep|say|repeat|allow|open|feel|squeeze|release|count|name|describe|observe|look|listen)\b/;
/** The client's past use told now, which is not the technique being done. */
const PAST_USE =
  /\b(?:you (?:used|tried|did|learned|learnt|had|were taught|mentioned|said|told me|found|were doing)|used to|you have (?:used|tried|done)|last (?:year|month|time you were)|years ago|in the past|your (?:previous|old|last|other) (?:therapist|counsellor|counselor|group|psychologist)|back (?:then|when)|when you were)\b/;

function negatedBefore(text: string, index: number): boolean {
  return /\b(?:not|never|no need to|do not have to|no)\b(?:\s+\S+){0,3}\s*$/.test(text.slice(0, index));
}

/** The client turns before this one, nearest first. */
function clientBefore(ctx: Context, within: number): ReadTurn[] {
  return ctx.input.turns
    .slice(Math.max(0, ctx.turn.index - within), ctx.turn.index)
    .filter((t) => t.role === 'client')
    .reverse();
}

/** Therapist words about the client ("you are…", "your…") in the client's voice ("i am…", "my…"). */
function inClientVoice(text: string): string {
  return text
    .replace(/\byou are\b/g, 'i am')
    .replace(/\byou were\b/g, 'i was')
    .replace(/\byourself\b/g, 'myself')
    .replace(/\byour\b/g, 'my')
    .replace(/\byou\b/g, 'i')
    .trim();
}

/**
 * The thought a technique was applied to, in the client's words: the thought the therapist names, found in
 * what the client said before; or, when the therapist points back ("that", "this thought"), a thought the
 * client just voiced ("I thought I was useless"). Nothing when neither is clear.
 */
function thoughtTopic(ctx: Context, match: RegExpExecArray): string | undefined {
  const after = ctx.sentence.text.slice(match.index);
  const named =
    /\b(?:thought|belief|idea|evidence|true|believe|prove|supports?|against)\b(?:\s+(?!that\b)\w+){0,5}?\s+that\s+((?:you|nobody|no one|everyone|everybody|people|they|he|she|it|things)\b[^,?.!]{3,60})/.exec(
      after,
    ) ?? /\b(?:thought|belief|idea)\s+(?:of\s+)?((?:you|nobody|no one|everyone|everybody|people|they)\b[^,?.!]{3,60})/.exec(after);
  const clients = clientBefore(ctx, 8);
  if (named?.[1]) {
    const wanted = inClientVoice(named[1]).split(' ').slice(0, 6).join(' ');
    for (const c of clients) for (const s of c.sentences) if (s.text.includes(wanted)) return quoteAround(s, s.text.indexOf(wanted), 16);
    return undefined;
  }
  const previous = clients[0];
  if (!previous || ctx.input.turns[ctx.turn.index - 1] !== previous) return undefined;
  for (const s of previous.sentences) {
    const m =
      /\b(?:i (?:thought|think|was thinking|keep thinking|told myself|tell myself|just knew|know)|the thought (?:was|is)|my mind (?:says|said|tells me|told me))(?: that)? (i am|i will|i can not|i could not|i was|i never|i always|nobody|no one|everyone|they all|everybody|people)\b/.exec(
        s.text,
      );
    if (m) return quoteAround(s, m.index, 16);
  }
  return undefined;
}

const MEDICATIONS =
  /\b(?:sertraline|zoloft|fluoxetine|prozac|citalopram|celexa|escitalopram|lexapro|cipralex|paroxetine|paxil|seroxat|fluvoxamine|venlafaxine|effexor|desvenlafaxine|duloxetine|cymbalta|mirtazapine|remeron|bupropion|wellbutrin|trazodone|vortioxetine|trintellix|agomelatine|amitriptyline|nortriptyline|clomipramine|imipramine|phenelzine|lithium|lamotrigine|lamictal|valproate|depakote|sodium valproate|carbamazepine|tegretol|quetiapine|seroquel|olanzapine|zyprexa|risperidone|risperdal|aripiprazole|abilify|lurasidone|latuda|clozapine|clozaril|haloperidol|paliperidone|cariprazine|brexpiprazole|ziprasidone|lorazepam|ativan|diazepam|valium|clonazepam|klonopin|alprazolam|xanax|zopiclone|zolpidem|ambien|buspirone|hydroxyzine|pregabalin|gabapentin|propranolol|prazosin|methylphenidate|ritalin|concerta|lisdexamfetamine|vyvanse|elvanse|adderall|atomoxetine|strattera|guanfacine|naltrexone|acamprosate|disulfiram|buprenorphine|suboxone|methadone|melatonin|antidepressants?|anti-depressants?|antipsychotics?|mood stabili[sz]ers?|sleeping (?:pills|tablets))\b/;
const DOSE = /\b\d+(?:\.\d+)? ?(?:mg|milligrams?|mcg|micrograms?|ml)\b/;

function medicationTopic(ctx: Context): string | undefined {
  // The sentence, its turn, the answer, then the few turns before (a dose said a moment ago).
  const texts = [ctx.sentence.text, ...ctx.turn.sentences.map((s) => s.text)];
  const answer = answerAfter(ctx.input, ctx.turn.index);
  if (answer) texts.push(...answer.sentences.map((s) => s.text));
  for (const t of ctx.input.turns.slice(Math.max(0, ctx.turn.index - 6), ctx.turn.index).reverse()) texts.push(...t.sentences.map((s) => s.text));
  const name =
    texts.map((t) => MEDICATIONS.exec(t)?.[0]).find((x) => x && !/antidepress|anti-depress|antipsych|stabili|sleeping/.test(x)) ??
    texts.map((t) => MEDICATIONS.exec(t)?.[0]).find((x) => x);
  if (!name) return undefined;
  const dose = texts
    .filter((t) => t.includes(name))
    .map((t) => DOSE.exec(t)?.[0])
    .find((x) => x);
  return dose ? `${name} ${dose}` : name;
}

/** The person grieved, when the client named a death before this turn. */
const DEATH =
  /\b(?:died|passed away|passed on|passing|death|funeral|lost (?:my|our|him|her)|loss of|bereave\w*|killed in|stillborn|miscarri\w*|since (?:he|she) (?:went|died))\b/;

function deathBefore(ctx: Context): boolean {
  return clientBefore(ctx, 30).some((c) =>
    c.sentences.some((s) => DEATH.test(s.text) && !/\b(?:phone|battery|car|laptop|plant)s? (?:has |had )?died\b/.test(s.text)),
  );
}

const PSYCHOED_TOPICS =
  /\b(?:anxiety|panic(?: attacks?)?|depression|low mood|sleep|insomnia|worry|stress|fight[ -]or[ -]flight|adrenaline|the (?:body's )?alarm system|avoidance|safety behaviou?rs?|the (?:vicious|panic|worry|avoidance) (?:cycle|circle)|(?:the )?cbt (?:model|triangle)|cognitive triangle|hot cross bun|grief|trauma|ptsd|flashbacks?|dissociation|the window of tolerance|emotions?|urges?|cravings?|withdrawal|alcohol|the brain|habituation|rumination|medication|side effects|hyperventilation|nervous system|self-compassion|perfectionism|burnout|post-?natal depression|postpartum depression|bipolar|psychosis|ocd|intrusive thoughts|eating disorders?|binge(?:ing)?|restriction)\b/;

function psychoedTopic(ctx: Context, match: RegExpExecArray): string | undefined {
  const named = PSYCHOED_TOPICS.exec(ctx.sentence.text.slice(Math.max(0, match.index - 40)));
  return named?.[0];
}

// ---------------------------------------------------------------------------------------------------------
// The techniques

const FEELING =
  /\b(?:afraid|scared|frightened|anxious|worried|nervous|sad|hurt|angry|furious|frustrated|resentful|lonely|alone|ashamed|guilty|embarrassed|exhausted|overwhelmed|hopeless|helpless|stuck|torn|trapped|relieved|proud|disappointed|betrayed|abandoned|rejected|invisible|unheard|unappreciated|let down|grief|grieving|heartbroken|desperate|fed up|worn out|on edge|powerless|responsible|conflicted|ambivalent|pulled|caught between|burden|pressure|longing|humiliated|devastated|numb|empty|worthless|failure|not good enough)\b/;
const REFLECT_STEM =
  /^(?:(?:so|and|okay|ok|yes|yeah|right|mm|hmm)[, ]+)*(?:it sounds (?:like|as if|as though)|sounds (?:like|as if)|it seems (?:like|as if|as though)|it feels (?:like|as if)|what i am hearing(?: is)?|i am hearing|you are (?:feeling|saying|telling me|wondering|worried|afraid|scared|torn|caught|stuck|tired|really)|you feel|you felt|you have been feeling|you are not sure|you really|you want|you would like|you do not want|part of you|on the one hand|it is like|i get the sense|i sense|i wonder if (?:you|part)|so you|you are)\b(?! (?:can|could|should|will|need to|have to|might want|welcome|right)\b)/;

const RULES: Rule[] = [
  // CBT ------------------------------------------------------------------------------------------------
  {
    id: 'cbt.agenda',
    label: 'collaborative agenda setting',
    modality: 'CBT',
    kind: 'move',
    patterns: [
      /\b(?:set|setting|make|build|agree on|put together) (?:an|the|our|a|today's) agenda\b/,
      /\b(?:put|add|have) (?:on|to) (?:the|our|today's) agenda\b/,
      /\b(?:on|for) (?:the|our|today's) agenda\b/,
      /\bwhat (?:would|do) you (?:like|want) to (?:focus on|cover|work on|prioriti[sz]e|make sure we (?:cover|get to)|talk about) (?:today|in (?:today's|this) session|this session)\b/,
      /\b(?:today|this session),? (?:i (?:was thinking|thought) we (?:could|might)|i would like us to|i suggest we) (?:cover|focus on|look at|spend|work on)\b/,
      /\bis there anything (?:else )?you (?:would like|want) to (?:add|make sure we (?:cover|get to)|put on)\b/,
    ],
    unless: /\b(?:running out of|out of time|nearly (?:out of )?time|almost (?:out of )?time|time is up|we have to stop)\b/,
  },
  {
    id: 'cbt.thought-record',
    label: 'thought record',
    modality: 'CBT',
    kind: 'named',
    patterns: [/\bthought (?:record|diary|log|sheet|form)s?\b|\b(?:seven|7|three|3|five|5)[- ]column\b|\b(?:first|second|third|next|last) column\b/],
  },
  {
    id: 'cbt.automatic-thoughts',
    label: 'identifying automatic thoughts',
    modality: 'CBT',
    kind: 'move',
    question: true,
    patterns: [
      /\bwhat (?:was|is|were|are) (?:going|running|racing) through your (?:mind|head)\b/,
      /\bwhat (?:thoughts?|went through your (?:mind|head)|did you (?:say|tell) (?:to )?yourself|was the thought|were you (?:thinking|telling yourself)|are you (?:telling yourself|thinking right now)|did your mind (?:say|tell you))\b(?! about (?:the|your) (?:session|plan|homework))/,
      /\bwhat (?:is|was) your mind (?:telling|saying)\b/,
      /\b(?:automatic|hot|negative automatic) thoughts?\b/,
      /\bwhat (?:does|did) (?:that|it) (?:say|mean) about you\b/,
      /\bwhat (?:is|was) the worst (?:that|thing that) (?:could|might|would) happen\b/,
    ],
    unless: /\bwhat (?:thoughts? )?do you (?:have|think) (?:about|on) (?:the|that|this|your) (?:plan|idea|suggestion|homework|session|medication|dose)\b/,
    topic: thoughtTopic,
  },
  {
    id: 'cbt.examining-evidence',
    label: 'examining the evidence',
    modality: 'CBT',
    kind: 'move',
    negationIsPart: true,
    patterns: [
      /\b(?:the )?evidence (?:for|that|against|supporting|to support|you have|is there|do you have|tells you|suggests?|says)\b|\bwhat (?:is|would be|was) the evidence\b|\bany evidence\b/,
      /\bwhat (?:tells|told|makes|made) you (?:think|believe|sure|so sure|certain|know)\b.*\b(?:true|the case|fact|really|will|would|are|is|was)\b|\bwhat tells you that\b/,
      // normaliseSpeech drops "you know" as a filler, so "how do you know that's true?" arrives as "how do that is true?".
      /\bhow do (?:you know )?(?:that|it|this)(?: is| will| would)?(?: (?:true|happen|the case))?\s*\??$|\bhow (?:sure|certain) are you (?:that|it)\b/,
      /\b(?:is there|was there|can you think of) (?:anything|any(?: \w+)?|something|a time) (?:that|when)? ?(?:does not fit|did not fit|goes against|went against|contradicts|does not support|suggests otherwise|shows (?:it|that) (?:is not|was not) (?:true|the case))\b/,
      /\bis (?:that|it|this) (?:a )?(?:fact|feeling) or (?:a )?(?:feeling|thought|fact|opinion)\b|\b(?:facts|fact) (?:versus|vs|or) (?:feelings|opinions|thoughts)\b/,
      /\b(?:does|do) (?:that|the facts|the evidence) (?:support|back up)\b/,
    ],
    topic: thoughtTopic,
  },
  {
    id: 'cbt.restructuring',
    label: 'cognitive restructuring (balanced thought)',
    modality: 'CBT',
    kind: 'move',
    patterns: [
      /\b(?:a |an |the )?(?:balanced|alternative|more (?:helpful|realistic|balanced|compassionate)|kinder|fairer) (?:thought|way of (?:looking|seeing|thinking)|explanation|view|perspective|statement)\b/,
      /\b(?:another|other|a different) (?:way|ways) (?:of|to) (?:look|looking|see|seeing|think|thinking|explain|explaining) (?:at )?(?:it|this|that|the situation|what happened)\b/,
      /\bwhat (?:would|might|could) you (?:say|tell|suggest) (?:to )?(?:a|your) (?:friend|best friend|sister|brother|daughter|son|colleague)\b|\bif a friend (?:said|told|thought|was|were|had)\b/,
      /\b(?:thinking (?:trap|error|pattern|style)s?|cognitive distortions?|unhelpful thinking|all[- ]or[- ]nothing|black[- ]and[- ]white thinking|catastrophi[sz](?:ing|e)|mind[- ]reading|fortune[- ]telling|overgenerali[sz]\w+|should statements|emotional reasoning|personali[sz]ing|mental filter|jumping to conclusions|discounting the positive)\b/,
      /\b(?:reframe|reframing|challenge (?:that|the|this) thought|challenging (?:that|the|this) thought)\b/,
    ],
    topic: thoughtTopic,
  },
  {
    // Re-rating is its own move: it measures belief in the thought, it does not by itself offer a balanced one.
    id: 'cbt.rerating',
    label: 'how much the client still believes the thought, asked again',
    modality: 'CBT',
    kind: 'move',
    patterns: [/\bhow much do you (?:believe|buy) (?:it|that|the (?:original |first )?thought|that thought)(?: now)?\b|\bre-?rate (?:the|your|that)\b/],
    unless: /\bhow much do you believe (?:in )?(?:god|yourself|me)\b/,
    topic: thoughtTopic,
  },
  {
    id: 'cbt.behavioural-experiment',
    label: 'behavioural experiment',
    modality: 'CBT',
    kind: 'move',
    patterns: [
      /\bbehaviou?ral experiments?\b/,
      /\b(?:test|testing|check|checking) (?:that|this|it|the|your) (?:out|prediction|belief|thought|theory|fear)\b|\b(?:test|check) (?:it|that|this) out\b|\bput (?:it|that|this|the (?:belief|thought|prediction)) to the test\b/,
      /\bwhat do you (?:predict|expect) (?:will|would|is going to) happen\b|\byour prediction\b|\bhow (?:would|could|will|can) we (?:test|find out)\b/,
      /\b(?:an|the|little|small|this) experiment\b/,
    ],
    when: (ctx) =>
      !ctx.sentence.text.includes('experiment') ||
      /\b(?:test|predict|prediction|find out|try|set up|design|run|do|belief|happen|see what)\b/.test(ctx.turn.sentences.map((s) => s.text).join(' ')),
  },
  {
    id: 'cbt.activity-scheduling',
    label: 'activity scheduling (behavioural activation)',
    modality: 'CBT',
    kind: 'named',
    patterns: [
      /\bactivity (?:schedul\w*|monitoring|log|diary|chart|plan)\b|\bbehaviou?ral activation\b|\bmastery and pleasure\b|\bpleasant (?:activit\w+|events?)\b/,
      /\b(?:schedule|plan|planning|put|build|block) (?:in )?(?:some |one |a few |an )?(?:activit\w+|(?:things|something) (?:you|that) (?:enjoy|used to enjoy|give you|gives you)|time for)\b/,
      /\b(?:what|which) (?:activities|things) (?:used to|would|might|could) (?:give|bring) you (?:pleasure|joy|a sense of)\b/,
    ],
  },
  {
    id: 'cbt.exposure-hierarchy',
    label: 'exposure hierarchy',
    modality: 'CBT',
    kind: 'move',
    patterns: [
      /\b(?:fear|anxiety|exposure) (?:hierarchy|ladder)\b|\bhierarchy\b|\b(?:rank|order|rate) (?:these|them|those|the situations|each (?:one|situation))\b.*\b(?:scary|frightening|anxious|anxiety|hard|difficult|suds|0|zero|100|hundred)\b/,
      /\b(?:bottom|top|first|next|lowest|highest) (?:rung|step) (?:of|on) (?:the|your) ladder\b|\b(?:least|most) (?:scary|frightening|anxiety[- ]provoking|difficult) (?:situation|thing|one)\b/,
    ],
    unless: /\b(?:school|company|church|corporate|social) hierarchy\b/,
  },
  {
    id: 'cbt.exposure',
    label: 'exposure',
    modality: 'CBT',
    kind: 'move',
    patterns: [
      /\b(?:in vivo|imaginal|interoceptive|graded|prolonged) exposure\b|\bexposure (?:exercise|task|practice|work|session)\b|\bdo (?:an|the|some) exposures?\b/,
      /\bstay (?:with|in) (?:the|that|this) (?:anxiety|feeling|discomfort|situation|fear)\b.*\b(?:until|come down|drop|pass|settle)\b/,
      /\b(?:without|drop|dropping|stop using) (?:your |the |any )?safety behaviou?rs?\b/,
      /\b(?:what|where) (?:is|are) your (?:suds|anxiety) (?:now|right now|at)\b|\bsuds\b/,
      /\bresponse prevention\b|\bexposure and response prevention\b|\berp\b/,
    ],
  },
  {
    id: 'cbt.relaxation',
    label: 'relaxation and breathing',
    modality: 'CBT',
    kind: 'named',
    patterns: [
      /\b(?:breathe|breathing) (?:in|out) (?:for|through|slowly|deeply|to (?:a )?count)\b|\b(?:in|out) for (?:a count of )?(?:2|3|4|5|6|7|8|two|three|four|five|six|seven|eight)\b|\bhold (?:it |your breath )?for (?:2|3|4|5|6|7|two|three|four|five|six|seven)\b/,
      /\b(?:box|paced|square|belly|diaphragmatic|slow|deep|4-7-8|calm|calming|controlled) breathing\b|\bbreathing (?:exercise|technique|practice|skill)s?\b/,
      /\bprogressive (?:muscle|muscular) relaxation\b|\b(?:tense|clench|squeeze) (?:and|then) (?:relax|release|let go)\b|\brelaxation (?:exercise|technique|practice|script|recording)s?\b/,
      /\b(?:grounding|5-4-3-2-1|five things you can see)\b/,
    ],
    label_: (m) =>
      /ground|5-4-3|five things/.test(m[0])
        ? 'grounding exercise'
        : /relax|tense|clench|squeeze/.test(m[0])
          ? 'progressive muscle relaxation'
          : 'breathing exercise',
  },
  {
    id: 'cbt.problem-solving',
    label: 'problem solving',
    modality: 'CBT',
    kind: 'move',
    patterns: [
      /\bproblem[- ]solv\w+\b|\bbrainstorm\w*\b/,
      /\b(?:list|think of|come up with|write down|look at) (?:some |all the |the |a few |your |possible |different )*(?:options|solutions|choices|possible solutions)\b/,
      /\bwhat (?:options|choices|solutions) (?:do you have|are there|can you think of|could you)\b|\bpros and cons of (?:each|the|those|these) (?:option|solution|choice)s?\b/,
      /\b(?:which|what) (?:option|solution) (?:would you|do you want to|seems|looks) (?:pick|choose|try|best|most)\b|\bbreak (?:it|this|that|the problem) (?:down|into) (?:smaller|steps)\b/,
    ],
  },
  // MI -------------------------------------------------------------------------------------------------
  {
    id: 'mi.open-questions',
    label: 'evocative open questions',
    modality: 'MI',
    kind: 'move',
    question: true,
    patterns: [
      /\bwhat (?:concerns|worries) you (?:most )?about\b|\bwhat (?:are|would be) (?:some of )?(?:the |your )?(?:reasons|benefits) (?:for|to|of) (?:making|changing|cutting|stopping|quitting)\b/,
      /\bhow would you like (?:things|it|your life|life) to (?:be|look)\b|\bwhat (?:would|might|could) (?:be|look) (?:different|better) (?:if|when|for you)\b/,
      /\bwhy (?:might|would) you want to (?:make|change|cut|stop|quit)\b|\bwhat makes (?:this|it|that|changing|cutting down|stopping) (?:so )?important (?:to|for) you\b/,
      /\bwhat (?:do|would) you (?:hope|want) (?:to get|to happen|for yourself|will be different)\b|\bwhere do you (?:want|see yourself|hope) to (?:be|go)\b/,
      /\bhow (?:does|did|has) (?:your |the )?(?:drinking|smoking|using|gambling|use|weed|cannabis|drug use|eating) (?:fit|affect|get in the way|affected)\b/,
    ],
  },
  {
    id: 'mi.affirmation',
    label: 'affirmation',
    modality: 'MI',
    kind: 'move',
    statement: true,
    patterns: [
      /\b(?:that|this|it) (?:took|takes|must have taken|shows|showed) (?:a lot of |real |so much |some )?(?:courage|guts|strength|determination|commitment|bravery|effort|honesty)\b/,
      /\byou (?:have|had) (?:clearly |really |obviously )?(?:been )?(?:worked|working|tried|trying) (?:really |so )?hard\b|\byou (?:have|had) put (?:a lot of|so much|real) (?:work|effort) in\b/,
      /\bi am (?:really |so )?(?:impressed|struck|moved) (?:by|with|at|that|how)\b|\byou should (?:be|feel) (?:really )?proud\b|\bi (?:really )?admire\b/,
      /\b(?:that is|that was|what) (?:a |an )?(?:real |big |huge |great |important |significant )?(?:achievement|accomplishment|step forward|success)\b/,
      /\byou (?:clearly|really|obviously|genuinely) (?:care|love|want the best)\b|\byou are (?:someone who is |a )?(?:very |really |so )?(?:resourceful|determined|resilient|strong|brave|persistent|thoughtful|caring|committed)\b/,
      /\b(?:well done|good for you|you did it|you managed (?:it|to))\b/,
    ],
    unless: /\b(?:you are not|you have not|if you)\b/,
  },
  {
    id: 'mi.complex-reflection',
    label: 'complex reflection',
    modality: 'MI',
    kind: 'move',
    statement: true,
    patterns: [
      /\b(?:on (?:the )?one hand|part of you)\b.*\b(?:on the other(?: hand)?|(?:another|other) part(?: of you)?|and (?:at the same time|yet)|but (?:part|another))\b/,
      /\b(?:part of you|on (?:the )?one hand)\b[^?]*$/,
      REFLECT_STEM,
    ],
    // A reflection is complex when it adds feeling or meaning the client did not say.
    when: (ctx, m) => {
      if (/\b(?:part of you|on (?:the )?one hand)\b/.test(m[0])) return clientBefore(ctx, 2).length > 0;
      const said = clientBefore(ctx, 2)[0];
      if (!said || ctx.input.turns[ctx.turn.index - 1] !== said) return false;
      const added = FEELING.exec(ctx.sentence.text.slice(m.index + m[0].length));
      if (!added) return false;
      return !said.sentences.some((s) => new RegExp(`\\b${added[0].slice(0, 5)}`).test(s.text));
    },
  },
  {
    id: 'mi.summary',
    label: 'summary',
    modality: 'MI',
    kind: 'move',
    patterns: [
      /\b(?:let me|can i|could i|i want to|i would like to|i will|i am going to|just to|so to|if i) (?:try to |just )?(?:summari[sz]e|sum up|pull (?:together|that together|it together|these together)|recap|pull together what)\b|\bto (?:summari[sz]e|sum up|recap)\b|\bin summary\b/,
      /\blet me (?:see if i (?:have got|have|got|understand)|make sure i (?:have got|have|got|understand)|check i (?:have got|have|got|understand)) (?:this|that|it|everything|all of (?:that|this))(?: right)?\b/,
      /\bso far (?:today )?(?:you have|we have|i have heard|what i have heard)\b|\bwhat i have heard (?:so far|today)\b/,
    ],
  },
  {
    id: 'mi.ruler',
    label: 'readiness ruler',
    modality: 'MI',
    kind: 'move',
    patterns: [
      /\b(?:on a scale|scale of|from (?:0|zero|1|one) to (?:10|ten)|out of (?:10|ten)|(?:0|zero|1|one) (?:to|-) (?:10|ten)|\d+ out of (?:10|ten))\b/,
      /\bwhy (?:a|are you (?:at )?(?:a )?)? ?(?:\d+|one|two|three|four|five|six|seven|eight|nine) (?:and|rather than|instead of) not (?:a )?(?:\d+|zero|one|two|three|four|five|six|seven|eight)\b|\bwhat would (?:it )?take (?:to|for you to) (?:get|go|move) (?:from (?:a )?\w+ )?to (?:a )?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b/,
    ],
    when: (ctx) => RULER_DIMENSION.test(ctx.turn.sentences.map((s) => s.text).join(' ')),
    label_: undefined,
  },
  {
    id: 'mi.decisional-balance',
    label: 'decisional balance',
    modality: 'MI',
    kind: 'move',
    patterns: [
      /\bpros and cons\b|\b(?:advantages|benefits|upsides?) and (?:disadvantages|costs|drawbacks|downsides?)\b|\bdecisional balance\b/,
      /\b(?:the )?(?:not so good|less good|not-so-good|downsides?|down sides?|costs|drawbacks) (?:things )?(?:about|of) (?:your |the )?(?:drinking|smoking|using|gambling|it|that|staying|changing|cutting|stopping|quitting|vaping|weed|cannabis|drugs|the way things are|things as they are)\b/,
      /\bwhat do you (?:like|enjoy|get out of) (?:about )?(?:drinking|smoking|using|gambling|vaping|weed|cannabis|it)\b.*\b(?:and|but) what\b/,
    ],
    unless: /\b(?:option|solution)s?\b/,
  },
  {
    id: 'mi.elicit-provide-elicit',
    label: 'elicit-provide-elicit',
    modality: 'MI',
    kind: 'move',
    question: true,
    // "what do you know about" can arrive as "what do about" (normaliseSpeech drops "you know" as a filler).
    patterns: [/\bwhat do (?:you )?(?:already )?(?:know )?about\b|\bwhat have you (?:heard|read|been told) about\b|\bhow much do you know about\b/],
    // The elicit first is only half: information and a second elicit follow within the next few turns.
    when: (ctx) => {
      const later = ctx.input.turns.slice(ctx.turn.index + 1, ctx.turn.index + 8).filter((t) => t.role === 'therapist');
      return later.some((t) =>
        t.sentences.some((s) =>
          /\bwhat do you (?:make|think) of (?:that|this|what i (?:said|just said))\b|\bhow does (?:that|this) (?:fit|sound|land|seem) (?:for|to|with) you\b|\bwhat (?:are your thoughts|is your reaction|do you think) (?:on|about|of) (?:that|this)\b|\bdoes (?:any of )?(?:that|this) (?:fit|make sense|ring true)\b/.test(
            s.text,
          ),
        ),
      );
    },
    topic: (ctx, m) =>
      /^(?:the |your |how |what )?([a-z' -]{3,40}?)(?:\?|,|\.|$| and | or | before )/.exec(ctx.sentence.text.slice(m.index + m[0].length).trim())?.[1]?.trim(),
  },
  {
    id: 'mi.asking-permission',
    label: 'asking permission',
    modality: 'MI',
    kind: 'move',
    patterns: [
      /\b(?:would it be|is it|would that be) (?:okay|ok|alright|all right|helpful) (?:with you )?(?:if|for me to) (?:i )?(?:share|shared|tell|told|give|gave|offer|offered|mention|mentioned|suggest|suggested|say|said|explain|explained|add|added|make|made)\b/,
      /\b(?:can|could|may|might) i (?:share|offer|give you|tell you|make a suggestion|suggest|mention|add|explain|put (?:something|an idea))\b/,
      /\b(?:do|would) you mind if i (?:share|shared|tell|told|give|gave|offer|offered|mention|mentioned|suggest|suggested|say|said|explain|explained|add|added)\b/,
      /\bwould you (?:like|want) (?:to hear|me to (?:share|tell|say|explain|suggest|give))\b|\b(?:are you|would you be) (?:open|interested) (?:to|in) (?:hearing|some (?:information|ideas|suggestions))\b/,
    ],
  },
  // DBT ------------------------------------------------------------------------------------------------
  {
    id: 'dbt.diary-card',
    label: 'diary card review',
    modality: 'DBT',
    kind: 'move',
    patterns: [/\bdiary cards?\b/],
    when: (ctx, m) =>
      !PAST_USE.test(ctx.sentence.text.slice(0, m.index)) &&
      !/\b(?:bring|fill (?:in|out)|keep|complete)\b[^.?]*\bdiary card\b[^.?]*\b(?:next|this) week\b/.test(ctx.sentence.text),
  },
  {
    id: 'dbt.chain-analysis',
    label: 'chain analysis',
    modality: 'DBT',
    kind: 'move',
    patterns: [
      /\bchain analysis\b|\bbehaviou?r(?:al)? chain\b|\b(?:prompting|precipitating) event\b|\bvulnerability factors?\b|\blinks? in the chain\b|\b(?:the|this|that) chain (?:of events|of what happened|leading)\b/,
    ],
  },
  {
    id: 'dbt.distress-tolerance',
    label: 'distress tolerance skills',
    modality: 'DBT',
    kind: 'named',
    patterns: [
      /\btipp\b|\btip skills?\b|\b(?:cold|ice|icy) water (?:on|over) your face\b|\b(?:splash|dunk|put) your face in (?:cold|ice)\b|\bintense exercise\b|\bpaired muscle relaxation\b/,
      /\bstop skill\b|\bradical(?:ly)? accept\w*\b|\bturning the mind\b|\bself[- ]sooth\w*\b|\bwise mind accepts\b|\baccepts skills?\b|\bimprove the moment\b|\bdistress tolerance\b|\bride (?:the|that) (?:wave|urge)\b|\burge surfing\b/,
    ],
    label_: (m) =>
      /tipp|tip skill|water|intense exercise|paired/.test(m[0])
        ? 'distress tolerance (TIPP)'
        : /radical|turning the mind/.test(m[0])
          ? 'distress tolerance (radical acceptance)'
          : /stop skill/.test(m[0])
            ? 'distress tolerance (STOP)'
            : /sooth/.test(m[0])
              ? 'distress tolerance (self-soothe)'
              : undefined,
  },
  {
    id: 'dbt.interpersonal-effectiveness',
    label: 'interpersonal effectiveness (DEAR MAN)',
    modality: 'DBT',
    kind: 'named',
    patterns: [
      /\bdear man\b|\bdearman\b|\binterpersonal effectiveness\b|\bgive skills?\b|\bfast skills?\b|\bdescribe,? express,? assert\b|\bbroken record\b|\bappear confident\b/,
    ],
  },
  {
    id: 'dbt.mindfulness',
    label: 'mindfulness',
    modality: 'by-session',
    kind: 'named',
    patterns: [
      /\bmindful(?:ly|ness)?\b|\bwise mind\b|\bbody scan\b|\bobserve,? describe,? participate\b|\b(?:notice|observe|watch)\b[^.?!]{0,40}\b(?:non-?judgmentally|non-?judgementally|without judg(?:e|ing|ement|ment))\b/,
      /\b(?:just )?notice (?:your breath|the (?:breath|sensations?|sounds?|feeling of)|what (?:you|your body) (?:notice|feel|can hear|can see)|where (?:you|in your body))\b/,
      /\b(?:take|spend) (?:a|one|two|a few) (?:moment|minute|minutes|breaths?) (?:to|and) (?:notice|be present|check in with your body|arrive)\b/,
    ],
  },
  {
    id: 'validation',
    label: 'validation',
    modality: 'by-session',
    kind: 'move',
    statement: true,
    patterns: [
      /\b(?:that|it|this) (?:makes|made) (?:a lot of |total |complete |perfect |so much |real )?sense (?:that you|why you|you (?:would|felt|feel|are|were)|given|to (?:feel|be)|after (?:everything|what)|with (?:everything|what))|\bof course you (?:feel|felt|would|are|were)\b|\bno wonder you\b/,
      /\b(?:it is|that is|it was|that was|it would be) (?:completely |totally |really |so |very )?(?:understandable|valid)\b|\byour (?:feelings|reaction|anger|fear|sadness|grief|response) (?:is|are|makes|was|were) (?:valid|understandable|completely understandable)\b/,
      /\banyone (?:would|in your (?:position|situation|shoes) would) (?:feel|be|struggle|find)\b/,
    ],
  },
  // ACT ------------------------------------------------------------------------------------------------
  {
    id: 'act.defusion',
    label: 'cognitive defusion',
    modality: 'ACT',
    kind: 'move',
    patterns: [
      /\bi am having the thought that\b|\bnotice (?:that )?(?:you are having|the thought|that thought|your mind)\b|\bthank your mind\b|\bleaves on a stream\b|\bdefus\w+\b/,
      /\byour mind (?:is telling you|is saying|tells you|says|is doing|is very good at)\b|\b(?:just |only )?a thought,? not (?:a )?fact\b|\bthoughts are (?:just |only )?(?:thoughts|words|mental events)\b|\bpassengers on the bus\b|\bin a silly voice\b|\bname the story\b|\bhooked by (?:the|that|this|your) thoughts?\b|\bunhook\w*\b/,
    ],
    unless: /\bwhat (?:is|was) your mind (?:telling|saying)\b.*\?$/,
    topic: thoughtTopic,
  },
  {
    id: 'act.values',
    label: 'values clarification',
    modality: 'ACT',
    kind: 'move',
    patterns: [
      /\b(?:your|personal|core|what are your|clarify|clarifying) values\b|\bvalues (?:card|sort|clarification|compass|exercise|worksheet)\b|\bwhat do you value\b/,
      /\bwhat (?:really |most )?matters (?:most )?to you\b|\bwhat (?:kind|sort) of (?:person|parent|partner|friend|mother|father|son|daughter|husband|wife) do you want to be\b|\bwhat do you want your life to (?:be about|stand for)\b|\bwhat do you want to stand for\b/,
    ],
    unless: /\bwhat matters to you (?:most )?(?:today|in (?:this|today's) session|right now about the session)\b/,
  },
  {
    id: 'act.acceptance',
    label: 'acceptance and willingness',
    modality: 'ACT',
    kind: 'move',
    patterns: [
      /\bwilling(?:ness)? to (?:have|feel|make room|sit with|experience|let|allow|carry|hold)\b/,
      /\bmake (?:room|space) for (?:the|this|that|it|those|these|your)\b|\b(?:drop|dropping) the (?:rope|struggle)\b|\btug[- ]of[- ]war\b|\bstruggle switch\b|\bquicksand\b/,
      /\b(?:allow|let) (?:it|that|the (?:feeling|anxiety|sadness|thought|urge)|those feelings) (?:be there|to be there|just be|sit there|come and go)\b|\bsit with (?:the|that|this|it) (?:feeling|discomfort|anxiety|sadness|urge)\b/,
    ],
    // "Let's make room for that." after the client adds an item to the agenda makes room in the session, not for a feeling.
    unless:
      /^(?:(?:okay|ok|so|right|good|sure|yes),? )*let(?:'s| us) make (?:room|space|time) for (?:that|it|this)(?: (?:too|as well|today|first|later))?[.!]?$/,
  },
  {
    id: 'act.committed-action',
    label: 'committed action',
    modality: 'ACT',
    kind: 'move',
    patterns: [
      /\bcommitted action\b|\bin the service of (?:your|that|this|those) values?\b|\btowards? (?:your|that|this|those) values?\b|\b(?:towards|away) moves?\b|\bchoice point\b/,
      /\b(?:what|one) (?:small |tiny |first )?(?:step|action|thing) (?:could|can|would|might) you (?:take|do)\b.*\b(?:towards?|in the direction of|in line with)\b.*\b(?:value|values|matters|kind of (?:person|parent))\b/,
    ],
  },
  // Supportive -----------------------------------------------------------------------------------------
  {
    id: 'supportive.normalising',
    label: 'normalising',
    modality: 'supportive',
    kind: 'move',
    statement: true,
    patterns: [
      /\b(?:a lot of|lots of|many|most) (?:people|parents|new (?:mums|moms|parents)|clients|women|men|students|carers) (?:feel|experience|go through|find|struggle|have|notice|describe|get|say)\b/,
      /\b(?:it is|that is|this is|it was|that was) (?:a )?(?:very |really |completely |so |pretty |quite |incredibly |totally |extremely )?(?:common|normal|natural|usual|typical)(?: (?:reaction|response|experience|thing|feeling|part))?(?: (?:to|for|when|after|in)|\.|,|$)/,
      /\byou are (?:not|definitely not|certainly not|far from) (?:alone|the only one)\b|\b(?:anyone|anybody) would (?:feel|struggle|find)\b/,
    ],
    negationIsPart: true,
    unless: /\b(?:is not|was not|that is not|it is not) (?:a )?(?:very )?(?:normal|common|usual)\b/,
  },
  {
    id: 'supportive.reflective-listening',
    label: 'reflective listening',
    modality: 'supportive',
    kind: 'move',
    statement: true,
    minTurns: 2,
    patterns: [REFLECT_STEM],
    when: (ctx) => ctx.input.turns[ctx.turn.index - 1]?.role === 'client',
  },
  {
    id: 'supportive.grief-work',
    label: 'grief work',
    modality: 'supportive',
    kind: 'move',
    patterns: [
      /\bwhat do you miss (?:most )?about (?:him|her|them)\b|\b(?:tell me|can you tell me|could you tell me|talk|what was) (?:a (?:bit|little) )?(?:more )?about (?:him|her|them|your (?:mum|mom|mother|dad|father|husband|wife|partner|son|daughter|brother|sister|grandmother|grandfather|nan|gran|friend|baby))\b.*\b(?:like|before|remember)?/,
      /\b(?:griev\w+|grief|mourning|bereavement|the loss|your loss|losing (?:him|her|them))\b(?<!sorry (?:for|about) (?:your|the) loss)/,
      /\bwhat would you (?:want to |like to )?(?:say|tell) (?:to )?(?:him|her|them) if\b|\b(?:write|writing) (?:a )?letter to (?:him|her|them)\b|\bempty chair\b|\b(?:her|his|their) (?:anniversary|birthday) (?:is|was|coming)\b|\bhow (?:are|have) you (?:been )?(?:coping|doing) since (?:he|she|they) (?:died|passed)\b/,
    ],
    when: (ctx) => deathBefore(ctx),
  },
  {
    id: 'supportive.psychoeducation',
    label: 'psychoeducation',
    modality: 'supportive',
    kind: 'move',
    statement: true,
    patterns: [
      /\b(?:let me|i want to|i would like to|can i|could i|i will|i am going to) (?:just )?(?:explain|tell you|share|talk|say) (?:a (?:little|bit|little bit) )?(?:about|how|what|why|more about)\b/,
      /\b(?:what|one thing) (?:we|research|studies|the research) (?:know|knows|show|shows|tells us|suggests?) (?:about|is that)\b/,
      /\b(?:fight[ -]or[ -]flight|the (?:body's )?alarm system|vicious (?:cycle|circle)|(?:cbt|cognitive) (?:model|triangle)|hot cross bun|window of tolerance)\b/,
      /\b(?:anxiety|panic|depression|low mood|adrenaline|grief|trauma|worry|avoidance|sleep|alcohol|withdrawal) (?:is|works|can|tends to|often|usually|makes|keeps|feeds|affects) (?:a |an |the |your |you |people |us )?(?:normal|natural|body's|way|protective|response|cause|make|feel|feed|keep|worse|stuck|cycle|alarm)\b/,
      /\b(?:this|that|it) is called\b/,
    ],
    when: (ctx, m) => psychoedTopic(ctx, m) !== undefined,
    topic: psychoedTopic,
  },
  // Psychiatry -----------------------------------------------------------------------------------------
  {
    id: 'psychiatry.medication-review',
    label: 'medication review',
    modality: 'psychiatry',
    kind: 'move',
    patterns: [
      /\b(?:increase|decrease|reduce|raise|lower|taper|titrate|go up|come down|up|drop|halve|double|adjust|change|switch|start|stop|continue|stay on|keep you on|prescribe|add)\b[^.?!]{0,40}\b(?:dose|dosage|mg|milligrams?|medication|meds|tablets?|pills?)\b/,
      new RegExp(
        `\\b(?:how (?:is|are|has|have) (?:the|your) (?:${MEDICATIONS.source.slice(5, -3)}|medication|meds|tablets|pills)|(?:the|your) (?:${MEDICATIONS.source.slice(5, -3)}) (?:is|are|has|have)|what (?:dose|dosage)|how much (?:of )?(?:the |your )?(?:${MEDICATIONS.source.slice(5, -3)}|medication)|(?:\\d+ ?(?:mg|milligrams?)))\\b`,
      ),
    ],
    when: (ctx) => medicationTopic(ctx) !== undefined || /\b(?:dose|dosage|mg|milligrams?|prescription)\b/.test(ctx.sentence.text),
    topic: (ctx) => medicationTopic(ctx),
  },
  {
    id: 'psychiatry.adherence',
    label: 'medication adherence',
    modality: 'psychiatry',
    kind: 'move',
    question: true,
    patterns: [
      /\b(?:have you been|are you|were you|been) (?:taking|on) (?:it|them|the|your|those)\b.*\b(?:regularly|every day|daily|as prescribed|each day|every night|every morning|consistently)?/,
      /\b(?:missed|miss|skipped|skip|forget|forgot|forgotten) (?:any |a |many |some )?(?:doses?|tablets?|pills?|days)\b|\bhow (?:often|many (?:days|times)) (?:have you|do you|did you) (?:miss|forget|skip|take)\b/,
      /\b(?:taking|take) (?:it|them|the \w+|your \w+) (?:as prescribed|every day|regularly|each day)\b/,
    ],
    when: (ctx) =>
      medicationTopic(ctx) !== undefined || /\b(?:medication|meds|tablets|pills|doses?|prescri\w+)\b/.test(ctx.turn.sentences.map((s) => s.text).join(' ')),
    topic: (ctx) => medicationTopic(ctx),
  },
  {
    id: 'psychiatry.side-effects',
    label: 'side effects review',
    modality: 'psychiatry',
    kind: 'move',
    patterns: [/\bside[- ]effects?\b|\badverse effects?\b|\b(?:any|noticed any) (?:nausea|dizziness|drowsiness|weight gain|sexual side|tremor|dry mouth)\b/],
    topic: (ctx) => medicationTopic(ctx),
  },
  // Risk -----------------------------------------------------------------------------------------------
  {
    id: 'risk.assessment',
    label: 'risk assessment',
    modality: 'risk',
    kind: 'move',
    question: true,
    patterns: [
      /\b(?:thoughts?|thinking|urges?|feelings?|ideas?) (?:of|about) (?:suicide|killing yourself|ending (?:your|it)|taking your (?:own )?life|hurting yourself|harming yourself|self[- ]harm\w*|not (?:being alive|wanting to be (?:alive|here))|being dead|dying|wanting to die|cutting|hurting (?:someone|anyone|him|her|them)|harming (?:someone|anyone|him|her|them|the baby|your baby))\b/,
      /\bsuicid\w+\b|\bkill(?:ing)? yourself\b|\bend(?:ing)? your (?:own )?life\b|\btake your (?:own )?life\b|\b(?:hurt|harm|harming|hurting) yourself\b|\bself[- ]harm\w*\b|\bbetter off dead\b|\bwish(?:ed)? you were dead\b|\bwant(?:ed)? to die\b/,
      /\b(?:do you have|have you (?:made|got|thought about)) (?:a )?(?:plan|method|means)\b.*\b(?:how|when|where|yourself|it|to)?|\bhave you (?:ever )?(?:tried|attempted|acted on)\b|\b(?:intend|intention|intent) to act\b|\bhow (?:likely|close) (?:are you|is it) (?:that you (?:would|will)|to act)\b/,
      /\bdo you feel safe\b|\bare you safe\b|\bcan you (?:keep|stay) (?:yourself )?safe\b|\bhow safe do you feel\b/,
    ],
    unless: /\bplans? (?:for|this) (?:the )?(?:weekend|evening|holiday|summer|christmas)\b/,
  },
  {
    id: 'risk.safety-plan',
    label: 'safety planning',
    modality: 'risk',
    kind: 'move',
    patterns: [
      /\bsafety plan\w*\b|\bcrisis plan\b|\bcrisis (?:line|number|team)\b|\bhotline\b|\b(?:988|samaritans|lifeline|shout)\b|\bcall (?:999|911|111|112)\b|\b(?:a&e|a and e|emergency (?:department|room|services))\b/,
      /\bwarning signs?\b|\breasons (?:for|to) (?:living|live|stay)\b|\b(?:who|what) (?:could|can|would) you (?:call|contact|reach out to|text|go to)\b.*\b(?:if|when)\b.*\b(?:thoughts|urges|feelings|crisis|unsafe|things get|worse|bad|come back)\b/,
    ],
    when: (ctx) =>
      /\b(?:plan|line|number|team|samaritans|988|lifeline|warning|reasons|call|contact|a&e|emergency)\b/.test(ctx.sentence.text) &&
      RISK_CONTEXT.test(
        ctx.input.turns
          .slice(Math.max(0, ctx.turn.index - 20), ctx.turn.index + 6)
          .map((t) => t.sentences.map((s) => s.text).join(' '))
          .join(' '),
      ),
  },
  {
    id: 'risk.means-counselling',
    label: 'means counselling',
    modality: 'risk',
    kind: 'move',
    patterns: [
      /\b(?:access to|have|keep|there|are there|is there|got) (?:any |a )?(?:guns?|firearms?|weapons?|rifles?|shotguns?|stockpiled? (?:pills|medication|tablets)|stash)\b/,
      /\b(?:lock|locked|store|stored|remove|removed|give|hand|dispose|get rid of|hold on to|look after|keep hold of|limit)\b[^.?!]{0,40}\b(?:guns?|firearms?|weapons?|pills|tablets|medications?|meds|knives|blades|razors|rope|ligatures?|the means|car keys)\b/,
      /\b(?:guns?|firearms?|weapons?|pills|tablets|medications?|meds|knives|blades)\b[^.?!]{0,40}\b(?:locked (?:up|away)|out of the house|somewhere safe|safe place|someone else (?:hold|keep|look after)|to the pharmacy|in a safe|lockbox|gun safe)\b/,
      /\b(?:keep|keeping|get|getting|have|put|store) (?:it|them|that|those) (?:locked (?:up|away)|out of the house|somewhere (?:else|safe)|in a safe|with (?:someone|a friend|a neighbour|family))\b/,
    ],
    when: (ctx, m) =>
      (!/^(?:keep|keeping|get|getting|have|put|store) (?:it|them|that|those)\b/.test(m[0]) ||
        MEANS.test(
          ctx.input.turns
            .slice(Math.max(0, ctx.turn.index - 4), ctx.turn.index)
            .map((t) => t.sentences.map((s) => s.text).join(' '))
            .join(' '),
        )) &&
      RISK_CONTEXT.test(
        ctx.input.turns
          .slice(Math.max(0, ctx.turn.index - 20), ctx.turn.index + 6)
          .map((t) => t.sentences.map((s) => s.text).join(' '))
          .join(' '),
      ),
  },
  // Session process ------------------------------------------------------------------------------------
  {
    id: 'process.feedback',
    label: 'eliciting feedback on the session',
    modality: 'process',
    kind: 'move',
    question: true,
    patterns: [
      /\bhow (?:was|has|did) (?:today|this session|today's session|the session|this|that) (?:been |go |gone |feel |felt )?(?:for you)\b|\bhow did (?:you find|it feel) (?:today|this session|the session|talking about (?:this|that|it) today)\b/,
      /\b(?:any|your|some) feedback\b|\bwhat (?:was|did you find|has been|have you found) (?:most |least |the most |the least )?(?:helpful|useful|unhelpful|hard|difficult) (?:today|in (?:today's|this|the) session|about (?:today|this session|the session|our sessions|coming here))\b/,
      /\bis there anything (?:about (?:today|this session|the session|how we|the way (?:we|i))|i (?:could|can|should) do (?:differently|better)|that did not (?:work|feel right|help) (?:today|for you))\b|\bhow (?:are|is) (?:the|our) (?:sessions|work together|therapy) (?:going|working) for you\b/,
    ],
  },
];

/** The dimension a ruler measures, said in its turn. */
const RULER_DIMENSION = /\b(?:important|importance|confident|confidence|ready|readiness|willing|willingness|motivated|motivation|committed|commitment)\b/;
/** Lethal means a pronoun can point back to. */
const MEANS = /\b(?:guns?|firearms?|weapons?|rifles?|shotguns?|pills|tablets|medications?|meds|knives|blades|razors|rope|ligatures?)\b/;
/** Talk of self-harm or harm to others near a turn: safety planning and means counselling need it. */
const RISK_CONTEXT =
  /\b(?:suicid\w+|kill(?:ing)? (?:myself|yourself|herself|himself)|end(?:ing)? (?:my|your|it all|things)|take (?:my|your) (?:own )?life|hurt(?:ing)? (?:myself|yourself)|harm(?:ing)? (?:myself|yourself)|self[- ]harm\w*|overdose|want(?:ed)? to die|better off (?:dead|without me)|not (?:be|being) (?:here|alive|around)|cutting|crisis|unsafe|safe|urges?)\b/;

function rulerLabel(ctx: Context): { id: string; label: string } {
  const text = ctx.turn.sentences.map((s) => s.text).join(' ');
  if (/\b(?:confident|confidence)\b/.test(text)) return { id: 'mi.ruler.confidence', label: 'confidence ruler' };
  if (/\b(?:important|importance)\b/.test(text)) return { id: 'mi.ruler.importance', label: 'importance ruler' };
  return { id: 'mi.ruler.readiness', label: 'readiness ruler' };
}

// ---------------------------------------------------------------------------------------------------------
// Reading a session

/** A named technique done now: in a frame that does it, not the client's past use, homework set, or a plan. */
function doneNow(ctx: Context, index: number, setsTask: boolean): boolean {
  const t = ctx.sentence.text;
  if (setsTask) return false;
  if (PAST_USE.test(t.slice(0, index)) || HISTORY.test(t.slice(0, index))) return false;
  // "Did you use TIPP?", "have you been doing the breathing?": asking about use since last time is review.
  if (/\b(?:did you|have you been|were you able to|did it|how did (?:the|your)|how was (?:the|your))\b/.test(t.slice(0, index))) return false;
  return (
    DOING_NOW.test(t) ||
    IMPERATIVE_START.test(t) ||
    ctx.sentence.clauses.some((c) => IMPERATIVE_START.test(c.text)) ||
    (isQuestion(ctx.sentence) && /\b(?:what|how|which|where)\b/.test(t) && !/\bdid\b/.test(t))
  );
}

/**
 * Whether the sentence asks where the match is. A punctuated sentence asks as a whole (a tag question such
 * as "…, right?" does not count); an unpunctuated run, as a recogniser writes a validation and the question
 * after it, asks here only when a question opens just before the match ("do you think it makes sense…").
 */
function asksAt(sentence: Sentence, m: RegExpExecArray): boolean {
  if (/[.?!]["')]*\s*$/.test(sentence.original.trim())) {
    return isQuestion(sentence) && !/\b(?:right|is that right|yes|yeah|is it|does that fit|am i right)\?\s*$/.test(sentence.original.toLowerCase());
  }
  const before = sentence.text.slice(0, m.index).split(' ').slice(-7).join(' ');
  return /(?:^|\s)(?:what|how|why|are|do|did|have|can|could|would|will|is|was|does) (?:you|there|it|that)\b/.test(before);
}

/** Setting a technique aside, right before its name: "drop the", "stop doing", "put aside the". */
const SET_ASIDE_BEFORE =
  /\b(?:drop|dropping|stop|stopping|park|parking|pause|pausing|ditch|ditching|put aside|set aside|give up on|leave)\s+(?:the\s+|those\s+|these\s+|doing\s+|your\s+)?$/;

function match(rule: Rule, ctx: Context): Found | null {
  const t = ctx.sentence.text;
  if (SESSION_PLAN.test(t)) return null;
  if (rule.unless?.test(t)) return null;
  if (rule.question && !isQuestion(ctx.sentence)) return null;
  for (const pattern of rule.patterns) {
    const m = pattern.exec(t);
    if (!m) continue;
    if (rule.statement && asksAt(ctx.sentence, m)) continue;
    if (!rule.negationIsPart && negatedBefore(t, m.index)) continue;
    // "Let's drop the thought records for now": a technique set aside is not one used.
    if (SET_ASIDE_BEFORE.test(t.slice(Math.max(0, m.index - 30), m.index))) continue;
    if (rule.kind === 'named' && !doneNow(ctx, m.index, assignmentIn(ctx.sentence, ctx.turn) !== null)) continue;
    if (rule.when && !rule.when(ctx, m)) continue;
    return { index: m.index, topic: rule.topic?.(ctx, m), label: rule.label_?.(m) };
  }
  return null;
}

function modalityOf(rule: Rule, found: Intervention[]): Modality {
  if (rule.modality !== 'by-session') return rule.modality;
  const has = (m: Modality) => found.some((f) => f.modality === m);
  if (rule.id === 'dbt.mindfulness') return has('ACT') && !has('DBT') ? 'ACT' : 'DBT';
  return has('DBT') ? 'DBT' : 'supportive';
}

/** Homework reviewed and set, from the homework extractor: session process a note documents. */
function homeworkProcess(input: ExtractInput): Intervention[] {
  const { assigned, reviewed } = extractHomework(input);
  const out: Intervention[] = [];
  const byId = new Map(input.turns.map((t) => [t.id, t]));
  const split = (ids: string[]) => ({
    turnIds: ids.filter((id) => byId.get(id)?.role === 'therapist'),
    responseTurnIds: ids.filter((id) => byId.get(id)?.role === 'client'),
  });
  const therapistReviews = reviewed.filter((r) => r.turnIds.some((id) => byId.get(id)?.role === 'therapist'));
  if (therapistReviews.length > 0) {
    const ids = therapistReviews.flatMap((r) => r.turnIds);
    out.push({
      id: 'process.homework-review',
      label: 'reviewing homework',
      modality: 'process',
      ...split(ids),
      quote: therapistReviews[0]!.quote,
      topic: therapistReviews[0]!.task,
    });
  }
  const therapistSet = assigned.filter((a) => a.turnIds.some((id) => byId.get(id)?.role === 'therapist'));
  if (therapistSet.length > 0) {
    const first = therapistSet[0]!;
    const ids = therapistSet.flatMap((a) => a.turnIds);
    // A client's own plan is quoted in the client's words; the therapist's part is the turn that asked or endorsed it.
    const asked = byId.get(first.turnIds.find((id) => byId.get(id)?.role === 'therapist') ?? '');
    const quote =
      first.source === 'therapist' || !asked ? first.quote : ((asked.sentences.find((x) => isQuestion(x)) ?? asked.sentences[0])?.original ?? first.quote);
    out.push({ id: 'process.homework-setting', label: 'setting homework', modality: 'process', ...split(ids), quote, topic: first.task });
  }
  return out;
}

/**
 * The interventions the therapist used, each once, in order of first use.
 *
 * @example
 * extractInterventions(readSession(parseTranscript("Client: I'm a failure.\nTherapist: What tells you that's true?")));
 * // [{ id: 'cbt.examining-evidence', label: 'examining the evidence', modality: 'CBT', turnIds: ['t0002'], quote: "What tells you that's true?", topic: "I'm a failure." … }]
 */
export function extractInterventions(input: ExtractInput): Intervention[] {
  const found: (Intervention & { rule: Rule; firstIndex: number })[] = [];
  for (const turn of input.therapist) {
    const seenThisTurn = new Set<string>();
    for (const sentence of turn.sentences) {
      const ctx: Context = { input, turn, sentence };
      for (const rule of RULES) {
        const hit = match(rule, ctx);
        if (!hit) continue;
        const { id, label } = rule.id === 'mi.ruler' ? rulerLabel(ctx) : { id: rule.id, label: hit.label ?? rule.label };
        if (seenThisTurn.has(id)) continue;
        // A complex reflection is also reflective listening; that turn is named once, as the more specific.
        if (id === 'supportive.reflective-listening' && seenThisTurn.has('mi.complex-reflection')) continue;
        seenThisTurn.add(id);
        const answer = answerAfter(input, turn.index);
        const existing = found.find((f) => f.id === id);
        if (existing) {
          existing.turnIds.push(turn.id);
          if (answer && !existing.responseTurnIds.includes(answer.id)) existing.responseTurnIds.push(answer.id);
          existing.topic ??= hit.topic;
          continue;
        }
        found.push({
          id,
          label,
          modality: rule.modality === 'by-session' ? 'supportive' : rule.modality,
          turnIds: [turn.id],
          responseTurnIds: answer ? [answer.id] : [],
          quote: quoteAround(sentence, hit.index),
          ...(hit.topic ? { topic: hit.topic } : {}),
          rule,
          firstIndex: turn.index,
        });
      }
    }
  }
  const kept = found.filter((f) => f.turnIds.length >= (f.rule.minTurns ?? 1));
  const plain: Intervention[] = kept.map(({ rule: _rule, firstIndex: _first, ...rest }) => rest);
  const fixed = plain.filter((_, i) => kept[i]!.rule.modality !== 'by-session');
  for (const [i, f] of kept.entries()) plain[i]!.modality = modalityOf(f.rule, fixed);
  const order = new Map(input.turns.map((t) => [t.id, t.index]));
  const first = (i: Intervention) => order.get(i.turnIds[0] ?? '') ?? Number.MAX_SAFE_INTEGER;
  return [...plain, ...homeworkProcess(input)].sort((a, b) => first(a) - first(b));
}
