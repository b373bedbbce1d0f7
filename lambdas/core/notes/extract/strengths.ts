/**
 * The client's strengths and protective factors, as the client shows them: coping that works, people who
 * support them, reasons for living, skills, engagement with the work, and what they value. Protective factors
 * belong beside risk in the Assessment, and strengths-based notes name them in the client's words.
 *
 * Each is about the client now: said by the client of themselves or of someone who supports them ("my sister
 * checks on me"), present or recent, and not negated ("I don't have anyone") or long past ("I used to run").
 * Coping that harms (drinking to relax) is not a strength. The therapist's praise alone is not evidence; an
 * affirmation counts only when it names something the client said or did, and then both turns are cited.
 */
import type { Sentence } from '../../language/index.js';
import { LONG_AGO, RECENT, quoteOf } from './change-talk.js';
import type { ExtractInput, ReadTurn } from './input.js';

export type StrengthKind = 'coping' | 'support' | 'reason_for_living' | 'skill' | 'engagement' | 'value';

export interface Strength {
  kind: StrengthKind;
  /** The client's words, verbatim. */
  quote: string;
  /** The therapist's affirmation of it, verbatim, when the therapist named it. */
  affirmation?: string;
  /** The client's turn, then the therapist's affirming turn when there is one. */
  turnIds: string[];
}

const RELATION =
  '(?:mum|mom|mam|mummy|dad|mother|father|parents|sister|sisters|brother|brothers|partner|husband|wife|boyfriend|girlfriend|fiance|fiancee|friend|friends|best friend|mate|mates|son|daughter|kids|children|family|nan|gran|grandma|granny|grandad|grandpa|aunt|auntie|uncle|cousin|neighbour|neighbours|flatmate|colleague|colleagues|boss|manager|sponsor|pastor|priest|vicar|imam|church|group|support group|gp|doctor|nurse|key worker|support worker|counsellor|team|teacher|tutor)';
const SUPPORTS =
  '(?:checks (?:on|in on|up on) me|check (?:on|in on) me|(?:is|are|has been|have been) (?:always |really |so |very )*(?:there for me|supportive|amazing|brilliant|great with me|a (?:great |big |huge |real )?(?:help|support|rock))|supports? me|listens? to me|helps? me|looks? (?:after|out for) me|calls? me|texts? me|rings? me|comes? (?:round|over)|gets? me|understands? me|has my back|keeps? me (?:going|grounded|sane|safe|company)|makes? sure i|takes? me|drives? me|came (?:round|over|with me)|helped me|listened to me|picked me up)';
/** "My sister checks on me", "my friends have been amazing". */
const SUPPORTER = new RegExp(
  `^(?:and |but |so |well |honestly )?(?:my (?:\\w+ )?${RELATION}|(?:she|he|they)) (?:really |always |still |usually |often |actually |also |even )*${SUPPORTS}`,
);
/** "I can talk to my sister", "I've got really good friends". */
const REACHES_OUT = new RegExp(
  `^(?:and |but |so |well )?i (?:can |could |do |usually |always |still |often |will )*(?:talk to|call|ring|text|rely on|lean on|turn to|count on|go to|confide in|open up to|talked to|called|rang|texted|reached out to|opened up to) (?:my (?:\\w+ )?${RELATION}|her|him|them)\\b`,
);
const HAS_PEOPLE = new RegExp(
  `^(?:and |but |so |well )?(?:i|we) (?:have|have got|have still got|still have|have a lot of) (?:(?:some|good|great|really good|close|supportive|amazing|lovely|a few|a couple of|a|my) )+(?:${RELATION}|people|support|support network|network)s?\\b|^(?:and |but )?i have (?:people|someone|somebody|support) (?:i can|who|to)\\b`,
);

const HARMFUL =
  /\b(?:drink|drinks|drinking|wine|beer|vodka|alcohol|booze|pint|weed|smoke|smoking|spliff|joint|pills|tablets|cutting|cut myself|harm|hurting myself|binge|bingeing|purg|gambl|scroll|staying in bed|sleep all day|avoid|isolat|not eating|hiding|pretending|lying|masking|revenge)\w*/;
const ACTIVITY =
  /\b(?:breath\w*|walk\w*|run|running|jog\w*|exercis\w*|gym|yoga|swim\w*|music|song|songs|journal\w*|writ\w*|meditat\w*|mindful\w*|ground\w*|pray\w*|prayer|church|read\w*|bath|shower|cook\w*|bak\w*|garden\w*|paint\w*|draw\w*|knit\w*|dog|cat|talk\w*|the app|count\w*|cold water|ice|list|lists|plan|planning|routine|stretch\w*|nature|outside|fresh air|bike|cycling|football|dancing|singing|guitar|piano|crochet|puzzle\w*|podcast\w*|box breathing|5 4 3 2 1|five things)\b/;
/** "Going for a walk really helps", "the breathing works", "music calms me down". */
const HELPS =
  /^(?:and |but |so |honestly |actually )?(.{2,60}?) (?:really |actually |definitely |always |usually |does |kind of |sort of |genuinely )*(?:helps|helped|help|works|worked|calms me|calmed me|grounds me|grounded me|settles me|settled me|relaxes me|makes me feel better|made me feel better|takes my mind off|took my mind off|gets me through|got me through)\b/;
const WHAT_HELPS =
  /^(?:and |but |so )?(?:what (?:really )?helps(?: me)?|the (?:only )?thing that (?:really )?helps(?: me)?|what works(?: for me)?) (?:is|was) (.+)$/;
/** "When I get panicky | I go for a walk": a habit of coping, read with the clause before it. */
const COPES_WHEN =
  /^(?:i|we) (?:usually |always |just |now |try to |will |tend to )*(?:go for|go out for|do (?:the|my|some)|use (?:the|my)|put on|listen to|call|text|ring|talk to|write|take (?:a|some)|breathe|count|get outside|go outside|go to the gym|go running|step outside|have a (?:bath|shower)|make a cup of tea|pray|meditate|stroke|walk)\b/;
const MANAGED =
  /^(?:and |but |so )?(?:i|we) (?:actually |finally |still |even )*(?:managed to|was able to|were able to|could) (?:calm (?:myself|down)|ground myself|talk myself down|get through (?:it|the day|the night)|stop myself|use (?:the|my)|do (?:the|my)|sit with it|ride it out|breathe through it|say no|leave the situation|go to|get out of bed|get up)\b/;
const SKILL =
  /^(?:and |but |so )?i (?:am|am really|am quite|am pretty|have always been|am actually) (?:good|great|decent|brilliant) (?:at|with) (?!(?:hiding|pretending|lying|masking|avoiding|nothing|making mistakes))|^(?:and |but |so )?i (?:know how to|have learned (?:how )?to|am learning (?:how )?to|can now|have got better at|am getting better at) (?!(?:hide|pretend|lie|mask|avoid|drink))/;
const ENGAGED =
  /^(?:and |but |so )?(?:i|we) (?:actually |did |have |finally |also )*(?:did|done|completed|filled (?:in|out)|finished|tried|practised|practiced|kept|kept up|been (?:doing|practising|practicing|keeping|using|filling in)|used) (?:(?:the|my|all the|all of the|some of the|a|every day of the) )?(?:homework|worksheet|worksheets|thought records?|diary|diaries|log|exercises?|breathing|reading|tracker|sleep diary|activity schedule|mood diary|diary card|practice|skills?|techniques?|experiment)\b|^(?:this|these sessions|therapy|coming here|talking (?:to you|here|about it)|our sessions|the sessions|counselling) (?:is|are|has been|have been) (?:really |actually |so |very )*(?:helping|helpful|useful|good for me|making a difference|working)\b|^(?:and |but |so )?i (?:really )?want to (?:keep coming|keep doing this|keep working on this|do this properly)\b/;
const REASON_FOR_LIVING = [
  /\b(?:keeps? me (?:going|alive|here|hanging on)|(?:is|are) (?:the reason|why) i (?:keep going|am still here|get up|carry on|hold on)|reason (?:i|to) (?:keep going|am still here|live|get up|carry on))\b/,
  /\bi (?:could|would|will) (?:never|not) (?:do (?:that|it|this) to|leave|put .+ through) (?:my|them|her|him)\b/,
  /\bi (?:want|need|have) to (?:be there for|see) (?:my )?(?:kids|children|grandchildren|grandkids|son|daughter|baby|family|mum|mom|dad)\b/,
  /\bi (?:have|have got|have still got) (?:so much|a lot|things|something|plenty|lots) to live for\b/,
  /\bi am (?:really )?looking forward to\b/,
];
const VALUE =
  /\b(?:is|are|matters?|means?) (?:really |so |very |the most |more |most )*(?:important to me|matters? to me|means? (?:a lot|everything|so much|the world) to me)\b|^(?:and |but |so )?i (?:really |truly |genuinely )?(?:care (?:a lot |so much |deeply )?about|value|believe in) (?!nothing|myself not)|^(?:and |but |so )?what matters (?:most )?to me is\b/;

/** The clause is the client now: not a question, not long past, not past unless recent. */
function now(sentence: Sentence, text: string, frame: string, tense: string): boolean {
  if (/\?\s*$/.test(sentence.original) || LONG_AGO.test(text) || LONG_AGO.test(frame)) return false;
  return tense !== 'past' || RECENT.test(sentence.text);
}

function negated(text: string): boolean {
  return /\b(?:not|never|no|nobody|nothing|none|no one|nor)\b/.test(text);
}

function kindOf(text: string, frame: string, turnText: string): StrengthKind | undefined {
  if (REASON_FOR_LIVING.some((p) => p.test(text))) return REASON_FOR_LIVING[1]!.test(text) || !negated(text) ? 'reason_for_living' : undefined;
  if (negated(text)) return undefined;
  if (SUPPORTER.test(text))
    return /^(?:and |but |so |well |honestly )?(?:she|he|they)\b/.test(text) && !new RegExp(`\\b${RELATION}\\b`).test(turnText) ? undefined : 'support';
  if (REACHES_OUT.test(text) || HAS_PEOPLE.test(text)) return 'support';
  if (ENGAGED.test(text)) return 'engagement';
  const what = text.match(WHAT_HELPS)?.[1] ?? text.match(HELPS)?.[1];
  if (what !== undefined && !HARMFUL.test(what) && !HARMFUL.test(text)) {
    // "It helps" stands for an activity named in the turn ("I do the breathing. It really helps.").
    const activity = /^(?:it|that|this|doing that|doing this)$/.test(what.trim())
      ? ACTIVITY.test(turnText) && !HARMFUL.test(turnText)
      : ACTIVITY.test(what) || new RegExp(`\\b${RELATION}\\b`).test(what);
    if (activity) return new RegExp(`\\b(?:talk\\w* to|call\\w*|text\\w*|seeing) (?:my )?\\w*\\s?${RELATION}\\b`).test(what) ? 'support' : 'coping';
  }
  if (/^(?:and |but |so )?(?:when|whenever|if) (?:i|we) (?:feel|get|am|start)\b/.test(frame) && COPES_WHEN.test(text) && !HARMFUL.test(text)) return 'coping';
  if (MANAGED.test(text)) return 'coping';
  if (SKILL.test(text) && !HARMFUL.test(text)) return 'skill';
  if (VALUE.test(text) && !HARMFUL.test(text)) return 'value';
  return undefined;
}

/** The strengths one client turn shows in its own words. */
function strengthsIn(turn: ReadTurn): Strength[] {
  const found: Strength[] = [];
  const turnText = turn.sentences.map((s) => s.text).join(' ');
  for (const sentence of turn.sentences) {
    // A clause the layer left whole can still join two people's doings ("my dog keeps me going and my mum checks on me").
    const clauses = sentence.clauses.flatMap((clause) =>
      clause.text
        .split(/\s(?:and|but|plus)\s(?=(?:my|i|she|he|they)\s)/)
        .map((text, k) => ({ text, tense: clause.tense, subject: k === 0 ? clause.subject : 'none' })),
    );
    clauses.forEach((clause, i) => {
      const frame = i > 0 ? clauses[i - 1]!.text : '';
      // Reasons for living often span a clause break ("my kids are the reason | I keep going").
      const text = clause.text.replace(/\s*[,;:.!]+$/, '');
      const joined = i > 0 && /\b(?:the reason|why|what)$/.test(frame.replace(/\s*[,.]$/, '')) ? `${frame} ${text}` : text;
      if (!now(sentence, joined, frame, clause.tense)) return;
      if (clause.subject === 'listener') return;
      const kind = kindOf(joined, frame, turnText);
      if (!kind) return;
      const copingFrame = kind === 'coping' && /^(?:and |but |so )?(?:when|whenever|if) /.test(frame);
      const words = joined !== text || copingFrame ? `${frame.replace(/\s*[,.]$/, '')} ${text}` : text;
      let quote = quoteOf(sentence, words);
      // "It really helps" quotes what "it" is: the sentence before it in the turn, merged with what it gave.
      const previous = turn.sentences[turn.sentences.indexOf(sentence) - 1];
      if (i === 0 && previous && /^(?:and |but |so |honestly |actually )?(?:it|that|this|doing that|doing this) /.test(text) && kind === 'coping') {
        const before = found.find((f) => previous.original.includes(f.quote));
        quote = `${before?.quote ?? previous.original} ${quote}`;
        if (before) found.splice(found.indexOf(before), 1);
      }
      if (!found.some((f) => f.quote === quote)) found.push({ kind, quote, turnIds: [turn.id] });
    });
  }
  return found;
}

// ── The therapist's affirmations, counted only when they name what the client said or did ───────────────

const PRAISE =
  /\b(?:well done|good for you|(?:that is|that was|that sounds) (?:really |so |a )?(?:great|brilliant|fantastic|impressive|amazing|big step|huge|real achievement|really good|good)|it is (?:really |so )?(?:great|good|impressive|brilliant|wonderful) (?:that|to hear) you|i am (?:really |so )?(?:impressed|proud)|that (?:took|takes) (?:real |a lot of )?(?:courage|guts|strength|effort)|you should be (?:really )?proud|you (?:really )?(?:managed|stuck with|kept (?:at|going)|did (?:really |so )?well)|i (?:really )?(?:admire|appreciate) (?:that|how|the way|you))\b/;
const NOT_CONTENT = new Set([
  'be',
  'have',
  'do',
  'get',
  'say',
  'feel',
  'think',
  'know',
  'make',
  'really',
  'thing',
  'lot',
  'week',
  'time',
  'today',
  'yesterday',
  'good',
  'great',
  'well',
  'proud',
  'done',
  'manage',
  'sound',
  'hear',
  'take',
  'courage',
  'effort',
  'impressed',
  'impress',
  'brilliant',
  'amazing',
  'fantastic',
  'step',
  'big',
  'huge',
  'achievement',
  'admire',
  'appreciate',
  'way',
  'just',
  'so',
  'that',
  'this',
  'you',
  'i',
  'yes',
  'yeah',
  'okay',
]);
const AFFIRM_WINDOW = 6;

function contentLemmas(sentence: Sentence): Set<string> {
  return new Set(
    sentence.clauses.flatMap((c) =>
      c.tokens.filter((t) => /^(?:NOUN|VERB|ADJ|PROPN)$/.test(t.pos) && !NOT_CONTENT.has(t.lemma) && t.lemma.length > 1).map((t) => t.lemma),
    ),
  );
}

/** Kind for a client clause the therapist affirmed: what was done decides. */
function affirmedKind(text: string): StrengthKind {
  if (/\b(?:homework|worksheet|thought record|diary|exercise|practi[sc]e|session|sessions)\b/.test(text)) return 'engagement';
  if (new RegExp(`\\b${RELATION}\\b`).test(text) && /\b(?:talk|told|call|text|rang|asked|reached)\w*\b/.test(text)) return 'support';
  return 'coping';
}

function affirmations(input: ExtractInput, found: Strength[]): void {
  for (const turn of input.therapist) {
    for (const praise of turn.sentences) {
      if (!PRAISE.test(praise.text)) continue;
      const named = contentLemmas(praise);
      if (named.size === 0) continue;
      const before = input.turns
        .slice(Math.max(0, turn.index - AFFIRM_WINDOW), turn.index)
        .filter((t) => t.role === 'client')
        .reverse();
      match: for (const client of before) {
        for (const sentence of client.sentences) {
          for (const [i, clause] of sentence.clauses.entries()) {
            const shared = clause.tokens.filter((t) => named.has(t.lemma) && /^(?:NOUN|VERB|ADJ|PROPN)$/.test(t.pos));
            if (new Set(shared.map((t) => t.lemma)).size < 2) continue;
            const text = clause.text.replace(/\s*[,;:.!]+$/, '');
            const frame = i > 0 ? sentence.clauses[i - 1]!.text : '';
            // The client's own doing, not harmful, not denied, not long past; a plain past is recent when the
            // therapist affirms it a few turns on ("I went for a walk" … "well done for getting out for that walk").
            if (!/^(?:(?:\w+ ){0,3})(?:i|we)\b/.test(text) || negated(text) || HARMFUL.test(text) || !now(sentence, text, frame, 'present')) continue;
            const quote = quoteOf(sentence, text);
            const affirmation = praise.original;
            const existing = found.find((f) => f.turnIds[0] === client.id && (f.quote.includes(quote) || quote.includes(f.quote)));
            if (existing) {
              existing.affirmation ??= affirmation;
              if (!existing.turnIds.includes(turn.id)) existing.turnIds.push(turn.id);
            } else found.push({ kind: affirmedKind(text), quote, affirmation, turnIds: [client.id, turn.id] });
            break match;
          }
        }
      }
    }
  }
}

/**
 * The client's strengths and protective factors in the session, in order of the client's turns.
 *
 * @example
 * extractStrengths(readSession(parseTranscript("Therapist: Who's around for you?\nClient: My sister checks on me every day.")));
 * // [{ kind: 'support', quote: 'My sister checks on me every day', turnIds: ['t0002'] }]
 */
export function extractStrengths(input: ExtractInput): Strength[] {
  const found = input.client.flatMap(strengthsIn);
  affirmations(input, found);
  const order = (s: Strength) => input.turns.findIndex((t) => t.id === s.turnIds[0]);
  return found.sort((a, b) => order(a) - order(b));
}
