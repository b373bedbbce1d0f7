/**
 * The safety net: what a clinician would still want to glance at when no rule recognised the wording.
 * Each entry pairs a class of risk words with a second signal (the first person, a wish or a thought, a
 * person harmed, a voice) so that one word alone never raises a flag. Everything it finds is `uncertain`:
 * a false alarm costs a clinician a glance, a missed disclosure costs far more (CLINICAL-GUIDE §2).
 * Negation, figures of speech (idioms.ts), other people's acts and general statements are judged as for
 * every rule (detect.ts).
 */
import type { RiskCategory } from '../../../schemas/risk.js';
import type { RiskRule } from './rules.js';
import { W } from './words.js';

const net = (category: RiskCategory, source: string, options: Omit<RiskRule, 'category' | 'pattern'> = {}): RiskRule => ({
  category,
  pattern: new RegExp(`\\b(?:${source})(?![\\w])`),
  uncertain: true,
  ...options,
});
const within = (a: string, b: string, gap = 12) => `(?:${a}) (?:${W(gap)})?(?:${b})|(?:${b}) (?:${W(gap)})?(?:${a})`;

/** Words for dying, not being, not going on. */
const DEATH = `(?:carried|carry) me out (?:${W(3)})?in a (?:box|coffin|body bag)|in a (?:box|coffin|body bag)|six feet under|pushing up daisies|no coming back from this|(?:just )?be gone|switch me off|pull(?:ing)? (?:my own|the) plug|(?:heart|body) (?:${W(2)})?gives? out|put me down for good|check(?:ing)? out|close the book on (?:my|his|her) (?:own )?life|finish (?:my|his|her) life|end (?:his|her|their|my) own life|kill(?:ing)? (?:themselves|himself|herself)|for good|leaving for good|(?:go|went) to sleep for good|tired to live|take me now|pack it (?:all )?in|end it all|chuck myself|throw myself|step in front of|walk into the (?:sea|river|canal|lake)|in the (?:canal|river|sea)|not in the picture|out of the picture|my own funeral|taking myself out(?! (?:for|to))|take myself out(?! (?:for|to))|not (?:think|reckon) i (?:will|would) (?:still )?be (?:here|around)|not (?:going to )?see another|and that is it|(?:not|never) open my eyes|heart (?:just )?stop(?:s|ped)?|be done with it|doing away with myself|did away with myself|unaliv\\w*|od'?ing|(?:would|will|could) (?:all )?be over|be over for me|(?:god|lord|jesus) (?:${W(3)})?take me|takes? me (?:away|already|now)|do(?:ing)? myself in|top(?:ping)? myself|topped myself|went to sleep and stayed|go to sleep and (?:stay|not)|stayed that way|suicid\\w*|unalive\\w*|ctb|kms|die|dying|dead|death|not (?:be )?(?:here|around|alive) (?:anymore|any more|much longer|for|next|by)|not see (?:another|next) (?:winter|summer|christmas|birthday|year)|disappear\\w*|vanish\\w*|stop (?:existing|being alive|breathing)|not (?:exist|existing)|cease to exist|never wake|not wake|sleep forever|end it(?! (?:with|off|between))|end things(?! with)|end everything|end my life|take my (?:own )?life|kill myself|killing myself|off myself|do away with myself|be gone|was gone|were gone|the end of me|join (?:her|him|them)|be with (?:her|him|them) (?:again|up there|in heaven)`;
/** A mind turned toward it: wishing, thinking, planning, welcoming. */
const MIND = `feel|how i feel|(?:would be|is) a (?:mercy|blessing)|jealous|want|wants|wanted|wanting|wish|wished|wishes|wishing|hope|hoped|hoping|pray|prayed|praying|think|thinks|thinking|thought|thoughts|reckon|wonder|wondered|wondering|imagine|imagined|imagining|picture|pictured|picturing|plan|plans|planned|planning|disappointment|disappointed|gutted|(?:not|no) bothered|not fussed|do not care|would not care|decided|made up my mind|going to|gonna|ready|tired of|sick of|relief|relieved|easier|better|jealous|envy|envied|would not mind|do not mind|okay with|ok with|fine with|welcome|urge|urges|tempted|craving|fantasi[sz]\\w*|considering|mean it|meant it|rather|prefer|deserve`;
const SELF_HARM = `(?:i did|did it) on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|it was not deep|let (?:the )?(?:pressure|it|the pain) out|snap\\w* (?:${W(4)})?(?:on|against) my (?:wrist|arm)|dig\\w* my nails|nails into|self[- ]?harming|ligatures?|burning myself|cutting myself|scratching myself|long sleeves|hoodies? in (?:june|july|august|summer|the heat)|still healing|new ones|sh|self[- ]?harm\\w*|cut|cuts|cutting|razors?|(?<!shoulder )blades?|scars?|bleed\\w*|bled|burn(?:ed|t|ing)? myself|bruis\\w*|black and blue|punch\\w* (?:the |a )?walls?|bang\\w* my head|bit(?:e|ing)? (?:my|myself)|scratch\\w* (?:${W(3)})?(?:myself|my)|pick\\w* at (?:my )?(?:skin|scabs|cuts)|hurt(?:ing)? myself|harm(?:ing)? myself|punish(?:ing)? myself|relapsed|relapse|clean for`;
const VIOLENCE = `comes? in (?:to )?my room|hold (?:his|her) nose|force (?:him|her) to swallow|leathers?|leathered|lamped|(?:things|it) (?:get|gets|got) physical|smashed (?:${W(2)})?over my head|does things to me|hits us|beats us|leathered|gave me a hiding|give (?:him|her|them) a hiding|knocked (?:me|him|her) about|hit me about|clip round the ear|(?:goes|went|came|comes) at me|batter\\w*|makes? me sleep (?:in the car|outside|on the floor|in the shed)|hit|hits|hitting|smack\\w*|klap\\w*|whack\\w*|belted|spank\\w*|hand over (?:her|his|my|their|your) (?:mouth|face)|slap\\w*|punch\\w*|kick(?:s|ed|ing)?|shov\\w*|push(?:ed|es|ing)? (?:me|him|her|them)|chok(?:e|ed|es|ing)|strangl\\w*|beat(?:s|en|ing)? (?:me|him|her|them|up)|beats|threw (?:${W(2)})?at|grab\\w* (?:me|my|her|his|him)|pinch\\w*|drag\\w*|tie[ds]? (?:${W(2)})?(?:to|up|down)|lock\\w* (?:me|you|him|her|them|us) (?:in|out|up)|rough with|hurt(?:s|ing)? (?:me|him|her|them|us)|abus\\w*|assault\\w*|rap(?:e|ed|es|ing)|molest\\w*|touch\\w* (?:me|her|him)|comes? into my room|bruise\\w*|black and blue|welts|split lip|black eye|make (?:him|her|them) bleed|whats coming to them|what is coming to them|list of (?:ppl|people|names)|wait for (?:him|her|them)|threaten\\w*|scared of (?:him|her)|afraid of (?:him|her)`;
const PARTNER_REF = `husband|wife|partner|boyfriend|girlfriend|bf|gf|fiance\\w*|ex|spouse|missus|fella|he|she|him|her`;
const CHILD_REF = `kid|kids|child|children|son|daughter|baby|babies|toddler|little ones?|stepdad|stepfather|stepmom|stepmum|coach|teacher|i am (?:1[0-7]|[5-9]|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)|im (?:1[0-7])|at school|my parents|my mum|my mom|my dad`;
const ELDER_REF = `granda|grandad|shes (?:eighty|ninety)|she is (?:eighty|ninety|\\d{2})|mum|mom|my mother|my father|dad|end up in a home|in a home|ouma|oupa|gogo|granny|old age home|sheltered|carer|caregiver|aide|nurse|staff|care home|nursing home|the home|old people|elderly|residents?|dementia|disabled|autistic|wheelchair|grandma|grandmother|grandpa|grandfather|gran|nan|my (?:mother|father|mum|mom|dad) (?:${W(2)})?(?:8\\d|9\\d|eighty|ninety)`;
const VOICE = `they are saying|they keep saying|whispers?|whispering|voice in the wall|(?:man|woman|thing|someone|something|voice) in the (?:vents|walls|ceiling|radio|tv|wardrobe)|ancestors|spirits|angels|demons|the devil|voices?|a voice|in my head|hear(?:ing)? (?:my|him|her|them|things|someone|people|a man|a woman)|the (?:tv|television|radio) (?:talks|told|tells|talking|telling)|(?:guy|man|woman|someone|something) in my head`;
const HARM_ACT = `walk out in(?:to)? the (?:road|street|traffic)|in the road|get hurt|deserves|kill yourself|under the (?:bath)?water|go shoot|turn on the gas|the gas|in front of|into the street|go in the street|get rid of|kill|hurt|harm|die|push|jump|cut|burn|stab|join|do it|end it|drown|hit|poison|shoot|set (?:${W(2)})?fire`;
const EATING = `(?:do not|did not) eat even when|do not want to be in this body|laxies|starving myself|restricting|not eating (?:anything|at all|for days|on purpose)|one meal (?:every|a) (?:second|other|few)|brought (?:${W(2)})?back up|lost (?:\\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty) ?(?:lbs|pounds|kg|kilos|stone)|on (?:a|the same) (?:diet|fast)|barely (?:ate|eat|eating)|fainted|pills (?:${W(6)})?(?:lose weight|losing weight|be thin|thinner)|(?:do not|did not) eat (?:the now|anything|much|all day|until)|(?:gym|run|running|exercise|exercising) (?:${W(2)})?(?:twice a day|two times a day|hours a day|\\d+ hours)|calories|cals|fasting|fast days|laxatives|diet pills|purg\\w*|throw(?:ing)? up|threw up|vomit\\w*|sick after|(?:have not|has not|did not|not) eaten|only (?:eat|ate|eating) (?:${W(2)})?(?:a day|calories|an apple|a cracker|once)|skip(?:ping|ped)? (?:all |most |every )?meals|skip(?:ping|ped)? (?:breakfast|lunch|dinner) (?:every|most|again|on purpose|so)|starv\\w*|binge\\w*|weigh myself|lost \\d+ ?(?:lbs|pounds|kg|kilos|stone)|hanging off me|(?:nothing|not) (?:but|except) (?:black )?(?:coffee|tea|water)|not (?:eaten|eating) (?:a )?(?:proper )?(?:meal|anything|food)`;
const SUBSTANCE = `whisky|whiskey|bottle of|take g|pissed|bladdered|steaming|rat-arsed|legless|off my (?:face|head|nut|tits)|mashed|on the lash|on the piss|bender|gear|spice|mandy|blues|pregabalin|tramadol|codeine|paracetamol|whole packet|adderall|stimulants?|too many|clonazepam|lorazepam|alprazolam|diazepam|temazepam|zopiclone|klonopin|valium|ativan|od|oded|od'd|overdos\\w*|fent\\w*|narcan|naloxone|lean|bars|xanax|benzos?|edibles|drunk|wasted|hammered|high|coke|cocaine|meth|heroin|ket\\w*|ghb|mdma|molly|vodka|wine|beers?|booze|alcohol|drinking|drink|blacked out|passed out|withdrawal|shak(?:e|es|ing)|seizures?|dts`;
const DANGER = `recovery position|passed out (?:a few times|again|twice)|quad|behind the wheel|got home somehow|kids in the car|nodded off|nodding off|on top|could not (?:really )?see the lines|god knows how many|driv\\w*|drove|mix\\w*|every (?:day|morning)|from morning|ran out|cold|(?:had|having) a fit|fits|seeing (?:bugs|things|stuff)|heart (?:will not|wont) slow|alone|on my own|accidentally|narcan|see things|seeing things|hospital|clipped|crashed|woke up|barely breathing|stopped breathing|chest (?:pain|hurts)|heart`;
const MEANS = `pentobarbital|euthanasia solution|barbiturates?|shotties|shotty|pesticide|weedkiller|paraquat|months of (?:tablets|pills|lithium|meds)|vials?|ampoules?|fent\\w*|full month|month of|supply|co-codamol|codeine|(?<!shoulder )blades?|razors?|pills|tablets|meds|gun|guns|rifle|shotgun|pistol|handgun|firearm|weapon|rope|noose|morphine|oxy\\w*|insulin`;
const KEEPING = `taken (?:${W(4)})?home|in case i (?:decide|need them)|sitting there|lying around|around the (?:house|flat)|in the (?:flat|house|kitchen drawer)|still have|have|got|keep|kept|hid|hidden|hide|stash\\w*|in my|under my|saved|saving|collect\\w*|access|get to|can get`;
const HOPELESS = `no coming back from (?:this|it)|it is over for (?:us|me)|already lost|nothing can help me|(?:i am|i feel|feel|feeling|it is all|everything is|everything feels|life is|life feels|things are|things feel|my life is) (?:so |completely |totally |just )?hopeless|hopelessness|no fixing (?:it|me)|ruined everything|nothing(?: is)? (?:ever )?(?:going to|gonna|will) (?:get better|change|improve)|nothing ahead of me|never (?:work|be happy|get better|recover|be well) again|nothing to look forward to|(?:can not|cannot|could not) (?:continue|go on|keep going) (?:like this|anymore|any more|any longer)|(?:can not|cannot|could not) (?:picture|imagine|see) (?:${W(3)})?(?:a future|next year|any future|it getting better|myself (?:next year|in (?:a|five|ten) years|getting better|being happy|being here|alive))|i am finish(?:ed)?|no (?:point|reason|hope)(?! (?:in (?:arguing|asking|waiting|trying to explain)))|(?:everything|life|it all|living|trying|any of it|my life|all of it) (?:is|feels|seems) (?:${W(1)})?pointless|given up on (?:everything|life|myself|hope|trying)|trapped|stuck (?:forever|like this)|never (?:get|going to get|gonna get) better|no way out|worthless|a burden|every day (?:the )?same|done with (?:everything|life|it all)|no one would (?:care|notice|miss me)|nobody would (?:care|notice|miss me)`;
const PREPARING = `deleted (?:all )?my (?:socials|accounts|social media|instagram|facebook)|redone the will|redid (?:my|the) will|put (?:the|my) (?:farm|house|flat|car) in (?:my|his|her) \\w+ name|letter for after i am dead|for after i (?:die|am dead|am gone)|after i am dead|emptied my (?:savings|account)|sort(?:ed)? the (?:dog|cat|kids|bank cards|accounts) first|in case i decide|(?:will not|wont) be needing (?:them|it)|where i am going|after i am gone|so nobody has to deal with|in case i am not (?:here|around)|if i am not (?:here|around)|in case (?:anything|something) happens to me|gave (?:away )?(?:${W(3)})?(?:to (?:my|him|her)|away)|giving (?:${W(3)})?away|(?:will not|would not|not going to) need (?:them|it|those)|(?:will not|not) have to wait|forums?|which (?:methods|ways)|how (?:many|much) (?:${W(2)})?(?:it would take|to take|is lethal)|goodbye|said bye|saying bye|letters? (?:to|for)|my will|insurance|funeral|after i am gone|when i am gone|tying up|loose ends|counted out|lined up`;
const ATTEMPT = `took the lot|took everything|tried (?:on remand|in (?:the|my) cell|in custody)|got the flap open in time|had a go (?:with|at) (?:the )?(?:exhaust|rope|pills|knife|tablets|bridge)|hose on the exhaust|car running (?:${W(6)})?to (?:end it|die)|(?:was not|were not|not) an accident|(?:took|drank|swallowed|ate|jumped|cut|hanged|hung|tried|drove) (?:${W(6)})?to (?:die|end it|kill myself|end my life)|(?:drank|took|swallowed|ate) (?:${W(2)})?(?:poison|bleach|antifreeze|weedkiller|rat poison)|attempt\\w*|tried (?:to )?(?:before|again|it)|engine running|garage with|took (?:all|a bunch|too many|\\d+|twenty|thirty|forty|fifty)|stomach pumped|woke up in (?:the )?(?:hospital|icu|er)|switched it off|(?:they|she|he|someone) found me|cut me down|pulled me (?:back|down|out)`;
const METHOD_PLACES = `that is where i would do it|which one would hold me|would hold me|beam|every tablet|every pill|all (?:the|my) tablets|multistorey|multi-storey|car park|how high|nobody would find me|no one would find me|which (?:one|ones) would work|how i would do it|a hose|the hose|barrier|guardrail|the side|over the side|train line|train|trains|tracks|platform|bridge|overpass|cliff|cliffs|lookout|roof|ledge|edge|motorway|highway|traffic|river|sea|lake|pills|tablets|rope|gun|insulin`;
const WHEN = `tonight is the night|the night before|before they come|in the spring|in the summer|in the autumn|in the winter|end of the month|christmas eve|tonight|tomorrow|(?:this|next|on) (?:friday|saturday|sunday|monday|tuesday|wednesday|thursday|weekend|week)|friday|saturday|sunday|monday|tuesday|wednesday|thursday|once (?:${W(3)})?(?:over|done|gone|sold|leaves?)|after (?:${W(3)})?(?:wedding|christmas|birthday|exams?|graduation|funeral)|(?:top|parking) (?:level|floor|garage)|counted out|what time`;

/** Strong means and circumstances of an attempt: with a when or where, a plan even without "I". */
const STRONG_MEANS = `last day|marked on the calendar|tablets counted out|with the rope|the rope in|car running|engine running|with the car|the rope|a rope|noose|the pills|all (?:my|the) pills|overdose|the bridge|the lookout|off the edge|go off it|no rail`;

export const NET_RULES: readonly RiskRule[] = [
  net(
    'suicidal_method',
    `(?:enough|how many|how much) (?:${W(8)})?(?:kill me|put me down|to die|it would take|it would need)|(?:ways|the way|least \\w+ way) to (?:kill myself|die)|(?:which|what) (?:of )?(?:my )?(?:meds|pills|tablets) would (?:be enough|do it|work)`,
    { firstPerson: true },
  ),
  net('harm_to_others', `(?:going to|gonna) do (?:him|her|them)(?: proper| in| over)?|find the (?:\\w+ )?who put me in here`, { actor: 'any' }),
  net(
    'harm_to_others',
    `(?:make sure|see that) (?:he|she|they) (?:does not|doesnt|do not|will not) walk away|put (?:my|the|that) \\w+ in the ground|held a knife to (?:my|his|her|the) \\w+|(?:nearly|almost) beat (?:a|the|that) (?:man|guy|bloke|woman|person) to death|bash (?:his|her|their) head in|running (?:my|the|that) \\w+ over|(?:picturing|imagining) (?:strangling|stabbing|killing|hurting|shooting) (?:my|his|her|the|that) \\w+`,
    { actor: 'any' },
  ),
  net(
    'child_abuse_neglect',
    `not (?:supposed|allowed) to tell (?:anyone|anybody|mum|mom|my mum|my mom)|forget to feed|left my (?:${W(2)})?(?:\\w+-year-old|son|daughter|kids|baby|little ones|children) (?:${W(2)})?(?:home )?(?:alone|on their own|by themselves)`,
    { actor: 'any' },
  ),
  net(
    'elder_dependent_abuse',
    `leave (?:him|her|gran|nan|grandad|dad|mum|mom) in bed all day|water jug (?:is )?(?:always )?empty|lost (?:two|three|\\d+) stone`,
    { actor: 'any', context: new RegExp(`\\b(?:${ELDER_REF})\\b`) },
  ),
  net(
    'elder_dependent_abuse',
    `robbing (?:${W(1)})?(?:nan|gran|grandma|grandad|mum|mom|dad|him|her) blind|emptying (?:her|his) (?:bank )?account|lying in (?:his|her) own (?:mess|urine|filth)|(?:have not|had not|hadnt|did not) changed (?:him|her) for days|tying (?:him|her) to the (?:chair|bed)|broke my (?:mother|father|mum|mom|dad|gran|nan)\\w* arm|steals my pension|(?:do not|dont) bother giving (?:dad|mum|mom|him|her) (?:his|her) (?:lunch|dinner|meals?|tea|food|meds)|shout at her and push her`,
    { actor: 'any' },
  ),
  net('suicidal_plan', `(?:got it|have it|had it|it is all|worked it all|worked it|all) (?:all )?(?:planned|arranged|worked out|sorted|figured out)`, {
    context: new RegExp(`\\b(?:${DEATH}|${STRONG_MEANS}|pills|rope|gun|bridge|jump\\w*|overdose|ctb|top level|parking garage|cliffs?|do it)\\b`),
    scope: 'turn',
  }),
  net(
    'suicidal_method',
    within(
      METHOD_PLACES,
      `(?:this|that) way (?:is|would be) (?:fast|quick|easy|painless|best)|how (?:simple|easy|quick) it would be|over the side|swerv\\w*`,
      10,
    ),
    { firstPerson: true },
  ),
  net(
    'harm_to_others',
    `deal with (?:him|her|them) myself|(?:pillow|hand|hands) over (?:his|her|their) face|keep a (?:hammer|knife|bat|gun|machete) (?:by|near|under)`,
    { actor: 'any' },
  ),
  net(
    'elder_dependent_abuse',
    `(?:on (?:her|his) own|alone) for (?:${W(2)})?days|(?:can not|cannot) get out of bed by (?:herself|himself)|extra (?:one|dose|tablet|pill) of (?:her|his) (?:${W(1)})?(?:tablets|pills|meds|medication)`,
    { actor: 'any', context: new RegExp(`\\b(?:${ELDER_REF})\\b`) },
  ),
  net('harm_to_others', `hands? (?:around|round|on) (?:his|her|their|my \\w+s?|the \\w+s?) (?:neck|throat)`, { actor: 'any' }),
  net('intimate_partner_violence', `put me in the (?:ground|hospital|grave)|(?:bury|finish) me`, {
    actor: 'any',
    context: new RegExp(`\\b(?:${PARTNER_REF}|frank|told me)\\b`),
    scope: 'turn',
  }),
  net(
    'elder_dependent_abuse',
    `takes? (?:${W(1)})?(?:my|her|his) (?:grandmas |grandpas |mums |moms |dads )?(?:bank card|card|pension|money|savings|benefits)|barely feeds|skin and bones|(?:does not|do not|did not) feed`,
    { actor: 'any', context: new RegExp(`\\b(?:${ELDER_REF})\\b|\\bmy son\\b|\\bmy daughter\\b`) },
  ),
  net(
    'suicidal_plan',
    within(STRONG_MEANS, `${WHEN}|christmas(?: eve)?|new year\\w*|birthday|anniversary|after my (?:last )?shift|the idea is|the plan is`, 10),
  ),
  net(
    'suicidal_method',
    within(`${METHOD_PLACES}`, `how (?:quick|easy|fast|painless|long|high)|what i would use|if i ever (?:went that way|did it|do it)`, 10),
    { firstPerson: true },
  ),
  net('suicidal_method', `what i would use|if i ever (?:went that way|did it)|i know (?:the amount|how much it would take|how many it would take)`, {
    firstPerson: true,
  }),
  net('suicidal_intent', within(`decided|made up my mind|pretty much decided`, `do it|go through with it|when or how|how or when`, 8), { firstPerson: true }),
  net('suicidal_intent', `i (?:might|probably will|think i will|may well|could well)`, {
    context: /\b(?:anything|something) (?:stupid|drastic|silly)\b/,
    scope: 'turn',
  }),
  net('passive_ideation', `(?:not|no) (?:bothered|fussed|worried) if (?:${W(4)})?(?:die|dead|bus|car|truck|takes me|hit me|wake up|woke up)`, {
    firstPerson: true,
  }),
  net(
    'harm_to_others',
    `(?:nearly|almost) killed (?:a|the|that) (?:man|guy|bloke|person|woman)|stamped on (?:his|her) head|did (?:\\w+ )?(?:months|years) for (?:it|assault|gbh|manslaughter|that)|sort (?:him|her|them) out`,
    { actor: 'any' },
  ),
  net(
    'elder_dependent_abuse',
    `(?:will not|wont|does not|do not|did not) let (?:${W(2)})?(?:see a doctor|go to the doctor|have (?:his|her) (?:meds|medication|wheelchair|glasses|hearing aids?|food))`,
    { actor: 'any', context: new RegExp(`\\b(?:${ELDER_REF})\\b`) },
  ),
  // Suicide: a death word with a mind turned toward it, in the first person.
  net(
    'active_ideation',
    `suicid\\w*(?! (?:prevention|awareness|hotline|helpline|line|watch|squad))|unalive\\w*|ctb|kms|kill myself|killing myself|off myself|end my life|take my (?:own )?life|do away with myself`,
    { firstPerson: true },
  ),
  net('passive_ideation', within(DEATH, MIND), { firstPerson: true }),
  net('suicidal_plan', within(`${DEATH}|ctb|pills|rope|bridge|garage|roof|jump\\w*|overdose|gun`, WHEN, 10), {
    firstPerson: true,
    context: /\b(?:i|im|i am|i will|i have|got it|planned|plan|decided|going to|gonna)\b/,
    scope: 'turn',
  }),
  net('suicidal_intent', `(?:made up my mind|decided|i mean it|i meant it|no going back|tonight is the night|i am done tonight)`, {
    firstPerson: true,
    context: new RegExp(`\\b(?:${DEATH})\\b`),
    scope: 'turn',
  }),
  net('preparatory_behavior', PREPARING, {
    firstPerson: true,
    context: new RegExp(`\\b(?:${DEATH}|pills|methods|will not need|wont need|later|before)\\b`),
    scope: 'turn',
  }),
  net('suicide_attempt', ATTEMPT, {
    firstPerson: true,
    context: new RegExp(`\\b(?:${DEATH}|pills|overdose|garage|engine|rope|hospital|neighbou?r|knocked|found me|last one|3rd|third|second|first)\\b`),
    scope: 'turn',
  }),
  // Self-injury: the words of cutting and hurting oneself, said of oneself.
  net('self_injury', SELF_HARM, {
    firstPerson: true,
    actor: 'any',
    context:
      /\b(?:myself|my (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach|knuckles|hand|hands|body|own)|cope|coping|again|relapse\w*|clean|urge|urges|feel|because|so i|when i|till|until|whenever)\b/,
    unless:
      /\bcut ?,? ?(?:you know ?,? ?)?(?:stop|down|back|out)\b|\bfrom (?:my|the|our) (?:cat|dog|kitten|puppy|garden|brambles|roses|work|job)\b|\b(?:chopping|cooking|kitchen|shaving|paper cut|haircut|cut[- ](?:back|down|out|off|the grass|my hair)|accident|by accident|sunburn\w*|tan|bruised my ego|in the game|match|training)\b/,
    scope: 'turn',
  }),
  // Violence and abuse: an act of violence or a threat, sorted by who it was done to.
  net('intimate_partner_violence', `(?:${VIOLENCE}) (?:${W(3)})?(?:me|my)\\b|(?:bruise\\w*|black and blue|welts|split lip|black eye)`, {
    actor: 'any',
    context: new RegExp(`\\b(?:${PARTNER_REF})\\b`),
    unless: new RegExp(
      `\\b(?:${CHILD_REF}|${ELDER_REF})\\b|\\b(?:in the game|on tv|in the film|in the movie|the show|boxing|sparring|mma|rugby|football|hockey|match|training)\\b`,
    ),
    scope: 'turn',
  }),
  net('child_abuse_neglect', VIOLENCE, {
    actor: 'any',
    context: new RegExp(`\\b(?:${CHILD_REF})\\b`),
    unless: /\b(?:in the game|on tv|in the film|in the movie|the show|boxing|sparring|rugby|football|hockey|match|training|playground|accident)\b/,
    scope: 'turn',
  }),
  net(
    'child_abuse_neglect',
    `(?:left|leaves|leave|leaving) (?:${W(3)})?(?:alone|by themselves|on their own)|(?:no food|nothing in the fridge|not fed|hungry|filthy|same (?:diaper|nappy)|pics|pictures|not to tell|keep it (?:a )?secret|our secret)`,
    { actor: 'any', context: new RegExp(`\\b(?:${CHILD_REF})\\b`), unless: /\b(?:i am fine alone|like being alone|time alone|alone time)\b/, scope: 'turn' },
  ),
  net(
    'elder_dependent_abuse',
    `${VIOLENCE}|(?:tie|ties|tied|tying) (?:${W(3)})?(?:to|up|down)|lock\\w* (?:${W(2)})?(?:in|up)|no food|not fed|without food|soiled|wet sheets|sores|taking (?:${W(2)})?(?:money|cash|pension)|rough with`,
    { actor: 'any', context: new RegExp(`\\b(?:${ELDER_REF})\\b`) },
  ),
  net('harm_to_others', `${VIOLENCE}|kill|stab|shoot|murder|make (?:him|her|them) (?:pay|bleed|suffer)`, {
    actor: 'self',
    context:
      /\b(?:him|her|them|people|ppl|someone|everyone|my (?:\w+ )?(?:manager|boss|sister|brother|roommate|neighbou?r|coworker|teacher|dad|mom|mum|ex|partner|wife|husband|son|daughter|baby))\b/,
    unless:
      /\b(?:in the game|on tv|in the film|in the movie|the show|boxing|sparring|mma|rugby|football|hockey|match|training|joking|jk)\b|\b(?:ewe|sheep|cow|calf|lamb|dog|horse|deer|rabbit|pig|fox|rat|mouse|bird|animal|put down|farm\w*|hunting|slaughter\w*|butcher\w*|rugby|match)\b|\b(?:strangle|kill|murder|throttle) (?:the|my) (?:pharmacy|bank|council|system|computer|printer|laptop|phone|company|insurer|insurance|airline|internet|wifi)\b/,
    scope: 'turn',
  }),
  // Voices that command harm.
  net('command_hallucinations', within(VOICE, HARM_ACT, 12), {
    actor: 'any',
    unless: new RegExp(
      [
        String.raw`\b(?:(?:mums|moms|dads|mothers|fathers|grans|nans) voice telling me to (?:wear|eat|tidy|be careful|come home|call)|wear a coat)\b`,
        // A voice the client speaks in, as compassion-focused work has them do ("the compassionate voice", "the
        // student nurse voice, I still do it"), in a turn where no voice tells, says or wants anything.
        String.raw`^(?![\s\S]*\b(?:tell|tells|telling|told|say|says|saying|said|want|wants|wanted|make|makes|order|orders|command\w*|urg\w*|scream\w*|shout\w*|whisper\w*)\b)[\s\S]*(?:\b(?:compassionate|kind|kinder|soothing|calm|gentle|warm|friendly|coach|coaching|own|inner coach) voice\b|\bvoice,? i (?:still )?(?:do|use|try|did|used|tried|practise|practice) (?:it|that)\b)`,
      ].join('|'),
    ),
  }),
  // Eating-disorder behaviour, in the first person.
  net('eating_disorder_behavior', EATING, {
    firstPerson: true,
    actor: 'any',
    unless:
      /\b(?:lent|ramadan|good friday|yom kippur|religious fast|drink too much|drank too much|drunk|drinking|booze|flu|bug|food poisoning|hangover|hung over|pregnan\w*|morning sickness|chemo\w*|stomach virus|norovirus|migraine|travel sick|seasick|car sick|motion sickness|ramadan|fasting for (?:blood|surgery|the test))\b/,
    scope: 'turn',
  }),
  // Dangerous substance use: a substance with a dangerous circumstance.
  net('dangerous_substance_use', within(SUBSTANCE, DANGER, 8), {
    firstPerson: true,
    actor: 'any',
    unless:
      /\b(?:testosterone|hormones?|my gp|prescribed|designated driver|did not drink|do not drink|sober driver|taxi|uber home|(?:wife|husband|partner|friend|mate|mum|mom|dad|she|he|they) drove (?:us|me)|one glass)\b/,
    scope: 'turn',
  }),
  // Means within reach, said of oneself.
  net('access_to_means', within(MEANS, KEEPING, 6), {
    firstPerson: true,
    actor: 'any',
    context:
      /\b(?:still|from before|hidden|hide|stash\w*|saved|saving|collect\w*|loaded|under my|in my (?:room|drawer|wallet|pencil case|bag|car|closet)|whenever|access)\b/,
    unless: /\b(?:pharmacy|prescribed|as directed|refill)\b/,
    scope: 'turn',
  }),
  // Hopelessness.
  net('hopelessness', HOPELESS, { firstPerson: true }),
];
