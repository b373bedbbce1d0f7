/**
 * Finds risk disclosures and denials in the client's turns. A rule (rules.ts) says what was said; this file
 * decides, clause by clause on the language layer, whether the client said it of themselves, denied it,
 * hedged it, or spoke of the past.
 */
import type { Transcript, Turn } from '../../../schemas/transcript.js';
import type { RiskCategory, RiskDenial, RiskFinding, RiskRecency } from '../../../schemas/risk.js';
import { NEGATORS, sentencesOf, type Sentence } from '../language/index.js';
import { CONCEPT_RULES } from './concepts.js';
import { withoutIdioms } from './idioms.js';
import { NET_RULES } from './net.js';
import { RISK_RULES, type RiskRule } from './rules.js';
import { mayHoldRisk } from './vocabulary.js';
import { PUSHED_TO_COME } from './words.js';
import { levelOf } from './levels.js';

/** Words that say the negator does not deny what follows ("I don't know, …", "not sure if…", "not only"). */
const HEDGED_NEGATION =
  /\b(?:not|never) (?:know|sure|certain|mean|remember|only|even know|really know)\b|\bno matter\b|\bno idea\b|\bnot that\b|^no ,? (?:i|i am|yes|really)\b/;
/** "I don't think I'd…" carries the negation into the next clause. */
const NEG_RAISING = /\b(?:not|never) (?:think|believe|reckon|imagine|expect|suppose|see myself|feel like)$/;
/** A negated act that is over: history, not a denial ("I haven't cut since March", "not anymore"). */
const STOPPED =
  /\b(?:anymore|any more|any longer|since (?:\w+ ){0,3}\w+|in (?:\w+ )?(?:days|weeks|months|years|ages|a while|a long time)|for (?:\w+ )?(?:days|weeks|months|years|a while|a long time)|these days)\b/;
const HEDGES = /\b(?:maybe|perhaps|i guess|kind of|sort of|i suppose|probably|possibly|not sure|i do not know if|sometimes i wonder|part of me|half)\b/;
/** A general statement about a risk ("drunk driving is an issue", "people who use worry about overdosing"), not a disclosure. */
const GENERIC =
  /\b(?:can lead to|leads to|is (?:dangerous|an issue|a problem|bad|illegal|risky)|people who|everybody who|everyone who|anyone who|some people|a lot of people|in movies|on tv|statistics|in general|i know that|i have seen movies)\b/;
/** "I know that…", "I think…": the speaker frames a statement, they are not its actor. */
const FRAMING = /\b(?:i|we) (?:know|think|guess|mean|feel|believe|have seen|realize|realise|understand|heard|read) (?:that )?/g;
/** Work that meets risk every day: a paramedic's overdoses, a nurse's suicide watch, a copper's jumper. */
const OCCUPATIONAL =
  /\b(?:(?:i am|as|i work as) an? (?:[\w&-]+ )?(?:paramedic|nurse|cop|copper|police officer|firefighter|fireman|doctor|gp|vet|vet nurse|social worker|prison officer|corrections officer|counsellor|counselor|therapist|carer|care worker|ambulance driver|emt|psychologist|psychiatrist|engineer|builder|architect|surveyor|volunteer)|i volunteer|on (?:shift|obs|the ward|call)|(?:we|i) (?:got called|attended|were called)|called out to|my patients?|the patients?|a patient|at work we)\b/;
const SERIOUS =
  /\b(?:(?:actually|really|seriously) mean it|not joking|not kidding|no joke|i am serious|half joking|only half|not entirely joking|less than half)\b/;
// "lol" is left out: in typed chat it softens a disclosure as often as it marks a joke.
/** Films, books and games: other people's stories, not the client's life. */
const FICTION =
  /\b(?:in the (?:film|movie|western|show|series|book|novel|game)|the (?:film|movie|book|show)(?:'s| is)|villain|character in|on (?:the )?(?:news|tv|netflix))\b/;
/** "Someone like me", "asking for myself", "that's me": a third person who is the speaker. */
const SELF_FRAMING =
  /\b(?:(?:someone|a person|a guy|a bloke|a man|a woman|people) (?:like me|in my position)|asking for (?:myself|a friend)|(?:well|,) me really|that is me|which is what i have done|i have started mine|because that is me)\b/;
/** A parent's voice remembered, as people say it of everyday advice. */
const REMEMBERED_VOICE = /\b(?:my |your |his |her )?(?:mums|moms|mothers|dads|fathers|grans|nans|grandmas|grandads|teachers|coachs) voice\b/;
const JOKING = /\b(?:ha|haha|hahaha|just kidding|only kidding|jk|joking|i am kidding|not literally|figure of speech|he is lucky|she is lucky|they are lucky)\b/;
export const ALL_RULES: readonly RiskRule[] = [...RISK_RULES, ...CONCEPT_RULES, ...NET_RULES];
const GLOBAL_RULES = ALL_RULES.map((r) => ({ rule: r, global: new RegExp(r.pattern.source, 'g') }));
const NEGATION_IN_RULE = new Set(ALL_RULES.filter((r) => /\b(?:not|never|no|nobody|nothing|no one)\b/.test(r.pattern.source)));
const THIRD_PERSON =
  /\b(?:he|she|they|his|her|their|my (?:\w+ )?(?:friend|sister|brother|mom|mum|mother|dad|father|son|daughter|cousin|aunt|uncle|wife|husband|partner|boyfriend|girlfriend|colleague|coworker|neighbor|patient|client|roommate|grandmother|grandfather|grandma|grandpa|nan)|the (?:guy|man|woman|character|girl|boy)|someone|somebody|people|a (?:friend|guy|man|woman|girl|boy) )\b/g;
const FIRST_PERSON = /\b(?:i|we)\b/g;

const PAST =
  /\b(?:when i was (?:a |an |in |at |about |only |just )?(?:kid|child|teen|teenager|young|little|younger|student|\d+|in)|years ago|\d+ years? ago|a (?:long|few) years (?:ago|back)|as a (?:kid|child|teen|teenager)|in (?:high school|secondary school|middle school|college|university|uni|my (?:teens|twenties|thirties|twenties))|back (?:then|in (?:school|college|the day|\d{4}))|used to|in (?:19|20)\d\d|last year|a long time ago|growing up|before i (?:met|had|got|moved)|(?:two|three|four|five|six|ten|several|many) years|(?:ages|decades) ago|once,? years)\b/;
const RECENT =
  /\b(?:last (?:night|week|weekend|month|friday|saturday|sunday|monday|tuesday|wednesday|thursday|time)|yesterday|this (?:morning|afternoon|evening|week|weekend|month)|tonight|today|(?:a|two|three|few|couple of|couple) (?:days|weeks|nights) ago|a (?:week|month) ago|(?:a|one|two) months? ago|recently|the other (?:day|night)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|again|since (?:we|our|the) last (?:session|appointment)|over the (?:weekend|holidays))\b/;
const CURRENT =
  /\b(?:right now|at the moment|these days|lately|still|keep|keeps|every (?:day|night|morning)|all the time|constantly|sometimes|often|anymore|any more|most (?:days|nights))\b/;

export interface TurnFindings {
  findings: RiskFinding[];
  denials: RiskDenial[];
}

function recencyOf(sentence: Sentence, turnText: string, tense: string): RiskRecency {
  if (RECENT.test(sentence.text)) return 'recent';
  if (PAST.test(sentence.text)) return 'past';
  if (CURRENT.test(sentence.text)) return 'current';
  if (tense === 'present' || tense === 'future' || tense === 'conditional') return 'current';
  if (RECENT.test(turnText)) return 'recent';
  if (PAST.test(turnText)) return 'past';
  return 'unspecified';
}

interface Located {
  clauseStart: number;
  clauseIndex: number;
}

function locate(starts: number[], index: number): Located {
  let clauseIndex = 0;
  for (let i = 0; i < starts.length; i++) if (starts[i]! <= index) clauseIndex = i;
  return { clauseIndex, clauseStart: starts[clauseIndex]! };
}

/** Who acts in the matched span: the last subject named before it in its clause, or the clause's subject. */
function actorBefore(prefix: string, fallback: string, things = false): 'speaker' | 'other' | 'listener' | 'none' {
  let last: { at: number; who: 'speaker' | 'other' | 'listener' } | null = null;
  // "It is probably hurting my kid": a thing can be the actor too, when the act is aimed at someone else.
  if (things) for (const m of prefix.matchAll(/\b(?:it|this|that|which|what)\b/g)) if (!last || m.index > last.at) last = { at: m.index, who: 'other' };
  for (const m of prefix.matchAll(FIRST_PERSON)) if (!last || m.index >= last.at) last = { at: m.index, who: 'speaker' };
  for (const m of prefix.matchAll(THIRD_PERSON)) if (!last || m.index > last.at) last = { at: m.index, who: 'other' };
  for (const m of prefix.matchAll(/\byou\b/g)) if (!last || m.index > last.at) last = { at: m.index, who: 'listener' };
  if (last) return last.who;
  // A noun subject ("the idea of suicide", "the voice") is not someone else acting; only a pronoun is.
  return fallback === 'speaker' ? fallback : 'none';
}

const PRONOUN_SUBJECTS = new Set(['i', 'he', 'she', 'they', 'we', 'you', 'it', 'there']);
const POSSESSIVES = new Set(['my', 'his', 'her', 'their', 'our']);
const RAISING = /^(?:think|believe|reckon|imagine|expect|suppose|see|feel|want|wanna|plan)$/;

/** A negator's scope ends where a new subject starts ("it is not good, my boyfriend leaves them…"), unless it negates a verb like "think" that carries it on. */
function newSubjectAfter(words: string[], negatorAt: number): boolean {
  if (RAISING.test(words[negatorAt + 1] ?? '')) return false;
  for (let i = negatorAt + 2; i < words.length; i++) {
    const w = words[i]!;
    if (PRONOUN_SUBJECTS.has(w)) return true;
    // "my boyfriend leaves…": a possessive noun phrase followed by its verb.
    if (
      POSSESSIVES.has(w) &&
      /^(?:is|was|has|had|does|did|will|would|can|could|keeps|\w+s|\w+ed)$/.test(words[i + 2] ?? '') &&
      !/(?:ss|us|is)$/.test(words[i + 2] ?? '')
    )
      return true;
  }
  return false;
}

type Verdict = 'finding' | 'denial' | 'history' | 'skip';

/** A questionnaire item named as such: "the one about being better off dead", "the question about hurting yourself". */
const ITEM_NAMED = /\b(?:the|that|this) (?:one|question|item|bit) (?:about|on|asking about|that asks about|where it asks about)\b/;
/** The item's answer given as the lowest option: "I put not at all", "I ticked not at all", "I put zero". */
const ITEM_ANSWERED_NO = /\bi (?:put|ticked|said|answered|circled|marked|went for|chose) (?:a )?(?:not at all|zero|nought|0|no|never)\b/;
/** Any other option of the item: "several days", "more than half the days", "nearly every day", a score above none. */
const ITEM_ANSWERED_YES =
  /\b(?:several days|more than half|nearly every day|most days|every day|a (?:one|two|three)|(?:put|ticked|said|circled|marked) (?:a )?(?:1|2|3|one|two|three|yes|sometimes))\b/;

function judge(
  rule: RiskRule,
  sentence: Sentence,
  joined: string,
  starts: number[],
  match: RegExpMatchArray,
  turnText = '',
): { verdict: Verdict; hedged: boolean } {
  const { clauseIndex, clauseStart } = locate(starts, match.index!);
  const clause = sentence.clauses[clauseIndex]!;
  const prefix = joined.slice(clauseStart, match.index!);
  const matched = match[0];
  // Self-directed wording ("myself", "i …") settles who acts; otherwise the subject before it does.
  let hedged = HEDGES.test(sentence.text);
  if (rule.actor === 'self') {
    // Harm the client would do: only when the client says "I" (or "we") is the one acting.
    const actor = /\b(?:i|we)\b/.test(matched) ? 'speaker' : actorBefore(prefix, 'none', true);
    // A sentence with no subject at all ("going to hurt my ex") is the speaker's, as in speech and chat.
    const subjectless = actor === 'none' && prefix.trim().split(' ').filter(Boolean).length <= 2 && !/\b(?:he|she|they|it|you)\b/.test(prefix);
    if (actor !== 'speaker' && !subjectless) return { verdict: 'skip', hedged: false };
  } else if ((rule.actor ?? 'speaker') === 'speaker' && !/\b(?:myself|my self|me|i|my)\b/.test(matched)) {
    const actor = actorBefore(prefix, clause.subject);
    if ((actor === 'other' || actor === 'listener') && !SELF_FRAMING.test(turnText)) {
      // Someone else's act, unless the client was speaking of themselves earlier in the sentence (a run-on
      // recognised sentence): then it is reported, as uncertain.
      if (/[,;]/.test(sentence.original) || !/\b(?:i|me|myself)\b/.test(joined.slice(0, clauseStart))) return { verdict: 'skip', hedged: false };
      hedged = true;
    }
  }
  if (GENERIC.test(sentence.text) && !/\b(?:i|me|my|myself)\b/.test(matched) && !/\b(?:i|we)\b/.test(prefix.replace(FRAMING, ' ')))
    return { verdict: 'skip', hedged: false };
  // Access through work is itself the risk; other findings in work talk are the job's.
  if (rule.category !== 'access_to_means' && (OCCUPATIONAL.test(sentence.text) || OCCUPATIONAL.test(turnText)) && !/\b(?:myself|me|my|i)\b/.test(matched))
    return { verdict: 'skip', hedged: false };
  if (FICTION.test(sentence.text)) return { verdict: 'skip', hedged: false };
  // A joke or a figure of speech said as one ("I'll strangle him, ha").
  if (rule.uncertain && JOKING.test(sentence.text) && !SERIOUS.test(sentence.text)) return { verdict: 'skip', hedged: false };
  // The client echoing the therapist's question ("Suicide?") before answering it.
  if (/\?\s*$/.test(sentence.original) && sentence.original.split(/\s+/).length <= 4) return { verdict: 'skip', hedged: false };
  // "The one about being better off dead. I put not at all.": a questionnaire item named, answered in the turn.
  // Answered "not at all" (and nothing more) it is a denial; answered any other way, or not at all, it stands.
  if (ITEM_NAMED.test(sentence.text) && ITEM_ANSWERED_NO.test(turnText) && !ITEM_ANSWERED_YES.test(turnText)) return { verdict: 'denial', hedged };
  // A rule that spells its own negation ("do not want to live") is negated only before it; any other is
  // negated anywhere up to its last word ("she has never hit me").
  const scope = NEGATION_IN_RULE.has(rule) ? prefix : `${prefix}${matched}`;
  const words = scope.split(' ');
  const negatorAt = words.findLastIndex((w) => NEGATORS.has(w));
  const prefixWords = prefix.trim().length === 0 ? 0 : prefix.trim().split(' ').length;
  let negated =
    negatorAt >= 0 &&
    !HEDGED_NEGATION.test(words.slice(negatorAt).join(' ')) &&
    !newSubjectAfter(
      words.slice(
        0,
        Math.max(
          prefixWords + (/^(?:(?:when|if|because|after|before|until|once) )?(?:he|she|they|i|we|you|my|his|her|their|our)\b/.test(matched) ? 3 : 1),
          negatorAt + 1,
        ),
      ),
      negatorAt,
    );
  if (!negated && clauseIndex > 0) {
    const before = sentence.clauses[clauseIndex - 1]!.text;
    if (NEG_RAISING.test(before)) negated = true;
  }
  // "Suicide? No, it has never crossed my mind": a negator right after a risk word that is the subject.
  if (!negated && prefix.trim().split(' ').filter(Boolean).length <= 3) {
    const after = joined
      .slice(match.index! + matched.length)
      .split(' ')
      .filter(Boolean)
      .slice(0, 6);
    if (
      after.some((w) => NEGATORS.has(w)) &&
      /\b(?:crossed|entered|occurred|something|an option|on my mind|thought|been|in my head|for me|happening|going on|like that)\b/.test(after.join(' '))
    )
      negated = true;
  }
  if (!negated) return { verdict: 'finding', hedged };
  if (STOPPED.test(clause.text)) return { verdict: 'history', hedged };
  return { verdict: 'denial', hedged };
}

/** A therapist question just before: a denial is documented as an answer only when it was asked. */
function askedBy(turns: readonly Turn[], index: number): string | null {
  for (let i = index - 1; i >= Math.max(0, index - 2); i--) {
    const t = turns[i]!;
    if (t.role === 'therapist') return /\?|\b(?:have you|do you|are you|did you|any thoughts|tell me)\b/i.test(t.text) ? t.id : null;
  }
  return null;
}

/**
 * The findings and denials in one client turn.
 */
export function findingsInTurn(turns: readonly Turn[], index: number, exhaustive = false): TurnFindings {
  const turn = turns[index]!;
  const findings = new Map<RiskCategory, RiskFinding>();
  const denials = new Map<RiskCategory, RiskDenial>();
  const sentences = sentencesOf(turn.text);
  // What the rules' context may draw on: this turn and the one before it (the question it answers), read
  // only when a rule needs it.
  const own = sentences.map((s) => s.text).join(' ');
  let exchange: string | null = null;
  const wholeText = () =>
    (exchange ??= `${
      index > 0
        ? sentencesOf(turns[index - 1]!.text)
            .map((s) => s.text)
            .join(' ')
        : ''
    } ${own}`);
  for (const sentence of sentences) {
    if (!exhaustive && !mayHoldRisk(sentence.text)) continue;
    const starts: number[] = [];
    let joined = '';
    for (const c of sentence.clauses) {
      if (joined.length > 0) joined += ' , ';
      starts.push(joined.length);
      // Figures of speech are blanked (same length is not needed: offsets are taken after this).
      joined += withoutIdioms(c.text);
    }
    // Typed chat and speech drop the "I": a sentence that opens with its verb ("havent eaten in 4 days",
    // "relapsed last night") is the speaker's own.
    const opener = sentence.clauses[0]?.tokens[0];
    const firstPerson =
      /\b(?:i|me|my|myself|mine)\b/.test(joined) ||
      (opener !== undefined && (opener.pos === 'VERB' || (opener.pos === 'AUX' && /^(?:have|has|had|been|did|do|am|will|would|can|could)$/.test(opener.word))));
    for (const { rule, global } of GLOBAL_RULES) {
      if (!rule.pattern.test(joined) || (rule.firstPerson && !firstPerson)) continue;
      if ((rule.context || rule.unless) && rule.scope !== 'turn') {
        const scope = wholeText();
        if ((rule.context && !rule.context.test(scope)) || rule.unless?.test(scope)) continue;
      } else if ((rule.context && !rule.context.test(own)) || rule.unless?.test(own)) continue;
      if (rule.category === 'intimate_partner_violence' && PUSHED_TO_COME.test(wholeText())) continue;
      // A parent's remembered voice ("I can still hear my mum telling me to wear a coat") is not a command hallucination.
      if (
        rule.category === 'command_hallucinations' &&
        REMEMBERED_VOICE.test(joined) &&
        !/\b(?:kill|hurt|harm|die|jump|cut|burn|stab|drown|hit|attack)\b/.test(joined)
      )
        continue;
      for (const match of joined.matchAll(global)) {
        const { verdict, hedged } = judge(rule, sentence, joined, starts, match, own);
        if (verdict === 'skip') continue;
        if (verdict === 'denial') {
          if (!denials.has(rule.category))
            denials.set(rule.category, { category: rule.category, turnId: turn.id, quote: sentence.original, inResponseTo: askedBy(turns, index) });
          continue;
        }
        const { clauseIndex } = locate(starts, match.index!);
        const recency: RiskRecency =
          verdict === 'history' || rule.recency === 'past' ? 'past' : recencyOf(sentence, turn.text, sentence.clauses[clauseIndex]!.tense);
        const uncertain = Boolean(rule.uncertain) || hedged || verdict === 'history';
        const existing = findings.get(rule.category);
        // Keep the surest, most recent wording of a category in a turn.
        if (existing && (!existing.uncertain || uncertain)) continue;
        const { level, cssrsLevel } = levelOf(rule.category, recency);
        findings.set(rule.category, { category: rule.category, level, cssrsLevel, recency, turnId: turn.id, quote: sentence.original, uncertain });
        break;
      }
    }
  }
  // A warning sign the net raised in a turn that already holds ideation adds nothing the ideation does not say.
  if ([...findings.values()].some((f) => f.category !== 'hopelessness' && f.cssrsLevel !== null)) {
    const h = findings.get('hopelessness');
    if (h?.uncertain) findings.delete('hopelessness');
  }
  // A denial and a disclosure of the same thing in one turn: the disclosure stands (recall first).
  for (const category of findings.keys()) denials.delete(category);
  return { findings: [...findings.values()], denials: [...denials.values()] };
}

/** Every client turn's findings and denials, in order. Turns whose speaker was not recognised are read too. */
export function findingsIn(transcript: Transcript, exhaustive = false): TurnFindings {
  const findings: RiskFinding[] = [];
  const denials: RiskDenial[] = [];
  transcript.turns.forEach((turn, index) => {
    if (turn.role === 'therapist') return;
    const found = findingsInTurn(transcript.turns, index, exhaustive);
    findings.push(...found.findings);
    denials.push(...found.denials);
  });
  return { findings, denials };
}
