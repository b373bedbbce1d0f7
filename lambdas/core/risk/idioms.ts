/**
 * Figures of speech built from the words of harm ("this commute is killing me", "I'd rather die than…",
 * "shot myself in the foot", "dead tired"). They are blanked out of a sentence before any rule reads it, so
 * neither the rules nor the safety net mistake them for disclosures. Each entry is a construction (a verb
 * of harm with what makes it figurative), not a sentence from any session.
 */
import { v } from './words.js';

const IDIOMS: readonly string[] = [
  // Something that is not a person doing the killing: "it's killing me", "my back is killing me".
  `(?:this|that|it|work|the job|my job|the commute|my (?:back|feet|knees|head|neck)|the heat|the traffic|the wait|the suspense|these shoes|school|college|uni|exams?|the kids|mondays) (?:is|are|was|were) (?:${'(?:\\w+ )?'})?killing me`,
  `kill(?:ing)? (?:for|time|the (?:mood|vibe|lights?|engine)|it|two birds)|killed it|killing it|would kill for|could kill for`,
  `(?:rather|sooner) (?:die|be dead|kill myself|jump off a bridge|eat glass) than`,
  `dead (?:tired|on my feet|serious|set|end|ringer|beat|easy|giveaway|weight|zone|heat|broke|lucky|on)|deadline|drop dead (?:gorgeous)?|over my dead body|dead to me|(?:battery|phone|laptop|car|plant|plants|it) (?:has |had |is |was )?(?:died|dead)`,
  `(?:to|bored|scared|frightened|worried|loved|tickled|embarrassed) (?:to |half to )?death|die (?:laughing|of (?:embarrassment|shame|boredom))|dying (?:to|for|of laughter)|to die for|i nearly died|i almost died (?:of|laughing)`,
  `shot myself in the foot|shoot (?:me|you|him|her|them) (?:an? )?(?:email|text|message|line|dm)|shoot the breeze|shoot for the|shot (?:of|at) (?:tequila|vodka|espresso)|take a shot at|big shot|long shot|give it a shot|my best shot`,
  `${v('cut')} (?:back|down|out|off|corners|ties|the (?:grass|lawn|cake|cord|crap)|my (?:hair|nails|losses)|class|school|it out|to the chase)|cut (?:me|him|her|them) (?:some )?slack|paper cut|haircut`,
  // A particle verb with a pronoun between: "cut that right down", "cut them back" (to reduce, never a wound).
  `${v('cut')} (?:it|that|this|them|those|these) (?:right |way |right way )?(?:back|down)(?! to the bone)`,
  `${v('hit')} (?:the (?:gym|road|sack|hay|books|bar|shops|ceiling|roof|jackpot|spot|wall)|it off|me up|the nail)|hit rock bottom|big hit|hit or miss`,
  `(?:murder|murdered|kill|destroy|demolish|smash|smashed|crush|crushed|nail|nailed) (?:a |an |that |the )?(?:burger|pizza|pint|curry|kebab|coffee|beer|exam|test|interview|presentation|game|level|workout|set|gig)`,
  `(?:beat|beating) (?:the traffic|the rush|me to it|myself up|the odds|the system|the boss|the level|the game)|beat myself up|killing myself (?:laughing|with work|at work|trying)|working myself to death|drink myself silly`,
  `shoot(?:ing)? through|shot through|(?:be|is|will be|are) the death of me|(?:plants?|flowers?|fish|goldfish|hamster|battery|phone|laptop) (?:${'(?:\\w+ ){0,4}'})?(?:all )?died`,
  `(?:killed|unalived|murdered|destroyed|wrecked) (?:the )?(?:final )?(?:boss|enemy|mob|dragon|raid)|dy(?:e|ing|ed) (?:my|her|his|our) hair|dying (?:my|her|his) (?:hair|clothes|shirt)`,
  `suicide (?:prevention|awareness|hotline|helpline|line|watch|squad|bomber|doors?|mission|run|note in)|(?:killed|killing|kill|died|dying|die|dead) (?:\\w+ ){0,9}(?:level|levels|boss|respawn|lobby|shooter|fortnite|minecraft|raid|pvp|npc)|(?:level|boss|shooter game|lobby) (?:\\w+ ){0,9}(?:killed|killing|kill|died|dying)|(?:jump|jumped|jumping) (?:\\w+ ){0,5}(?:for|with) joy|dead to the world|goodbyes? to (?:the|my) (?:old )?(?:car|house|flat|job|office|bike|sofa|van)|kick(?:ing|ed)? myself|(?:a|like a) loaded gun|smoking gun|jump(?:ed)? the gun|jump(?:s|ed|ing)? to (?:the )?(?:conclusions?|the worst|worst case)|jump(?:s|ed|ing)? at the (?:chance|opportunity)|jump(?:s|ed|ing)? through hoops|jump(?:s|ed|ing)? ship|jump(?:s|ed|ing)? on the bandwagon|jump ?start\\w*|stick to (?:my|your|his|her) guns|son of a gun|big guns|beat (?:me|him|her|them|us) (?:at|in) \\w+|(?:i am|am) (?:so |absolutely |literally )?starving|overdos(?:ed|ing) on (?:it|music|that song|the song|songs|the show|the series)`,
  `hang (?:me|him|her|you) out to dry|hanging (?:doors|wallpaper|pictures|curtains|shelves|washing|baskets)|cutting (?:skirting|wood|timber|tiles|the grass|hair)|can see things getting better`,
  `talk(?:ing|s|ed)? smack|smack talk|cut ,? (?:stop|reduce|quit)|(?:fall|fell|trip|tripped|slip|slipped) and hurt myself|hurt myself (?:in the long run|long term)`,
  `hang (?:out|on|in there|up|around|with|tight)|hung (?:out|up|over)|hangover|(?:overdose|overdosed|od|od'd) on (?:coffee|caffeine|sugar|chocolate|netflix|tv|memes|cake)`,
  `(?:my|the) (?:character|guy|avatar|team|squad|toon|champion|hero) (?:died|got killed|killed|keeps dying)|(?:got|get) (?:killed|shot|wrecked|destroyed) (?:in|on) (?:the )?(?:game|match|round|level|fortnite|cod|raid)|(?:killed|kill) (?:the )?(?:boss|level|raid|mob)|respawn\\w*|headshot\\w*|kill streak|killstreak`,
  `(?:i want|wanted|want) the (?:floor|ground|earth) to swallow me|(?:could|would) have died (?:of|right there)|mortified|cringe(?:d)? to death`,
  `(?:(?:my|her|his|our) )?(?:mum|mom|dad|mother|father|boss|teacher|coach|sister|brother) (?:is|will be|would be|was|is going to be|will|would|is gonna) (?:going to |gonna )?(?:kill|murder|strangle) me(?= (?:when|if) (?:she|he|they) (?:finds? out|sees?|hears?|gets)| (?:lol|lmao|haha)|$| ,| \\.)`,
];

const IDIOM_PATTERN = new RegExp(`\\b(?:${IDIOMS.join('|')})\\b`, 'g');

/** The sentence with its figures of speech blanked to a neutral token, same clause structure kept. */
export function withoutIdioms(text: string): string {
  return text.replace(IDIOM_PATTERN, 'figure');
}
