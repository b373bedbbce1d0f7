/**
 * Behaviour coding of single turns, after the MITI 4.2 therapist codes (question, simple and complex
 * reflection, affirmation, giving information, persuading with and without permission, confront) and
 * MISC client language (change talk vs sustain talk). Rules, not a model: every code can be explained
 * by the cue that fired, and the engine shows that cue's turn as evidence.
 */
import { contentWords, normalise, sentencesOf, stripFillers } from './text.js';

export type TherapistBehaviour = 'reflection' | 'question' | 'input' | 'other';

export interface TherapistCodes {
  /** The turn's main behaviour, in the four AnnoMI classes (input = information, advice, confrontation). */
  primary: TherapistBehaviour;
  questions: { open: number; closed: number };
  reflections: { simple: number; complex: number };
  affirmation: boolean;
  advice: 'with_permission' | 'without_permission' | null;
  information: boolean;
  confrontation: boolean;
  /** Asked the client's permission before advising or informing (MITI "seeking collaboration"). */
  asksPermission: boolean;
  /** Index of the sentence (in `sentencesOf(normalise(text))`) that carries the primary code. */
  cueSentence: number;
}

export type ClientTalk = 'change' | 'sustain' | 'neutral';

const WH_OPEN = /^(?:what|how|why|anything else|any other|i(?:'m| am)? (?:just )?wonder(?:ing)? (?:if|whether|what|how|about)|tell me|describe|help me understand|in what way|walk me through|talk (?:to me )?about|say more|can you (?:tell|say|describe|talk)|could you (?:tell|say|describe|talk)|would you (?:tell|say|describe|talk))\b/;
const WH_CLOSED = /^(?:how (?:many|much|often|long|old|far)|what (?:time|day|year|age|number)|which|when|where|who|whose|whom)\b/;
const AUX_QUESTION =
  /^(?:do|does|did|are|is|was|were|have|has|had|can|could|would|will|shall|should|may|might|must|am|aren't|isn't|don't|doesn't|didn't|haven't|won't|wouldn't|couldn't)\s+(?:you|it|that|this|they|he|she|we|i|there|your|any|anything|anyone|people)\b/;

// Reflection stems: how therapists hand the client's meaning back (MITI simple/complex reflection).
const REFLECTION_STEM =
  /^(?:so(?:,)? (?:you|it|that|your|there's|for you|on|part|the|this|basically|what i'm hearing)|it sounds? like|sounds like|it seems|seems like|it feels like|(?:so )?kind of (?:feels|sounds|like)|you (?:feel|felt|are feeling|'re feeling|'re|are|'ve|have|were|was|don't|didn't|do|want|wanted|'d|would|really|just|kind of|sort of|also|still|never|can't|could|think|thought|believe|like|love|hate|see|wish|worry|seem|mentioned|said|know that|realize|realise|care|value|enjoy|got|get|had|need to feel)|your (?:worry|concern|fear|hope|goal|family|wife|husband|kids|children|health|biggest|main|priority)|what i(?:'m| am)? hear(?:ing)?|i(?:'m| am)? hear(?:ing)? (?:you|that)|i(?:'m| am)? get(?:ting)? (?:the sense|a sense)|it's like|it's (?:really )?important to you|that's (?:really )?important to you|on (?:the )?one hand|on the other hand|and (?:yet|you|at the same time|so you|that's)|but (?:you|at the same time|part of you|on the other)|part of you|at the same time|for you|that must|that sounds|that's (?:really )?(?:hard|tough|difficult|frustrating|scary|a lot)|almost like|a lot of|quite a)/;
const REFLECTION_ANYWHERE =
  /\b(?:it sounds? (?:to me )?like|sounds (?:to me )?like|what i(?:'m| am)? hear(?:ing)?|i(?:'m| am)? hearing|i hear (?:that|you)|it seems (?:like|that|to me)|it feels like|you(?:'re| are) (?:feeling|saying|thinking|wondering|worried|concerned)|so you(?:'re| are)?\b|part of you|on (?:the )?one hand|on the other hand)\b/;
/** Frames that only a reflection uses; they outrank advice or confrontation words inside the sentence. */
const REFLECTIVE_FRAME = /\b(?:part of you|on (?:the )?one hand|on the other hand|it sounds? (?:to me )?like|what i(?:'m| am)? hear(?:ing)?|you(?:'re| are) (?:feeling|saying))\b/;
const REFLECTION_FEELING =
  /\b(?:feel|feels|feeling|felt|worried|worry|scared|afraid|frustrat\w*|angry|upset|sad|hurt|overwhelm\w*|stress\w*|anxious|concern\w*|proud|hope\w*|torn|stuck|alone|ashamed|guilty|embarrass\w*|important to you|matters to you|part of you|on (?:the )?one hand|other hand|and yet|at the same time|it's like|kind of like|sounds like|almost like|really want|care about|value)\b/;

const ADVICE =
  /\b(?:you (?:(?:do|really|just|definitely|will|'ll|would|'d|might|may) )?(?:should|shouldn't|need to|needs to|have to|must|ought to|gotta|got to|better)|(?:i|we) (?:would |'d |then |really |actually |strongly |do |don't |(?:would|'d) (?:then|really|strongly) )?(?:recommend|suggest|advise|encourage|urge)|(?:i|we)(?:'d| would) (?:love|like) to (?:set up|refer|get you|have you|give you|start you|put you)|i (?:want|need|'d like|would like) you to|(?:try|make sure|remember) to|it(?:'s| is| would be) (?:important|best|better|good|wise|helpful) (?:that you|for you to|to)|why don't you|you (?:could|might|may want to|might want to|can) (?:try|start|consider|think about)|(?:have you|you) (?:thought about|considered) (?:trying|using|taking)|we(?:'re| are)? (?:need to|going to|gonna|gotta|will) (?:start|get|have|work|put|make|look at|set)|let's (?:get|start|set|make|put|go over)|what you (?:need|have) to do|the best thing (?:you|to do))/;
const CONFRONT =
  /\b(?:you(?:'re| are) (?:just |only )?(?:making excuses|in denial|lying|kidding yourself|wrong|fooling)|excuses|(?:that's|that is|it's) not (?:true|the point|an excuse)|you have to (?:admit|face|accept)|face (?:it|the facts|reality)|you(?:'re| are) an? (?:alcoholic|addict)|do you (?:even )?realize|don't you (?:think|see|realize|care)|aren't you|you can't (?:keep|just|expect)|how (?:can|could) you (?:not|say|think)|the (?:truth|reality|fact) is|you (?:need|have) to (?:stop|quit) (?:drinking|using|smoking|this))/;
const INFORMATION =
  /\b(?:research|studies|study|evidence|statistic\w*|percent|%|guideline\w*|recommended|doctors?|medication|medicine|dose|dosage|side effects?|treatment|program|programme|clinic|appointment|risk|risks|causes?|damage|disease|cancer|diabetes|blood|pressure|cholesterol|liver|heart|lungs?|brain|calories|nicotine|alcohol|per (?:day|week)|drinks? a (?:day|week)|what happens is|the way (?:it|this) works|is (?:called|known as)|there (?:are|is) (?:a lot of|lots of|many|some|different|several)|people (?:who|that|tend|often|usually)|most people|it can|it will|this is (?:a|an|the|what|how)|(?:is|are) (?:really |very |quite )?(?:bad|harmful|dangerous|effective|serious|safe|risky|rare|common|normal|healthy|unhealthy|illegal|legal) (?:for|to|in)?|(?:can|could|will|may|might) (?:become|cause|lead|help|increase|reduce|lower|raise|damage|affect|result)|we (?:actually |usually |generally )?(?:consider|recommend|know|offer|have)|i(?:'m| am) (?:a (?:little|bit) |a little bit |really |very |quite )?(?:concerned|worried) (?:about|that|looking)|i (?:see|noticed?) that|consequences?|violations?|the idea (?:is|would be)|in (?:summary|fact)|(?:the )?(?:safe|recommended) (?:limit|amount|level)s?|support groups?|classes)\b|\b\d+\b/;
export const PERMISSION =
  /\b(?:(?:would|will) (?:it be|that be) (?:ok|okay|alright|all right)|(?:is it|would it be|is that) (?:ok|okay|alright|all right) (?:if|with you)|(?:can|could|may) i (?:share|tell|give|offer|suggest|make|mention|add)|would you (?:like|be interested|mind)|do you mind if|(?:are you|if you're|if you are) (?:interested|open)|would you be open|if (?:it's|that's) (?:ok|okay|alright) with you|with your permission)\b/;
export const AFFIRM =
  /\b(?:that's (?:great|wonderful|fantastic|awesome|impressive|excellent|a great|a big|a really good|really good|huge|terrific|a good (?:idea|point|plan|start|step))|good for you|well done|great job|nice work|good job|i (?:really )?(?:appreciate|admire|respect)|you(?:'ve| have) (?:done|worked|made|come|been) (?:a lot|so much|really|great|well|hard|progress|such)|you(?:'re| are) (?:clearly |really |very )?(?:strong|resourceful|committed|determined|motivated|brave|courageous|capable|thoughtful|a good|doing (?:great|well|a great))|(?:takes|took) (?:a lot of )?(?:courage|strength|guts)|you should be proud|(?:thank you|thanks) for (?:sharing|being|telling|your honesty|coming|trusting))\b/;

/** A sentence that is a question only by its question mark (no wh-word, no inverted auxiliary). */
function isRisingOnly(s: string): boolean {
  const core = stripFillers(s).replace(/^(?:so|and|but|then|now)[\s,]+/, '');
  return !WH_OPEN.test(core) && !WH_CLOSED.test(core) && !AUX_QUESTION.test(core) && !/,\s*(?:what|how|why|do|did|are|is|have|can|would)\b/.test(core);
}

/** Does this sentence ask something, and is it open or closed? */
function questionType(s: string): 'open' | 'closed' | null {
  const core = stripFillers(s).replace(/^(?:so|and|but|then|now)[\s,]+/, '');
  const endsQ = s.endsWith('?');
  if (WH_CLOSED.test(core)) return endsQ || core.length < 80 ? 'closed' : null;
  if (WH_OPEN.test(core)) return 'open';
  if (AUX_QUESTION.test(core)) return endsQ || /^(?:do|does|did|are|is|have|can|could|would) you\b/.test(core) ? 'closed' : null;
  if (endsQ) {
    // "You mentioned …, what did you …?" : a wh clause after a comma is still an open question.
    if (/,\s*(?:what|how|why)\b[^,]*\?$/.test(core)) return 'open';
    if (/,\s*(?:do|did|are|is|have|can|would) you\b[^,]*\?$/.test(core)) return 'closed';
    return 'closed';
  }
  return null;
}

function reflectionType(s: string, clientWords: Set<string>): 'simple' | 'complex' | null {
  const core = stripFillers(s);
  if (core.length === 0) return null;
  // "Part of you knows you can't keep doing that" is a double-sided reflection: an explicit reflective
  // frame outranks the advice or confrontation words inside it.
  if ((ADVICE.test(core) || CONFRONT.test(core)) && !REFLECTIVE_FRAME.test(core)) return null;
  const stem = REFLECTION_STEM.test(core) || REFLECTION_ANYWHERE.test(core) || /^so,? (?!i\b|let's|let me|we\b|what|how|why|when|where|who|do|does|did|are|is|can|could|would|will|have|has|if|anyway|um|uh)/.test(core);
  // Rising-intonation restatements ("It's on your to-do list, just not at the top?") are reflections.
  const rising = s.endsWith('?') && /\b(?:you|your|you're|you've|yourself)\b/.test(core) && core.split(' ').length >= 6 && !WH_OPEN.test(core) && !WH_CLOSED.test(core) && !AUX_QUESTION.test(core) && !/\b(?:or|right|correct|okay|ok)\?$/.test(core) && !INFORMATION.test(core);
  const wordsHere = contentWords(core);
  let overlap = 0;
  for (const w of wordsHere) if (clientWords.has(w)) overlap++;
  const secondPerson = /\b(?:you|your|you're|you've|yourself)\b/.test(core);
  // A declarative that mirrors the client's own words in the second person is a reflection even
  // without a stem ("Your wife's been on you about your health.").
  const mirrors = secondPerson && overlap >= 2 && !s.endsWith('?');
  if (!stem && !mirrors && !rising) return null;
  // Information about the world phrased to the client ("smoking is really bad for you") is not a reflection.
  if (INFORMATION.test(core) && !REFLECTION_ANYWHERE.test(core) && !REFLECTION_FEELING.test(core)) return null;
  if (/^(?:you (?:know|see)|you're welcome|you too)\b/.test(core) && !mirrors) return null;
  const long = wordsHere.size >= 8;
  return REFLECTION_FEELING.test(core) || (long && overlap <= wordsHere.size / 2) ? 'complex' : 'simple';
}

const MINIMAL = /^(?:okay|ok|mm+-?hmm+|mhm|uh-huh|yeah|yes|right|sure|good|great|alright|all right|i see|hmm+|oh|wow|no|thanks?|thank you)[\s.,!?-]*$/;

/**
 * Codes one therapist turn. `previousClientText` is the client's last turn before it, which lets a
 * mirrored restatement count as a reflection.
 */
export function codeTherapistTurn(text: string, previousClientText = ''): TherapistCodes {
  return codeNormalisedTherapistTurn(normalise(text), contentWords(normalise(previousClientText)));
}

/** As {@link codeTherapistTurn}, for text already normalised and the client's content words already taken. */
export function codeNormalisedTherapistTurn(normalised: string, clientWords: Set<string>): TherapistCodes {
  const sentences = sentencesOf(normalised);
  const codes: TherapistCodes = {
    primary: 'other',
    questions: { open: 0, closed: 0 },
    reflections: { simple: 0, complex: 0 },
    affirmation: false,
    advice: null,
    information: false,
    confrontation: false,
    asksPermission: false,
    cueSentence: 0,
  };
  let lastQuestion = -1;
  let lastReflection = -1;
  let firstInput = -1;
  let inputSentences = 0;
  for (const [i, s] of sentences.entries()) {
    if (MINIMAL.test(s)) continue;
    if (PERMISSION.test(s)) codes.asksPermission = true;
    if (AFFIRM.test(s)) codes.affirmation = true;
    const q = questionType(s);
    const r = reflectionType(s, clientWords);
    // A rising-intonation restatement ("So you feel fine?") is a reflection, not a question.
    if (r && (q === null || (q === 'closed' && isRisingOnly(s)))) {
      codes.reflections[r]++;
      lastReflection = i;
      continue;
    }
    if (q) {
      codes.questions[q]++;
      lastQuestion = i;
      continue;
    }
    const confront = CONFRONT.test(s);
    const advice = ADVICE.test(s);
    const info = !advice && INFORMATION.test(s) && !/\b(?:i|i'm|i've|my)\b/.test(s.slice(0, 3));
    if (confront) codes.confrontation = true;
    if (advice) codes.advice = codes.asksPermission ? 'with_permission' : 'without_permission';
    if (info) codes.information = true;
    if (confront || advice || info) {
      inputSentences++;
      if (firstInput < 0) firstInput = i;
    }
  }
  const nQuestions = codes.questions.open + codes.questions.closed;
  const nReflections = codes.reflections.simple + codes.reflections.complex;
  // The main behaviour follows where the turn lands: a turn that ends in a question hands the floor
  // back with that question; otherwise reflections outrank information, which outranks other.
  if (lastQuestion >= 0 && lastQuestion >= lastReflection && inputSentences < 3) {
    codes.primary = 'question';
    codes.cueSentence = lastQuestion;
  } else if (nReflections > 0 && nReflections >= inputSentences) {
    codes.primary = 'reflection';
    codes.cueSentence = lastReflection;
  } else if (inputSentences > 0) {
    codes.primary = 'input';
    codes.cueSentence = firstInput;
  } else if (nQuestions > 0) {
    codes.primary = 'question';
    codes.cueSentence = lastQuestion;
  }
  return codes;
}

// Change talk: desire, ability, reasons, need, commitment, taking steps (MISC DARN-CAT).
const CHANGE_TALK =
  /\b(?:i (?:really )?(?:want|wanna|need|have|got|gotta|would like|'d like|'d love|would love|plan|hope|intend|am going|'m going|'m gonna|am gonna|'m ready|am ready|'m willing|am willing|'m motivated|'m determined|could|can|will|'ll|should|must|ought) (?:to )?(?:stop|quit|cut|change|start|try|do (?:something|it|that|better|more)|get (?:back|better|help|healthy|in shape|off|on|it|some|my)|lose|exercise|eat|take|work on|make|be (?:able|better|healthier|there|more)|give|go (?:back|to)|reduce|limit|find|talk|call|see|walk|join|sleep|spend|save|set|keep|stay|manage|figure|fix|deal)|i (?:can|could|will|'ll) (?:do that|try that|try it|manage|handle)|i(?:'ve| have) (?:started|been trying|been working|cut (?:back|down)|stopped|quit|already|made|decided|joined|signed up|begun)|i (?:started|stopped|quit|cut (?:back|down)|decided|tried (?:cutting|to cut|to stop))|(?:i'm|i am) (?:worried|scared|afraid|concerned|tired of|sick of|fed up)|i don't (?:want|wanna) to (?:die|end up|lose|get worse|be like|keep|go back|hurt)|it(?:'s| is| has been) (?:a problem|affecting|hurting|ruining|getting (?:worse|out of hand)|too much)|(?:that|it) (?:would|could|might) (?:be (?:good|nice|great|helpful|better)|help|work)|(?:i'll|i will|let me) (?:try|give it a (?:try|shot|go)|do it|do that|start)|i know i (?:should|need|have to|gotta|can)|(?:makes|make) sense|(?:it's|that's) important to me|i (?:think|guess|believe|feel) (?:i|that i) (?:can|could|should|need|have to|will|want|might)|i(?:'m| am) (?:ready|willing|committed|going to|gonna|motivated)|for my (?:kids|children|family|health|baby|wife|husband|son|daughter)|i(?:'d| would) (?:feel|be) (?:better|healthier|happier))\b/;
// Sustain talk: the same categories on the side of not changing.
const SUSTAIN_TALK =
  /\b(?:i (?:don't|do not|dont) (?:want|wanna|need|think (?:i|it's|that)|see (?:the|a|why|what|how)|have (?:time|the time|money|the money)|really (?:care|want|need|see|think)|plan|intend|feel like)|i can't|i cannot|i (?:won't|will not|wouldn't)|(?:i'm|i am) not (?:going|gonna|ready|sure|willing|interested|convinced|an?|that)|(?:it's|that's|it is|that is) not (?:a|that|really|my|so|like|as|the|even|an)|no big deal|not a (?:big )?(?:problem|deal|issue)|i(?:'m| am) (?:fine|okay|ok|good|healthy)|i (?:like|love|enjoy) (?:it|the|to|drinking|smoking|getting|using|how|when|the way|being)|it (?:helps|relaxes|calms) me|(?:helps|help) me (?:relax|cope|sleep|calm|deal|forget)|(?:it's|is) (?:fun|relaxing|my only)|everybody (?:does|drinks|smokes)|everyone (?:does|drinks|smokes)|what's the point|(?:i've|i have) tried (?:that|it|before|everything)|(?:never|doesn't|didn't|won't) work|too (?:hard|difficult|much|busy|expensive)|(?:i|we) don't have (?:the )?(?:time|money)|whatever happens|i'll deal with it|i(?:'m| am) going to fail|not (?:gonna|going to) (?:stop|quit|change|happen))/;

/** Codes one client turn as change talk, sustain talk or neither (MISC). */
export function codeClientTurn(text: string): ClientTalk {
  return codeNormalisedClientTurn(normalise(text));
}

export function codeNormalisedClientTurn(s: string): ClientTalk {
  if (s.length < 4) return 'neutral';
  let change = 0;
  let sustain = 0;
  for (const sentence of sentencesOf(s)) {
    const c = CHANGE_TALK.test(sentence);
    const k = SUSTAIN_TALK.test(sentence);
    if (c && !k) change++;
    else if (k && !c) sustain++;
    else if (c && k) {
      // "I don't want to end up like my dad" is change talk: the change cue is the more specific one.
      if (/i don't (?:want|wanna) to (?:die|end up|lose|get worse|be like|keep|go back|hurt)/.test(sentence)) change++;
      else sustain++;
    }
  }
  if (change === 0 && sustain === 0) return 'neutral';
  return change >= sustain ? 'change' : 'sustain';
}

/** Every pattern the coders match, so the engine's rubric hash changes whenever coding changes. */
export const CODER_PATTERNS: readonly RegExp[] = [
  WH_OPEN, WH_CLOSED, AUX_QUESTION, REFLECTION_STEM, REFLECTION_ANYWHERE, REFLECTION_FEELING,
  REFLECTIVE_FRAME, ADVICE, CONFRONT, INFORMATION, PERMISSION, AFFIRM, MINIMAL, CHANGE_TALK, SUSTAIN_TALK,
];
