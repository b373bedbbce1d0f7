/**
 * What the client talks about, in the words a progress note uses for it. Matched on normalised client
 * text one sentence at a time. Each concern names its details so the note can say "work-related stress
 * (an increased workload and fears about job security)" rather than list quotes.
 */

export interface Detail {
  pattern: RegExp;
  phrase: string;
}

export interface ConcernCue {
  key: string;
  /** The concern in a note's words. */
  label: string;
  pattern: RegExp;
  details: readonly Detail[];
  /** The client says it is getting better. */
  improving?: RegExp;
  /** What improves, for "Client reported improvement in …". */
  area?: string;
}

// A worry about the therapist ("I was worried you'd just tell me to meditate") is not a presenting concern.
export const ABOUT_THERAPY = /\byou(?:'d| would| might| were going to| will)\b|\b(?:therapy|session|coming here)\b/;

export const CONCERNS: readonly ConcernCue[] = [
  {
    key: 'work',
    label: 'work-related stress',
    pattern: /\b(?:work|job|boss|manager|workload|deadlines?|inbox|office|colleagues?|coworkers?|projects?|fired|career|restructur\w*|overtime)\b/,
    details: [
      { pattern: /\b(?:workload|two people's|double[ds]?|behind|underwater|too much work|inbox is|another project|jobs' worth)\b/, phrase: 'an increased workload' },
      { pattern: /\b(?:fired|lose my job|laid off|not cut out|in trouble)\b/, phrase: 'fears about job security' },
      { pattern: /\b(?:stay late|skip lunch|overtime|long hours|work late)\b/, phrase: 'long working hours' },
      { pattern: /\b(?:say(?:ing)? no|said yes straight away|can't cope)\b/, phrase: 'difficulty declining extra work' },
    ],
    improving: /\b(?:nothing bad happened|it worked|got some of|less (?:work|pressure)|went well)\b/,
    area: 'the work situation',
  },
  {
    key: 'sleep',
    label: 'disturbed sleep',
    pattern: /\b(?:sleep\w*|slept|insomnia|awake|wak(?:e|ing) up|woke|nightmares?|asleep|three a\.?m|3 ?a\.?m|(?:three|four) in the morning)\b/,
    details: [
      { pattern: /\b(?:wak\w* up at (?:three|four|3|4)|woke (?:up )?early|three a\.?m|3 ?a\.?m|(?:three|four) in the morning)\b/, phrase: 'early-morning waking' },
      { pattern: /\b(?:didn't sleep|couldn't sleep|can't sleep|not sleeping|lie awake|lying awake|just lie there|trouble (?:falling|getting) (?:asleep|to sleep))\b/, phrase: 'nights without sleep' },
      { pattern: /\b(?:scroll\w*|phone until|email in bed)\b/, phrase: 'late-night screen use' },
    ],
    improving: /\b(?:better|fell back asleep|sleeping (?:well|through)|stopped checking)\b/,
    area: 'sleep',
  },
  {
    key: 'mood',
    label: 'low mood',
    pattern: /\b(?:mood|depress\w*|hopeless|miserable|tearful|crying|(?:feel(?:ing)?|felt|been|i'm|i am|pretty|so|really) (?:low|down|flat|empty|numb)|(?:a|the) (?:twos|threes))\b/,
    details: [{ pattern: /\b(?:since (?:spring|summer|winter|autumn|the|last)|for (?:months|a while|weeks)|crept up)\b/, phrase: 'for several months' }],
    improving: /\b(?:fives|sixes|sevens|better|lighter|improv\w*)\b/,
    area: 'mood',
  },
  {
    key: 'anxiety',
    label: 'anxiety and worry',
    pattern: /\b(?:anxi\w*|worr\w*|panic\w*|nervous|dread\w*|on edge|scared|afraid|stress\w*|tense|overthink\w*|racing thoughts|kept thinking|head (?:just )?runs|runs through)\b/,
    details: [
      { pattern: /\bdread\w*/, phrase: 'anticipatory dread' },
      { pattern: /\bpanic\w*/, phrase: 'panic symptoms' },
      { pattern: /\b(?:kept thinking|head (?:just )?runs|runs through|going over|can't stop thinking|overthink\w*|racing thoughts)\b/, phrase: 'night-time rumination' },
    ],
  },
  {
    key: 'selfCritical',
    label: 'self-critical thinking',
    pattern: /\b(?:failing|failure|not good enough|useless|stupid|worthless|not cut out|my fault|hate myself|everyone else seems|can't do anything right)\b/,
    details: [],
  },
  {
    key: 'activity',
    label: 'reduced activity',
    pattern: /\b(?:used to (?:climb|cook|run|go|play|see|enjoy|love|swim|paint|read)|stopped (?:going|doing|seeing|climbing|exercising)|on the couch|the couch|on the sofa|nothing, really|stay(?:ed)? in bed|haven't been out)\b/,
    details: [{ pattern: /\bused to\b|\bstopped\b/, phrase: 'withdrawal from previously enjoyed activities' }],
  },
  {
    key: 'eating',
    label: 'changes in eating',
    pattern: /\b(?:appetite|not eating|skip(?:ping)? (?:meals|lunch)|eat whatever|binge\w*|comfort eat\w*|freezer)\b/,
    details: [],
  },
  {
    key: 'relationships',
    label: 'relationship strain',
    pattern: /\b(?:partner|wife|husband|girlfriend|boyfriend|brother|sister|mum|mom|mother|dad|father|parents|family|friends?|cousins|son|daughter|grandmother|grandfather)\b[^.?!]*\b(?:argu\w*|fight|fought|conflict|tension|let (?:the family|me|them) down|won't help|doesn't (?:help|listen|understand)|don't help|then they don't|haven't said|divorce|break ?up|split up|yell\w*|shout\w*|angry at)\b|\b(?:argu\w*|fight|fought|angry at)\b[^.?!]*\b(?:partner|wife|husband|brother|sister|mum|mom|mother|dad|father|parents|family|cousins)\b/,
    details: [],
  },
  {
    key: 'substance',
    label: 'substance use',
    pattern: /\b(?:drink\w*|drunk|alcohol|beers?|wine|vodka|whiske?y|booze|hungover|smok\w*|cigarettes?|vap(?:e|ing)|weed|cannabis|marijuana|cocaine|drugs?|using again|relaps\w*)\b/,
    details: [
      { pattern: /\b(?:drink\w*|drunk|alcohol|beers?|wine|vodka|whiske?y|booze|hungover)\b/, phrase: 'alcohol' },
      { pattern: /\b(?:smok\w*|cigarettes?|vap(?:e|ing))\b/, phrase: 'smoking' },
      { pattern: /\b(?:weed|cannabis|marijuana|cocaine|drugs?)\b/, phrase: 'drugs' },
    ],
    improving: /\b(?:cut (?:back|down)|stopped|quit|sober)\b/,
    area: 'substance use',
  },
  {
    key: 'health',
    label: 'health-related stress',
    pattern: /\b(?:pain|headaches?|migraines?|illness|ill|diagnos\w*|hospital|chronic|surgery)\b/,
    details: [{ pattern: /\b(?:grandmother|grandfather|mother|mum|mom|father|dad|parent)\b[^.?!]*\b(?:ill|hospital|appointments)\b|\bdrives? her\b/, phrase: 'caring for an unwell relative' }],
  },
  { key: 'grief', label: 'grief and loss', pattern: /\b(?:died|passed away|funeral|griev\w*|grief|bereave\w*|miscarriage)\b/, details: [] },
  { key: 'anger', label: 'anger', pattern: /\b(?:angry|anger|furious|rage|irritab\w*|snapp(?:ed|ing) at|lost my temper|lose my temper)\b/, details: [] },
  { key: 'loneliness', label: 'loneliness', pattern: /\b(?:lonely|isolated|no one to talk to|no friends|on my own all)\b/, details: [] },
];

/** Words a client uses about how they feel, by tone. `adjective` is how the note says it. */
export interface MoodWord {
  pattern: RegExp;
  adjective: string;
  tone: 'low' | 'better';
}
const SELF = String.raw`(?:i(?:'m| am| was| feel| felt|'ve been| have been| get| got)|feeling|feel|felt)\s+(?:(?:so|really|pretty|very|quite|a bit|a little|kind of|just|always|still|completely|totally|more|less|super|actually)\s+)*`;
const MOOD_VOCABULARY: string[] = ['relief'];
function selfWord(words: string): RegExp {
  MOOD_VOCABULARY.push(words);
  // Either said about oneself ("I'm exhausted") or a whole answer that starts with it ("Lighter, actually.").
  return new RegExp(String.raw`(?:\b${SELF}(?:${words})\b|^(?:${words})\b)`);
}
const MOOD_LIST: readonly MoodWord[] = [
  { pattern: selfWord('exhausted|drained|wiped out|tired|worn out|shattered'), adjective: 'exhausted', tone: 'low' },
  { pattern: selfWord('anxious|nervous|on edge|panicky|worried|scared|afraid|terrified'), adjective: 'anxious', tone: 'low' },
  { pattern: selfWord('overwhelmed|underwater|swamped|stressed(?: out)?'), adjective: 'overwhelmed', tone: 'low' },
  { pattern: selfWord('low|down|depressed|sad|miserable|flat|empty|numb|heavy'), adjective: 'low', tone: 'low' },
  { pattern: selfWord('hopeless|helpless|worthless|useless|stuck'), adjective: 'hopeless', tone: 'low' },
  { pattern: selfWord('failing|like a failure|a failure|not good enough'), adjective: 'inadequate', tone: 'low' },
  { pattern: selfWord('angry|furious|frustrated|irritable|annoyed'), adjective: 'frustrated', tone: 'low' },
  { pattern: selfWord('lonely|alone|isolated'), adjective: 'lonely', tone: 'low' },
  { pattern: selfWord('guilty|ashamed|embarrassed'), adjective: 'ashamed', tone: 'low' },
  { pattern: selfWord('better'), adjective: 'better', tone: 'better' },
  { pattern: selfWord('lighter|relieved|calmer|calm')
    , adjective: 'relieved', tone: 'better' },
  { pattern: /\b(?:(?:it's|it is|that's|what) (?:kind of |a |such a )*relief|what a relief)\b/, adjective: 'relieved', tone: 'better' },
  { pattern: selfWord('hopeful|optimistic|proud|confident|energi[sz]ed|excited|happy|glad'), adjective: 'hopeful', tone: 'better' },
];

export const MOOD_WORDS = MOOD_LIST;
/** Any mood word at all: a cheap test before the self-reference patterns, which are slower. */
export const ANY_MOOD_WORD = new RegExp(`\\b(?:${MOOD_VOCABULARY.join('|')})\\b`);

/** The week since the last session, as the client described it at check-in. */
export const CHECK_IN_TONE: readonly { pattern: RegExp; phrase: string }[] = [
  { pattern: /\b(?:worse|rough|hard|bad|difficult|terrible|awful|tough|horrible|not great|struggl\w*)\b/, phrase: 'difficult' },
  { pattern: /\b(?:better|good|great|improv\w*|well|not bad)\b/, phrase: 'improved' },
  { pattern: /\b(?:same|not much|nothing (?:new|much)|so-so|okay|fine)\b/, phrase: 'largely unchanged' },
];
/** A check-in answer's key words, for a short quote. */
export const CHECK_IN_QUOTE = /\b(?:about the same|(?:a bit |much |pretty |really )?(?:worse|better|rough|hard|bad|difficult|tough|good)\b(?: midweek| this week)?)/;

/** Turning up at all was hard (first sessions especially). */
export const ATTENDANCE: readonly Detail[] = [
  { pattern: /\b(?:almost|nearly) (?:cancel\w*|didn't come|didn't make it)\b/, phrase: 'had nearly cancelled the session' },
  { pattern: /\b(?:pushed me|made me come|told me to come|wanted me to come)\b/, phrase: 'attended partly at the urging of others' },
];

/** People the client turns to. */
const RELATIVE_NOUNS = 'partner|wife|husband|girlfriend|boyfriend|brother|sister|mum|mom|mother|dad|father|friend|cousin|son|daughter|grandmother|grandfather|aunt|uncle';
export const RELATIVES = new RegExp(`\\b(?:${RELATIVE_NOUNS})\\b`);
/** "my sister" → the relation, never the person's name. */
export const MY_RELATIVE = new RegExp(`\\bmy (${RELATIVE_NOUNS})\\b`, 'g');
export const SUPPORT_CONTEXT = /\b(?:came over|walked|talked to|call(?:ed)?|texts?|with my|reach out|went .* with my|helped|i could call)\b/;

/** The client reporting on the previous session's homework. */
export const HOMEWORK_REPORT = /^(?:once|twice|(?:\w+ )?times|every day|most days|not at all)\b|\b(?:i (?:did|didn't|did not|finished|completed|forgot|tried|managed|wrote)\b|i(?:'ve| have) been (?:doing|keeping|logging)|did (?:it|one|two|them)\b|(?:five|four|six|three|two|\d) (?:out of|of the) (?:seven|7)|every (?:day|night|evening))/;
export const HOMEWORK_PARTIAL = /\b(?:didn't|did not|forgot|couldn't|only|one|once|twice|didn't finish|not all|some of|out of (?:seven|7))\b/;
export const HOMEWORK_NONE = /\b(?:didn't do (?:it|any)|did not do (?:it|any)|forgot (?:all|to do it|about it)|none of)\b|^not at all\b/;

/** The client seeing something new about their situation. */
export const INSIGHT =
  /\b(?:hadn't thought of it|never thought of it|i (?:didn't|never) (?:even )?(?:notice|realis|realiz)\w*|i forgot about that|that sounds like me|i think i've been|my brain (?:jumps|goes)|that's (?:interesting|true)|(?:isn't|is not|wasn't) really (?:resting|helping) me|i (?:see|get) (?:it|that) now|now i (?:see|realise|realize))/;

/** The client's goals: what they want to be different. */
export const GOALS: readonly Detail[] = [
  { pattern: /\bsleep (?:through|better|well)\b|\bbetter sleep\b/, phrase: 'sleeping through most nights' },
  { pattern: /\b(?:not dread|less dread|dread less|stop dreading)\b/, phrase: 'feeling less dread about work' },
  { pattern: /\b(?:get back to|keep|go|start|return to)\b[^.?!]{0,25}\bclimb\w*/, phrase: 'climbing regularly' },
  { pattern: /\b(?:get back to|start|go back to|return to)\b[^.?!]{0,20}\b(?:exercis\w*|running|swimming|walking|cooking)\b/, phrase: 'resuming activities Client used to enjoy' },
  { pattern: /\bleave (?:work )?by\b|\bleave on time\b|\bfinish work\b/, phrase: 'leaving work on time' },
  { pattern: /\btalk to (?:her|him|them|my (?:boss|manager))\b[^.?!]{0,30}\bworkload\b/, phrase: 'discussing the overall workload at work' },
  { pattern: /\b(?:tell|talk to) (?:him|her|them|my \w+)\b[^.?!]{0,40}\b(?:affects|feel|hurt)\b/, phrase: 'telling a family member calmly how their words affect them' },
  { pattern: /\b(?:cut (?:back|down)|stop|quit)\b[^.?!]{0,15}\b(?:drink\w*|smok\w*|using)\b/, phrase: 'cutting down substance use' },
  { pattern: /\b(?:feel|be) (?:happier|less (?:down|anxious|stressed))\b/, phrase: 'improving mood' },
];
/** The client saying what they want ("I want to…", "I'd like to…"). */
export const WANTS = /\b(?:i (?:really )?(?:want|would like|'d like|hope) to|my goal|i'm going to|i am going to)\b/;

/** How the client said the session went (SRS-style feedback). */
export const SESSION_FEEDBACK: readonly { pattern: RegExp; tone: 'positive' | 'mixed' | 'negative' }[] = [
  { pattern: /\b(?:heavy|hard|tough|difficult),? but (?:good|useful|helpful|okay)\b|\bthe start was bad\b/, tone: 'mixed' },
  { pattern: /\b(?:better than i expected|most useful|helpful|useful|good|relief|glad|getting somewhere|lighter)\b/, tone: 'positive' },
  { pattern: /\b(?:not helpful|waste of time|didn't help|pointless)\b/, tone: 'negative' },
];

export const CLIENT_PATTERNS: readonly RegExp[] = [
  ABOUT_THERAPY,
  ...CONCERNS.flatMap((c) => [c.pattern, ...c.details.map((d) => d.pattern), ...(c.improving ? [c.improving] : [])]),
  ...MOOD_WORDS.map((m) => m.pattern),
  ANY_MOOD_WORD,
  ...CHECK_IN_TONE.map((c) => c.pattern),
  CHECK_IN_QUOTE,
  ...ATTENDANCE.map((a) => a.pattern),
  RELATIVES,
  SUPPORT_CONTEXT,
  HOMEWORK_REPORT,
  HOMEWORK_PARTIAL,
  HOMEWORK_NONE,
  INSIGHT,
  ...GOALS.map((g) => g.pattern),
  WANTS,
  ...SESSION_FEEDBACK.map((f) => f.pattern),
];

/** The phrases the note writes for what it matched, hashed into the rubric version with the patterns. */
export const CLIENT_PHRASES: readonly string[] = [
  ...CONCERNS.flatMap((c) => [c.label, ...c.details.map((d) => d.phrase)]),
  ...MOOD_WORDS.map((m) => m.adjective),
  ...CHECK_IN_TONE.map((c) => c.phrase),
  ...ATTENDANCE.map((a) => a.phrase),
  ...GOALS.map((g) => g.phrase),
];
