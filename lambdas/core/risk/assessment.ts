/**
 * What the therapist asked about a disclosure, item by item after the C-SSRS screener (thoughts, method,
 * intent, plan, behaviour, history) and the Stanley-Brown safety plan (means, safety, protective factors,
 * the plan itself). Strict: a question counts only when it is about the risk ("Any plans for the weekend?",
 * "Are you taking your tablets?" are not), and only therapist questions or safety-planning moves count.
 * Questions before the disclosure count when they name the risk.
 */
import type { Transcript } from '../../../schemas/transcript.js';
import type { AssessmentItem, AssessmentQuestion, RiskEpisode } from '../../../schemas/risk.js';
import { sentencesOf } from '../language/index.js';

/** Questions this many turns before the first finding count when they name the risk. */
const BEFORE_WINDOW = 10;
/** The therapist has this many turns after the last finding to be heard assessing it. */
const AFTER_WINDOW = 25;
/** A clarifying question ("what do you mean?") counts for `thoughts` only this soon after a disclosure. */
const CLARIFY_WINDOW = 3;

const RISK_TERMS =
  /\b(?:suicid\w*|kill\w*|die|dying|dead|death|end (?:your|it|things)|ending (?:your|it|things)|take your (?:own )?life|hurt\w* (?:yourself|him|her|them|someone|anyone|the|your)|harm\w* (?:yourself|him|her|them|someone|anyone)|cut\w*|burn\w*|overdos\w*|pills|tablets|gun|firearm|weapon|attempt\w*|not (?:wanting to )?(?:be|being) (?:here|alive|around)|wake up|better off|those thoughts|these thoughts|that thought|this thought|the thoughts|safe|safety|hit\w*|abus\w*|violen\w*|purg\w*|voices?|drink\w*|drive|drove|threw up|throw up|making yourself sick|eat\w*)\b/;

/** Each item's wording, on the normalised text of one therapist sentence. */
const ITEMS: Record<AssessmentItem, RegExp> = {
  thoughts:
    /\b(?:thoughts? (?:of|about) using (?:one|it|that|them|those) on yourself|still having (?:those |these |the )?thoughts|(?:thoughts?|thinking|thought|think) (?:of|about) (?:suicide|killing yourself|ending (?:your|it|things)|taking your (?:own )?life|dying|death|being dead|not (?:wanting to )?(?:being|be) (?:here|alive|around)|hurting (?:yourself|him|her|them|someone|anyone|(?:the|their|your|a|my) (?:baby|child|kids?|children|partner|\w+))|harming (?:yourself|him|her|them|someone|anyone)|wanting to die|not waking up|wishing you were dead|self[- ]?harm|cutting)|suicid\w+|kill(?:ing)? yourself|end(?:ing)? your (?:own )?life|take your (?:own )?life|wish(?:ed)? you (?:were|was) dead|want(?:ed)? to die|(?:hurt|harm)(?:ing)? yourself|(?:those|these|the|that|this) (?:thoughts?|feelings?|urges?)|how often (?:do|have|are|is) (?:you|they|those|these|the) (?:have |get |having |getting )?(?:those |these |the )?thoughts|how long have you (?:felt|been feeling|had)|feel(?:ing)? like (?:you do not want to|you want to|ending|not being))\b/,
  method:
    /\b(?:(?:any )?other ways? of doing it|only the (?:rifle|gun|pills|rope|bridge|car)|what (?:would|might) you use|(?:thinking|thought|think|gotten as far as \w+) about how\b|other (?:ways|methods)|another way|just the (?:bridge|pills|gun|rope|train)|how (?:would|might|could|will) you (?:do it|kill|end|hurt|harm|go about|act)|how you (?:would|might|could|will) (?:do it|kill|end|hurt|harm|go about|act)|thought about how|(?:a|any|the) (?:method|means|way) (?:to|of|in mind|you would|you have thought)|what (?:would|might|could) you (?:use|do it with)|how would you do|thought about (?:what you would use|a way))\b/,
  intent:
    /\b(?:what did you (?:want|hope|expect) (?:to happen|would happen)|were you trying to|(?:pull|urge|urges|impulse) to (?:act|do it|go through|do something)|go through with it|actually (?:doing|do) (?:something|it|anything)|have to do what (?:they|it|he|she|the voices?) (?:say|says|tell|tells)|(?:did|do) you want to die|wanted to die|were you trying to (?:die|end|kill)|how strong|intend\w*|intention\w*|intent|act(?:ing)? on (?:those|these|the|them|it|that|this|any of)|(?:would|will|might|could) you (?:actually |really |ever )?(?:do it|act|go through)|going to (?:do it|act|kill|hurt|end|go through)|how likely|do you think you (?:would|will|might|could) (?:do it|act|go through|actually|ever|try|hurt|kill)|how (?:close|strong|serious)|do you want to (?:die|do it|act)|are you (?:planning|going) to (?:do it|do something|act|hurt|kill|end))\b/,
  plan: /\b(?:(?:a )?firm date|date in your head|(?:a|the) date (?:for it|to do it|in (?:your|mind)|set|picked|chosen)|(?:what|how) you would do,? or when|when or where|where or when|what time|which day|what day|when (?:would|were) you (?:going|planning)|picked a (?:time|day|date|place)|(?:have|made|make|got|worked out|thought about|come up with|had) (?:a |any )?plans? (?:to|for (?:ending|killing|suicide|hurting|how|when|doing it|it)|about how|on how|of how)|(?:have|made|got|had) (?:a|any) (?:specific |actual )?plan\b(?! (?:for|with|about) (?!it\b|that\b|how\b|ending|killing|hurting|doing it))|(?:when|where)(?: (?:and|or) (?:when|where|how))? you (?:would|might|will|could) (?:do it|go|act)|thought about when|(?:picked|chosen|set) a (?:time|day|date|place))\b/,
  behavior:
    /\b(?:how often|(?:done|do|did) anything to (?:get ready|prepare)|getting things in order|been doing (?:that|this|it) (?:a lot|lately|often|much)|something you have been doing|(?:are|have) you (?:been )?(?:using|taking|doing) anything else|what (?:have|did) you (?:noticed|notice|seen|see) (?:happening|when)|(?:have|did|had) you (?:ever |actually |already )?(?:done|taken|made|started|begun|bought|collected|saved|stored|written|given|got|gotten|put|gone) (?:anything|any steps|something|preparations?|steps|any preparations?)(?: (?:to|toward|towards|in preparation|about it|like that))?|prepar\w+|rehears\w+|(?:have|did|do) you (?:actually |ever |still )?(?:hurt|harm|cut|burn|hit|purge|make yourself sick|throw up|drive|drink|use)\w* (?:yourself|him|her|them|the|your|when|after|since|this)?|gone as far as|how often (?:do|does|did|has|have) (?:you|he|she|this|it)|(?:has|did) (?:he|she|they) (?:ever )?(?:hurt|hit|touch\w*|threat\w*|choke\w*)|what happened (?:next|then|that night|after))\b/,
  history:
    /\b(?:been going on (?:for )?(?:a while|long|a long time)|before last time|(?:attempt\w*|tried|hurt you|hit you|acted on|put (?:his|her|their) hands)\b[^?]{0,50}\b(?:before|in the past|previously)|(?:ever|before)\b[^?]{0,50}\b(?:hurt you|hit you|acted on|put (?:his|her|their) hands|been in an accident|stopped by (?:the )?police|arrested)|when did you first|only time|how long ago|(?:ever|before|previously|in the past|past)\b[^?]{0,50}\b(?:attempt\w*|tried|hurt yourself|harm\w* yourself|done (?:this|that|something like)|felt (?:like )?this|thoughts like (?:this|these)|happened|cut|overdos\w*|been (?:in )?hospital\w*|hurt (?:anyone|someone|him|her)|hit|acted)|attempt\w* (?:before|in the past)|(?:has|had|did) (?:this|that|it) (?:ever )?happen\w* before|how long has (?:this|that|it) been (?:going on|happening)|first time|(?:any|a) history of)\b/,
  means:
    /\b(?:where is the (?:rifle|gun|guns|pistol|firearm|weapon|pills|medication|rope|knife)|key to the (?:gun )?safe|hold the key|who else can get to|out of your sight|(?:have|got|keep) a (?:bat|hammer|knife|machete|gun|weapon)|lock(?:ed)? (?:them|it|those) (?:up|away)|(?:is|are) (?:it|they|the \w+) locked|lock ?box|gun safe|give (?:your|the|those|them) (?:car )?(?:keys|pills|gun|guns|meds|medication|tablets) to|keep (?:them|it) (?:at|with) (?:his|her|a|your|their)|any more (?:pills|medications?|tablets) (?:at home|in the house|left)|(?:access to|have|keep|kept|is there|are there|got|own|store|stored|where (?:are|do you keep|is)|lock\w* (?:up|away)|get rid of|remove|give (?:them|it|those) to|hold on to|hand (?:them|it) over)\b[^?]{0,40}\b(?:guns?|firearms?|weapons?|pills|medications?|medicines?|tablets|rope|knife|knives|blades|razors|means)|anything (?:at home|in the house|around you|you could use|that you could use)|anything (?:you could|that you could|you might) (?:use|hurt))\b/,
  safety:
    /\b(?:looking at by a doctor|need (?:to be )?seen|get (?:that|it|them) seen|(?:is|are|feel|be|keep|stay|kept) [^?]{0,25}\bsafe\b|medical (?:care|attention|help)|see a doctor|dizziness|fainting|heart racing|chest pain|healing (?:okay|ok|well)|infected|(?:are|do|will|would|can|could|did) you (?:feel |be |stay |keep |keep yourself |able to stay |able to keep yourself )?safe|keep (?:yourself|you|the kids|them|her|him) safe|stay safe|safe (?:tonight|right now|at home|to go home|now|where you are|enough)|your safety|is (?:she|he|the child|the baby|your (?:mother|mom|mum|son|daughter|child|kids|father|dad)|everyone) safe|safe place|somewhere safe|is (?:he|she) (?:there|at home|in the house) (?:now|tonight|right now))\b/,
  protective_factors:
    /\b(?:what (?:is|has) (?:kept|stopped|helped|held) you|what (?:keeps|has kept|stops|has stopped|stopped|would stop|kept|holds|has held|helps|has helped|gets|got) you|reasons? (?:for living|to live|to keep going|to stay|for staying)|what (?:helps|has helped) you (?:hold on|keep going|get through)|who (?:do you have|could you (?:call|reach|turn to|talk to)|supports you|is there for you|can you lean on)|what (?:are you|would you be) living for)\b/,
  safety_plan:
    /\b(?:who you will (?:ring|call|contact)|write (?:it )?down together|(?:write|put) (?:down )?(?:together )?who you would (?:call|contact|reach)|make a plan (?:for|so|if|together)|(?:call|phone|ring) (?:your \w+|them|her|him) together|what (?:could|would|will|can) you do (?:next time|instead|if)|protective services|safety plan\w*|crisis (?:line|number|team|service|plan)|hot ?line|help ?line|lifeline|988|911|999|samaritans|text line|who (?:would|could|can|will) you (?:call|contact|reach out|text|talk)|warning signs|(?:write|make|put) (?:down )?(?:a |the |some |your )?(?:list|plan|steps|numbers)|emergency (?:room|department|services|plan)|a&e|go to (?:the )?hospital|shelter|refuge|domestic (?:violence|abuse) (?:line|service|advocate)|(?:call|contact|involve|report (?:this |it )?to) (?:the police|child protective|adult protective|social services|cps|aps|protective services))\b/,
};

/** "Are you taking your tablets as prescribed?": adherence, not access to means. */
const ADHERENCE = /\b(?:taking (?:your|the|them|it)|as prescribed|side effects?|dose|dosage|refill|pharmacy|prescription|remember to take)\b/;
const QUESTION_START =
  /^(?:and |so |okay |ok |now |also |just |well )*(?:do|did|does|have|has|had|are|is|was|were|would|will|could|can|what|how|when|where|who|which|any|anything|tell me|i want to ask|i need to ask|i have to ask|i am wondering|i wonder|let me ask|may i ask)\b/;
const SAFETY_MOVE =
  /\b(?:let us|let's|we can|we could|we will|i would like us to|i want us to|here is|this is the number|you can call|you could call|write down|put (?:it|them|the number) in your phone|i will give you)\b/;
// "I don't know", "I'm not sure" are not a no: an answer counts as a denial only when it refuses the item.
const CLIENT_DENIAL =
  /^(?:(?:well|honestly|oh|no,|um|uh)[\s,]+)*(?:no\b|nope\b|never\b|not really\b|not at all\b|nothing\b|none\b|i do not\b(?! (?:know|really know|remember|think so|understand))|i have not\b|i would not\b|i did not\b(?! (?:know|think))|definitely not\b|no way\b|i am not\b(?! sure| certain))/;

export const ASSESSMENT_ITEMS = Object.keys(ITEMS) as AssessmentItem[];

export interface HeardQuestion extends AssessmentQuestion {
  index: number;
}

/** A question without its question mark, as recognisers write it: an auxiliary with "you" after it anywhere. */
const ASKS_ANYWHERE =
  /\b(?:have|do|did|are|were|would|could|can|will|is|has|does) (?:you|he|she|they|there|it|anyone|anything)\b|\bhow (?:often|long|many|much|strong|likely|close)\b|\bwhat time\b|\bwhich day\b/;

function itemsIn(sentence: string, afterDisclosure: boolean, nearDisclosure: boolean, turnAsks: boolean): AssessmentItem[] {
  const isQuestion =
    sentence.endsWith('?') ||
    QUESTION_START.test(sentence) ||
    (!/[.!]$/.test(sentence) && ASKS_ANYWHERE.test(sentence)) ||
    (turnAsks && !sentence.endsWith('.'));
  const found: AssessmentItem[] = [];
  const explicit = RISK_TERMS.test(sentence);
  for (const item of ASSESSMENT_ITEMS) {
    if (!ITEMS[item].test(sentence)) continue;
    if (item === 'safety_plan') {
      if (isQuestion || SAFETY_MOVE.test(sentence)) found.push(item);
      continue;
    }
    if (!isQuestion) continue;
    // "How often are those thoughts coming?" asks about ideation, not behaviour.
    if (item === 'behavior' && /\bthoughts?\b/.test(sentence) && !/\b(?:acted|done|tried|hurt|cut)\b/.test(sentence)) continue;
    if (item === 'means' && ADHERENCE.test(sentence) && !/\b(?:access|lock|keep|kept|store|stored|how many|stockpil\w*|get rid|give them)\b/.test(sentence))
      continue;
    // Before the disclosure, or far from it, a question counts only when it names the risk itself.
    if (!afterDisclosure && !explicit) continue;
    if (item === 'thoughts' && !explicit && !nearDisclosure) continue;
    found.push(item);
  }
  return found;
}

/** The screener's items from the most specific down: one question is credited with one of them at most. */
const CORE_SPECIFICITY: readonly AssessmentItem[] = ['plan', 'method', 'intent', 'behavior', 'history', 'thoughts'];

/**
 * One sentence asks one thing: "is that a way you've thought of ending your life?" asks about a method, and
 * is not also credited as a question about the thoughts. Strict by design: a double-barrelled question is
 * under-counted, never an assessment over-claimed.
 */
function oneCoreItem(items: AssessmentItem[]): AssessmentItem[] {
  const core = CORE_SPECIFICITY.find((item) => items.includes(item));
  return items.filter((item) => !CORE_SPECIFICITY.includes(item) || item === core);
}

/** Every assessment question the therapist asked in the window around an episode's findings. */
export function questionsAbout(transcript: Transcript, firstIndex: number, lastIndex: number): HeardQuestion[] {
  const turns = transcript.turns;
  const heard: HeardQuestion[] = [];
  const start = Math.max(0, firstIndex - BEFORE_WINDOW);
  const end = Math.min(turns.length - 1, lastIndex + AFTER_WINDOW);
  for (let i = start; i <= end; i++) {
    const turn = turns[i]!;
    if (turn.role !== 'therapist') continue;
    const after = i > firstIndex;
    const near = i > firstIndex && i - lastIndex <= CLARIFY_WINDOW;
    const items = new Set<AssessmentItem>();
    const sentences = sentencesOf(turn.text);
    // A statement that sets up the question after it ("New parents sometimes have frightening thoughts… Has anything like that happened?").
    const turnAsks = sentences.some((s) => s.text.endsWith('?'));
    for (const [k, s] of sentences.entries()) {
      const setsUp = turnAsks && k < sentences.length - 1 && sentences.slice(k + 1).some((x) => x.text.endsWith('?'));
      for (const item of oneCoreItem(itemsIn(setsUp ? `${s.text.replace(/[.!]$/, '')}?` : s.text, after, near, turnAsks))) items.add(item);
    }
    if (items.size === 0) continue;
    let answer: { id: string; denied: boolean } | null = null;
    const next = turns[i + 1];
    if (next && next.role !== 'therapist') {
      const first = sentencesOf(next.text)[0];
      answer = { id: next.id, denied: first !== undefined && CLIENT_DENIAL.test(first.text) };
    }
    for (const item of items) heard.push({ item, turnId: turn.id, answerTurnId: answer?.id ?? null, denied: answer?.denied ?? false, index: i });
  }
  return heard;
}

const SUICIDE_CORE: readonly AssessmentItem[] = ['thoughts', 'method', 'intent', 'plan', 'behavior', 'history'];
const RELEVANT: Record<RiskEpisode['domain'], readonly AssessmentItem[]> = {
  suicide: [...SUICIDE_CORE, 'means', 'safety', 'protective_factors', 'safety_plan'],
  self_injury: ['thoughts', 'behavior', 'history', 'intent', 'means', 'safety', 'safety_plan'],
  harm_to_others: ['thoughts', 'intent', 'plan', 'means', 'history', 'behavior', 'safety', 'safety_plan'],
  abuse: ['safety', 'history', 'behavior', 'safety_plan'],
  other: ['behavior', 'history', 'safety', 'intent', 'means', 'thoughts', 'safety_plan'],
};
/** What the screener would ask and a note should say was not asked. */
const EXPECTED: Record<RiskEpisode['domain'], readonly AssessmentItem[]> = {
  suicide: [...SUICIDE_CORE, 'means', 'safety_plan'],
  self_injury: ['thoughts', 'behavior', 'history', 'intent', 'safety'],
  harm_to_others: ['intent', 'plan', 'means', 'history', 'safety'],
  abuse: ['safety', 'history', 'safety_plan'],
  other: ['behavior', 'history', 'safety'],
};

/**
 * `assessed` when the questions cover what the screener asks for this kind of risk (suicide: three of the
 * six C-SSRS items, or two with means, safety or a safety plan; anything else: two relevant items),
 * `partial` when some were asked, `not_assessed` when none.
 */
export function assessmentOf(domain: RiskEpisode['domain'], heard: readonly HeardQuestion[]): RiskEpisode['assessment'] {
  const relevant = heard.filter((q) => RELEVANT[domain].includes(q.item));
  const asked = new Set(relevant.map((q) => q.item));
  let status: RiskEpisode['assessment']['status'];
  if (asked.size === 0) status = 'not_assessed';
  else if (domain === 'suicide') {
    const core = SUICIDE_CORE.filter((i) => asked.has(i)).length;
    const support = ['means', 'safety', 'safety_plan'].some((i) => asked.has(i as AssessmentItem));
    status = core >= 3 || (core >= 2 && support) ? 'assessed' : 'partial';
  } else status = asked.size >= 2 ? 'assessed' : 'partial';
  const seen = new Set<string>();
  const questions: AssessmentQuestion[] = [];
  for (const q of relevant) {
    const key = `${q.item}:${q.turnId}`;
    if (seen.has(key) || questions.some((x) => x.item === q.item)) continue;
    seen.add(key);
    questions.push({ item: q.item, turnId: q.turnId, answerTurnId: q.answerTurnId, denied: q.denied });
  }
  return { status, asked: questions, notAsked: EXPECTED[domain].filter((i) => !asked.has(i)) };
}
