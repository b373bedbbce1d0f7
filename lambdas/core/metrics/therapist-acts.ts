/**
 * What each sentence of a therapist turn does, after MITI 4.2 (question, simple and complex reflection,
 * affirmation, giving information, persuading with and without permission, confront, seeking collaboration,
 * emphasising autonomy) and MISC's warn: a threat of consequences. Read on the language layer, so every
 * pattern sees one spelling ("you would better", "it is your choice") and clause subject, tense and negation
 * decide what pattern lists cannot: "you want to…" said back is a reflection, "you need to…" advice.
 */
import type { Sentence } from '../language/index.js';

export type Act = 'backchannel' | 'question' | 'reflection' | 'input' | 'other';

export interface SentenceAct {
  act: Act;
  /** Words in the sentence, for weighing acts within a turn. */
  words: number;
  question?: 'open' | 'closed';
  reflection?: 'simple' | 'complex';
  advice?: boolean;
  information?: boolean;
  warning?: boolean;
  confrontation?: boolean;
  affirmation?: boolean;
  autonomy?: boolean;
  /** Asking permission, or asking for the client's view, ideas or feedback. */
  collaboration?: boolean;
  permission?: boolean;
}

/** Listening sounds and one-word acknowledgements, alone: never a question or a reflection, however punctuated. */
const BACKCHANNEL =
  /^(?:(?:m+-?h+m+|m+-?hm+|mhm+|uh-?huh|uh+|um+|hmm+|mm+|h+m+|okay|ok|right|yeah|yes|yep|yup|sure|al(?:l )?right|i see|oh|ah|aha|wow|got it|gotcha|exactly|absolutely|definitely|of course|indeed|true|cool|good|great|nice|perfect|fine|so|and|well|huh|okie|kay|awesome|excellent|sure thing|fair enough|yeah yeah)[\s,.!?…'"-]*)+$/;
const WH_CLOSED = /^(?:how (?:many|much|often|long|old|far|soon)|what (?:time|day|year|age|number|kind|type|sort)|which|when|where|who|whose|whom)\b/;
const WH_OPEN =
  /^(?:what|how|why|in what ways?|tell me|describe|help me understand|walk me through|talk (?:to me )?about|say more|(?:can|could|would|will) you (?:tell|say|describe|talk|share|explain|give me|walk|help me|elaborate|expand)|i (?:am |was )?(?:just )?(?:wondering|wonder|curious)(?: about| what| how| why)|i would (?:like|love) to (?:hear|know|understand|learn)|anything else|any other|more about)\b/;
const WH_EMBEDDED_CLOSED = /^i (?:am |was )?(?:just )?(?:wondering|wonder|curious) (?:if|whether)\b/;
const AUX_QUESTION =
  /^(?:do|does|did|are|is|was|were|have|has|had|can|could|would|will|shall|should|may|might|must|am)(?: not)? (?:you|it|that|this|they|he|she|we|i|there|your|any|anything|anyone|anybody|people|someone|somebody|those|these|my|his|her|their)\b/;
/** A wh-word followed by an inverted auxiliary: asked even without its question mark ("what do you make of that"). */
const WH_INVERTED =
  /^(?:what|how|why|when|where|who|which)(?: \w+)? (?:do|does|did|is|are|was|were|have|has|had|can|could|would|will|should|might|may|am)(?: not)? (?:you|it|that|this|they|he|she|we|i|there|your|things|people)\b|^how (?:come|about you)\b|^what (?:else|about you)\b/;
/** A suggestion phrased as a question: persuading, not asking (MITI). */
const SUGGESTION =
  /^(?:how about|what about) (?:you |we |if (?:you|we) )?(?:\w+ing|try|start|go|take|make|set|get|give|plan)\b|^why (?:do not you|not) (?!tell|say|start by (?:telling|saying|sharing))/;
/** A statement turned into a check by its tail ("…, right?", "did I get that right?"). */
const TAG_QUESTION =
  /(?:,|\b)(?: is that)? (?:right|correct|true|yes|no|okay|huh|yeah)\s*\?$|\bdid i (?:get|hear|understand) (?:that|you|it) (?:right|correctly)\b|\bam i (?:right|understanding|getting)\b/;

// Reflections: the client's meaning handed back, in a frame or as a statement about the listener.
/** Frames only a reflection uses; they outrank advice or confrontation words inside the sentence. */
const REFLECTIVE_FRAME =
  /\b(?:it sounds? (?:to me )?(?:like|as (?:though|if)|that)|sounds (?:to me )?like|it seems (?:like|that|to me|as (?:though|if))|seems like|it feels like|it looks like|what i am hear(?:ing)?|i am hearing|i hear (?:that|you)|i (?:am )?get(?:ting)? (?:the|a) sense|part of you|on (?:the )?one hand|on the other hand|you are (?:feeling|saying|thinking|wondering)|so what you are saying|in other words|if i (?:am )?(?:hearing|understanding) you|(?:kind of |sort of )?feels? like you|(?:^|\b(?:and|but|yet) )at the same time,? (?:you|your|part|there|it)|^(?:(?:so|and|but|yeah|right now|now) )*(?:it|that|this) (?:feels|sounds|seems|must feel|must be|must have been)\b(?! like (?:a good|the best)))\b|,? for you\??$/;
/** Opening words of a restatement ("so you…", "and you…", "for you…"). */
const RESTATEMENT =
  /^(?:so|and|but|or|because|for you|almost like|kind of like|sort of like|a lot of|quite a|not just|not only|especially|even)\b(?:,)? ?(?:you|your|it|that|there|the|this|for you|on|part|basically|kind of|sort of|maybe|really|a)\b/;
/** The listener's own state, wish or experience, said back ("you want…", "you have tried…", "you are not sure…"). */
const LISTENER_STATE =
  /^(?:(?:so|and|but|or|then|now|really|also|still|just|maybe|perhaps|almost|kind of|sort of) )*you (?:(?:really|just|also|still|never|kind of|sort of|actually|already|probably|definitely|even|both|all) )*(?:are|were|have|had|do not|did not|does not|are not|have not|feel|felt|want|wanted|would like|would love|would rather|think|thought|believe|like|love|hate|enjoy|see|saw|wish|worry|worried|seem|seemed|mentioned|said|told|know that|realize|realise|care|value|got|get|need to feel|noticed|decided|tried|started|stopped|quit|cut|went|came|did|do|say|said|can not|could not|would not|will not|used to|keep|kept|find|found|went|managed|gave|made|lost|miss|missed|prefer|hope|hoped|struggle|struggled|appreciate|understand|recognize|recognise|learned|learnt|look|looked|sound|sounded|mean|meant|like|love|spend|spent|take|took|drink|drank|smoke|smoked|use|used|work|worked|live|lived|grew|come|go|go to|play|played)\b/;
/** What a client feels or values, which makes a reflection complex rather than a repetition. */
const FEELING =
  /\b(?:feel|feels|feeling|felt|worried|worry|scared|afraid|frustrat\w*|angry|upset|sad|hurt|overwhelm\w*|stress\w*|anxious|concern\w*|proud|hope\w*|torn|stuck|alone|ashamed|guilty|embarrass\w*|important to you|matters to you|part of you|on (?:the )?one hand|other hand|and yet|at the same time|it is like|kind of like|sounds like|almost like|really want|care about|value|values|afraid|excited|relieved|disappointed|betrayed|lonely|confident|ready|ambivalent|unsure|not sure)\b/;
/** Empathy for how hard it is ("that's a lot", "it must be exhausting"). */
const EMPATHIC =
  /^(?:(?:and|so|yeah|well|oh|wow) )*(?:that|it|this)(?: is| was| must be| must have been| can be| sounds| seems| has been)(?: (?:really|so|very|pretty|quite|such|a little|kind of|just|like))* (?:hard|tough|difficult|frustrating|scary|a lot|painful|exhausting|overwhelming|stressful|upsetting|confusing|tiring|challenging|rough|sad|a big (?:deal|change|step)|a lot of work|a lot to (?:deal with|handle|carry|take in)|not easy|no fun|never fun|not fun|unfair|hurtful|a long time|a hard)\b/;

// Input: advice, information, warnings, confrontation.
/** Persuading: obligation or suggestion aimed at the listener, or the speaker recommending. */
const ADVICE =
  /\byou (?:(?:really|just|definitely|will|would|might|may|also|probably|still|do|then|absolutely|seriously) )*(?:should|shall|need to|needs to|have to|must|ought to|would better|had better|better|got to|have got to|might want to|may want to|might wanna|might consider|could consider|could try|can try|might try|will want to|would want to|want to make sure|may wish to|could (?:also )?(?:check|look into|call|ask|join|use|write|read|visit|talk to|go to|sign up|download|keep a))\b|\b(?:i|we) (?:(?:would|do|really|strongly|also|then|definitely|highly|actually|always|usually|just|would really|would strongly) )*(?:suggest|recommend|advise|encourage|urge)\b|\b(?:i|we) (?:(?:really|would|do|just) )*(?:want|need|would like|would love|expect) (?:for )?you to\b|\bi (?:really )?hope (?:that )?you (?:will|would|can|consider|continue|keep|think|really)\b|\bit (?:is|would be|might be|may be|could be|will be) (?:really |very |a |so |super )?(?:important|best|better|a good idea|good idea|wise|helpful|worth (?:it|trying|considering|thinking)|useful|advisable|recommended|essential|necessary|crucial|key|beneficial) (?:to|that you|for you to|if you)\b|\bwhy (?:do not|not) you\b|\bhow about (?:you |we )?(?:\w+ing|try|trying|start|going)\b|\bwhat about (?:trying|\w+ing)\b|\bone (?:thing|option|idea|suggestion|way) (?:you|that you|would be|is|might be|could be)\b|\bwhat (?:i|we) (?:would|usually|often|always) (?:suggest|recommend|do|advise|say)\b|\blet us (?:try|start|set|make|plan|work on|think about|look at|focus|get)\b|\blet's (?:try|start|set|make|plan|work on|think about|look at|focus|get)\b|\byou are (?:going to|gonna) (?:take|need|want|have to|start|use|make|stop|cut|try)\b|\b(?:make sure|be sure|do not forget|remember) (?:to |that |you )\b|\bthe (?:best|safest|ideal|only) (?:thing|way|option|choice) (?:for you |you can do |to do )?(?:is|would be)\b|\btry (?:to|and|not to|cutting|stopping|taking|using|going|some|a|the)\b|\bnow is the time to\b/;
/** Does the sentence (language-layer text) advise or suggest an action to the listener ("you could try…", "I'd suggest…")? */
export function advises(text: string): boolean {
  return ADVICE.test(text);
}

/** The speaker informing: sharing what is known, what the assessment shows, what the service is. */
const INFORMING_FRAME =
  /\b(?:i (?:want|wanted|would like|would love|need) (?:you )?to (?:let you know|share|tell you|give you|mention|make sure you know|explain|inform)|i want you to know|here is (?:the|some|what|a|your)|(?:i|we) (?:see|noticed|notice|can see) (?:that|on|from|here|in) (?:your|the)|(?:i|we) see (?:that )?you (?:have )?(?:marked|checked|said|wrote|put|scored|indicated)|you (?:marked|checked|scored|indicated|circled|put down|wrote down)|i (?:am|was) (?:a (?:little|bit) |a little bit |really |very |quite |a bit )?(?:concerned|worried) (?:about|that|looking)|as your (?:doctor|nurse|counsellor|counselor|therapist|physician|pharmacist|officer|provider)|my (?:job|role|goal|responsibility) (?:here )?is|what we (?:talk about|discuss|say) (?:here )?is|(?:this|that|it) is (?:called|known as)|the (?:research|evidence|data|studies|guidelines?|literature) (?:says?|shows?|suggests?|tells? us)|studies (?:show|have shown|suggest)|we know (?:that )?|research (?:shows|has shown|suggests)|if you (?:have|need|want) (?:any )?(?:(?:other|more|further) )?(?:questions|information|help|support)|you can (?:always )?(?:call|reach|contact|email|text|phone) (?:me|us)|(?:we|i) (?:can|could|will|would be (?:happy|glad) to|am (?:happy|glad) to) (?:set up|refer you|get you|give you|send you|book|schedule|arrange|put you in touch|connect you|sign you up|make (?:an|you an) appointment))\b/;
/**
 * The speaker's own plan, act or experience offered to the listener: what will be done ("we're going to work
 * with you on…", "I'll send you the form", "I wrote a prescription"), what the speaker has heard or seen
 * elsewhere, self-disclosure ("I used to smoke myself"), and normalising ("it's very common to feel…").
 */
const SPEAKER_INPUT =
  /^(?:(?:and|but|so|well|then|now|also)[\s,]+)*(?:(?:i|we) (?:(?:will|would|can|could|are going to|am going to|are gonna|am gonna|need to|have to|should|might|may) )(?:(?:also|just|definitely|probably|then|really|certainly|all|both|first|still) )*(?:work|talk|look|go over|set up|start|meet|figure|send|give you|get you|check|write|prescribe|order|refer|schedule|call|review|follow up|make sure|help|arrange|book|sign|connect|put you|come up|plan|see (?:how|if|whether|what))|(?:i|we) (?:(?:just|already|also) )?(?:wrote|prescribed|ordered|referred|scheduled|booked|arranged|sent|called|put in|signed you up|set up|made (?:an|you an))|i (?:(?:have|had) )?(?:heard|read|seen) (?:that|about|of|a lot|some|people|stories|this)|i (?:had|have|know|knew|worked with) (?:a|another|other|one|some) (?:client|patient|person|people|guy|woman|man|friend|family|folks|young)|i (?:used to|myself)|when i was (?:your age|younger|a|in)|in my (?:experience|work|practice|opinion|view)|i (?:bet|would bet|believe|would say|reckon)(?! you (?:are|were|feel|felt|want|wanted|think|thought)\b)|(?:that|it|this) (?:really )?(?:shocked|surprised|amazed) me|(?:one of )?my (?:jobs?|roles?|tasks?) (?:here )?(?:is|was|are|will be))\b|\b(?:(?:it|that|this|which) is (?:a |an )?(?:very |really |absolutely |perfectly |completely |totally |pretty |quite |so |actually |also )*(?:normal|common|typical|natural|usual)(?: thing| reaction| feeling| experience)?(?: to| for| when| in| after| with| and|$)|(?:a lot of|lots of|many|most|plenty of) (?:people|folks|patients|parents|clients|others) (?:\w+ )?(?:feel|go through|experience|struggle|have|find|say|do|notice|relapse|slip))\b/;

/** A fact from the client's record, tests or case: "your blood pressure is high", "your results came back". */
const RECORD =
  /^(?:(?:and|but|so|well|now|also)[\s,]+)*your (?:\w+ )?(?:results?|tests?|scans?|x-?rays?|bloods?|blood (?:work|test|tests|pressure|sugar|glucose|levels?)|levels?|scores?|numbers?|readings?|a1c|cholesterol|weight|bmi|liver (?:tests?|function|enzymes)|prescription|dose|dosage|medication|sanction|fine|appointment|referral|hearing|court date|probation|case|chart|records?|file|insurance|claim|application|test results) (?:(?:is|are|was|were|has|have|had|will|came|come|show|shows|showed|looks?|looked|went|go|goes|needs?|should|must|can|could|might|may)\b)|\b(?:the|your|this|my|our) (?:\w+ ){0,3}(?:report|records?|chart|notes|file|results?|questionnaire|screening|assessment|labs?|bloodwork|test) (?:\w+ )?(?:states?|says?|shows?|showed|indicates?|indicated|suggests?|suggested|came back|reads?)\b/;

/** An option open to the listener, told ("you can get patches at any pharmacy", "you can always call the line"). */
const OPTION =
  /^(?:(?:and|but|so|well|now|also|then)[\s,]+)*(?:you|they|we) (?:can|could) (?:(?:also|always|still|just|even|then) )*(?:get|call|go to|use|find|buy|pick up|ask (?:for|them|your)|join|come (?:in|back|by)|bring|text|download|visit|sign up|talk to|reach|book|drop in|walk in|order|request|apply|access|see (?:a|the|your|them))\b/;

/** Being with the client, said to a plea ("I'm here with you", "I'm not going anywhere", "I'm so sorry"): support, not information. */
const PRESENCE =
  /^(?:(?:and|but|so|well|oh)[\s,]+)*(?:(?:i|we) am (?:(?:right|still|just|always|really|so) )*(?:here|with you|not going anywhere|listening|sorry|glad|staying)|i (?:(?:really|do|totally) )?(?:understand|hear you|get it|am sorry)|i will (?:stay|be here|not leave)|you are not alone|take (?:your|all the) time)\b/;

/** Marks of a fact about the world: evidence, amounts, likelihood, what people generally do. */
const FACTS =
  /\b(?:research|studies|study|evidence|statistic\w*|percent|%|guidelines?|recommended|levels?|limits?|amounts?|doses?|dosage|side effects?|risks?|chances?|likely|likelihood|standard drinks?|per (?:day|week)|(?:most|many|some|a lot of|lots of) (?:people|folks|patients|teens|adults|women|men|kids|smokers|drinkers|clients|students)|people (?:who|that|your age)|what happens|the way (?:it|this) works|there (?:are|is) (?:a lot|lots|many|some|different|several|all kinds|plenty|no (?:safe|reason))|is called|what we call|\d+(?:\.\d+)? (?:drinks?|days?|weeks?|times|mg|milligrams|units?|percent|cigarettes?|hours?|minutes?|years?))\b/;
/** What information is about: the body, health, substances, treatment, the law. */
const TOPIC =
  /\b(?:damage|disease|cancer|diabetes|blood|pressure|cholesterol|liver|heart|lungs?|brain|body|bodies|calories|nicotine|alcohol|medications?|medicines?|prescription|tablets?|pills?|treatments?|program|programme|clinic|support groups?|infections?|asthma|pregnancy|fetal|effects?|symptoms?|withdrawal|addiction|addictive|dependence|patches|gum|lozenges?|inhaler|replacement|exercise|activity|health|law|legal|illegal|consequences?|violations?|warrant|court|probation)\b/;
/** A modal of what will or can happen, for a general statement ("alcohol can harm…", "this will help lower…"). */
const GENERAL_EFFECT =
  /\b(?:can|could|will|may|might|tends? to|usually|often|typically|generally) (?:\w+ )?(?:become|cause|lead|help|increase|reduce|lower|raise|damage|affect|result|harm|make|hurt|improve|prevent|protect|trigger|interfere|interact|work|happen|be)\b/;
/** Threats of consequences (MISC warn): continuing, or not changing, and what it will cost. */
const CONTINUING =
  /^(?:(?:and|but|so) )?(?:if|unless|as long as|when) you (?:(?:just|really|do|still) )?(?:keep|continue|do not|are not|go on|carry on|keep on|drink|smoke|use|drive|miss|skip|stay|refuse|fail|choose not)\b|^(?:otherwise|or else)\b/;
const HARM =
  /\b(?:lose|losing|lost|die|dying|dead|death|damage|damaged|hurt|harm|kill|killing|ruin|ruined|destroy|worse|trouble|arrested|arrest|jail|prison|detention|suspended|suspension|expelled|fired|kicked out|sick|cancer|disease|heart attack|stroke|liver (?:damage|failure|disease)|end up|regret|consequences|violations?|warrant|custody|danger|dangerous|hospital|emergency|overdose|accident|cirrhosis|emphysema|pay for it|pay the price|suffer|put(?:ting)? (?:yourself|your \w+|him|her|them) (?:at risk|in danger))\b/;
const LISTENER_FUTURE =
  /\b(?:you|your \w+)(?: (?:will|are going to|is going to|could|might|may|would|can|are likely to|is likely to))(?: (?:probably|definitely|likely|eventually|just|really|end up))* (?:\w+ ){0,3}/;
/** Arguing, correcting, shaming, blaming or doubting the client's honesty (MITI confront). */
const CONFRONT =
  /\b(?:you are (?:just |only |clearly |obviously )?(?:making excuses|in denial|lying|kidding yourself|fooling yourself|wrong|being (?:irresponsible|selfish|lazy|stubborn|ridiculous|childish|unreasonable|dishonest|naive))|(?:that is|that sounds like|these are|those are|it is) (?:just |all |a lot of |a bunch of )?(?:excuses|an excuse)|(?:that is|that is just|it is) not (?:true|the point|an excuse|how it works)|you (?:have|need) to (?:admit|face|accept|take responsibility|own)|face (?:it|the facts|reality)|you are an? (?:alcoholic|addict|drunk|junkie)|do you (?:even )?(?:realize|realise|understand|care)|do not you (?:see|realize|realise|care|understand)|how (?:can|could) you (?:not|say|think|do|let)|what were you thinking|the (?:truth|reality|fact|problem) is(?: that)? you|you should (?:know|have known) better|you (?:obviously|clearly) (?:have|are|do not|can not)|you can not (?:keep|just|expect|blame)|(?:there is|there are) no excuses?|you are not (?:listening|taking this seriously|being honest)|stop (?:making excuses|lying|blaming))\b/;

// Relational moves: affirming, autonomy, collaboration.
/** Affirming the client's strengths or efforts; a number in it ("3 days without a drink") is still an affirmation. */
export const AFFIRM =
  /\b(?:that(?:'s| is) (?:great|wonderful|fantastic|awesome|amazing|impressive|excellent|terrific|huge|incredible|brilliant|a great|a big|a huge|a really good|really good|so good|a good (?:idea|point|plan|start|step|goal|thing))|good for you|well done|great job|nice work|good job|nice job|way to go|i (?:really )?(?:appreciate|admire|respect)|you(?:'ve| have) (?:done|worked|made|come|been|gone|managed|kept|stuck) (?:a lot|so much|really|great|well|hard|progress|such|an? (?:amazing|great|good|incredible))|you(?:'re| are) (?:clearly |really |very |so )?(?:strong|resourceful|committed|determined|motivated|brave|courageous|capable|thoughtful|smart|insightful|a good|doing (?:great|well|a great|so well|really well|a good))|(?:takes|took|it took) (?:a lot of |real )?(?:courage|strength|guts|effort|work)|you should be (?:really |very )?proud|(?:thank you|thanks) for (?:sharing|being|telling|your honesty|coming|trusting|opening)|i am (?:so |really )?(?:proud of|impressed)|(?:what an?|such an?) (?:accomplishment|achievement))\b/;
/** Emphasising autonomy: the choice is the client's (MITI). */
const AUTONOMY =
  /\b(?:(?:it|that|this) is (?:really |entirely |totally |completely |ultimately |all )?(?:your (?:choice|decision|call|life|body)|up to you)|(?:the )?(?:choice|decision) is (?:really |entirely |ultimately )?(?:yours|up to you)|you are the (?:one|only one|person|expert|boss)(?: who| that)? (?:decides?|gets to|can|knows|makes|has to decide|in charge)|you (?:get to|can|will) (?:decide|choose|make (?:that|the|your own) (?:choice|decision))|whatever you (?:decide|choose|want to do)|you know (?:yourself|your (?:body|life|situation|family)) (?:best|better than)|(?:nobody|no one|i) (?:can|could) (?:not |)(?:make (?:you|that (?:choice|decision)|those (?:choices|decisions)|the (?:choice|decision))|decide for you)|i (?:can not|could not|will not|am not going to) (?:make|force) (?:you|that (?:choice|decision)|those (?:choices|decisions)|the (?:choice|decision))|it is not (?:my|up to me)|you are in (?:charge|control)|(?:entirely|completely|totally) (?:up to you|your (?:choice|decision|call))|if you (?:decide|choose|want) to)\b/;
/** Asking permission before advising or informing (MITI seeking collaboration). */
export const PERMISSION =
  /\b(?:(?:would|will) (?:it be|that be) (?:ok|okay|alright|all right)|(?:is it|would it be|is that) (?:ok|okay|alright|all right) (?:if|with you)|(?:can|could|may) i (?:share|tell|give|offer|suggest|make|mention|add|ask|show|go over|talk)|would you (?:like|be interested|mind|want)|do you (?:mind|want me to) (?:if )?|(?:are you|if you(?:'re| are)) (?:interested|open|ok|okay|comfortable)|would you be (?:open|interested|willing)|if (?:it(?:'s| is)|that(?:'s| is)) (?:ok|okay|alright) with you|with your permission|is that something (?:you(?:'d| would) be|that you(?:'d| would) be) (?:open|interested)|how would you feel (?:if|about) (?:i|we)|(?:may|can) we (?:talk|look|go over|take a look))\b/;
/** Asking for the client's view, ideas or feedback, or for working together. */
const FEEDBACK =
  /\b(?:what do you (?:think|make of|feel about)|what are your (?:thoughts|ideas)|any (?:thoughts|ideas|questions)|what (?:ideas|thoughts) do you have|how does (?:that|this) (?:sound|fit|feel|seem)|does (?:that|this) (?:make sense|sound (?:okay|ok|right|good|fair|like)|fit|work for you)|how (?:would|could|might) (?:that|this) (?:work|fit) for you|what would (?:work|help|fit) (?:best )?(?:for you)?|where would you like to (?:start|go|begin)|what would you like to (?:do|work on|focus on|talk about|start with)|how would you like to|what do you want to (?:do|work on|focus on|talk about)|did i (?:get|miss) (?:that|anything)|what did i miss|is there anything (?:i|we) (?:missed|left out)|(?:we|let us|let's) (?:can )?(?:work|figure (?:this|it|that) out|come up with|think about (?:this|it)) together|together we (?:can|could)|what would you (?:suggest|add|change)|how can i (?:help|support)|what (?:can|could) i do to help|do you have any questions)\b/;

/** Greetings, thanks and goodbyes: the social frame of a session, neither reflection nor input. */
const SOCIAL =
  /^(?:(?:thank you|thanks)(?:,? \w+)?(?: (?:so|very) much| again)?(?: for \w+(?: \w+){0,6})?|(?:we|i) will see you(?: \w+){0,4}|(?:that|it) (?:sounds|is|seems) (?:really |so )?(?:great|good|wonderful|awesome|fantastic|perfect|fine|like a (?:good|great|plan)(?: \w+)?)|have a (?:great|good|nice|lovely) \w+|(?:it was )?(?:nice|good|great|lovely) (?:to (?:meet|see|talk to) you|meeting you|talking (?:to|with) you|seeing you)|see you(?: \w+){0,4}|take care|bye|goodbye|hello|hi(?: \w+)?|hey(?: \w+)?|good (?:morning|afternoon|evening)|welcome(?: back)?|you are (?:very |so |more than )?welcome|no problem|my pleasure|i look forward to \w+(?: \w+){0,8}|come (?:on )?in|have a seat|take a seat)[.!,]?$/;

/** Words of a sentence (letters and digits), for weighing. */
function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[a-z0-9]/.test(w)).length;
}

/** The sentence without bracketed annotations, dashes at its edges, or the discourse words it opens with. */
export function coreOf(text: string): string {
  return text
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/^[\s\-–—.,…"']+|[\s\-–—"']+$/g, '')
    .replace(
      /^(?:(?:okay|ok|well|yeah|yes|right|alright|all right|now|oh|mm|hmm|great|good|sure|cool|very cool|perfect|all right then|uh|um|mhm|gotcha|got it|i see|wow|excellent|awesome|nice)\b[\s,.!-]*)+/,
      '',
    )
    .trim();
}

/** Ends with a question mark, as spoken (a closing quote or dash after it aside). */
export function endsAsQuestion(original: string): boolean {
  return /\?\s*["'”’)\]\-–—]*\s*$/.test(original);
}

/** Open or closed, for a sentence that asks; null for one that does not. */
function questionType(core: string, endsQ: boolean): 'open' | 'closed' | null {
  const ask = core.replace(/^(?:and|but|so|then|now)\b[\s,]*/, '');
  if (
    WH_EMBEDDED_CLOSED.test(ask) ||
    (PERMISSION.test(ask) && !/^(?:what|how|why|where|when|which|who)\b/.test(ask)) ||
    /\bon a scale (?:of|from)\b.*\b(?:what|where|how)\b/.test(ask)
  )
    return 'closed';
  // "What I would recommend is…", "how about we start there": a wh-word that opens a statement or a suggestion.
  if (SUGGESTION.test(ask)) return null;
  if (!endsQ && /^(?:what|how|why|when|where|who|which)\b/.test(ask) && !WH_INVERTED.test(ask)) return null;
  if (WH_CLOSED.test(ask)) return endsQ || ask.length < 80 ? 'closed' : null;
  if (WH_OPEN.test(ask)) return 'open';
  if (AUX_QUESTION.test(ask)) return endsQ || /^(?:do|does|did|are|is|have|can|could|would)(?: not)? you\b/.test(ask) ? 'closed' : null;
  if (!endsQ) return null;
  // "You mentioned…, what did you…?": a wh clause after a comma is an open question.
  if (/,\s*(?:what|how|why)\b[^,]*\?*$/.test(ask)) return 'open';
  return 'closed';
}

/**
 * Who the sentence is about, from its opening words: the therapist ("I", "we"), the client ("you"), or
 * something else. Read from the words rather than the tagged clauses: a therapist's sentences are many, and
 * tagging is the language layer's cost.
 */
function subjectOf(core: string): 'speaker' | 'listener' | 'other' {
  const m = core.match(OPENING_SUBJECT);
  return m?.[1] === 'you' ? 'listener' : m ? 'speaker' : 'other';
}

const OPENING_SUBJECT =
  /^(?:(?:and|but|so|well|just|really|also|actually|maybe|perhaps|then|now|because|like|yeah|okay|honestly|personally)[\s,]+)*(i|we|you)\b/;

export interface TurnContext {
  /** Content words of the client's previous turn, for a restatement in the client's words. */
  clientWords: ReadonlySet<string>;
  /** The client's turn before ended on a question of their own ("does it really work?"): a statement now answers it. */
  clientAsked?: boolean;
  contentWords: (text: string) => Set<string>;
}

/** The act of one sentence, with every code it carries. */
export function sentenceAct(sentence: Sentence, context: TurnContext): SentenceAct {
  const core = coreOf(sentence.text);
  const words = wordCount(core);
  const rawCore = coreOf(sentence.original.toLowerCase());
  if (
    words === 0 ||
    BACKCHANNEL.test(
      sentence.original
        .toLowerCase()
        .replace(/\[[^\]]*\]/g, ' ')
        .trim(),
    ) ||
    BACKCHANNEL.test(core)
  ) {
    return { act: 'backchannel', words };
  }
  const codes: SentenceAct = { act: 'other', words };
  if (PERMISSION.test(core) || PERMISSION.test(rawCore)) codes.permission = codes.collaboration = true;
  if (FEEDBACK.test(core)) codes.collaboration = true;
  if (AFFIRM.test(sentence.text) || AFFIRM.test(sentence.original.toLowerCase())) codes.affirmation = true;
  if (AUTONOMY.test(core)) codes.autonomy = true;
  if (SOCIAL.test(core)) return codes;
  const endsQ = endsAsQuestion(sentence.original);
  const framed = REFLECTIVE_FRAME.test(core);
  // "What were you thinking?", "don't you care?": a confrontation asked as a question is still one.
  if (CONFRONT.test(core) && !framed) return { ...codes, act: 'input', confrontation: true, ...(isWarning(sentence, core) ? { warning: true } : {}) };
  const q = questionType(core, endsQ);
  // A reflection said with a rising voice ("so it sounds like it's hard?") stays a reflection; any other
  // sentence that asks is a question.
  const asksByForm =
    WH_OPEN.test(core) ||
    WH_CLOSED.test(core) ||
    AUX_QUESTION.test(core) ||
    WH_EMBEDDED_CLOSED.test(core) ||
    TAG_QUESTION.test(core) ||
    /,\s*(?:what|how|why|do|did|are|is|have|can|would)\b/.test(core);
  // A statement about the listener said with a rising voice ("you're not sure it's worth it?") restates.
  const risingRestatement = !asksByForm && words >= 6 && (RESTATEMENT.test(core) || LISTENER_STATE.test(core));
  if (q && !((framed || risingRestatement) && !asksByForm)) {
    return { ...codes, act: 'question', question: q };
  }
  if (framed) return { ...codes, act: 'reflection', reflection: depth(core, context) };
  // Confronting, warning, persuading and informing: one sentence may do several ("you need to stop, or you'll lose her").
  const persuading: Partial<SentenceAct> = {};
  if (CONFRONT.test(core)) persuading.confrontation = true;
  if (isWarning(sentence, core)) persuading.warning = true;
  if (ADVICE.test(core)) persuading.advice = true;
  if (INFORMING_FRAME.test(core)) persuading.information = true;
  if (Object.keys(persuading).length > 0) return { ...codes, ...persuading, act: 'input' };
  if (!codes.affirmation && (SPEAKER_INPUT.test(core) || RECORD.test(core) || OPTION.test(core))) return { ...codes, act: 'input', information: true };
  const overlap = overlapWithClient(core, context);
  const secondPerson = /\b(?:you|your|yourself)\b/.test(core);
  const subject = subjectOf(core);
  const speaker = subject === 'speaker';
  const listenerLed = subject === 'listener';
  const states = !speaker && (RESTATEMENT.test(core) || LISTENER_STATE.test(core) || EMPATHIC.test(core));
  // A general statement about the world, health or treatment ("walking is great exercise", "there are
  // support groups you can go to"), its subject neither the therapist nor the client.
  // "So, having childcare could make a big difference": a summary in the client's words is still theirs.
  const summarises = /^so\b/.test(core) && overlap >= 1;
  const echoes = overlap >= 2 && words <= 8;
  // Its subject a thing information is about ("alcohol is a depressant", "this tablet lowers your cholesterol").
  const topicLed = TOPIC.test(core.split(' ').slice(0, 3).join(' '));
  if (
    !states &&
    !summarises &&
    !echoes &&
    !speaker &&
    !listenerLed &&
    !codes.affirmation &&
    (FACTS.test(core) || GENERAL_EFFECT.test(core) || (TOPIC.test(core) && (!secondPerson || topicLed))) &&
    words >= 3
  ) {
    return { ...codes, act: 'input', information: true };
  }
  // An answer to the client's own question informs ("it does work", "not yet"), unless it is said back as theirs.
  if (context.clientAsked && !PRESENCE.test(core) && !states && !codes.affirmation && !codes.collaboration && words >= 2)
    return { ...codes, act: 'input', information: true };
  const restates =
    states ||
    summarises ||
    // The client's own words handed back: a fragment echo ("Security.") or a second-person mirror.
    (overlap >= 1 && words <= 5 && !speaker) ||
    (overlap >= 2 && secondPerson && !speaker) ||
    // Any other statement about the client's world after they spoke, neither informing nor about the therapist.
    (!speaker && words >= 3 && context.clientWords.size > 0 && !FACTS.test(core) && !GENERAL_EFFECT.test(core));
  if (restates && !(codes.affirmation && !LISTENER_STATE.test(core) && !RESTATEMENT.test(core))) {
    return { ...codes, act: 'reflection', reflection: depth(core, context) };
  }
  return codes;
}

/** "If you keep drinking, you'll lose your liver": a condition of carrying on, and harm to the listener. */
function isWarning(sentence: Sentence, core: string): boolean {
  if (!HARM.test(core)) return false;
  const clauses = sentence.clauses.map((c) => c.text.replace(/[.,!?]+/g, '').trim());
  const conditioned = clauses.some(
    (c, i) => CONTINUING.test(c) && clauses.slice(i + 1).some((next) => HARM.test(next) && /\b(?:will|would|could|might|may|going to|can|end up)\b/.test(next)),
  );
  if (conditioned) return true;
  const m = core.match(LISTENER_FUTURE);
  return m !== null && HARM.test(core.slice(m.index!)) && !/^(?:you are|you were) (?:worried|afraid|scared|concerned)\b/.test(core);
}

function overlapWithClient(core: string, context: TurnContext): number {
  if (context.clientWords.size === 0) return 0;
  let n = 0;
  for (const w of context.contentWords(core)) if (context.clientWords.has(w)) n++;
  return n;
}

/** Complex when it adds feeling or meaning, or says much in words the client did not use. */
function depth(core: string, context: TurnContext): 'simple' | 'complex' {
  const mine = context.contentWords(core);
  let overlap = 0;
  for (const w of mine) if (context.clientWords.has(w)) overlap++;
  return FEELING.test(core) || (mine.size >= 8 && overlap <= mine.size / 2) ? 'complex' : 'simple';
}

/** Every pattern the sentence coder matches, for the engine's rubric hash. */
export const ACT_PATTERNS: readonly RegExp[] = [
  BACKCHANNEL,
  WH_CLOSED,
  WH_OPEN,
  WH_EMBEDDED_CLOSED,
  WH_INVERTED,
  SUGGESTION,
  AUX_QUESTION,
  TAG_QUESTION,
  REFLECTIVE_FRAME,
  RESTATEMENT,
  LISTENER_STATE,
  OPENING_SUBJECT,
  FEELING,
  EMPATHIC,
  ADVICE,
  INFORMING_FRAME,
  SPEAKER_INPUT,
  RECORD,
  OPTION,
  PRESENCE,
  FACTS,
  TOPIC,
  GENERAL_EFFECT,
  CONTINUING,
  HARM,
  LISTENER_FUTURE,
  CONFRONT,
  AFFIRM,
  AUTONOMY,
  PERMISSION,
  FEEDBACK,
  SOCIAL,
];
