/**
 * What a risk disclosure looks like, category by category, after the C-SSRS (suicide) and the usual
 * mandated-reporting duties (abuse and neglect, violence). Each rule is a combination of word classes
 * (words.ts) for one phenomenon, never a list of phrases from a particular session. Rules are read against
 * the language layer's normal form of one sentence (clauses joined by " , "); negation, who the clause is
 * about and figurative speech are decided by the detector (detect.ts), not here.
 *
 * Recall comes first: a rule that may be literal or figurative is kept and marked `uncertain`, so the
 * clinician sees it.
 */
import type { RiskCategory } from '../../../schemas/risk.js';
import { PUSHED_TO_COME, ABUSE_ACT, BODY, CARER, CHILD, ELDER, FIREARM, HARM_TOOL, MODAL, PARTNER, PILLS, SELF, v, W } from './words.js';

export interface RiskRule {
  category: RiskCategory;
  pattern: RegExp;
  /** Wording that may be figurative or about someone else: reported, marked uncertain. */
  uncertain?: boolean;
  /** Where `context` is looked for: this turn and the question before it (default), or this turn only. */
  scope?: 'exchange' | 'turn';
  /** The sentence must speak in the first person (the safety net's self-directed concepts). */
  firstPerson?: boolean;
  /** Something else the same turn must hold for the rule to apply (who the act was done to, the setting). */
  context?: RegExp;
  /** Something in the same turn that shows the wording is not a disclosure (the session itself, a joke). */
  unless?: RegExp;
  /** When the wording itself says when (a stopped behaviour is history). */
  recency?: 'past';
  /**
   * Whose act it must be. `self`: the client's, said with "I" ("I could kill him"), never inferred. `speaker`: the client's own (a third-person subject such as "my sister" makes it
   * someone else's); `any`: the rule names its own actors (a partner who hit the client).
   * @default 'speaker'
   */
  actor?: 'speaker' | 'self' | 'any';
}

const rule = (category: RiskCategory, source: string, options: Omit<RiskRule, 'category' | 'pattern'> = {}): RiskRule => ({
  category,
  // Both ends on a word boundary, so "my" never matches the start of "myself".
  pattern: new RegExp(`\\b(?:${source})(?![\\w])`),
  ...options,
});

/** An everyday injury told as one (cooking, shaving, a fall), not self-injury. */
const ACCIDENT =
  /\b(?:oven|tray|pizza|baking|kettle|iron|stove|onions?|chopping|cooking|kitchen|knife slipped|slipped|by accident|accidentally|plaster job|paper cut|shaving|fell|fall|tripped|at work|on a nail|on the fence|playing|training|match)\b/;

/** Words that make a generic phrase ("I would do it") about suicide, in this turn or the question before it. */
const RISK_CONTEXT =
  /\b(?:suicid\w*|kill (?:myself|me)|killing myself|die|dying|dead|end it|end things|end my life|take my life|not be (?:here|around)|pills|tablets|overdose|rope|noose|gun|bridge|jump\w*|hang (?:myself|me)|hanging myself|act on (?:it|those|these|them))\b/;

const NOT_ALIVE = '(?:dead|gone|not here|not around|not alive|never born|no longer here|no longer around|out of the picture)';
const AWAKE = `(?:${v('wake')} up|${v('wake')})`;

export const RISK_RULES: readonly RiskRule[] = [
  // C-SSRS 1: wish to be dead. The wish, the indifference, the "better off without me".
  rule(
    'passive_ideation',
    `(?:${v('wish', 'want', 'hope', 'pray')}|would rather|would prefer) (?:that )?(?:i |to )?(?:${W(2)})?(?:was|were|be|being|had been) ${NOT_ALIVE}`,
  ),
  rule(
    'passive_ideation',
    `(?:${v('wish', 'want', 'hope')}|would rather|would like|longing) (?:to |i could )?(?:just )?(?:die|be dead|disappear|vanish|stop existing|cease to exist|not exist|not be alive|not be here|not be around|fall asleep forever|sleep forever|go to sleep forever|be with (?:my |our )?(?:mom|mum|dad|mother|father|grandma|grandmother|grandpa|grandfather|nan|gran|son|daughter|brother|sister|husband|wife) (?:again|in heaven|up there))`,
  ),
  rule(
    'passive_ideation',
    `(?:${v('wish', 'hope', 'pray')}) (?:that )?(?:i |god |something |someone )?(?:${W(3)})?(?:would not|will not|did not|do not|never|not) ${AWAKE}`,
  ),
  rule('passive_ideation', `(?:go|went|going|fall|fell|falling) to sleep and (?:just )?(?:did not|would not|will not|could not|not|never) (?:ever )?${AWAKE}`),
  rule(
    'passive_ideation',
    `(?:would|could|will|to|and|just|might) (?:just )?(?:not|never) ${AWAKE}(?! (?:until|early|on time|in time|for (?:work|school|class)|when the alarm|at \\d))`,
  ),
  rule(
    'passive_ideation',
    `(?:do not|did not|does not|no longer|not) (?:really )?(?:want|wanna|wish|care) to (?:live|be alive|exist|be here anymore|be here any more|be around anymore|be around any more|go on|keep going|keep living|carry on|wake up|be on this earth|be in this world)(?! (?:with|in|at|near|there|on|by|alone|together|close|like that|like this|in that))`,
  ),
  rule(
    'passive_ideation',
    `(?:do not|did not) want to be here(?![^,]*\\b(?:session|therapy|today|room|appointment|office|made me|come|meeting|class|job|work|party|house|town|city))`,
    {
      uncertain: true,
      unless:
        /\b(?:session|therapy|therapist|appointment|booked|counsel\w*|waste of (?:time|money)|made me come|sent me|in this room|this office|the meeting|at work|this job|this party|this town|waiting rooms?|glad i came|came today)\b/,
    },
  ),
  rule(
    'passive_ideation',
    `(?:everyone|everybody|they|people|the world|my family|my kids|the kids|my children|my wife|my husband|my partner|my parents|he|she|you) (?:${W(2)})?(?:would|will|is|are|might) (?:all )?(?:be )?(?:better|happier|fine) (?:off )?(?:without me|if i (?:was|were|was not|were not|died|disappeared|was gone|were gone|did not exist))`,
  ),
  rule(
    'passive_ideation',
    `if i (?:just )?(?:disappeared|vanished|was not (?:here|around)|were not (?:here|around)|was gone|were gone|did not exist|was not alive)|(?:less of a|such a|just a|only a) burden (?:on|to|for) (?:people|everyone|everybody|them|my \\w+|you|others)`,
  ),
  rule(
    'passive_ideation',
    `better off (?:dead|without me(?! (?:on (?:saturdays|sundays|the team|the pitch)|in (?:the|this) (?:team|band|squad|game|match)))|if i (?:was|were) (?:not|gone|dead)|if i did not exist)`,
  ),
  rule(
    'passive_ideation',
    `(?:nobody|no one|no-one|nobody else) would (?:even )?(?:care|notice|miss me|mind)(?: if i (?:${W(2)})?(?:died|was gone|were gone|disappeared|was not here|did not wake up|killed|was dead))?`,
    { uncertain: true },
  ),
  rule(
    'passive_ideation',
    `(?:do not|would not|did not) (?:care|mind) (?:if|whether) i (?:${W(2)})?(?:die|died|live|lived|wake up|woke up|get hit|got hit|make it|made it|am here|was here)`,
  ),
  rule(
    'passive_ideation',
    `(?:if|hoping|hope|wish|wished|wishing) (?:a |the |some )?(?:bus|car|truck|train|lorry|plane) (?:would |could |might )?(?:${W(1)})?(?:hit|hits|crash|run me over|took me out|crashed)`,
  ),
  rule(
    'passive_ideation',
    `(?:not|no|never) (?:see|seeing|saw|find|any) (?:the |a |any )?(?:point|reason|purpose) (?:in|of|to|for) (?:living|life|being alive|being here|going on|carrying on|staying alive|existing|my life|waking up|getting up)`,
  ),
  rule(
    'passive_ideation',
    `(?:no|not any|nothing to|no more) (?:point|reason|purpose) (?:in |to |for )?(?:living|life|being alive|being here|going on|carrying on|staying alive|existing)`,
  ),
  rule(
    'passive_ideation',
    `(?:life|living|my life|it|being alive) (?:is|is just|feels|seems|has been|is not|would not be) (?:not )?(?:${W(1)})?(?:worth (?:living|it anymore|anything)|pointless|not worth it)`,
  ),
  rule('passive_ideation', `(?:tired|sick|exhausted|done) (?:of|with) (?:living|being alive|life|existing|being here|waking up|everything and everyone)`),
  rule(
    'passive_ideation',
    `(?:i am|being|i feel like|feel like) (?:just |such |nothing but |only )?(?:a |an )?(?:burden|waste of space|waste of (?:air|oxygen|life))`,
  ),
  rule('passive_ideation', `(?:wish|wished|wishing) i (?:had|would have|was|were) never (?:been born|existed|born)`),
  rule('passive_ideation', `(?:do not|did not) want to (?:be|stay) alive`),
  rule(
    'passive_ideation',
    `(?:thoughts? of|thinking about|thought about|think about|think of|thinking of) (?:death|dying|being dead|not being here|not being around|not existing|disappearing|not waking up)`,
    { uncertain: true },
  ),
  rule('passive_ideation', `(?:could|would|should) (?:just )?(?:die|disappear|vanish|stop existing)(?: and no one| and nobody| tomorrow| tonight| today)`),
  rule(
    'passive_ideation',
    `(?:ready|want|wanted|waiting) to (?:leave this world|be with god|meet my maker|check out for good|give up on life|go to sleep forever)`,
    { uncertain: true },
  ),
  rule('passive_ideation', `(?:rather|prefer to) (?:be dead|die|not be alive|not be here|not exist|not wake up)`),
  rule(
    'passive_ideation',
    `(?:${v('want')}) to die|(?:wanting|wanted|want|wants) death|death (?:would be|sounds like|seems like) (?:a )?(?:relief|release|easier|peace)`,
  ),
  rule(
    'passive_ideation',
    `(?:it would be|it would be so much|would be) (?:easier|better|a relief|simpler)(?: for everyone)? if i (?:${W(2)})?(?:was|were|died|did not wake up|was not here|just disappeared|was gone|did not exist)`,
  ),

  // C-SSRS 2: thoughts of killing oneself, in plain words, euphemism and slang.
  rule('active_ideation', `suicid(?:al|e|ality)(?! (?:attempt|bomber|squad|hotline|helpline|line|prevention))`),
  rule('active_ideation', `(?:${v('kill', 'off', 'top', 'end')}|do away with|do in) ${SELF}(?! up)`),
  rule('active_ideation', `(?:${v('end', 'take')}) (?:it all|my (?:own )?life|everything|my own life|things for good|it for good|it all for good)`),
  rule(
    'active_ideation',
    `(?:${v('end')}) (?:it|things)(?! (?:with|off with|between))(?=$| ,| \\.|[.!?]| for good| once and for all| tonight| today| now| soon| sometimes| already| though)`,
    { uncertain: true },
  ),
  rule(
    'active_ideation',
    `(?:unaliv\\w*|un-alive|kms|self-delete|self delete|not be here anymore|not be around anymore|not going to be around|will not be around|will not be here|not be here much longer|not be around much longer|not be here for long)`,
  ),
  rule('active_ideation', `(?:do|doing|did) something (?:stupid|drastic|silly|permanent|i cannot take back|i can not take back|to myself)`, {
    uncertain: true,
  }),
  rule('active_ideation', `(?:easier|better|simpler|quicker) (?:way out|to just end|to end|to die|to not be here)|(?:the |a |only |one )way out`),
  rule(
    'active_ideation',
    `(?:thoughts?|thinking|thought|think|fantasi[sz]\\w*|daydream\\w*|images?) (?:of|about) (?:killing|ending|taking|offing|hurting|harming) (?:myself|my life|my own life|it all)`,
  ),

  // C-SSRS 3: thoughts of how. A means named beside suicidal content in the same sentence.
  rule(
    'suicidal_method',
    `(?:${v('take', 'swallow')}) (?:all|a whole|the whole|a bunch of|a handful of|every one of|enough|too many|a lot of) (?:${W(1)})?(?:of )?(?:my |the |those |these |his |her )?${PILLS}`,
  ),
  rule('suicidal_method', `(?:${v('hang', 'shoot', 'drown', 'poison', 'suffocate', 'stab')}) ${SELF}`),
  rule('suicidal_method', `(?:${v('slit', 'cut', 'open')}) (?:my |both )?(?:wrists?|throat|veins?)(?! (?:on|while|by accident|accidentally))`),
  rule(
    'suicidal_method',
    `(?:${v('jump')}|throw myself|step|stepped|stepping|walk|walked|walking|drive|drove|driving|crash|crashed|crashing|swerve|swerving|swerved) (?:off|from|in front of|into|out in front of|onto) (?:a |the |that |this |my )?(?:${W(1)})?(?:bridge|building|roof|balcony|cliff|ledge|train|tracks|traffic|bus|lorry|truck|tree|wall|overpass|car park|parking garage|river|sea|lake|motorway|highway|oncoming)`,
  ),
  rule('suicidal_method', `(?:${MODAL}) (?:${W(2)})?(?:overdos\\w*|od on)`),
  rule('suicidal_method', `(?:how|ways?|methods?) (?:i would|i could|to|i might|of) (?:do it|go about it)`, { context: RISK_CONTEXT }),
  rule(
    'suicidal_method',
    `(?:how|ways?|methods?) (?:i would|i could|to|i might|of) (?:kill|die)|(?:i know|i have worked out|i have figured out|i figured out|i worked out) (?:exactly )?how (?:i would|i could|i will|to) (?:do it|end it|kill|die)`,
  ),
  rule(
    'suicidal_method',
    `(?:${MODAL}) (?:${W(3)})?(?:rope|noose|hang(?:ing|ed|s)?(?! (?:out|up|on|around|with|in|over|onto|about))|bridge|jump\\w*|gun|shoot\\w*|pills|overdose|wrists|train|tracks|carbon monoxide|exhaust|drown\\w*)`,
    { uncertain: true },
  ),

  // C-SSRS 4-5: intent and a plan.
  rule(
    'suicidal_intent',
    `(?:i am going to|i will|i am gonna|i have decided to|i decided to|i am ready to|i intend to|i mean to|i fully intend to|i am planning to|i plan to|i am about to) (?:${W(2)})?(?:kill myself|end it|end my life|take my life|end things|overdose|hang myself|not be here)`,
  ),
  rule(
    'suicidal_intent',
    `(?:i am going to|i will|i am gonna|i have decided to|i decided to|i am ready to|i intend to|i mean to|i fully intend to|i am planning to|i plan to|i am about to) (?:${W(2)})?(?:do it|go through with it|act on it|finish it|take all|jump)`,
    { context: RISK_CONTEXT },
  ),
  rule('suicidal_intent', `(?:i would|i will|i might|i could) (?:actually |really |probably |definitely )?(?:do it|go through with it)`, {
    context: RISK_CONTEXT,
  }),
  rule(
    'suicidal_intent',
    `(?:i would|i will|i might|i could|i am going to|i want to) (?:actually |really |probably |definitely )?act on (?:it|them|those thoughts|these thoughts|the thoughts|the urge|my thoughts)`,
    { uncertain: true },
  ),
  rule('suicidal_intent', `(?:intend|intention|intent|serious about) (?:to |of |on )?(?:${W(2)})?(?:doing it|acting|killing|ending|dying|it)`, {
    context: RISK_CONTEXT,
  }),
  rule(
    'suicidal_plan',
    `(?:i have|i have got|i got|i made|i have made|i have worked out|i worked out|there is) (?:a |the |my )?(?:whole |proper |real |specific )?plan(?! (?:for (?:the|this|next|my|our|your|dinner|work|school|tomorrow|tonight|today|the weekend)|to (?:quit|stop|cut|get|find|go|start|move|save|apply|study|call|talk|visit)))`,
    { uncertain: true },
  ),
  rule(
    'suicidal_plan',
    `(?:${v('plan')}|picked|chosen|chose|set|worked out|decided on|figured out) (?:out )?(?:a |the |when |where |how )?(?:date|day|time|place|spot|when|where|how) (?:${W(2)})?(?:to do it|i would do it|i will do it|i am going to do it|to end it|to die|to kill myself|i would go|it would happen|it will happen)`,
  ),
  rule(
    'suicidal_plan',
    `(?:on|after|before|by) (?:my |his |her |the )?(?:birthday|anniversary|friday|saturday|sunday|monday|tuesday|wednesday|thursday|christmas|new year|weekend|holidays|the kids are|everyone is|they leave|he leaves|she leaves)(?:${W(3)})? (?:i am going to|i will|i am gonna|is when i will|is when i am going to) (?:do it|end it|kill myself|go|take|jump)`,
  ),

  // Preparatory behaviour: acts toward an attempt.
  rule(
    'preparatory_behavior',
    `(?:${v('save', 'stockpile', 'collect', 'hoard', 'stash')}|squirrel\\w* away|hiding|hid|hidden|putting aside|put aside|set aside|setting aside|keeping|kept|building up|built up) (?:up )?(?:${W(2)})?${PILLS}`,
  ),
  rule(
    'preparatory_behavior',
    `(?:${v('write')}|left|leaving|drafted|drafting) (?:a |my |some |the )?(?:${W(1)})?(?:goodbye|suicide|farewell|last) (?:letters?|notes?|messages?|texts?|emails?|videos?)`,
  ),
  rule(
    'preparatory_behavior',
    `(?:${v('write')}|drafted|drafting) (?:${W(2)})?(?:letters?|notes?) (?:to|for) (?:everyone|my (?:kids|family|children|mom|mum|dad|mother|father|wife|husband|partner|sister|brother|friends?))(?: (?:to read |for )?(?:after|when) i (?:am gone|die|go))?`,
    { uncertain: true },
  ),
  rule(
    'preparatory_behavior',
    `(?:${v('give')}|gave|giving) (?:${W(3)})?away(?! (?:the game|the ending|the surprise|the secret))|(?:${v('give')}) (?:${W(2)})?(?:my )?(?:things|stuff|belongings|possessions|clothes|guitar|jewelry|jewellery|records|books|cat|dog|pets?) (?:away|to (?:${W(2)})?(?:friends?|sister|brother|people|neighbor|charity))`,
    {
      uncertain: true,
      context:
        /\b(?:will not need|wont need|not need (?:them|it)|after i am gone|when i am gone|not be (?:here|around)|(?:will not|wont) have to wait|die|dead|suicid\w*|kill myself|end it|goodbye|before i go|last (?:time|wish))\b/,
    },
  ),
  rule(
    'preparatory_behavior',
    `(?:${v('research')}) (?:${W(3)})?(?:how (?:to|many|much|long)|ways to|methods|the best way to|lethal|overdose|doses?|painless|how it feels to|what happens when you|bridges?|heights?|quickest way)`,
  ),
  rule(
    'preparatory_behavior',
    `(?:${v('buy', 'get')}|ordered|ordering|picked up) (?:a |some |the |more )?(?:rope|noose|gun|firearm|pistol|rifle|charcoal|hose|hosepipe|hose pipe|helium|razors?|blades?|poison|pills|tablets|paracetamol|tylenol)(?! (?:for (?:work|camping|the garden|my job)|at (?:work|the range)))`,
    { uncertain: true },
  ),
  rule(
    'preparatory_behavior',
    `(?:tied|tying|made|making|tie|make) (?:a |the )?(?:noose|knot in (?:a|the) rope)|(?:${v('put')}|had|held|holding|pressed|pressing) (?:the |a |my |his |her |dad's )?(?:rope|noose|belt|gun|knife|blade|razor|barrel|pills) (?:to|against|around|in|on|up to) (?:my )?(?:neck|head|throat|wrists?|temple|mouth|hand)`,
  ),
  rule(
    'preparatory_behavior',
    `(?:${v('get')}|had|laid|lined|counted|counting|poured|pouring|emptied|emptying) (?:all )?(?:${W(1)})?(?:the |my )?${PILLS} (?:out|up|lined up|ready|counted|on the (?:table|counter|bed|floor)|in my hand|into my hand)`,
  ),
  rule(
    'preparatory_behavior',
    `(?:went|go|going|drove|driving|walked|walking|stood|standing|sat|sitting) (?:up )?(?:to |on |at |near |by )?(?:the |a |that )?(?:edge of (?:the |a )?)?(?:bridge|roof|ledge|cliff|tracks|railway|train station platform|overpass|top of (?:the |a )?(?:building|car park|parking garage))`,
    { uncertain: true },
  ),
  rule(
    'preparatory_behavior',
    `(?:wrote|made|updated|changed|sorted out|sorting out|putting in order|put in order|getting in order|got in order) (?:my |a )?(?:will|affairs|life insurance|funeral)|said (?:my )?goodbyes?|saying goodbye to (?:everyone|people|my)`,
    { uncertain: true },
  ),

  // Attempts: actual, interrupted, aborted; recent or lifetime.
  rule(
    'suicide_attempt',
    `(?:${v('try')}|attempted|attempt|attempting|tried again) (?:to )?(?:${W(1)})?(?:kill|end(?! (?:up|the|our|my relationship|things with|it with))|take my (?:own )?life|hang|overdose|drown|shoot|poison|suffocate|jump (?:off|from|in front)|slit|cut my wrists|suicide|off myself|top myself)(?: (?:${SELF}|my (?:own )?life|it all|it|things|off|from|in front))?`,
  ),
  rule(
    'suicide_attempt',
    `(?:suicide|overdose) attempts?|attempted suicide|(?:my|an|the|last|first|previous|second|third|two|three|four|several|a few|multiple|many|\\d+|one) (?:serious |real |suicide |previous )?attempts?(?! (?:at|to (?:quit|stop|get|pass|fix|find|make|talk|call|study)))`,
  ),
  rule(
    'suicide_attempt',
    `(?:${v('take', 'swallow')}) (?:an |a )?(?:overdose|the whole (?:bottle|packet|box)|a whole (?:bottle|packet|box)|all (?:my |the )?${PILLS}|(?:a )?(?:handful|bunch|load|lot) of (?:${W(3)})?${PILLS})`,
  ),
  rule(
    'suicide_attempt',
    `(?:stomach pumped|had my stomach pumped|pumped my stomach|woke up in (?:the )?(?:hospital|icu|intensive care|er|a&e)|ended up in (?:the )?(?:hospital|icu|er|a&e) after (?:i |taking|the )|(?:rushed|taken) to (?:the )?(?:hospital|er|a&e) after (?:i |taking|the pills|the overdose|swallowing))`,
  ),
  rule(
    'suicide_attempt',
    `(?:stopped myself|changed my mind|chickened out|pulled back|could not go through with it|did not go through with it|backed out|someone stopped me|they stopped me|found me|pulled me (?:back|down|off|out)|talked me down|cut me down)(?:${W(4)})?(?: (?:at the last|just before|before i|in time|from the|on the))`,
    { uncertain: true },
  ),
  rule('suicide_attempt', `(?:i|when i) (?:hanged|hung|shot|drowned|poisoned|overdosed|od) (?:${SELF}|on)`),

  // Non-suicidal self-injury.
  rule(
    'self_injury',
    `(?:${v('cut', 'burn', 'hurt', 'harm', 'hit', 'punch', 'scratch', 'carve', 'bang', 'injure', 'punish', 'pinch', 'starve', 'slap', 'stab')}) ${SELF}(?! (?:off|out|at the|on the|playing|lifting|running|skiing|cooking|by accident|accidentally|shaving|slicing|chopping|in the kitchen|at work|on a|on some|on the fence|on glass|with the knife while|in the long run|long term))`,
    { unless: /\b(?:fall|fell|falling|trip|tripped|slip|slipped|by accident|accidentally|in the long run|long term|my health)\b/ },
  ),
  rule(
    'self_injury',
    `(?:have not|has not|had not|did not|not|never) (?:${v('cut', 'burn')}|self[- ]?harmed|hurt myself|harmed myself)(?: ${SELF})? (?:since|in|for|anymore|any more)`,
    { uncertain: true, recency: 'past' },
  ),
  rule('self_injury', `self[- ]?(?:harm\\w*|injur\\w*|mutilat\\w*|destruct\\w*)`),
  rule(
    'self_injury',
    `(?:${v('cut', 'burn', 'scratch', 'carve', 'bang', 'punch', 'hit', 'stab', 'pick')}) (?:into )?(?:my|both my|my own) (?:${W(1)})?${BODY}(?! (?:on|while|by accident|accidentally|shaving|chopping|cooking|at work|in the kitchen|opening|on the|playing|in (?:a|the) (?:game|match|fall|accident)))(?:${W(6)})?(?: (?:on purpose|deliberately|until (?:it|they) bled|till (?:it|they) bled|to feel|to punish|because|when i|so i|with (?:a |the |my )?(?:${HARM_TOOL}|lighter|cigarette)|again|\\.|$))`,
  ),
  rule('self_injury', `(?:${v('cut', 'burn', 'scratch', 'carve', 'bang', 'punch', 'hit', 'stab')}) (?:my|myself on my|my own) (?:${W(1)})?${BODY}`, {
    uncertain: true,
    unless: ACCIDENT,
  }),
  rule(
    'self_injury',
    `(?:${v('use')}|with|grabbed|grab|took|take|picked up|pick up) (?:a |the |my )?${HARM_TOOL} (?:on|to|against|across) (?:my )?(?:${W(1)})?${BODY}`,
  ),
  rule(
    'self_injury',
    `(?:urge|urges|impulse|impulses|itch|need|craving|cravings|want|wanted) to (?:cut|burn|hurt|harm|hit|punish|scratch|bang my head|bleed)(?! (?:someone|somebody|him|her|them|my (?:boss|partner|husband|wife)))(?! ?,? (?:back|down|stop|reduce|drinking|smoking|alcohol|out|off|the|it|class|school|ties|costs|corners|carbs|sugar|my hair))`,
  ),
  rule(
    'self_injury',
    `(?:relapsed|relapse|slipped|slip) (?:${W(2)})?(?:cutting|with (?:the )?cutting|with self[- ]?harm|with burning|on cutting)|(?:started|start|starting|went back to|back to|going back to|stopped|quit) (?:cutting|burning myself|hurting myself|self[- ]?harming)(?! (?:back|down|costs|out|corners|the))`,
    { uncertain: true },
  ),
  rule(
    'self_injury',
    `(?:fresh|new|my|the) (?:cuts|scars|wounds|burns) on (?:my )?${BODY}|(?:hide|hiding|cover|covering|covered|hid) (?:the |my )?(?:cuts|scars|marks|burns)`,
    { uncertain: true },
  ),
  rule('self_injury', `cutting(?: again| myself| on my| my (?:arms|legs|thighs|wrists))|i (?:cut|burn)(?: again)?(?: when| to| because| so)`, {
    uncertain: true,
  }),

  // Harm to others.
  rule(
    'harm_to_others',
    `(?:${v('kill', 'hurt', 'stab', 'shoot', 'strangle', 'choke', 'punch', 'hit', 'beat', 'attack', 'smash', 'murder', 'harm', 'poison')}|run over|beat up|batter|break (?:his|her|their) (?:neck|face|legs|jaw)|bash (?:his|her|their) (?:head|face) in) (?:${W(1)})?(?:him|her|them|someone|somebody|anyone|people|everyone|that (?:guy|man|woman|person|kid|idiot)|my (?:${W(1)})?(?:boss|manager|wife|husband|partner|ex|brother|sister|father|dad|mother|mom|mum|stepdad|stepmom|stepmum|son|daughter|neighbor|coworker|colleague|roommate|flatmate|landlord|teacher|friend|boyfriend|girlfriend|baby|kids?|children)|the (?:${W(1)})?(?:baby|kids?|children|neighbor|boss|teacher|landlord|guy|man|woman|bastard)|(?:his|her) (?:face|head|throat))(?! (?:feelings|chances|career|reputation|back|up with|with kindness|with kindness|at (?:pool|chess|cards|the game|tennis)|in (?:the (?:polls|game|match)|chess|cards|an argument|a race)))`,
    { uncertain: true, actor: 'self' },
  ),
  rule(
    'harm_to_others',
    `(?:homicidal|murderous|rage (?:thoughts|fantasies)|revenge fantas\\w*|(?:fantasi[sz]\\w*|dream\\w*|think\\w*|thought\\w*) about (?:killing|hurting|shooting|stabbing|strangling|attacking|beating|running over) (?:him|her|them|someone|my|the|people|that))`,
    { actor: 'self' },
  ),
  rule(
    'harm_to_others',
    `(?:make|making) (?:him|her|them|that (?:guy|man|woman)|my \\w+) (?:pay|suffer|regret it)|(?:get|getting) (?:back at|even with|revenge on) (?:him|her|them|my \\w+|that (?:guy|man|woman))|teach (?:him|her|them) a lesson`,
    { uncertain: true, actor: 'self' },
  ),
  rule(
    'harm_to_others',
    `(?:${v('threaten')}) (?:to )?(?:${W(2)})?(?:kill|hurt|stab|shoot|beat|smash|burn down|attack) (?:him|her|them|my|the|someone|his|their)`,
    { actor: 'self' },
  ),
  rule(
    'harm_to_others',
    `(?:bring|take|brought|took|carry|carrying|bringing) (?:a |my |the )?(?:gun|knife|weapon|rifle|pistol|bat) (?:to|into) (?:work|school|the office|his|her|their|the house|the party|class)`,
    { actor: 'self' },
  ),
  rule(
    'harm_to_others',
    `(?:thoughts?|images?|urges?|pictures?|fears?|flashes) (?:of|about|that i (?:might|would|could|will)) (?:${W(1)})?(?:hurting|harming|dropping|drowning|smothering|shaking|stabbing|suffocating|hurt|harm|drop|drown|smother|shake|stab) (?:my |the |our )?(?:baby|child|son|daughter|kids?|children|newborn|infant)`,
    { actor: 'self' },
  ),
  rule(
    'harm_to_others',
    `(?:want|wanted|going|gonna|could|would|will|might) (?:to )?(?:really )?(?:kill|murder|stab|shoot|strangle) (?:him|her|them|someone|somebody|that|my \\w+|the \\w+)(?! for)`,
    { uncertain: true, actor: 'self' },
  ),

  // Access to means: firearms in reach, a stockpile, the method within reach.
  rule(
    'access_to_means',
    `(?:i have|i have got|i got|i own|i keep|we have|we keep|we own|there is|there are|there is still|he has|he keeps|my (?:dad|father|husband|partner|brother|boyfriend|roommate|flatmate|family) (?:has|have|keeps|owns)) (?:a |an |some |my |his |the |two |three |several |a few |a couple of |loads of |lots of |plenty of |a loaded |loaded )?(?:${W(1)})?${FIREARM}`,
    { actor: 'any' },
  ),
  rule(
    'access_to_means',
    `${FIREARM} (?:${W(3)})?(?:in|at|under|inside|behind) (?:the |my |our |his |her )?(?:${W(1)})?(?:house|home|closet|wardrobe|drawer|nightstand|bedside|bedroom|garage|car|truck|glovebox|glove box|safe|cabinet|basement|attic|shed|bag|room|place)|(?:loaded|unlocked) ${FIREARM}|(?:the |my |his |dad's |husband's )?${FIREARM} (?:is|are) (?:not locked|unlocked|loaded|easy to get|right there|within reach)`,
    { actor: 'any' },
  ),
  rule(
    'access_to_means',
    `(?:i have|i have got|i got|there is|there are|we have|i keep|i am sitting on|i have kept) (?:${W(2)})?(?:stash|stockpile|supply|hoard|collection|boxes|bottles|bottle|packets|drawer full|bag full|lots|loads|plenty|months|weeks) (?:of |worth of )?(?:${W(1)})?${PILLS}`,
    { actor: 'any' },
  ),
  rule(
    'access_to_means',
    `(?:enough|plenty of|a lot of) (?:${W(1)})?${PILLS} (?:to|that could|that would|in the house|at home|in my|saved)|${PILLS} (?:${W(2)})?(?:enough to (?:kill|do it|end|overdose))`,
    { actor: 'any' },
  ),
  rule('access_to_means', `(?:access to|easy access|can get|could get) (?:a |my |the |his )?(?:${FIREARM}|${PILLS}|rope|poison|the roof|the bridge)`, {
    uncertain: true,
    actor: 'any',
  }),

  // Abuse and neglect of a child (mandated reporting).
  rule(
    'child_abuse_neglect',
    `(?:i|he|she|they|my (?:${W(1)})?(?:husband|wife|partner|boyfriend|girlfriend|ex|stepdad|stepfather|stepmom|stepmum|stepmother|dad|father|mom|mum|mother|uncle|aunt|brother|grandfather|grandpa|babysitter|nanny|coach|teacher|neighbor|cousin)) (?:${W(2)})?${ABUSE_ACT} (?:${W(1)})?(?:my |the |our |his |her |their )?${CHILD}`,
    { actor: 'any' },
  ),
  rule(
    'child_abuse_neglect',
    `(?:${v('leave')}|locked|lock) (?:${W(1)})?(?:my |the |our |his |her )?(?:${CHILD}|them) (?:${W(2)})?(?:home )?(?:alone|on (?:their|his|her) own|by (?:themselves|himself|herself)|in the (?:car|cupboard|closet|room) (?:for hours|all day|all night|overnight|alone))`,
    { actor: 'any' },
  ),
  rule(
    'child_abuse_neglect',
    `(?:${CHILD}|they|he|she) (?:${W(2)})?(?:has not|have not|had not|did not|do not|does not|never|barely|hardly) (?:${W(1)})?(?:eaten|eat|get fed|been fed|had (?:a )?(?:meal|food|dinner))(?: (?:in|for) (?:days|two days|a day|ages))|no food (?:in the house )?for (?:the|my) (?:kids|children|baby)`,
    { actor: 'any' },
  ),
  rule(
    'child_abuse_neglect',
    `(?:left|leaving|leaves) (?:marks|bruises|welts|a bruise|a mark) on (?:my |the |his |her |our )?${CHILD}|(?:${CHILD}) (?:${W(2)})?(?:has|had|came (?:home|to school) with) (?:${W(1)})?(?:bruises|marks|welts|a black eye|burns)`,
    { actor: 'any' },
  ),
  rule(
    'child_abuse_neglect',
    `(?:when i was (?:a kid|a child|little|young|small|\\d+|growing up)|as a (?:kid|child)|growing up|in my childhood)(?:${W(8)})?(?:${ABUSE_ACT}|beat me|hit me|touched me|abused me|molested me)|(?:${ABUSE_ACT}) me (?:${W(3)})?(?:when i was (?:a kid|a child|little|young|small|\\d+)|as a (?:kid|child)|growing up)`,
    { actor: 'any' },
  ),
  rule(
    'child_abuse_neglect',
    `(?:touch\\w*|molest\\w*|abus\\w*|rap\\w*) (?:${W(2)})?(?:my |the |our |his |her )?${CHILD}(?! (?:gently|softly|'s (?:hair|head)))`,
    { actor: 'any', uncertain: true },
  ),

  // Abuse and neglect of an elder or dependent adult.
  rule(
    'elder_dependent_abuse',
    `(?:${CARER}) (?:${W(3)})?(?:${v('take', 'steal')}|stealing|took|takes|draining|drained|emptying|emptied|using|used|spending|spent|cashing|cashed) (?:${W(1)})?(?:(?:all )?(?:her|his|their|my (?:${ELDER})'s|grandma's|grandpa's|nan's) (?:money|pension|savings|benefits|bank card|cards|checks|cheques|medication|pills|meds))`,
    { actor: 'any' },
  ),
  rule('elder_dependent_abuse', `(?:${CARER}) (?:${W(3)})?${ABUSE_ACT} (?:${W(1)})?(?:my |the |our |his |her |their )?(?:${ELDER})`, { actor: 'any' }),
  rule(
    'elder_dependent_abuse',
    `(?:leaves|left|leaving|keeps|kept|lying|lies|lay|sitting|sits) (?:${W(2)})?(?:my |the |our |her |him |his )?(?:${ELDER}|her|him) (?:${W(2)})?(?:in (?:dirty|soiled|wet|the same) (?:sheets|clothes|bed|nappies|diapers|pads)|without (?:food|water|her meds|his meds|medication|help|heating)|alone (?:all day|for days|for hours|all night)|locked in)`,
    { actor: 'any' },
  ),
  rule(
    'elder_dependent_abuse',
    `(?:${ELDER}) (?:${W(3)})?(?:has|had|came home with|with|covered in) (?:${W(1)})?(?:bruises|bed ?sores|pressure sores|marks|burns|unexplained injuries)|(?:${ELDER}) (?:${W(2)})?(?:is|was|are|were|being|been) (?:${W(1)})?(?:hit|slapped|pushed|neglected|starved|locked in|tied (?:up|down)|abused|mistreated|robbed|scammed|exploited)`,
    { actor: 'any', uncertain: true },
  ),
  rule(
    'elder_dependent_abuse',
    `(?:${v('hit', 'slap', 'shove', 'push', 'shake', 'grab', 'lock')}) (?:${W(1)})?(?:my |the |our )?(?:${ELDER}|dementia|disabled \\w+)`,
    { actor: 'any', uncertain: true },
  ),

  // Intimate-partner violence: what the partner did to the client, and fear for their life.
  rule(
    'intimate_partner_violence',
    `(?:he|she|my (?:${W(1)})?${PARTNER}) (?:${W(2)})?(?:${v('hit', 'beat', 'punch', 'slap', 'kick', 'shove', 'push', 'choke', 'strangle', 'grab', 'shake', 'throw', 'drag', 'smother', 'bite', 'burn', 'rape', 'slam')}|threw (?:${W(2)})?at|pinned|pinning|held me down|locks me|locked me) (?:${W(1)})?(?:me|my (?:head|face|arm|neck|throat|hair|wrist|body))`,
    { actor: 'any', unless: PUSHED_TO_COME },
  ),
  rule(
    'intimate_partner_violence',
    `(?:hands?|fingers) (?:${W(1)})?(?:around|round|on|against) my (?:neck|throat)|(?:choked|strangled|throttled|suffocated|smothered) (?:me|me out)|could not breathe (?:when|because|after) (?:he|she)|(?:he|she) (?:${W(1)})?(?:squeezed|grabbed|held) my (?:neck|throat)`,
    { actor: 'any' },
  ),
  rule(
    'intimate_partner_violence',
    `(?:he|she|my (?:${W(1)})?${PARTNER}) (?:${W(3)})?(?:${v('threaten')}|said|says|told me|swore|promised|warned me) (?:${W(2)})?(?:to |that |he would |she would |he will |she will |he is going to |she is going to |to )?(?:kill|hurt|shoot|stab|destroy|end) (?:me|us|the kids|my|himself|herself)`,
    { actor: 'any' },
  ),
  rule(
    'intimate_partner_violence',
    `(?:afraid|scared|terrified|frightened|fear) (?:of )?(?:${W(3)})?(?:he|she|him|her|my ${PARTNER}) (?:${W(2)})?(?:will|would|might|is going to|could|going to) (?:kill|hurt|hit|find|come after) me|(?:afraid|scared|terrified) (?:to go home|of going home|for my life|of him|of her)`,
    { actor: 'any', uncertain: true },
  ),
  rule(
    'intimate_partner_violence',
    `(?:my ${PARTNER}|he|she) (?:${W(2)})?(?:${v('hit', 'beat', 'hurt', 'push', 'shove', 'slap', 'punch', 'kick', 'abuse')})(?: me)?(?: again| when (?:he|she) (?:drinks|is drunk|gets angry|got angry))|(?:domestic (?:violence|abuse)|he is (?:violent|abusive)|she is (?:violent|abusive)|abusive (?:relationship|partner|husband|wife|boyfriend|girlfriend))`,
    { actor: 'any', uncertain: true, unless: PUSHED_TO_COME },
  ),
  rule(
    'intimate_partner_violence',
    `(?:he|she|my ${PARTNER}) (?:${W(3)})?(?:will not let me|would not let me|does not let me|did not let me|will not let me) (?:leave|go out|see my|have (?:my )?(?:phone|money|keys)|out of (?:the house|his sight|her sight))|(?:takes|took|controls|keeps) (?:all )?(?:my|the) (?:phone|money|keys|passport|bank card)(?: away)?(?: so i cannot| from me)`,
    { actor: 'any', uncertain: true },
  ),

  // Eating-disorder behaviours.
  rule(
    'eating_disorder_behavior',
    `(?:${v('make')}|force|forced|forcing) ${SELF}? ?(?:sick|throw up|vomit|puke|be sick)|(?:${v('throw')}|threw) up (?:${W(2)})?(?:after|every time i|when i|on purpose|deliberately)(?: (?:eat|ate|eating|meals|dinner|lunch|breakfast|a meal|i eat))?|purg\\w*|fingers? down my throat`,
  ),
  rule(
    'eating_disorder_behavior',
    `(?:${v('take')}|using|use|used|abusing|abuse) (?:${W(2)})?(?:laxatives|diet pills|diuretics|water pills|ipecac)|(?:laxatives|diet pills) (?:${W(2)})?(?:a day|every day|at a time|to lose|after)`,
  ),
  rule(
    'eating_disorder_behavior',
    `(?:have not|has not|did not|do not|haven't|not|barely|hardly) (?:${W(1)})?(?:eaten|eat|eating|had (?:a )?(?:meal|food|anything)) (?:${W(2)})?(?:in|for|since) (?:days|\\w+ days|a week|two days|three days|a couple of days|forever|ages|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday)`,
    { uncertain: true },
  ),
  rule(
    'eating_disorder_behavior',
    `(?:only|barely|just) (?:${v('eat', 'allow', 'let')}|having|had|have) (?:myself )?(?:${W(1)})?(?:\\d+|a few hundred|three hundred|two hundred|five hundred|one hundred|a hundred) (?:calories|cals|kcal)|(?:${v('starve', 'restrict')}|stopped eating|stop eating|refuse to eat|refusing to eat|punish myself by not eating|skip\\w* (?:all |every |most )?meals (?:on purpose|to lose|so i|until))(?: ${SELF})?(?: (?:meals|food|eating|all day|for days|to lose|until|so i|because|again))?`,
    { uncertain: true },
  ),
  rule(
    'eating_disorder_behavior',
    `(?:binge|binging|bingeing|binged) (?:${W(2)})?(?:and|then) (?:${W(1)})?(?:purge|throw up|vomit|make myself sick|exercise for hours)|(?:chew and spit|chewing and spitting)|(?:exercise|exercising|run|running|gym) (?:${W(2)})?(?:until i (?:faint|pass out|collapse)|to burn off everything|after every meal)`,
  ),

  // Dangerous substance use.
  rule(
    'dangerous_substance_use',
    `(?:overdos\\w*|od on|oded|od-ed|(?:took|take|taking) too (?:much|many)(?: (?:heroin|fentanyl|pills|xanax|oxy|coke|cocaine|meth|ketamine|mdma|g|ghb))?)(?! attempt)`,
  ),
  rule(
    'dangerous_substance_use',
    `(?:${v('drive')}|behind the wheel|got in the car|get in the car) (?:${W(3)})?(?:drunk|high|wasted|hammered|stoned|smashed|blind drunk|after (?:${W(2)})?(?:drinks|drinking|beers|pints|wine|smoking|a few|using|taking)|under the influence|over the limit|blacked out)|(?:drunk|high|drink|drinking|intoxicated|stoned)[- ](?:driving|and drive|and drove)|(?:dui|dwi|drink[- ]driving)`,
  ),
  rule(
    'dangerous_substance_use',
    `(?:${v('mix')}|with|on top of|washed (?:them|it) down with|along with|and) (?:${W(2)})?(?:xanax|benzos|valium|diazepam|klonopin|ativan|sleeping (?:pills|tablets)|oxy\\w*|opioids|codeine|methadone|heroin|fentanyl|painkillers|pills|tramadol|gabapentin) (?:${W(2)})?(?:with|and|on top of|washed down with) (?:${W(2)})?(?:alcohol|booze|drinks|drinking|wine|vodka|beer|whiskey|gin|rum|liquor)|(?:alcohol|booze|drinking|wine|vodka|beer|whiskey) (?:${W(2)})?(?:with|and|on top of) (?:${W(1)})?(?:xanax|benzos|valium|sleeping (?:pills|tablets)|oxy\\w*|opioids|painkillers|methadone|heroin|fentanyl|tramadol)`,
  ),
  rule(
    'dangerous_substance_use',
    `(?:${v('black')} out|blackouts?|passed out|pass out|woke up (?:somewhere|in a|on the|not knowing)|do not remember (?:getting home|how i got))(?:${W(4)})? (?:from |after |when i |every time i )?(?:drink\\w*|using|the vodka|booze|pills|getting high)|(?:shakes|seizures?|fits|dts|delirium tremens|hallucinat\\w*) (?:${W(2)})?(?:when i (?:stop|do not|cannot|can not|try to stop) (?:drinking|drink|using|taking)|in the morning|withdrawal)|(?:i|i have|i am) (?:${W(1)})?(?:quit|stopped|stopping|coming off|came off|detoxing|detoxed) (?:${W(3)})?(?:cold turkey|on my own|by myself)`,
    { uncertain: true },
  ),
  rule(
    'dangerous_substance_use',
    `(?:shoot(?:ing)? up|injecting|inject|sharing needles|fentanyl|used alone|using alone|naloxone|narcan)|(?:bottle|fifth|litre|liter) of (?:vodka|whiskey|gin|rum) (?:a|every) day`,
    { uncertain: true },
  ),

  // Command hallucinations.
  rule(
    'command_hallucinations',
    `(?:voices?|a voice|someone in my head|something in my head|god|the devil|satan|a man|a woman) (?:${W(2)})?(?:${v('tell', 'say')}|telling|commanding|ordering|order|orders|orders me|commands|keep telling|keeps telling|urging|whispering) (?:${W(1)})?(?:me )?(?:to |that i should |i should |i need to |i have to |i must )(?:${W(2)})?(?:kill|hurt|harm|cut|jump|die|end it|stab|attack|punish|burn|drown|shoot|starve|hang)`,
    { actor: 'any' },
  ),
  rule(
    'command_hallucinations',
    `(?:hear|hearing|heard|hears) (?:${W(2)})?(?:voices?|a voice|someone|people talking|things)(?: (?:that (?:are not|is not|were not|was not) there|in my head|when no one is there|nobody else (?:can )?hears?|telling me|saying))`,
    { uncertain: true },
  ),

  // Warning signs: hopelessness, entrapment, "can't go on".
  rule(
    'hopelessness',
    `(?:(?:i am|i was|i have been|i had been|i felt|i feel|feel|feeling|everything is|life is|it is all|things are|it all feels|my life is) (?:so |completely |totally |just )?hopeless|hopelessness|hopeless about (?:my|the future|everything|life)|no hope|lost (?:all )?hope|given up (?:all )?hope|without hope|no future|no way out|trapped|no escape|nothing (?:will|is going to|is ever going to|will ever) (?:change|get better|improve)|never (?:going to|gonna) get better|things will never (?:change|improve|get better)|(?:what is|what would be) the point(?: of anything| anymore| in anything)?|(?:can not|cannot|could not) (?:go on|keep going|carry on|do this|take (?:it|this|any more))(?: (?:anymore|any more|any longer|like this|much longer))?|(?<!think i )(?:can not|cannot|could not) cope (?:anymore|any more|any longer|with (?:anything|life|it all|any of this))|give up on (?:everything|life|myself)|given up on (?:everything|life|myself)|(?:i am|feel) (?:worthless|empty inside|done with everything))`,
  ),
];
