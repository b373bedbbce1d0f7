/**
 * Word classes the risk rules are built from. A rule names a phenomenon (an act of harm aimed at oneself,
 * a wish not to exist, a partner's violence) as a combination of these classes, so a new wording of the
 * same act is caught without adding a phrase. Text is the language layer's normal form: lower case,
 * contractions expanded ("do not", "i am", "i would"), fillers gone.
 */

const IRREGULAR: Record<string, string[]> = {
  take: ['take', 'takes', 'took', 'taken', 'taking'],
  cut: ['cut', 'cuts', 'cutting'],
  hit: ['hit', 'hits', 'hitting'],
  burn: ['burn', 'burns', 'burned', 'burnt', 'burning'],
  hang: ['hang', 'hangs', 'hanged', 'hung', 'hanging'],
  shoot: ['shoot', 'shoots', 'shot', 'shooting'],
  throw: ['throw', 'throws', 'threw', 'thrown', 'throwing'],
  beat: ['beat', 'beats', 'beaten', 'beating'],
  make: ['make', 'makes', 'made', 'making'],
  drive: ['drive', 'drives', 'drove', 'driven', 'driving'],
  write: ['write', 'writes', 'wrote', 'written', 'writing'],
  buy: ['buy', 'buys', 'bought', 'buying'],
  give: ['give', 'gives', 'gave', 'given', 'giving'],
  get: ['get', 'gets', 'got', 'gotten', 'getting'],
  think: ['think', 'thinks', 'thought', 'thinking'],
  feel: ['feel', 'feels', 'felt', 'feeling'],
  say: ['say', 'says', 'said', 'saying'],
  tell: ['tell', 'tells', 'told', 'telling'],
  leave: ['leave', 'leaves', 'left', 'leaving'],
  keep: ['keep', 'keeps', 'kept', 'keeping'],
  hold: ['hold', 'holds', 'held', 'holding'],
  put: ['put', 'puts', 'putting'],
  steal: ['steal', 'steals', 'stole', 'stolen', 'stealing'],
  eat: ['eat', 'eats', 'ate', 'eaten', 'eating'],
  drink: ['drink', 'drinks', 'drank', 'drunk', 'drinking'],
  stab: ['stab', 'stabs', 'stabbed', 'stabbing'],
  slit: ['slit', 'slits', 'slitting'],
  jump: ['jump', 'jumps', 'jumped', 'jumping'],
  swallow: ['swallow', 'swallows', 'swallowed', 'swallowing'],
  overdose: ['overdose', 'overdoses', 'overdosed', 'overdosing', 'od', 'oded', 'od-ed'],
  die: ['die', 'dies', 'died', 'dying'],
  lie: ['lie', 'lies', 'lay', 'lying'],
  drown: ['drown', 'drowns', 'drowned', 'drowning'],
  starve: ['starve', 'starves', 'starved', 'starving'],
  punch: ['punch', 'punches', 'punched', 'punching'],
  slap: ['slap', 'slaps', 'slapped', 'slapping'],
  kick: ['kick', 'kicks', 'kicked', 'kicking'],
  shove: ['shove', 'shoves', 'shoved', 'shoving'],
  grab: ['grab', 'grabs', 'grabbed', 'grabbing'],
  shake: ['shake', 'shakes', 'shook', 'shaken', 'shaking'],
  choke: ['choke', 'chokes', 'choked', 'choking'],
  strangle: ['strangle', 'strangles', 'strangled', 'strangling'],
  smother: ['smother', 'smothers', 'smothered', 'smothering'],
  scratch: ['scratch', 'scratches', 'scratched', 'scratching'],
  carve: ['carve', 'carves', 'carved', 'carving'],
  bang: ['bang', 'bangs', 'banged', 'banging'],
  run: ['run', 'runs', 'ran', 'running'],
  lock: ['lock', 'locks', 'locked', 'locking'],
  try: ['try', 'tries', 'tried', 'trying'],
  end: ['end', 'ends', 'ended', 'ending'],
  kill: ['kill', 'kills', 'killed', 'killing'],
  hurt: ['hurt', 'hurts', 'hurting'],
  harm: ['harm', 'harms', 'harmed', 'harming'],
  save: ['save', 'saves', 'saved', 'saving'],
  stockpile: ['stockpile', 'stockpiles', 'stockpiled', 'stockpiling'],
  collect: ['collect', 'collects', 'collected', 'collecting'],
  hoard: ['hoard', 'hoards', 'hoarded', 'hoarding'],
  stash: ['stash', 'stashes', 'stashed', 'stashing'],
  touch: ['touch', 'touches', 'touched', 'touching'],
  abuse: ['abuse', 'abuses', 'abused', 'abusing'],
  molest: ['molest', 'molests', 'molested', 'molesting'],
  rape: ['rape', 'rapes', 'raped', 'raping'],
  threaten: ['threaten', 'threatens', 'threatened', 'threatening'],
  push: ['push', 'pushes', 'pushed', 'pushing'],
  purge: ['purge', 'purges', 'purged', 'purging'],
  vomit: ['vomit', 'vomits', 'vomited', 'vomiting'],
  pass: ['pass', 'passes', 'passed', 'passing'],
  black: ['black', 'blacked', 'blacking'],
  plan: ['plan', 'plans', 'planned', 'planning'],
  research: ['research', 'researched', 'researching', 'look up', 'looked up', 'looking up', 'google', 'googled', 'googling', 'search', 'searched', 'searching'],
  mix: ['mix', 'mixes', 'mixed', 'mixing'],
  wish: ['wish', 'wishes', 'wished', 'wishing'],
  want: ['want', 'wants', 'wanted', 'wanting'],
  hope: ['hope', 'hopes', 'hoped', 'hoping'],
  pray: ['pray', 'prays', 'prayed', 'praying'],
  neglect: ['neglect', 'neglects', 'neglected', 'neglecting'],
  slam: ['slam', 'slams', 'slammed', 'slamming'],
  bruise: ['bruise', 'bruises', 'bruised'],
  injure: ['injure', 'injures', 'injured', 'injuring'],
  punish: ['punish', 'punishes', 'punished', 'punishing'],
  pinch: ['pinch', 'pinches', 'pinched', 'pinching'],
  suffocate: ['suffocate', 'suffocates', 'suffocated', 'suffocating'],
  poison: ['poison', 'poisons', 'poisoned', 'poisoning'],
  crash: ['crash', 'crashes', 'crashed', 'crashing'],
  step: ['step', 'steps', 'stepped', 'stepping'],
  walk: ['walk', 'walks', 'walked', 'walking'],
  off: ['off', 'offs', 'offed', 'offing'],
  top: ['top', 'tops', 'topped', 'topping'],
  binge: ['binge', 'binges', 'binged', 'bingeing', 'binging'],
  restrict: ['restrict', 'restricts', 'restricted', 'restricting'],
  skip: ['skip', 'skips', 'skipped', 'skipping'],
};

/** Every inflection of each verb, as one alternation: v('kill', 'end') → "(?:kill|kills|killed|killing|end|…)". */
export function v(...verbs: string[]): string {
  const forms = verbs.flatMap((verb) => IRREGULAR[verb] ?? [verb, `${verb}s`, `${verb}ed`, `${verb}ing`]);
  return `(?:${[...new Set(forms)].sort((a, b) => b.length - a.length).join('|')})`;
}

/** An optional run of up to n words. */
export const W = (n: number): string => `(?:[\\w',-]+ ){0,${n}}`;

export const SELF = '(?:myself|my self|meself)';
export const MODAL =
  '(?:want to|wanted to|wanting to|going to|gonna|will|would|could|might|should|need to|have to|thinking about|thought about|think about|thinking of|thought of|think of|tempted to|urge to|urges to|feel like|felt like|feels like|ready to|about to|decided to|plan to|planned to|planning to|tried to|try to|trying to|attempted to)';
export const BODY = '(?:arms?|wrists?|legs?|thighs?|stomach|belly|hips?|skin|chest|hands?|ankles?|forearms?|shoulders?|face|head|body|fingers?|knuckles?)';
export const HARM_TOOL = '(?:razors?|blades?|knife|knives|lighter|cigarettes?|scissors|glass|compass|pins?|needles?)';
export const PILLS =
  '(?:pills|tablets|meds|medications?|medicines?|painkillers|sleeping pills|sleeping tablets|paracetamol|tylenol|acetaminophen|ibuprofen|aspirin|insulin|antidepressants|benzos|xanax|valium|oxys?|opioids|prescriptions?|pill bottles?|the bottle)';
export const FIREARM = '(?:shotties|shotty|guns?|firearms?|rifles?|pistols?|shotguns?|handguns?|revolvers?|glocks?|weapons?|ammo|ammunition|bullets)';
export const METHOD_WORDS =
  '(?:pills|tablets|overdos\\w*|hang\\w*|rope|noose|belt|cord|guns?|shoot\\w*|shot|bridge|roof|ledge|building|cliff|train|tracks|traffic|jump\\w*|wrists?|drown\\w*|car|garage|exhaust|carbon monoxide|gas|crash\\w*|drive off|drive into|knife|razor|blade|bleach|poison)';
export const PARTNER =
  '(?:husband|wife|partner|boyfriend|girlfriend|bf|gf|fiance|fiancee|ex|ex-husband|ex-wife|ex-boyfriend|ex-girlfriend|spouse|man|fella|missus|other half)';
export const CHILD =
  '(?:kids?|child|children|son|daughter|baby|babies|toddler|boy|girl|little one|stepson|stepdaughter|infant|newborn|little brother|little sister|baby brother|baby sister|grandson|granddaughter|grandkids?|grandchildren|nephew|niece)';
export const ELDER =
  '(?:mom|mum|mother|dad|father|grandmother|grandma|granny|gran|nan|nana|grandfather|grandpa|grandad|granddad|aunt|uncle|elderly|old man|old lady|old woman|neighbor|disabled|resident|patient)';
export const CARER =
  '(?:carer|caregiver|care worker|aide|home help|nurse|staff|care home|nursing home|home|brother|sister|son|daughter|cousin|nephew|niece|son-in-law|daughter-in-law|stepson|stepdaughter|he|she|they)';
export const ABUSE_ACT = `(?:${v('hit', 'beat', 'punch', 'slap', 'kick', 'shove', 'push', 'choke', 'strangle', 'burn', 'hurt', 'abuse', 'molest', 'rape', 'touch', 'shake', 'throw', 'lock', 'grab', 'bruise', 'injure', 'neglect', 'starve', 'pinch', 'smother', 'slam')})`;
export const HEDGE = '(?:maybe|perhaps|i guess|kind of|sort of|a bit|a little|i suppose|probably|possibly|almost|half)';

/** "My partner pushed me" said of coming to therapy: encouragement, not violence. */
export const PUSHED_TO_COME =
  /^(?=[\s\S]*\bpush(?:ed|es|ing)? me\b)(?=[\s\S]*\b(?:came|come|coming|therapy|appointment|session|through the door|get help)\b)(?![\s\S]*\b(?:hit|hits|punch\w*|slap\w*|kick\w*|chok\w*|strangl\w*|shov\w*|bruis\w*|hurt|threw|grabbed)\b)/;
