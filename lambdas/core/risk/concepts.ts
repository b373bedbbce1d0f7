/**
 * Rules that recognise a disclosure by what it is made of rather than by its wording: a wish whose content
 * is death, a thought whose content is a method, a plan (a means with a time or place and a first-person
 * future), an injury with a child, an elder or a partner beside it. Each combines classes of words within a
 * short window of one sentence, or a class in the sentence with another anywhere in the turn (`context`).
 * They catch phrasings nobody listed; most are marked `uncertain` so the clinician sees how sure it is.
 */
import type { RiskRule } from './rules.js';
import type { RiskCategory } from '../../../schemas/risk.js';
import { BODY, CHILD, FIREARM, PARTNER, PILLS, PUSHED_TO_COME, v, W } from './words.js';

const rule = (category: RiskCategory, source: string, options: Omit<RiskRule, 'category' | 'pattern'> = {}): RiskRule => ({
  category,
  pattern: new RegExp(`\\b(?:${source})(?![\\w])`),
  ...options,
});
const DEPRESSANT = `xanax|benzos?|valium|diazepam|klonopin|clonazepam|ativan|lorazepam|sleeping (?:pills|tablets)|oxy\\w*|opioids?|opiates|codeine|methadone|heroin|fentanyl|morphine|tramadol|gabapentin|pregabalin|ghb|g|ket|ketamine|painkillers|pills`;
const ALCOHOL = `whiskies|whiskeys|brandy|sherry|bourbon|scotch|glasses of wine|wine|beer|beers|vodka|whiskey|whisky|alcohol|booze|drinks|drinking|gin|rum|cans|pints|lager|cider|spirits|the drink`;
const near = (a: string, b: string, gap = 6) => `(?:${a}) (?:${W(gap)})?(?:${b})`;

/** Wanting, welcoming or not minding. */
const DESIRE = `(?:gutted|disappointed|disappointment|upset|angry|annoyed|devastated|sad) (?:${W(2)})?(?:that )?(?:i )?(?:woke up|am still (?:here|alive)|survived|made it through)|${v('wish', 'hope', 'pray', 'want')}|envy|envied|would rather|would prefer|would not mind|do not mind|would welcome|would be relieved|be relieved|be kind of relieved|be a relief|longing|long to|part of me (?:${W(2)})?(?:want|wanted|hope|hoped|hoping|wish|wished)`;
/** Death or ceasing to be, as the content of a wish. */
const DEATH = `never (?:have to )?(?:get up|wake up|wake) again|not (?:have to )?(?:wake up|get up) (?:again|ever)|the morning (?:${W(1)})?(?:does not|would not|will not|never) come|not (?:make it|be here) (?:through the night|tomorrow)|die|died|dying|be dead|was dead|were dead|being dead|death|not (?:${W(1)})?wake up|never wake up|did not wake up|stop being alive|stop existing|not exist|not existing|not be alive|not being alive|not be here|not being here|not be around|be gone|just go|go down|crash|be over|all be over|all (?:to )?stop|be killed|got killed|get killed|killed me|kill me|take me|end it|end everything|be done|stop breathing`;
/** Thinking, imagining, wondering: ideation verbs. */
const THINK = `pictures? (?:in my head )?of|flash(?:es)? of|images? of|${v('think')}|imagine|imagined|imagining|picture|pictured|picturing|wonder|wondered|wondering|fantasi[sz]\\w*|daydream\\w*|plan|planned|planning|consider\\w*|contemplat\\w*|the idea of|the thought of|obsess\\w*|research\\w*|keep seeing|kept seeing`;
/** Means and places of suicide. */
const METHOD = `cliffs?|bridges|crash (?:the|my) car|make it look like an accident|every last (?:bit|one|tablet|pill)|the lot|paracetamol|morphine|insulin|hosepipe|hose pipe|co2|hang(?:ing|ed|s)?(?! (?:out|up|on|around|with|in|over|onto|about))|(?:step|stepping|stepped|jump|jumping|throw myself|throwing myself|walk|walking|walked) (?:off |out )?(?:in front of|into traffic|off)|overlook|bridge|overpass|railing|train|trains|tracks|platform|traffic|roof|rooftop|ledge|edge|cliff|balcony|carbon monoxide|exhaust|garage|charcoal|pills|tablets|insulin|overdose|rope|noose|cord|belt|gun|guns|shotgun|rifle|pistol|bullet|drown\\w*|jump\\w*|the wheel|into a (?:tree|wall)|into (?:the )?oncoming|wrists?|razor|blade|knife|bleach|poison|step off|go off the|drive off|run the car|plastic bag|helium|the lake|the river|the sea`;
const TIME_OR_PLACE = `new year\\w*|christmas|top floor|parking garage|tonight|tomorrow|this (?:weekend|week|friday|saturday|sunday|monday|tuesday|wednesday|thursday)|next (?:week|weekend|month|friday|saturday|sunday|monday|tuesday|wednesday|thursday)|on (?:friday|saturday|sunday|monday|tuesday|wednesday|thursday|my birthday|the anniversary|the \\d+\\w*|new year\\w*|christmas)|friday|saturday|sunday|monday|tuesday|wednesday|thursday|(?:january|february|march|april|may|june|july|august|september|october|november|december) \\d+|the \\d+(?:st|nd|rd|th)|after (?:work|my shift|the kids|the house|everyone|they|he|she|my)|when (?:everyone|the kids|my (?:wife|husband|partner|roommate|mom|mum|dad)|they|he|she) (?:is|are|go|goes|leave|leaves)|once (?:the|my|everyone)|at (?:night|\\d+|the (?:storage|lake|reservoir|bridge|overlook|woods|cabin|garage))|the (?:date|day|place|spot)|the anniversary|my birthday|in the (?:garage|basement|woods|bath|car)`;
/**
 * Talk of dying or a means. Without it, "I'll do it" answering a task ("could you walk to the shop this week?")
 * is a commitment to homework, however emphatic.
 */
const INTENT_CONTEXT =
  /\b(?:not just thinking|the nerve|mind up|made up my mind|i am done|meant it|kill|die|dying|dead|death|end it|end things|end my life|suicid\w*|pills|tablets|overdos\w*|rope|noose|gun|bridge|jump\w*|hang|not be (?:here|around)|hurt myself|harm myself|cut myself)\b/;

/** Talk of dying or self-harm that makes a future act with a method a suicide plan. */
const PLAN_CONTEXT = `suicid\\w*|kill (?:myself|me)|killing myself|die|dying|dead|death|end it|end things|end my life|take my (?:own )?life|not be (?:here|around)|overdos\\w*|hang (?:myself|me)|jump off|jump in front|throw myself|step in front|in front of (?:a|the) (?:train|bus|car|lorry|truck)|never come back|goodbye|last time|not wake up|be gone|hurt myself|harm myself|the rope|a rope|noose|gun|pills|tablets|everything i have|saved up|stockpil\\w*|hoard\\w*|over the edge|off the (?:edge|bridge|roof|cliff|top)|into the (?:sea|river|lake|water|traffic|canal)|(?:not|never) (?:come|coming|be coming) back|into a (?:wall|tree|pylon|bridge|truck|lorry)|make it look|thought it (?:right )?through|all arranged`;
/** A train, a car or a roof as transport or a place to be, not a means. */
const TRAVEL = `(?:on|by|catch|catching|get|getting|take|taking|took|miss|missed|in|into) (?:the|a|my|our) (?:train|bus|tube|tram|car|taxi|platform)|(?:train|bus|car) (?:to|from|into|journey|ride|home|station)|drive (?:to|home|in)|on the (?:roof|platform) (?:of|at)`;
const FUTURE_SELF = `i (?:${W(2)})?(?:will|am going to|going to|would|plan to|intend to|am gonna)|the plan (?:is|was)|my plan|i have (?:it )?(?:all )?(?:worked out|figured out|planned)|i know (?:where|when|how|the date)|i have picked|i picked|i have chosen|i have set`;
const VIOLENCE = `(?:kick|kicked|kicks|kicking)(?! (?:off|out|in|back|around|it))|push(?:ed|es|ing)?(?! (?:me |him |her |them )?(?:to|into|towards|for|forward|through))|${v('hit', 'beat', 'punch', 'slap', 'shove', 'choke', 'strangle', 'burn', 'throw', 'grab', 'shake', 'drag', 'smother', 'stab', 'slam', 'bite', 'pin')}|beat up|slapped around|knocked (?:me|him|her) (?:down|out|over)|held (?:a |my |his |her )?(?:pillow|hand|hands|head)|put (?:a )?cigarettes? out|tied|ties|locked|locks|threw (?:${W(3)})?at|missed my head|broke my|broken my|split my|pinned`;
const INJURY = `bruises?|bruised|marks|welts|black eye|split lip|blisters?|burns|burned|broken (?:arm|jaw|nose|ribs?|wrist)|broke (?:his|her|my) (?:arm|jaw|nose|ribs?|wrist)|sores|bed ?sores|pressure sores|scars?|bleeding|cuts`;
const ELDER_OR_DEPENDENT = `granda|grandda|gramps|nanna|in a home|old folks|sheltered housing|(?:${W(1)})?(?:mother|mom|mum|dad|father|grandma|grandmother|granny|gran|nan|nana|grandpa|grandfather|grandad|aunt|uncle)|elderly|old man|old lady|old woman|residents?|dementia|alzheimer\\w*|wheelchair|cerebral palsy|disabled|disability|learning disability|care home|nursing home|group home|aide|carer|caregiver|power of attorney|\\d{2} years old|in his (?:80s|90s|eighties|nineties)|in her (?:80s|90s|eighties|nineties)`;
const ELDER_HARM = `force-?fe\\w+|held (?:him|her|them) down|pinned (?:him|her)|choked|${v('hit', 'slap', 'shove', 'push', 'grab', 'shake', 'lock')} (?:${W(1)})?(?:him|her|them|my \\w+|the (?:residents?|old \\w+|patients?|client)|nan|gran|granny|grandma|grandad|mum|mom|dad)|(?:door|room) (?:${W(1)})?locked|locked (?:in|up|out|away)|${v('neglect', 'steal')}|yell at|scream at|tie|ties|tied|taking (?:${W(2)})?(?:cash|money|pension|savings)|took (?:${W(2)})?(?:cash|money|pension|savings)|drain\\w* (?:${W(2)})?(?:accounts?|savings|money)|keeps (?:his|her|their) (?:${W(1)})?(?:meds|medication|pills|money|pension)|soiled|same (?:${W(1)})?(?:clothes|sheets|diaper|nappy|pad)|wet sheets|dirty sheets|without (?:food|water|meds|medication|help)|no food|not fed|skinny|starving|bruises?|sores|will not let (?:us|me|her|him) (?:see|have)|nobody (?:${W(2)})?(?:changes|bathes|feeds|washes)|called (?:him|her) (?:a )?useless|left (?:him|her) (?:${W(3)})?(?:all day|alone|without|in bed)|leave (?:him|her) (?:${W(3)})?(?:all day|alone|without|in (?:wet|dirty|soiled))`;
const CHILD_REF = `(?<!as a |when i was a |was a |like a |as |when i was )(?:${CHILD})|school|grades|teacher|daycare|nursery|kindergarten|\\w+-year-old|\\d+ (?:months|month|years|year) old|(?:months|years) old|twelve|teenage \\w+|(?:two|three|four) little (?:girls|boys|ones)|kids`;
const HARM_COMMAND = `set (?:myself|me|him|her|them|the house) on fire|sort (?:him|her|them) out|get (?:him|her|them)|deal with (?:him|her|them)|kill|hurt|harm|cut|jump|die|stab|attack|punish|burn|drown|shoot|starve|hang|go into traffic|walk into traffic|take (?:all )?(?:my|the) pills|take (?:${W(2)})?knife|throat|be with him|be with her|come be with|end it`;
const VOICE = `voices?|a voice|the tv|the television|the radio|god|the devil|satan|someone in my head|something in my head|my (?:dead )?\\w+ (?:talking|telling)|a man|a woman|a man voice|the voice|they keep|they are telling|they tell|they told|they say|they said`;

export const CONCEPT_RULES: readonly RiskRule[] = [
  // A wish whose content is death, in any words ("part of me was hoping it would go down", "I envy people who die in their sleep").
  rule('passive_ideation', near(DESIRE, DEATH, 8), { uncertain: true }),
  rule(
    'passive_ideation',
    `(?:if|when) (?:a |the |some )?(?:bus|car|truck|train|lorry|plane) (?:${W(3)})?(?:hit|hits|crashed|crash|went down|go down)(?: me)?(?: ${W(6)})?(?:relieved|relief|fine|okay|not mind|would not care|do not care)?`,
    { uncertain: true },
  ),
  rule(
    'passive_ideation',
    `(?:if|when) i (?:${W(1)})?(?:got|get|was|were|am) (?:${W(1)})?(?:hit|run over|killed|taken out) by (?:a |the |some )?(?:car|bus|truck|train|lorry)`,
    { uncertain: true },
  ),
  rule(
    'passive_ideation',
    `(?:easier|better|a relief|simpler) (?:${W(3)})?if i (?:${W(3)})?(?:did not wake up|never woke up|was not here|was not around|died|was dead|was gone|just disappeared|did not exist)`,
  ),
  rule(
    'passive_ideation',
    `(?:want|wanted|wish|need) (?:it|everything|this|things) (?:all )?(?:to )?(?:be over|end|stop|stop for good)(?: for good| forever| permanently)?`,
    { uncertain: true },
  ),
  rule(
    'passive_ideation',
    `(?:gutted|disappointed|disappointment|upset|angry|annoyed|devastated|sad|sorry) (?:${W(4)})?(?:that )?i (?:${W(1)})?(?:woke up|am still (?:here|alive)|survived|made it through)`,
  ),
  rule(
    'passive_ideation',
    `(?:would|will|could|might) (?:${W(2)})?(?:be|get on|manage|cope|do|carry on|go on) (?:just )?(?:fine|better|okay|ok|alright|happier|easier)? ?(?:without me|if i (?:was|were) (?:not|gone))`,
  ),
  // Thoughts of ending one's life in the words people use.
  rule(
    'hopelessness',
    `(?:not|never|no) (?:${W(4)})?(?:way (?:this|it|things|my life) (?:${W(1)})?(?:gets|get|will get|is going to get|could get) better|(?:get|gets|getting|going to get) (?:any )?better)|done hoping|(?:no|not any) (?:${W(1)})?(?:way forward|future for me)`,
    { uncertain: true },
  ),
  rule(
    'active_ideation',
    near(
      THINK,
      `suicid\\w*|killing myself|kill myself|ending (?:it|things|everything|my life)|end (?:it|things|everything|my life)|taking my (?:own )?life|not being here|not being alive|dying|death|ways to die|how to die`,
      6,
    ),
    { uncertain: true },
  ),
  rule('active_ideation', `(?:thoughts?|voice|voices|mind|head|brain) (?:${W(6)})?(?:kill yourself|you should (?:just )?die|just die|end it)`, {
    uncertain: true,
    actor: 'any',
  }),
  rule('active_ideation', `not (?:going to|gonna) be (?:here|around) (?:for|at|by|on|much|next|when|anymore|any more)`),
  // Thoughts with a method (C-SSRS 3): ideation verbs around a means or place, or "kill myself … with insulin".
  rule('suicidal_method', near(THINK, METHOD, 10), {
    uncertain: true,
    context:
      /\b(?:suicid\w*|kill|die|dying|dead|end it|end things|do it|not (?:want|wanna) to|it would be|how easy|how quick|how much|how many|would hurt|enough|turn the wheel|step off|climb over|jump|not come back|over the (?:railing|edge)|in front of)\b/,
  }),
  rule(
    'suicidal_method',
    near(`kill myself|end it|end my life|do it|suicide|take my life|die`, `(?:with|by|using|from|off|in front of|into) (?:${W(2)})?(?:${METHOD})`, 6),
    { uncertain: true },
  ),
  rule(
    'suicidal_method',
    `if i (?:was|were|ever) (?:going to |to )?(?:do it|kill myself|end it|end my life|did it) (?:${W(2)})?i (?:would|will|had|could)|make it look like an accident`,
    { uncertain: true },
  ),
  // A plan (C-SSRS 5): a means and a time or place, in the first person future.
  // An everyday plan names trains and cars as transport ("I'll read it on the train on Tuesday"): travel
  // wording is not a plan unless the exchange also talks of dying or self-harm.
  rule('suicidal_plan', near(FUTURE_SELF, METHOD, 16), {
    context: new RegExp(`\\b(?:${TIME_OR_PLACE})\\b`),
    unless: new RegExp(`^(?![\\s\\S]*\\b(?:${PLAN_CONTEXT})\\b)[\\s\\S]*\\b(?:${TRAVEL})\\b`),
  }),
  rule('suicidal_plan', near(`plan|date|picked|the day|when and where|where and when`, `${METHOD}|do it|end it|kill myself|die`, 12), {
    uncertain: true,
    context: new RegExp(`\\b(?:${TIME_OR_PLACE})\\b`),
  }),
  rule('suicidal_plan', `(?:i had|i have|there was|had) a (?:whole |real |proper |specific )?plan(?: ,|:| -)? (?:${W(14)})?(?:${METHOD}|${TIME_OR_PLACE})`, {
    uncertain: true,
  }),
  // Intent (C-SSRS 4).
  rule(
    'suicidal_intent',
    `i (?:${W(3)})?(?:going to|will|would|am ready to|have decided to|decided to|intend to|mean to|plan to) (?:${W(2)})?(?:actually |really |finally |totally |definitely )?do it(?: (?:this time|for real|soon|now|tonight))?`,
    {
      uncertain: true,
      context:
        /\b(?:this time|for real|actually|totally|definitely|finally|soon|not just thinking|close|the nerve|mind up|made up my mind|i am done|meant it|stopping myself|kill|die|dead|end it|suicid\w*|pills|rope|gun|bridge)\b/,
      unless: new RegExp(
        `^(?![\\s\\S]*${INTENT_CONTEXT.source})[\\s\\S]*\\b(?:homework|could you|would you|will you|can you|are you willing|try (?:to|and)|this week|practi[cs]e|exercise|worksheet|diary|the task)\\b`,
      ),
    },
  ),
  rule(
    'suicidal_intent',
    `(?:decided|made up my mind|my mind is made up) (?:${W(3)})?(?:end it|end things|do it|kill myself|die|not be here|go through with it|that is it|that)`,
    { uncertain: true, context: /\b(?:end it|end things|kill|die|dead|suicid\w*|not be (?:here|around)|much longer|do it)\b/ },
  ),
  rule('suicidal_intent', `(?:i meant it|i mean it)(?: ${W(3)})?`, {
    uncertain: true,
    context: /\b(?:not (?:going to|gonna) be (?:here|around)|kill myself|end it|die|dead|suicid\w*)\b/,
  }),
  // Preparatory behaviour: putting affairs in order, giving things away, collecting means, goodbyes.
  rule(
    'preparatory_behavior',
    `(?:putting|put|set|setting|squirreling|hiding|hid|saving|saved|holding back|held back|keeping|kept|collecting|collected) (?:aside |away |back )?(?:${W(4)})?(?:${PILLS}|doses)`,
  ),
  rule(
    'preparatory_behavior',
    `(?:goodbye|farewell|suicide|last) (?:letters?|notes?|messages?|videos?|texts?)|letters? (?:for|to) (?:each of )?(?:my|everyone|all)(?: ${W(3)})?(?:kids|children|family|mom|mum|dad|wife|husband|sister|brother)?(?= ${W(3)}(?:after|when i|funeral|for when))|(?:instructions|arrangements|plans?|music|songs) for (?:my |the )?funeral|(?:wrote|write|written|writing) (?:down )?(?:all )?my passwords`,
    { uncertain: true },
  ),
  rule('preparatory_behavior', `(?:${v('write')}|drafted|left) (?:${W(2)})?(?:letters|notes)(?= ,| \\.|$)`, {
    uncertain: true,
    context: /\b(?:one|a letter|a note|letters|notes) (?:for|to) (?:my|each|everyone|all)\b/,
  }),
  rule(
    'preparatory_behavior',
    `(?:${v('buy', 'get')}|ordered|ordering|picked up) (?:a |some |the |more )?(?:hosepipe|hose pipe|duct tape|charcoal|helium|rope|noose)`,
    { uncertain: true },
  ),
  rule(
    'preparatory_behavior',
    `(?:will not|would not|do not|not going to) need (?:them|it|those|these|any of (?:it|this|them)|anything|my \\w+)(?: anymore| any more| where i am going| after)?`,
    { uncertain: true, context: /\b(?:gave|give|given|giving|donated|donating|sold|selling|left|leaving) / },
  ),
  rule(
    'preparatory_behavior',
    `(?:tying up|tie up|tied up) (?:all )?(?:the |my )?loose ends|(?:getting|got|putting|put) (?:all )?my affairs in order|(?:saying|said|say) (?:bye|goodbye|goodbyes) to (?:people|everyone|my|friends|them)|making things right before|(?:cancell?ed|cancelling|canceling) (?:${W(2)})?(?:everything|all my|subscriptions|my (?:phone|lease|gym))|life insurance (?:${W(3)})?(?:paid|sorted|in order|up to date)|for when i (?:do it|am gone|go|die)|after i am gone|when i am gone`,
    { uncertain: true },
  ),
  rule(
    'preparatory_behavior',
    `(?:${v('give')}|donated|donating) (?:away )?(?:all )?(?:my |his |her )(?:${W(2)})?(?:guitar|watch|clothes|things|stuff|belongings|possessions|jewelry|jewellery|records|books|cat|dog|pets?|car|collection|ring)`,
    { uncertain: true },
  ),
  rule('preparatory_behavior', `(?:gun|firearms?) (?:store|shop|dealer|show)|(?:waiting period|background check)|(?:then|and then) i will have what i need`, {
    uncertain: true,
    context: /\b(?:gun|firearm|pistol|rifle|shotgun|what i need)\b/,
  }),
  // Attempts: actual, interrupted, aborted.
  rule(
    'suicide_attempt',
    `(?:cord|rope|belt|noose|scarf|cable|sheet) (?:${W(1)})?(?:around|round|on) my (?:neck|throat)|(?:stood|standing) on (?:the |a )?(?:chair|stool|ledge|edge)`,
    { uncertain: true },
  ),
  rule('suicide_attempt', `(?:drove|crashed|steered|swerved|drive|crash) (?:${W(4)})?(?:into|off) (?:${W(3)})?(?:on purpose|deliberately|to die|to end it)`, {
    uncertain: true,
  }),
  rule(
    'suicide_attempt',
    `(?:drove|crashed|steered|swerved) (?:${W(4)})?(?:into|off) (?:the |a )?(?:${W(1)})?(?:guardrail|tree|wall|bridge|pole|barrier|river|lake|cliff|overpass)`,
    {
      uncertain: true,
      context:
        /\b(?:on purpose|deliberately|wanted (?:it|everything) (?:to be over|to end)|to die|not an accident|was not an accident|thinks it was an accident|thought it was an accident)\b/,
    },
  ),
  rule(
    'suicide_attempt',
    `(?:took|swallowed|taken|downed|take) (?:${W(1)})?(?:\\d{2,}|ten|twelve|fifteen|twenty|thirty|forty|fifty|sixty|a hundred|dozens|a whole bunch|all) (?:${W(1)})?(?:of )?(?:my |the |her |his |mom's |mum's |dad's )?(?:\\w+)`,
    {
      uncertain: true,
      context:
        /\b(?:pills|tablets|meds|seroquel|tylenol|paracetamol|xanax|insulin|sleeping|slept for|hospital|pumped|woke up|nobody knew|to die|to end|overdose)\b/,
    },
  ),
  rule(
    'suicide_attempt',
    `(?:${v('jump')}|threw myself) (?:off|from|in front of) (?:${W(3)})?(?:deck|building|bridge|roof|balcony|train|car|parking|window|cliff)|(?:went up|climbed|was) (?:${W(3)})?(?:on the roof|to the edge|over the railing|at the edge) (?:${W(4)})?(?:to jump|and|when)|pulled me (?:back|down|off|away|in)`,
    { uncertain: true },
  ),
  rule(
    'suicide_attempt',
    `had (?:the |my )?(?:${PILLS}|rope|gun|knife|blade|razor) in my hand|(?:flushed|threw away|threw out|got rid of) (?:them|the pills|it)(?: ${W(3)})?`,
    { uncertain: true, context: /\b(?:pills|tablets|rope|gun|knife|counted|to die|end it|kill)\b/ },
  ),
  // Self-injury: an injuring act on one's own body or wounds.
  rule(
    'self_injury',
    `(?:^|, |and |so |then )i (?:${v('cut', 'burn')}) (?:on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend)|last|this (?:week|morning|weekend)|again|yesterday|twice|once|the other|a few times|tonight|today|after|when|because|myself)`,
    { uncertain: true, unless: /\b(?:chopping|cooking|kitchen|onions?|shaving|oven|baking|plaster|nick|accident|accidentally|by mistake)\b/ },
  ),
  rule(
    'self_injury',
    `(?:used to|started|start|starting|still|would|went back to|keep|kept) (?:${W(1)})?(?:cut|cutting|burn|burning|self[- ]?harm\\w*|hurt myself|hurting myself)(?! (?:back|down|out|corners|class|school|it|him|her|them|the|my hair|coupons|ties|costs))`,
    { uncertain: true },
  ),
  rule(
    'self_injury',
    near(
      `${v('cut', 'carve', 'burn', 'scratch', 'pick', 'bite', 'punch', 'hit', 'bang', 'stab')}|pour\\w* (?:${W(2)})?(?:boiling|hot)|press\\w* (?:${W(2)})?(?:lighter|iron|cigarette)`,
      `(?:on|into|at|against|in|of) (?:the (?:inside|back|top) of )?my (?:own )?(?:${BODY})|(?:my|the) (?:cuts|scabs|wounds|burns)`,
      6,
    ),
    {
      uncertain: true,
      context:
        /\b(?:on purpose|deliberately|to feel|punish|so they|do not heal|new ones|again|until|hard enough|bleed|bled|bruises|scars|razor|blade|safety pin|lighter|boiling|my thing|used to|when i|because|feel something|relief|release|middle school|high school|teens)\b/,
    },
  ),
  rule(
    'self_injury',
    `(?:razor|blade|knife|lighter|safety pin|pins?|compass|scissors) (?:${W(8)})?(?:on my|into my|to my|across my) (?:${BODY})|(?:carry|keep|kept|hide|hidden) (?:a |my )?(?:razor|blade|razor blade)`,
    { uncertain: true },
  ),
  rule('self_injury', `(?:make|made|making) new (?:ones|cuts|marks)|(?:pick|picking|picked) at (?:the |my )?(?:cuts|scabs|wounds)`, { uncertain: true }),
  // Harm to others: a violent act or wish aimed at a person.
  rule('harm_to_others', `do (?:him|her|them|my \\w+|that \\w+) in`, { actor: 'self' }),
  rule(
    'harm_to_others',
    `(?:put|throw|send|knock|shove) (?:him|her|them|that \\w+) (?:${W(1)})?(?:through|into|in|down|out of) (?:${W(3)})?(?:windshield|windscreen|window|wall|hospital|ground|grave|stairs|floor)`,
    { actor: 'self' },
  ),
  rule(
    'harm_to_others',
    near(
      `${THINK}|keep seeing myself|see myself`,
      `(?:myself )?(?:dropping|hurting|drowning|smothering|stabbing|shaking|throwing|suffocating|strangling|hitting|killing|pushing|holding) (?:him|her|them|the baby|my \\w+|the \\w+)(?: (?:under|down|off|over))?`,
      4,
    ),
    { uncertain: true, actor: 'any' },
  ),
  rule(
    'harm_to_others',
    `(?:want|wanted|wish|wished) (?:him|her|them|my \\w+(?: \\w+)?|that (?:guy|man|woman)) (?:${W(1)})?dead|put (?:him|her|them|that \\w+) in (?:the )?(?:hospital|ground|grave|morgue)|(?:better )?watch (?:his|her|their) back|i know where (?:he|she|they) lives?|end (?:him|her|them)\\b|(?:run|running|ran) (?:${W(3)})?off the road|(?:shoved|pushed|threw) (?:${W(3)})?(?:down the stairs|into traffic|off)|beat (?:a |that |the )?(?:guy|man|woman|someone|somebody|him|her) (?:so )?(?:badly|bad|up|senseless|unconscious)|(?:wanted|want) (?:him|her|them) to (?:get )?(?:hurt|suffer|die)`,
    { actor: 'self' },
  ),
  rule(
    'harm_to_others',
    `(?:i|i will|i would|i am going to|i could|i might) (?:${W(2)})?(?:stab|shoot|kill|strangle|murder|hurt|bash|smash|beat) (?:him|her|them|someone|somebody|that (?:guy|man|woman|bloke|idiot|bastard)|my (?:boss|manager|wife|husband|partner|ex|brother|sister|father|dad|mother|mom|mum|son|daughter|neighbou?r|coworker|colleague|roommate|flatmate|landlord|teacher|friend|boyfriend|girlfriend|baby|kids?|children|stepdad|stepmom|stepmum|uncle|aunt|cousin|nephew|niece|grandma|grandpa|teammate|classmate|supervisor|foreman))`,
    { uncertain: true, actor: 'self' },
  ),
  // Access to means: a firearm in the client's life, or a stock of medication.
  rule('access_to_means', `${FIREARM}`, {
    actor: 'any',
    uncertain: true,
    unless:
      /\b(?:sold|got rid of|gave (?:them|it) (?:away|up)|handed (?:them|it) in|no longer|nothing like that in the house|not in the house|(?:kept|keeps|locked) at (?:my|his|her|a) (?:\w+ )?(?:house|place|range))\b/,
    context: /\b(?:i|my|we|our|home|house|bed|closet|drawer|car|truck|shelf|safe|loaded|kept|keep|keeps|bought|found|bring|brought|carry|own|have|has|got)\b/,
  }),
  rule(
    'access_to_means',
    `(?:bottle|jar|box|shoebox|bag|stash|supply|pile|drawer full|cabinet full|cupboard full|refills?|\\w+ (?:months|weeks) worth|(?:months|weeks) worth|months' worth|leftover|old) (?:${W(4)})?(?:${PILLS}|morphine|oxycodone|hydrocodone|codeine|fentanyl|seroquel|lithium|tramadol|heart pills|pain pills|sleeping pills|meds)|(?:${PILLS}|morphine|oxycodone|pain pills) (?:${W(6)})?(?:in (?:the|a|my|her|his) (?:${W(1)})?(?:shoebox|stash)|never took|never used|can get to|whenever i want)`,
    { actor: 'any', uncertain: true },
  ),
  rule(
    'access_to_means',
    `(?:can|could) (?:basically )?(?:get|take) (?:${W(2)})?(?:anything|whatever) (?:i want|i need)|nobody (?:ever )?counts|(?:drugs?|controlled(?: drugs?)?|medication|medicine) (?:cupboard|cabinet|stuff|safe|room|store)|service (?:weapon|pistol|firearm)`,
    { actor: 'any', uncertain: true },
  ),
  // Abuse and neglect of a child: violence or injury with a child in the turn; neglect of care.
  rule(
    'child_abuse_neglect',
    `(?:${VIOLENCE}) (?:${W(2)})?(?:him|her|them|me|my|the|his|their|our|a|an)\\b|${INJURY}|(?:did not|does not|do not|never|not) feed (?:them|him|her|the (?:kids|baby|children))|(?:hungry|filthy) (?:and|,)|same (?:${W(1)})?(?:diaper|nappy) all day|in (?:their|his|her) nappies|(?:no one|nobody) (?:${W(1)})?(?:comes|came|goes|went) (?:looking|to look|to get|for)|out (?:in|on) the street (?:till|until|at) (?:midnight|late|\\d+)|(?:home )?alone (?:${W(3)})?(?:all night|all day|overnight)|touch\\w* (?:her|him|them) (?:in ways|inappropriately|where|down there|when)|keep it (?:a )?secret|molest\\w*|sexually (?:abus\\w*|assault\\w*)|held (?:her|his|their) hand over|staying home (?:${W(4)})?instead of (?:going to )?school|(?:kept|keep|keeping) (?:him|her|them) (?:home )?(?:out of|from) school`,
    {
      actor: 'any',
      uncertain: true,
      context: new RegExp(`\\b(?:${CHILD_REF})\\b`),
      unless: /\b(?:fell|fall|falling|tripped|slipped|accident|ladder|bike|skiing|playground|sport|football|rugby|match|game|chess)\b/,
    },
  ),
  // The client's own childhood: someone else's violence or sexual abuse toward them then.
  rule(
    'child_abuse_neglect',
    `(?:he|she|they|dad|father|mom|mum|mother|stepdad|stepfather|stepmom|stepmum|stepmother|uncle|aunt|parents?|teacher|coach|brother|sister|grandfather|grandpa|babysitter|priest|neighbor) (?:${W(4)})?(?:${VIOLENCE}|molest\\w*|abus\\w*|touch\\w*|rap\\w*|put (?:cigarettes?|things) out) (?:${W(3)})?(?:me|my)\\b|molested me|abused me|touched me`,
    {
      actor: 'any',
      uncertain: true,
      context:
        /\b(?:when i was (?:a kid|a child|little|young|small|a teenager|\d+|eight|nine|ten|eleven|twelve|seven|six|five|four|thirteen|fourteen)|as a (?:kid|child|teenager)|growing up|in my childhood|from when i was|until i was)\b/,
    },
  ),
  // Abuse and neglect of an elder or a dependent adult.
  rule('elder_dependent_abuse', ELDER_HARM, { actor: 'any', uncertain: true, context: new RegExp(`\\b(?:${ELDER_OR_DEPENDENT})\\b`) }),
  // Intimate-partner violence: a partner's violence, threats or coercion toward the client.
  rule(
    'intimate_partner_violence',
    `(?:he|she|${PARTNER}) (?:${W(4)})?(?:${VIOLENCE}|${v('threaten')}|forces? me|forced me|made me have sex|raped) (?:${W(3)})?(?:me|my)\\b`,
    { actor: 'any', uncertain: true, unless: PUSHED_TO_COME },
  ),
  rule(
    'intimate_partner_violence',
    `(?:kill|hurt|bury|find) me(?: ${W(3)})?(?:and then|if i (?:ever )?(?:leave|left|go|tell))|where (?:he|she) would bury me|(?:pillow|hand|hands|bag) over my (?:face|mouth|head)|dragged me|forc\\w* me to (?:have sex|do things)|(?:broke|broken|fractured) my (?:jaw|nose|arm|ribs?|wrist|cheekbone|eye socket)|threw (?:a |the )?(?:knife|plate|bottle|glass|chair|phone) (?:${W(4)})?(?:at me|my head|missed)`,
    { actor: 'any', uncertain: true, context: new RegExp(`\\b(?:he|she|him|her|${PARTNER})\\b`) },
  ),
  // Eating-disorder behaviours.
  rule(
    'eating_disorder_behavior',
    `(?:being|been|am|was|get|got|getting) sick (?:${W(2)})?after (?:tea|dinner|meals|eating|breakfast|lunch|supper|i eat|food)|nothing (?:, )?but (?:${W(6)})?(?:a day|for (?:a|two|three) (?:week|weeks|fortnight|month|days))|(?:go|going|went|gone) over (?:my )?calories|(?:skip|skipping|skipped|not taking|stopped taking|withhold\\w*|cut back on|cutting back on) (?:${W(2)})?(?:insulin|doses) (?:${W(8)})?(?:lose weight|weight|calories|thin|thinner|fat)|(?:\\d+|hundred|thousand) (?:calories|cals|kcal)|chew (?:${W(3)})?(?:and )?spit|(?:not|never) (?:let|allow) myself (?:to )?eat|(?:do not|did not) eat (?:anything )?until|living on (?:${W(3)})?(?:water|coffee|apples|diet coke|gum)|(?:damage|erosion) (?:to|on) my teeth|from the (?:vomiting|purging|throwing up)|weigh myself (?:${W(3)})?(?:times a day|every)|burn (?:it|them|everything) off|(?:have not|did not|not) eaten (?:${W(3)})?(?:days|on purpose)`,
    { uncertain: true },
  ),
  // Dangerous substance use: intoxicated driving, mixing depressants, withdrawal, overdose signs.
  rule(
    'dangerous_substance_use',
    `(?:drove|drive|driving|driven) (?:${W(6)})?(?:drunk|high|wasted|buzzed|from the (?:bar|pub|party|club)|after (?:the )?(?:bar|pub|party|drinking))|(?:do not|did not) remember (?:the drive|driving|getting home)|woke up in my car`,
    { uncertain: true },
  ),
  rule('dangerous_substance_use', near(DEPRESSANT, `${ALCOHOL}|sleeping (?:pills|tablets)|klonopin|xanax|benzos`, 6), { uncertain: true }),
  rule('dangerous_substance_use', near(ALCOHOL, DEPRESSANT, 6), { uncertain: true }),
  rule(
    'dangerous_substance_use',
    `(?:come|came|coming|get|got|getting) off (?:the drink|drink|alcohol|booze|benzos|the benzos|heroin|methadone) (?:${W(3)})?(?:on my own|by myself|alone)|(?:using|use|used|inject\\w*) (?:on my own|alone|by myself)|passed out in (?:the|a) (?:bath|street|car|snow)|drag me out`,
    { uncertain: true },
  ),
  rule(
    'dangerous_substance_use',
    `blacked out|black out|blackouts|seizures?|(?:had|have|having) fits|dts|delirium tremens|barely breathing|stopped breathing|could not breathe|turned blue|narcan|naloxone|grams of (?:coke|cocaine|meth|ketamine)|(?:lines|bumps) of (?:coke|cocaine)|did (?:a bunch of |some )?lines|whatever (?:people|they|someone) (?:hand|give|gave|handed) me|seeing things crawl`,
    { uncertain: true },
  ),
  // Command hallucinations: a voice telling the client to harm.
  rule(
    'command_hallucinations',
    near(
      VOICE,
      near(`${v('tell', 'say')}|saying|says|like|commanding|ordering|orders|command|keep saying|keeps saying|keeps telling|telling|talking`, HARM_COMMAND, 6),
      12,
    ),
    { actor: 'any', uncertain: true },
  ),
  rule(
    'command_hallucinations',
    `(?:${v('tell', 'say')}|keeps telling|keep telling|keeps saying) (?:${W(6)})?(?:me )?(?:to |i have to |i should |i must |i need to |i have got to )(?:${W(2)})?(?:${HARM_COMMAND})`,
    { actor: 'any', uncertain: true, context: /\b(?:voices?|hear(?:ing)? (?:him|her|them|things|someone)|in my head)\b/ },
  ),
  // Hopelessness: entrapment, no future, having given up.
  rule(
    'hopelessness',
    `(?:have|had) (?:just |kind of |basically |completely )?given up(?! (?:smoking|drinking|sugar|meat|coffee|alcohol|on (?:that|the idea|him|her|it|them)))|(?:given|gave) up on (?:life|everything|myself|trying|hope|getting better|ever)|stopped hoping|no (?:ladder|way out|exit|light)|(?:what is|what is even|whats) (?:even )?the point|(?:is|are) (?:not )?any fixing me|not think there is any (?:fixing|hope|way out|future|point)|no fixing me|can not be fixed|beyond (?:help|repair|saving|fixing)|(?:can not|cannot|could not) (?:picture|imagine|see) (?:${W(8)})?(?:future|turns out okay|getting better|things getting better|okay|being happy|a way)|nothing left|(?:can not|cannot) keep (?:doing this|going|fighting)|who i will always be|always be (?:like )?this|it will not (?:pass|get better|change)`,
    { uncertain: true },
  ),
];
