/**
 * Presenting concerns the client raised, precision first. A concern is read from one clause of the client's
 * speech at a time, through the language layer:
 * - **sense**: a domain word in the sense that names a problem ("work" the noun, not "it didn't work";
 *   "drink" of alcohol, not of water), and for life areas (work, money, school, a relationship) a second
 *   signal of difficulty in the same sentence;
 * - **negation**: "I'm not anxious", "we don't fight any more" are not concerns; for sleep and appetite the
 *   problem is itself a negation ("I can't sleep", "I'm not eating");
 * - **who**: the client's own experience; another person's behaviour is not the client's ("my friend stopped
 *   drinking"), except where it is the client's concern by nature (a partner shouting at them, a death);
 * - **time**: what is over ("I quit twenty years ago", "I used to drink", "when I was 19") is history, not a
 *   current concern, and a hypothetical ("if I lost my job") is not a report.
 * Improvement is written only when the client says the area is better in a clause that is not negated
 * ("sleeping better", "less anxious"); "not great", "no better" are not improvement.
 */
import type { Clause, Sentence } from '../../language/index.js';
import type { ExtractInput, ReadTurn } from './input.js';
import { quoteAround } from './quote.js';

export type ConcernStatus = 'current' | 'improving';

export interface ConcernMention {
  turnId: string;
  turnIndex: number;
  status: ConcernStatus;
  /** The client's words (verbatim, short); null when none could be quoted without a name. */
  quote: string | null;
  /** What it concerns, by relation or kind only, never a name ("Client's partner", "alcohol"). */
  detail: string | null;
}

export interface Concern {
  key: ConcernKey;
  /** The concern in a note's words. */
  label: string;
  mentions: ConcernMention[];
}

export type ConcernKey =
  | 'low_mood'
  | 'anxiety'
  | 'sleep'
  | 'work'
  | 'study'
  | 'substance'
  | 'relationship'
  | 'bereavement'
  | 'self_criticism'
  | 'loneliness'
  | 'anger'
  | 'health'
  | 'finances'
  | 'eating'
  | 'trauma'
  | 'concentration'
  | 'fatigue';

/** Words that mark a difficulty in a life area (work, money, school, a relationship). */
const DIFFICULTY =
  /\b(?:stress\w*|pressure\w*|overwhelm\w*|struggl\w*|hard|harder|difficult|tough|rough|awful|terrible|horrible|nightmare|hate|hating|exhaust\w*|drain\w*|too much|behind|cope|coping|worr\w*|anxi\w*|scared|afraid|dread\w*|panic\w*|upset\w*|angry|furious|frustrat\w*|tension|tense|toxic|bull(?:y|ied|ying)|criticis\w*|critici[sz]\w*|yell\w*|shout\w*|scream\w*|fight\w*|fought|argu\w*|row(?:s|ed|ing)?|conflict|fired|sack\w*|laid off|redundan\w*|lose my|losing my|lost my|fail\w*|crazy|mess|chaos|miserable|unbearable|killing me|burn(?:ed|t)? out|burnout|can not (?:cope|handle|keep up|afford|pay)|debts?|owe|overdue|broke|unfair|blame\w*|ignor\w*|distant|cheat\w*|split up|break(?:ing)? up|broke up|divorc\w*|separat\w*)\b/;

const HISTORY =
  /\b(?:used to|years ago|year ago|(?:when|back when) i was (?:a |little|young|younger|at school|in (?:school|college|my)|\d+|nineteen|twenty|teen)|in my (?:twenties|teens|youth)|quit|gave (?:it )?up|given (?:it )?up|stopped|sober|clean for|been clean|no longer|not any ?more|anymore|back then|in the past)\b/;
/** An aim, not a result. */
const INTENT = /\b(?:try|trying|tried to|want|wants|wanted|wanna|going to|gonna|plan|planning|hope|hoping|should|need|needs|would like|will|could|might)\b/;
const HYPOTHETICAL = /^(?:if|what if|suppose|imagine)\b|\b(?:would|could|might) (?:be|have|get|lose|feel)\b/;

/** People, as a clause's subject: their state is theirs, not the client's. */
const PERSON =
  /^(?:colleagues?|co ?workers?|boss|manager|teacher|friends?|partner|husband|wife|boyfriend|girlfriend|mum|mom|mother|mam|mammy|ma|dad|father|da|parents?|son|daughter|kids?|children|brother|sister|family|people|everyone|nobody|staff|team|student|students|classmates?|flatmate|roommate|neighbou?r)$/;

/** Family, partners and friends: a conflict with a boss or a teacher is work or school. */
const PERSONAL_RELATION =
  /\b(my|our) (partner|husband|wife|boyfriend|girlfriend|fianc[eé]e?|spouse|ex|hubby|fella|other half|mum|mom|mother|mam|mammy|mummy|ma|dad|father|da|daddy|pa|parents?|son|daughter|kids?|children|child|brother|sister|siblings?|family|friends?|best friend|in-laws?|mother-in-law|father-in-law|stepdad|stepmum|stepmom|grandma|grandmother|grandad|grandpa|grandfather|grandparents?|nan|nana|gran|granny|aunt|auntie|uncle|cousin|flatmate|roommate)\b/;

interface Domain {
  key: ConcernKey;
  label: string;
  /** The domain word, in the sense that names a problem (matched on the clause's normalised text). */
  term: RegExp;
  /** When set, a domain word must carry one of these parts of speech (sense by grammar: "work" the noun). */
  pos?: { word: RegExp; tags: readonly string[] };
  /** The domain word alone names a problem; otherwise a difficulty word must be in the same sentence. */
  problemByItself: boolean;
  /** A negated clause is the problem ("I can't sleep"), provided it also matches this. */
  negatedProblem?: RegExp;
  /** Someone else as the clause's subject can still be the client's concern (a partner shouting, a death). */
  othersCount?: boolean;
  /** The client saying the area is better. */
  better?: RegExp;
  /** Anchors for the quote (word prefixes). */
  anchors: readonly string[];
  /** What it is about, from the sentence (kind or relation). */
  detail?: (text: string) => string | null;
}

/** Feeling said of oneself: "i feel", "i have been", "feeling" (a bare answer), never another subject's "is". */
const SELF_FEEL =
  '(?:i (?:feel|felt|am|was|have been|had been|get|got|keep feeling|have felt|have been feeling|am feeling|was feeling)|feeling|felt|been feeling)';
/**
 * Only a verb of feeling: for evaluative words ("terrible", "rubbish", "bad"), which after "I was" grade how
 * the speaker did something ("I was terrible, my arms were shaking", about a first climb), not a mood.
 */
const SELF_FEEL_ONLY = '(?:i (?:feel|felt|keep feeling|have felt|have been feeling|am feeling|was feeling)|feeling|felt|been feeling)';

const DOMAINS: readonly Domain[] = [
  {
    key: 'low_mood',
    label: 'low mood',
    // Words that name a mood by themselves, or a plain word for feeling bad said of oneself ("I feel rubbish";
    // "alcohol is bad for you" is not a mood).
    term: new RegExp(
      String.raw`\b(?:depress\w*|miserable|hopeless|empty|numb|tearful|crying|cry|cried|unhappy|sad|sadness|gloomy|despair\w*|${SELF_FEEL} (?:so |really |pretty |quite |very |a bit |kind of |sort of |a little |just |bloody )?(?:down|low|flat|blue|grey)|${SELF_FEEL_ONLY} (?:so |really |pretty |quite |very |a bit |kind of |sort of |a little |just |bloody )?(?:rubbish|awful|terrible|horrible|crap|crappy|shit|bad|worse))\b`,
    ),
    problemByItself: true,
    better: /\b(?:better|improv\w*|lighter|brighter|less (?:down|low|sad|depressed)|lifted|happier)\b/,
    anchors: [
      'depress',
      'miserable',
      'hopeless',
      'empty',
      'numb',
      'tearful',
      'cry',
      'cried',
      'unhappy',
      'sad',
      'gloomy',
      'despair',
      'down',
      'low',
      'flat',
      'blue',
      'rubbish',
      'awful',
      'terrible',
      'horrible',
      'crap',
      'bad',
      'worse',
      'grey',
      'feel',
      'felt',
    ],
  },
  {
    key: 'anxiety',
    label: 'anxiety',
    term: /\b(?:anxi\w*|worr(?:y|ied|ies|ying)|panic\w*|nervous|on edge|scared|afraid|frightened|terrified|dread\w*|stressed|stressing|tense|overwhelm\w*|overthink\w*|racing thoughts|can not stop thinking|keep thinking|restless|jumpy|fear|fears)\b/,
    problemByItself: true,
    better: /\b(?:less (?:anxious|worried|stressed|nervous|tense|panicky)|calmer|better|fewer (?:panic|attacks)|more relaxed|settled)\b/,
    anchors: [
      'anxi',
      'worr',
      'panic',
      'nervous',
      'edge',
      'scared',
      'afraid',
      'frightened',
      'terrified',
      'dread',
      'stress',
      'tense',
      'overwhelm',
      'overthink',
      'racing',
      'thinking',
      'restless',
      'jumpy',
      'fear',
    ],
    detail: (t) => (/\bpanic attacks?\b/.test(t) ? 'panic attacks' : null),
  },
  {
    key: 'sleep',
    label: 'sleep difficulties',
    term: /\b(?:sleep\w*|slept|asleep|awake|insomnia|nightmares?|wake|waking|woke|bed)\b/,
    problemByItself: false,
    negatedProblem: /\b(?:sleep\w*|slept|asleep|a wink|rest(?:ed)?)\b/,
    better: /\b(?:sleep\w* (?:better|well|through)|slept (?:better|well|through)|better sleep|fall(?:ing)? asleep (?:easier|faster|quicker))\b/,
    anchors: ['sleep', 'slept', 'asleep', 'awake', 'insomnia', 'nightmare', 'wake', 'waking', 'woke', 'bed'],
  },
  {
    key: 'work',
    label: 'work stress',
    term: /\b(?:work|job|boss|manager|workload|deadlines?|colleagues?|co ?workers?|office|shifts?|overtime|career|promotion|redundanc\w*|workplace)\b/,
    pos: { word: /^work$/, tags: ['NOUN', 'PROPN'] },
    problemByItself: false,
    better: /\b(?:work|job)\b.*\b(?:better|easier|calmer|improv\w*|less (?:stress\w*|pressure))\b/,
    anchors: [
      'work',
      'job',
      'boss',
      'manager',
      'workload',
      'deadline',
      'colleague',
      'coworker',
      'office',
      'shift',
      'overtime',
      'career',
      'promotion',
      'redundan',
      'workplace',
    ],
  },
  {
    key: 'study',
    label: 'academic stress',
    term: /\b(?:school|exams?|grades?|teachers?|college|university|uni|coursework|assignments?|essays?|dissertation|thesis|classes|revision|studying|gcses?|a levels|sats?)\b/,
    problemByItself: false,
    anchors: [
      'school',
      'exam',
      'grade',
      'teacher',
      'college',
      'university',
      'uni',
      'coursework',
      'assignment',
      'essay',
      'dissertation',
      'thesis',
      'class',
      'revision',
      'studying',
    ],
  },
  {
    key: 'substance',
    label: 'substance use',
    // Use, not the topic: a use verb, or a substance with a verb of having or taking ("I know alcohol is bad for
    // you" is no report of drinking).
    term: /\b(?:drink(?:s|ing)?|drank|drunk|hungover|hangovers?|smok(?:e|es|ed|ing)|vap(?:e|es|ed|ing)|stoned|gambl\w*|betting|(?:get|got|getting|gets|was|were|be|am|being) high|high on)\b|\b(?:have|has|had|having|use|uses|used|using|take|takes|took|taking|buy|bought|do|does|did|doing|need|needs|on)\b(?: \w+){0,4} (?:alcohol|booze|beers?|wine|vodka|whisk(?:e)?y|pints?|cigarettes?|fags?|weed|cannabis|marijuana|pot|joints?|cocaine|coke|drugs?|pills)\b/,
    problemByItself: true,
    better:
      /\b(?:(?:drink\w*|smok\w*|us\w*|gambl\w*) less|cut(?:ting)? (?:down|back)|fewer (?:drinks|cigarettes)|(?:drink\w*|smok\w*) (?:a lot )?(?:fewer|less))\b/,
    anchors: [
      'drink',
      'drank',
      'drunk',
      'alcohol',
      'booze',
      'beer',
      'wine',
      'vodka',
      'whisk',
      'pint',
      'hungover',
      'hangover',
      'smok',
      'cigarette',
      'fag',
      'vap',
      'weed',
      'cannabis',
      'marijuana',
      'pot',
      'joint',
      'cocaine',
      'coke',
      'drug',
      'high',
      'stoned',
      'gambl',
      'betting',
      'bet',
    ],
    detail: (t) =>
      /\b(?:drink\w*|drank|drunk|alcohol|booze|beers?|wine|vodka|whisk(?:e)?y|pints?|hungover|hangovers?)\b/.test(t)
        ? 'alcohol'
        : /\b(?:weed|cannabis|marijuana|pot|joints?|stoned)\b/.test(t)
          ? 'cannabis'
          : /\b(?:smok\w*|cigarettes?|fags?|vap(?:e|ing))\b/.test(t)
            ? 'tobacco or nicotine'
            : /\b(?:gambl\w*|betting|bets)\b/.test(t)
              ? 'gambling'
              : 'drugs',
  },
  {
    key: 'relationship',
    label: 'relationship difficulties',
    term: PERSONAL_RELATION,
    problemByItself: false,
    othersCount: true,
    anchors: [
      'partner',
      'husband',
      'wife',
      'boyfriend',
      'girlfriend',
      'mum',
      'mom',
      'mam',
      'mother',
      'dad',
      'father',
      'parent',
      'son',
      'daughter',
      'kid',
      'child',
      'brother',
      'sister',
      'family',
      'friend',
      'fight',
      'argu',
      'row',
      'yell',
      'shout',
    ],
    detail: (t) => {
      const m = PERSONAL_RELATION.exec(t);
      return m ? `Client's ${m[2]}` : null;
    },
  },
  {
    key: 'bereavement',
    label: 'bereavement',
    // A death of someone: a person or pet as the one who died ("my phone died" is not a loss).
    term: new RegExp(
      String.raw`(?:${PERSONAL_RELATION.source}|\b(?:he|she|they|dog|cat|baby|grandma|grandad|grandpa|nan|gran)\b)(?: \w+){0,4} (?:died|dies|passed away|passed|was killed|took (?:his|her|their) own life)\b|(?:${PERSONAL_RELATION.source}) ?'?s? (?:death|passing|funeral)|\b(?:funeral|grie(?:f|ve|ving|ved)|bereave\w*|since (?:he|she) (?:died|passed)|the death of|lost (?:my|our) (?:\w+ )?(?:partner|husband|wife|mum|mom|mother|dad|father|son|daughter|baby|brother|sister|friend|grand\w+|dog|cat))\b`,
    ),
    problemByItself: true,
    othersCount: true,
    anchors: ['died', 'dies', 'passed', 'passing', 'death', 'funeral', 'grie', 'lost'],
    detail: (t) => {
      const m = PERSONAL_RELATION.exec(t) ?? /\bmy (dog|cat)\b/.exec(t);
      return m ? `Client's ${m[2] ?? m[1]}` : null;
    },
  },
  {
    key: 'self_criticism',
    label: 'self-critical thinking',
    term: /\b(?:worthless|useless|a failure|failing at|pathetic|not good enough|hate myself|hate who i am|stupid|a loser|an idiot|my fault|a disappointment|a burden|ashamed of myself|disgusted with myself)\b/,
    problemByItself: true,
    anchors: [
      'worthless',
      'useless',
      'failure',
      'failing',
      'pathetic',
      'good',
      'hate',
      'stupid',
      'loser',
      'idiot',
      'fault',
      'disappointment',
      'burden',
      'ashamed',
      'disgusted',
    ],
  },
  {
    key: 'loneliness',
    label: 'loneliness and isolation',
    term: /\b(?:lonely|loneliness|isolated|isolating|on my own all|no one to talk to|nobody to talk to|no friends|cut off from|(?:feel|feels|feeling|felt) (?:so |really |very |completely |totally |all )?alone)\b/,
    problemByItself: true,
    anchors: ['lonely', 'loneliness', 'isolat', 'own', 'talk', 'friends', 'cut'],
  },
  {
    key: 'anger',
    label: 'anger and irritability',
    term: /\b(?:angry|anger|rage|furious|irritable|irritated|snap(?:ped|ping)? at|lose my temper|lost my temper|losing my temper|blow up|blew up|frustrated|frustration)\b/,
    problemByItself: true,
    better: /\b(?:calmer|less (?:angry|irritable|snappy|frustrated))\b/,
    anchors: ['angry', 'anger', 'rage', 'furious', 'irrit', 'snap', 'temper', 'blow', 'blew', 'frustrat'],
  },
  {
    key: 'health',
    label: 'physical health concerns',
    term: /\b(?:pain|chronic|diagnos\w*|cancer|illness|ill|sick|migraines?|headaches?|surgery|operation|condition|symptoms|back is|my back|my heart|blood pressure|diabetes|injur\w*)\b/,
    problemByItself: false,
    anchors: [
      'pain',
      'chronic',
      'diagnos',
      'cancer',
      'illness',
      'ill',
      'sick',
      'migraine',
      'headache',
      'surgery',
      'operation',
      'condition',
      'symptom',
      'back',
      'heart',
      'blood',
      'diabetes',
      'injur',
    ],
  },
  {
    key: 'finances',
    label: 'financial strain',
    term: /\b(?:money|debts?|rent|bills|afford|mortgage|overdraft|loans?|credit cards?|broke|benefits|wages|pay ?check|salary|evict\w*)\b/,
    problemByItself: false,
    anchors: ['money', 'debt', 'rent', 'bill', 'afford', 'mortgage', 'overdraft', 'loan', 'credit', 'broke', 'benefit', 'wage', 'pay', 'salary', 'evict'],
  },
  {
    key: 'eating',
    label: 'changes in eating',
    term: /\b(?:appetite|binge\w*|bingeing|purg\w*|throwing up after|starv\w*|skipping meals|comfort eating)\b/,
    problemByItself: true,
    negatedProblem: /\b(?:eat\w*|ate|appetite|hungry)\b/,
    anchors: ['appetite', 'binge', 'purg', 'throwing', 'starv', 'skipping', 'comfort', 'eat', 'ate', 'hungry'],
  },
  {
    key: 'trauma',
    label: 'trauma-related symptoms',
    term: /\b(?:flashbacks?|intrusive (?:memories|images|thoughts)|reliv\w*|triggered|hypervigilan\w*|startl\w*)\b/,
    problemByItself: true,
    anchors: ['flashback', 'intrusive', 'reliv', 'triggered', 'hypervigilan', 'startl'],
  },
  {
    key: 'concentration',
    label: 'poor concentration',
    term: /\b(?:concentrat\w*|focus\w*|mind (?:keeps )?wander\w*|brain fog|foggy|forgetful|forgetting things)\b/,
    problemByItself: false,
    negatedProblem: /\b(?:concentrat\w*|focus\w*|think straight)\b/,
    anchors: ['concentrat', 'focus', 'mind', 'brain', 'foggy', 'forget', 'think'],
  },
  {
    key: 'fatigue',
    label: 'fatigue',
    term: /\b(?:exhausted|exhaustion|knackered|drained|no energy|zero energy|tired all the time|so tired|really tired|wiped out|worn out)\b/,
    problemByItself: true,
    anchors: ['exhaust', 'knackered', 'drained', 'energy', 'tired', 'wiped', 'worn'],
  },
];

/** The client talking about therapy itself ("I was worried you'd judge me") is not a presenting concern. */
const ABOUT_THERAPY = /\b(?:you|therapy|therapist|counsell\w*|this session|these sessions|coming here|in here)\b/;
/** Polite formula, not fear: "I'm afraid I can't make Tuesday", "I'm afraid so". */
const POLITE_AFRAID = /\bi am afraid (?:so|not|i can not|i will not|i have to|that is)\b/;
/** Drinks that are not alcohol, and "high" that is not intoxication. */
const NOT_SUBSTANCE =
  /\b(?:drink\w*\b.*\b(?:water|tea|coffee|juice|milk|fluids|smoothies?|soda|cola)|high (?:school|street|up|blood|level|hopes|anxiety|stress)|(?:too|so|pretty|quite|very) high|(?:pills?|drugs?) (?:the doctor|my doctor|for my|prescribed|they gave)|my (?:medication|meds|tablets))\b/;

/** Someone else's act is not the client's, unless the domain counts others ("my partner keeps shouting at me"). */
/** Reported speech or thought ("I said my colleague was off with stress"): the complement's subject is whose it is. */
const REPORTED =
  /^(?:i|we) (?:said|say|told (?:\w+)|tell (?:\w+)|mean|meant|think|thought|heard|know|knew|guess|reckon) (?:that )?(?:my |our |his |her |the |a )?(\w+)/;

function aboutClient(clause: Clause, sentence: Sentence, domain: Domain): boolean {
  const reported = REPORTED.exec(clause.text);
  if (reported && (PERSON.test(reported[1]!) || /^(?:he|she|they)$/.test(reported[1]!)) && !domain.othersCount) return false;
  if (clause.subject === 'speaker' || clause.subject === 'none') return true;
  if (domain.othersCount) return true;
  // "Work has been crazy", "my job is killing me": a life area of the client's as the grammatical subject.
  // A person as the subject ("my colleague was off with stress") is someone else's state, unless what they
  // do lands on the client ("my boss keeps yelling at me").
  if (!domain.problemByItself && /\b(?:my|at|our)\b/.test(clause.text)) {
    const subject = clause.tokens.find((t) => t.pos === 'NOUN' || t.pos === 'PROPN');
    const person = subject !== undefined && (PERSON.test(subject.word) || subject.pos === 'PROPN');
    return !person || /\b(?:me|us)\b/.test(clause.text);
  }
  // "It has been a nightmare sleeping": the clause's subject is an empty "it"; the speaker is in the sentence.
  return /^(?:it|this|that|things|everything)\b/.test(clause.text) && /\b(?:i|me|my)\b/.test(sentence.text);
}

function posOk(clause: Clause, domain: Domain): boolean {
  const sense = domain.pos;
  if (!sense) return true;
  const ambiguous = clause.tokens.filter((t) => sense.word.test(t.word));
  if (ambiguous.length === 0 || ambiguous.some((t) => sense.tags.includes(t.pos))) return true;
  // "at work", "my work", "off work": the noun sense whatever the tagger says.
  if (/\b(?:at|to|from|after|before|my|the|of|for|about|off|with) work\b/.test(clause.text)) return true;
  // Another domain word in the clause ("my boss"), which needs no check.
  return domain.term.test(
    clause.tokens
      .filter((t) => !sense.word.test(t.word))
      .map((t) => t.word)
      .join(' '),
  );
}

/** The clause reports the domain as a current problem (or a negated-problem domain's "I can't sleep"). */
function reads(clause: Clause, sentence: Sentence, domain: Domain): ConcernStatus | null {
  const text = clause.text;
  if (!domain.term.test(text)) return null;
  // "I got twelve on the worry one": the word names a questionnaire, not a concern (the term with the name removed must still match).
  if (!domain.term.test(text.replace(/\b\w+ (?:one|ones|questionnaire|questionnaires|scale|score|form|sheet)\b/g, (m) => (NAMES_A_MEASURE.test(m) ? '' : m))))
    return null;
  if (!posOk(clause, domain)) return null;
  if (domain.key === 'anxiety' && POLITE_AFRAID.test(text)) return null;
  if (domain.key === 'substance' && NOT_SUBSTANCE.test(text)) return null;
  if (HISTORY.test(text) || HYPOTHETICAL.test(text) || clause.tense === 'conditional') return null;
  if (!aboutClient(clause, sentence, domain)) return null;
  // Better is a result the client reports, not an aim: "trying to cut back", "I want to sleep better" are not improvement.
  if (domain.better?.test(text) && !clause.negated && clause.subject !== 'other') return INTENT.test(text) ? null : 'improving';
  if (clause.negated) {
    // "I can't sleep", "I haven't been eating": the problem is the negation.
    if (domain.negatedProblem?.test(text) && clause.subject !== 'other') return 'current';
    return null;
  }
  if (domain.negatedProblem && !domain.problemByItself) {
    // Sleep named without a difficulty ("I went to sleep at ten") says nothing.
    return DIFFICULTY.test(sentence.text) ||
      /\b(?:insomnia|nightmares?|awake|wak(?:e|ing) up (?:at|in the|early|every)|woke up (?:at|in the|early|every)|barely|hardly|only (?:slept|sleep|get|got) \w+ hours?|toss\w* and turn\w*)\b/.test(
        text,
      )
      ? 'current'
      : null;
  }
  if (domain.problemByItself) return 'current';
  // A life area needs a difficulty in the same sentence, in a clause that is not negated and not praise:
  // "she told me I was doing a good job under difficult circumstances" is evidence against a work worry.
  return sentence.clauses.some((c) => !c.negated && DIFFICULTY.test(c.text) && !PRAISE.test(c.text)) ? 'current' : null;
}

/** A concern word naming a measure: "the worry one", "the mood questionnaire", "the anxiety scale". */
const NAMES_A_MEASURE = /^(?:worry|mood|anxiety|depression|stress|sleep|drinking|alcohol) (?:one|ones|questionnaire|questionnaires|scale|score|form|sheet)$/;

/** Praise of how someone is doing: a clause holding it reports a strength, whatever the circumstances it names. */
const PRAISE = /\b(?:(?:good|great|brilliant|excellent|fantastic|amazing) job|doing (?:well|great|brilliantly|fine)|well done|proud of)\b/;

/** Client answers within a risk assessment describe the plan, not presenting concerns. */
export interface ConcernOptions {
  skipTurns?: ReadonlySet<string>;
  names?: ReadonlySet<string>;
}

/**
 * Concerns the client raised, in the order first raised, each with the turns and short quotes that show it.
 *
 * @example
 * extractConcerns(readSession(parseTranscript('Client: I have not been sleeping, I wake up at 3.\nTherapist: …'))).map((c) => c.key); // ['sleep']
 */
export function extractConcerns(input: ExtractInput, options: ConcernOptions = {}): Concern[] {
  const names = options.names ?? new Set<string>();
  const found = new Map<ConcernKey, Concern>();
  for (const turn of input.client) {
    if (options.skipTurns?.has(turn.id)) continue;
    for (const sentence of turn.sentences) {
      // A question the client asks ("is that anxiety?") is not a report.
      if (/\?\s*$/.test(sentence.original)) continue;
      if (ABOUT_THERAPY.test(sentence.text)) continue;
      // Clauses are tagged on first read, which is the cost: a sentence with no domain word is not read further.
      if (!DOMAINS.some((d) => d.term.test(sentence.text))) continue;
      for (const clause of sentence.clauses) {
        for (const domain of DOMAINS) {
          const status = reads(clause, sentence, domain);
          if (status === null) continue;
          addMention(found, domain, turn, sentence, clause, status, names);
        }
      }
    }
  }
  return [...found.values()];
}

function addMention(
  found: Map<ConcernKey, Concern>,
  domain: Domain,
  turn: ReadTurn,
  sentence: Sentence,
  clause: Clause,
  status: ConcernStatus,
  names: ReadonlySet<string>,
): void {
  const concern = found.get(domain.key) ?? { key: domain.key, label: domain.label, mentions: [] };
  found.set(domain.key, concern);
  if (concern.mentions.some((m) => m.turnId === turn.id && m.status === status)) return;
  const clauseWords = clause.text.split(' ');
  const anchors = domain.anchors.filter((a) => clauseWords.some((w) => w.startsWith(a)));
  concern.mentions.push({
    turnId: turn.id,
    turnIndex: turn.index,
    status,
    quote: quoteAround(sentence.original, anchors.length > 0 ? anchors : domain.anchors, names),
    detail: domain.detail ? domain.detail(sentence.text) : null,
  });
}
