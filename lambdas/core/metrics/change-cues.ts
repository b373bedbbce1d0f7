/**
 * What change and sustain talk is made of, as patterns the clause reader (change-direction.ts) applies: the
 * DARN-CAT cues after a subject ("want to", "can", "need to", "going to"), targets the note extractor's list
 * leaves out, reasons for and against change (costs lived through, benefits of the status quo, obstacles),
 * and the frames that turn a clause round ("I don't think…") or make it someone else's ("my wife says…").
 * General English about the behaviour, not any one corpus's phrases.
 */
import { LONG_AGO } from '../notes/extract/change-talk.js';

/** Whose talk is read: the client's own ("I…") or the client as the therapist speaks of them ("you…"). */
export type Voice = 'speaker' | 'listener';

export const NEGATOR = /^(?:not|never|no|nothing)$/;

/** Words that open a clause without carrying it ("and", "well", "yeah"). */
export const DISCOURSE = new Set([
  'and',
  'but',
  'so',
  'well',
  'yeah',
  'yes',
  'okay',
  'ok',
  'oh',
  'like',
  'because',
  'cause',
  'then',
  'now',
  'honestly',
  'anyway',
  'right',
  'no',
  'just',
  'also',
  'plus',
  'um',
  'uh',
  'alright',
  'sure',
  'mm',
  'hmm',
  '-',
  '--',
  'maybe',
  'probably',
  'perhaps',
  'actually',
  'definitely',
  'hopefully',
  'basically',
  'personally',
  'really',
  'still',
]);

/** Frames a therapist wraps a reflection in before "you" ("it sounds like you…", "so what I hear is you…"). */
export const LISTENER_FRAME =
  /^(?:(?:so|and|but|it|that|what|maybe|perhaps|really|kind of|sort of) )*(?:sounds like|seems like|seems|feels like|looks like|(?:i am )?hearing(?: that)?|i hear(?: that)?|i am hearing(?: that)?|i get the sense(?: that)?|i guess|i think|i wonder if|i am wondering if|i am curious if|i am curious whether)? ?(?:that )?$/;

/** Adverbs and auxiliaries between the subject and the cue, set aside (negators are counted first). */
export const ASIDE = new Set([
  'really',
  'just',
  'definitely',
  'actually',
  'probably',
  'maybe',
  'also',
  'still',
  'even',
  'certainly',
  'honestly',
  'totally',
  'already',
  'always',
  'ever',
  'genuinely',
  'seriously',
  'truly',
  'now',
  'so',
  'do',
  'does',
  'did',
  'absolutely',
  'perhaps',
  'possibly',
  'only',
  'personally',
  'obviously',
  'clearly',
  'quite',
  'pretty',
  'sometimes',
  'finally',
  'eventually',
  'then',
  'too',
]);

export interface Cue {
  kind: 'commitment' | 'activation' | 'desire' | 'need' | 'ability' | 'attempt';
  pattern: RegExp;
}

/** In order: the first that matches decides ("want to be able to" is desire). Read on words after the subject. */
export const CUES: Cue[] = [
  {
    kind: 'commitment',
    pattern:
      /^(?:will|shall|am going to|are going to|is going to|going to|promise(?: to| that i will)?|plan to|am planning to|are planning to|planning to|intend to|have decided to|decided to|am determined to|am committed to|commit to|am gonna|are gonna)\b/,
  },
  {
    kind: 'activation',
    pattern:
      /^(?:am|are|would be|could be|might be|feel) (?:ready|willing|prepared|open|motivated|interested) (?:to|in)\b|^(?:am|are) (?:thinking (?:about|of)|considering|looking into)\b/,
  },
  {
    kind: 'desire',
    pattern:
      /^(?:want|wanted|would like|would love|would rather|would prefer|wish|hope|am hoping|are hoping|prefer|would want|would be nice|have been wanting|been wanting|am wanting) to\b|^(?:wish i could|would rather)\b|^(?:want|would like|need|could use|could do with)(?= (?:some |more |a little )?(?:help|support|advice)\b)/,
  },
  { kind: 'need', pattern: /^(?:need to|needed to|have to|has to|have got to|got to|must|should|ought to|would better|had better|better)\b/ },
  {
    kind: 'ability',
    pattern:
      /^(?:can|could|am able to|are able to|be able to|was able to|were able to|have been able to|know how to|know i can|know i could|manage to|might be able to|would be able to|might|may)\b/,
  },
  {
    kind: 'attempt',
    pattern:
      /^(?:have been trying|am trying|are trying|have tried|tried|try|trying|have been working on|am working on|are working on|been trying)(?: to| and)?\b/,
  },
];

/** Health behaviours the note extractor's target list leaves out: each of them done is a change. */
export const HEALTH_TARGET =
  /^(?:lose (?:some )?weight|take (?:my|the|your|their) (?:medication|medicine|meds|pills|tablets|inhaler)|exercise|work out|walk (?:more|every|each|to)|eat (?:healthy|healthier|better|less|more (?:fruit|vegetables|veg))|drink (?:less|water|fewer)|(?:go for|take) (?:a )?(?:short |quick |long |little )?walks?|get (?:some )?(?:help|support|exercise|active|sober|clean|healthy|healthier|fit|in shape)|go (?:back )?to (?:the gym|meetings|aa|na|therapy|counselling|counseling|group|rehab|detox|the doctor|my doctor)|(?:be|get) (?:more )?active|ask for help|find (?:a job|work|help|support)|stay (?:sober|clean|off|away)|be (?:really |more |a lot )?(?:healthy|active|fit|sober|clean)|(?:some |more |a little )?(?:help|support|advice)\b|follow through|work (?:through|on) (?:my|the|it|this|that)|(?:go|get|come|cut) (?:it )?(?:down|back) to|have (?:no|zero|fewer|less|only one|just one)|(?:be|go|stay) (?:alcohol|smoke|drug)-?free)\b/;

/**
 * What the speaker values, wished for or worked toward: being a good parent, being there for someone, a
 * better life, feeling well. A change in the person's life whatever the behaviour ("I want to be a good mom").
 */
export const VALUE_TARGET =
  /^(?:be (?:a |an )?(?:more )?(?:(?:good|better|great|responsible|healthy|healthier|present|reliable|strong|stronger|independent|productive|successful|happy|happier|honest|calm|calmer|patient|confident) ?)+(?:mom|mother|dad|father|parent|wife|husband|partner|friend|son|daughter|person|role model|example|student|worker)?|be there for|be around for|get (?:my |our )?(?:life|lives|act|head|stuff|things) (?:together|straight|sorted|back on track)|turn (?:my life|things|it|myself) around|get back on track|sort (?:myself|my life|things|it) out|take (?:better )?care of (?:my|our|the|him|her|them|myself)|look after (?:my|our|him|her|them|myself)|get (?:my|our) (?:life|lives|health|job|kids|children|family|license|licence) back|(?:feel|get|do) better|look (?:nice|good|better|healthy|healthier)|(?:have|live|give (?:\w+ )?(?:\w+ )?) (?:a )?(?:better|healthier|happier|normal) (?:life|future)|make (?:my|our|him|her|them) (?:\w+ )?proud|set a (?:good|better) example|(?:gain|get|win|earn|build|rebuild) (?:back )?(?:(?:that|it|their|her|his|my|some|the) )?(?:trust|respect|peace|control|harmony|confidence)(?: back)?)\b/;

/** Change called for in the speaker's life ("something has to change", "I want things to be different"). */
export const LIFE_CHANGE =
  /^(?:something|things|this|my life|life|it|stuff) (?:\w+ )?(?:has to|have to|needs? to|has got to|have got to|got to|must|should|is going to have to) (?:change|be different|stop|get better|improve)\b|^(?:want|would like|need|wish) (?:things|something|my life|life|it|this) to (?:change|be different|get better|improve|stop)\b/;

/** What the behaviour costs in the speaker's life: health, marriage, money, work ("my health is getting worse"). */
export const LIFE_COST =
  /^my (?:\w+ )?(?:health|liver|lungs|heart|sleep|skin|teeth|memory|marriage|relationship|family|kids|grades|work|job|career|money|finances|savings|bank account|credit|license|licence|life) (?:\w+ )?(?:is|are|has been|have been|was|were|keeps?|kept) (?:\w+ )?(?:getting worse|gone downhill|going downhill|suffering|falling apart|a mess|in trouble|shot|ruined|on the line|at risk|bad|terrible|worse|hurting|slipping|gone|down the drain)\b/;

/** What the speaker wants for, or wants kept from, the people close to them ("I want my kids to be proud of me", "I don't want them to see me like that"). */
export const FOR_OTHERS = {
  wanted:
    /^(?:want|would like|wish|hope) (?:my |our )?(?:kids|children|son|daughter|family|wife|husband|partner|baby|mom|mum|dad|parents|them|him|her) to (?:be proud|look up to me|have (?:a |an )?(?:better|good|healthy|normal|happy)|trust me|be able to count on me|be safe|grow up (?:healthy|happy|safe))\b/,
  unwanted:
    /^(?:want|would like) (?:my |our )?(?:kids|children|son|daughter|family|wife|husband|partner|baby|mom|mum|dad|parents|them|him|her) to (?:see me|grow up (?:thinking|around|with|like)|go through|worry|be ashamed|find out|have to|end up|think it is okay|think it is ok|smoke|drink|use|start)\b/,
};

/** The people close to the speaker upset by what was done ("my mom got mad at me", "they'd be pissed"). */
export const OTHERS_UPSET =
  /^(?:my (?:\w+ )?(?:mom|mum|mother|dad|father|parents|wife|husband|partner|girlfriend|boyfriend|kids|children|son|daughter|family|boss|friends?|teacher|coach|doctor|sister|brother)|(?:he|she|they))\b(?: \w+){0,3}? (?:got|get|gets|was|were|is|are|would be|will be|be|became|seemed) (?:so |really |very |pretty |kind of |super |totally )?(?:mad|angry|upset|pissed|disappointed|worried|scared|furious|hurt|ashamed)\b|^my (?:\w+ )?(?:mom|mum|mother|dad|father|parents|wife|husband|partner|girlfriend|boyfriend|kids|family|boss)\b(?: \w+){0,2}? (?:yelled|yells|left|threatened|grounded|kicked me out|broke up|cried|cries)\b/;

/** A bare change verb whose object the conversation already gave ("I want to quit", "I've cut down"). */
export const BARE_CHANGE = /^(?:stop|quit|cut (?:down|back)|reduce|give (?:it|that|them|this) up|give up|cut it out|kick (?:it|the habit))\s*$/;

/** Words that point back to what was proposed: "I'll do that", "I could try it". */
export const ANAPHORA =
  /^(?:(?:do|try|start|manage|handle|make|take|use|follow|keep|write|call|join|book|schedule|practice|practise)(?: |$))?(?:it|that|this|so|them|those)?(?: ?(?:now|today|soon|then|anyway|again|too|as well|at this point|right now))?\s*$|^(?:give it a (?:try|go|shot)|make it|stick (?:to|with) (?:it|that)|keep (?:it|that) up|do (?:something|more|better))\b/;

/** Hedges of two words, set aside like one adverb ("kind of tired", "at least try"). */
export const HEDGE_PAIR = new Set(['kind of', 'sort of', 'at least', 'a little', 'a bit', 'a lot', 'you know', 'i mean']);

export const HEDGE_PAIR_PATTERN = /\b(?:kind of|sort of|at least|a little|a bit|a lot|you know|i mean)\b/;

/** Worth reading at all: the voice's own subject, a thing ("it", "that") or the behaviour, or a goal. */
export const READABLE: Record<Voice, RegExp> = {
  speaker:
    /\b(?:i|we|it|that|this|nothing|goal|aim|plan|hope|drink\w*|drank|alcohol|smok\w*|cigarettes?|drugs|weed|booze|beer|wine|coffee|caffeine|nicotine|cannabis|gambl\w*|vap\w*|partying)\b/,
  listener:
    /\b(?:you|it|that|this|nothing|goal|aim|plan|hope|drink\w*|drank|alcohol|smok\w*|cigarettes?|drugs|weed|booze|beer|wine|coffee|caffeine|nicotine|cannabis|gambl\w*|vap\w*|partying)\b/,
};

export const GOAL: Record<Voice, RegExp> = {
  speaker:
    /^(?:(?:and|but|so|well) )?(?:what i (?:really )?(?:want|would like|would love|need|hope|plan)(?: to do)? is|all i want(?: to do)? is|my (?:\w+ )?(?:goal|aim|hope|plan) (?:is|would be)|the (?:goal|plan) (?:is|would be)) (?:to |for me to |that i )?(?:maybe |just |probably )*(.+)$/,
  listener:
    /^(?:(?:and|but|so) )?(?:what you (?:really )?(?:want|would like|would love|need|hope|plan)(?: to do)? is|all you want(?: to do)? is|your (?:\w+ )?(?:goal|aim|hope|plan) (?:is|would be)) (?:to |for you to |that you )?(?:maybe |just |probably )*(.+)$/,
};

/** Evaluations of the behaviour or of its effects, for reasons ("it helps me relax", "it's not good for him"). */
export const GOOD =
  /\b(?:help|helps|helped|relax|relaxes|relaxed|relaxing|relaxation|calm|calms|calming|fun|enjoy|enjoyable|good|great|nice|fine|harmless|normal|safe|escape|unwind|unwinding|stress relief|de-?stress|destress|loosen|loosened|social|tastes?|me time|my only)\b/;

export const BAD =
  /\b(?:bad|badly|harm|harms|harmful|hurt|hurts|hurting|damage|damaging|affect|affects|affecting|affected|ruin|ruins|ruining|cost|costs|costing|problem|problems|trouble|sick|hangovers?|worse|dangerous|risk|risky|stupid|expensive|waste|wasting|addicted|addictive|unhealthy|toxic|killing|disgusting|gross|messed up|screwed up|scary|embarrassing|awful|terrible|out of (?:hand|control)|too much|forget|forgetting|puking|vomiting|blackouts?|blacking out)\b/;

/** A way of saying the behaviour is nothing much ("not a big deal", "no big deal", "not that much"). */
export const MINIMISED =
  /\b(?:no big deal|(?:do not|not) (?:am |are )?hurting (?:anyone|anybody)|(?:it is|that is) my (?:life|body|business)|not (?:a |that |such a |really a |much of a |that big of a )?(?:big )?(?:deal|problem|issue)|not (?:that|so|really) (?:much|bad|often|many|serious)|only (?:once|twice|a (?:couple|few|little|bit))|do not (?:drink|smoke|use) (?:that|very|too) (?:much|often|many)|not (?:a |an )?(?:heavy |big |problem |real )?(?:drinker|smoker|alcoholic|addict|user)|not (?:addicted|hooked|dependent))\b/;

/** "I've only been drinking once or twice", "I only missed school once": how seldom, read on the whole clause (its "only" is set aside later). */
export const ONLY_RARELY = /\bonly(?: \w+){1,3} (?:once|twice|one time|one or two|a couple of times|a few times|occasionally|socially|on (?:the )?weekends?)\b/;

/** Control claimed over the behaviour ("I can handle it", "I can quit any time"), read only when not denied. */
export const CONTROL_CLAIMED =
  /^(?:can handle (?:it|my (?:drink|drinking|liquor|alcohol|weed))|(?:have |have got |got )(?:it|things|my drinking|my smoking|my using) under control|am (?:in|under) control|can (?:stop|quit) (?:whenever|any ?time|if i (?:want|wanted|need)))\b/;

/** What the behaviour costs, lived through: hangovers, trouble, missed school, guilt. */
export const COST_LIVED =
  /^(?:had|have|has|get|got|gets|getting|was|were|am|feel|felt|feeling|ended up|end up|woke up|wake up|keep|kept|started|start)\b(?: \w+){0,3}? (?:a hangover|hangovers?|hung over|sick|in trouble|into trouble|grounded|caught|arrested|a fight|in fights|into fights|blacked out|a blackout|passed out|throwing up|threw up|fired|suspended|kicked out|guilty|ashamed|embarrassed|jittery|shaky|addicted|hooked|out of control|worse)\b|^(?:missed|miss|lost|lose|forgot|crashed|wrecked|ruined|hurt|threw up|blacked out|passed out|regret|regretted)\b(?! (?:you|him|her|them|it)\b)/;

export const FED_UP = /^(?:am|are|get|getting|was) (?:so |really |just |kind of )?(?:sick|tired|fed up|sick and tired) of\b/;

export const WORRIED =
  /^(?:am|are|was|get|feel|have been) (?:a (?:little|bit) |a little bit |really |very |kind of |so |quite )?(?:worried|concerned|guilty|ashamed|embarrassed) (?:about|that|when|for|of)\b|^(?:have|had|got) (?:any |some |a few |real |a lot of )?(?:concerns?|worries)\b/;

export const LIKE = /^(?:like|love|enjoy|liked|loved|enjoyed|really like|need)\b/;

export const DISLIKE = /^(?:hate|hated|can not stand|could not stand|am not happy with|dislike)\b/;

/** Obstacles to change: no time, no money, too hard. */
export const OBSTACLE =
  /\b(?:(?:do not|never) have (?:the |enough |any )?(?:time|money|energy)|(?:can not|could not) afford|too (?:busy|hard|difficult|expensive|much work)|easier said than done|(?:is|it is|that is|seems|sounds) (?:so |really |too |very |just |pretty )?(?:hard|difficult|tough|impossible)|do not (?:know|see) how (?:i|to|it)|not (?:possible|realistic)|(?:have|got) (?:a |such a )?(?:busy|hectic|crazy|full) (?:schedule|life|week|job))\b/;

export const NO_PROBLEM =
  /^(?:do not|never) (?:really )?(?:see|think|understand|know) (?:what|why|that|the|it|how|where)?.*\b(?:problem|big deal|issue|concern|harm|point|wrong|risk|evidence|reason|need)\b|^(?:do not|never) (?:have|think i have|got) (?:a|any|much of a) (?:problem|issue)\b|^(?:do not|never) (?:really )?care\b(?! (?:for|about (?:my|the) (?:kids|children|family|baby|son|daughter|wife|husband|health)))/;

/** Others do it too ("my friends drink too", "everyone smokes"): the behaviour made normal, sustain talk. */
export const OTHERS_DO_IT =
  /^(?:(?:a (?:couple|few|lot) of |some of |all (?:of )?|most (?:of )?|half (?:of )?|many of )?(?:my |the |our )?(?:friends|mates|buddies|peers|classmates|coworkers|co-workers|roommates|family|people|kids|guys|other (?:kids|people|students|guys))|everyone|everybody|they|we all) (?:\w+ )?(?:drink|drinks|smoke|smokes|use|uses|vape|vapes|gamble|gambles|party|parties|do it|does it|do that|does that|are drinking|are smoking|are using|are doing it)\b(?: \w+){0,3}? (?:too|as well|also|all the time|every weekend|way more|a lot more|more than (?:i do|me|i))\b|^(?:everyone|everybody) (?:\w+ ){0,3}(?:drinks|smokes|vapes|uses|parties|does it|does that|is doing it|is drinking|is smoking)\b/;

/** The behaviour named as a thing or an activity ("drinking", "the cigarettes", "alcohol"). */
export const BEHAVIOUR_WORD =
  /^(?:drink|drinks|joints?|spliffs?|weight|overeating|gaming|drinking|booze|boozing|smoke|smoking|vape|vaping|gambling|betting|binge|bingeing|binging|purging|alcohol|cigarettes?|drugs|weed|cannabis|beer|wine|coffee|caffeine|nicotine|partying)$/;

export const BEHAVIOUR_IN = new RegExp(`\\b(?:${BEHAVIOUR_WORD.source.slice(4, -2)})\\b`);

/** Words before a target that leave it what it is ("maybe try to", "consider", "think about"). */
export const LEAD_WORD =
  /^(?:like|really|just|actually|definitely|finally|properly|seriously|honestly|also|still|probably|maybe|perhaps|eventually|soon|slowly|gradually|try|and|to|consider|considering|think|thinking|about|of|start|starting|begin)$/;

/** "I don't think | I can stop": a doubting frame turns the next clause round. */
export const DOUBTING =
  /^(?:(?:and|but|so|well) )?(?:i|we) (?:do not|really do not|honestly do not|never) (?:really )?(?:think|believe|know if|know whether|see how|reckon|feel like)$|^(?:(?:and|but|so) )?(?:i|we) (?:doubt|am not sure|am not convinced)(?: if| whether| that)?$/;

/** "My wife thinks | I should stop": someone else's view, not the client's. */
export const REPORTED = /\b(?:thinks?|says?|said|wants?|told me|tells me|reckons?|believes?|keeps saying|keeps telling me)$/;

/** "If I stopped, | I'd feel better": a change imagined with its consequence is a reason. */
export const CONDITION = /^(?:(?:and|but|so) )?(?:if|when|once) (?:i|we|you) (.+)$/;

export const GOOD_CONSEQUENCE =
  /\b(?:better|healthier|happier|more fun|fun|relaxed|calmer|calm|loosened up|loosen up|confident|less stressed|less anxious|more (?:money|time|energy)|save|saving|proud|easier|good|great|nice|live longer|be there)\b/;

export const BAD_CONSEQUENCE =
  /\b(?:worse|lose|losing|die|dying|sick|hurt|damage|trouble|arrested|jail|prison|detention|suspended|expelled|fired|kicked out|miss|regret|cancer|disease|heart attack|stroke|liver|consequences?|violations?|warrant|danger|dangerous|risk)\b/;

/** A change named as a thing ("no more alcohol", "cutting down on smoking", "a day without a drink"). */
export const CHANGE_NAMED =
  /\b(?:without|no more|zero|less|fewer|cutting (?:down|back)(?: on)?|quitting|stopping|giving up|reducing|reduction in|a break from|time off) (?:\w+ )?(?:alcohol|drinking|drinks?|smoking|cigarettes?|drugs|using|gambling|caffeine|coffee)\b/;

export const PROPOSED =
  /\b(?:stop|stopping|quit|quitting|cut(?:ting)? (?:down|back|out)|reduce|reducing|give (?:it |that |them )?up|giving (?:it |that |them )?up|go without|drink less|smoke less|set a goal)\b(?! (?:by|in|at|over|for a (?:second|minute)))/;

/** Every pattern the reading of change talk matches, for the engine's rubric hash. */
export const DIRECTION_PATTERNS: readonly RegExp[] = [
  new RegExp([...DISCOURSE].join('|')),
  new RegExp([...ASIDE].join('|')),
  NEGATOR,
  LONG_AGO,
  ...CUES.map((c) => c.pattern),
  HEALTH_TARGET,
  BARE_CHANGE,
  ANAPHORA,
  GOAL.speaker,
  GOAL.listener,
  CHANGE_NAMED,
  PROPOSED,
  HEDGE_PAIR_PATTERN,
  LEAD_WORD,
  READABLE.speaker,
  READABLE.listener,
  BEHAVIOUR_WORD,
  LISTENER_FRAME,
  GOOD,
  BAD,
  MINIMISED,
  CONTROL_CLAIMED,
  ONLY_RARELY,
  COST_LIVED,
  VALUE_TARGET,
  OTHERS_UPSET,
  OTHERS_DO_IT,
  LIFE_CHANGE,
  LIFE_COST,
  FOR_OTHERS.wanted,
  FOR_OTHERS.unwanted,
  FED_UP,
  WORRIED,
  LIKE,
  DISLIKE,
  OBSTACLE,
  NO_PROBLEM,
  DOUBTING,
  REPORTED,
  CONDITION,
  GOOD_CONSEQUENCE,
  BAD_CONSEQUENCE,
];
