/**
 * Every rule (rules.ts, concepts.ts, net.ts) needs at least one of these stems in the sentence it reads, so a
 * sentence with none of them is not run through the rules at all: most of a session says nothing of harm, and
 * this keeps the detector fast. A snapshot test over the whole risk corpus and the sample sessions proves the
 * filter changes no finding (tests/unit/risk/vocabulary.test.ts).
 */
const STEMS = [
  'suicid', 'unaliv', 'ctb', 'kms', 'kill', 'die', 'dying', 'dead', 'death', 'funeral', 'end', 'life', 'live', 'living', 'alive', 'exist',
  'wake', 'woke', 'sleep', 'gone', 'disappear', 'vanish', 'burden', 'better off', 'without me', 'here', 'around', 'picture', 'mercy',
  'hurt', 'harm', 'cut', 'burn', 'scratch', 'carv', 'bleed', 'bled', 'blood', 'scar', 'blade', 'razor', 'knife', 'knives', 'pin', 'nail',
  'bruis', 'mark', 'welt', 'lip', 'eye', 'sh', 'relaps', 'clean', 'sleeve', 'hoodie', 'heal', 'wound', 'bite', 'bit',
  'pill', 'tablet', 'med', 'dose', 'overdos', 'od', 'insulin', 'morphine', 'oxy', 'codeine', 'co-codamol', 'paracetamol', 'tylenol',
  'drug', 'vial', 'ampoule', 'supply', 'month', 'stash', 'stockpil', 'sav', 'collect', 'hoard', 'jar', 'drawer', 'cabinet', 'cupboard',
  'hang', 'hung', 'rope', 'noose', 'cord', 'belt', 'ligature', 'neck', 'throat', 'gun', 'rifle', 'shotgun', 'pistol', 'firearm', 'weapon',
  'glock', 'shoot', 'shot', 'bullet', 'ammo', 'bridge', 'overpass', 'cliff', 'roof', 'ledge', 'edge', 'balcony', 'train', 'track',
  'platform', 'traffic', 'motorway', 'highway', 'jump', 'drown', 'river', 'sea', 'lake', 'canal', 'reservoir', 'lookout', 'side',
  'car', 'garage', 'exhaust', 'hose', 'engine', 'crash', 'swerv', 'barrier', 'guardrail', 'wall', 'tree', 'gas', 'poison', 'bleach',
  'charcoal', 'helium', 'plan', 'date', 'decid', 'mind', 'intend', 'intent', 'mean', 'meant', 'serious', 'do it', 'go through', 'act on',
  'method', 'way', 'how', 'research', 'look', 'google', 'search', 'forum', 'letter', 'note', 'goodbye', 'bye', 'farewell', 'will',
  'insurance', 'affairs', 'order', 'loose ends', 'gave', 'give', 'giving', 'donat', 'need', 'attempt', 'tried', 'try', 'stomach',
  'hospital', 'icu', 'found me', 'stopped', 'chicken', 'pulled', 'talked', 'accident', 'purpose', 'knock', 'switch',
  'hit', 'beat', 'punch', 'slap', 'smack', 'klap', 'whack', 'spank', 'kick', 'shov', 'push', 'chok', 'strangl', 'throttl', 'smother',
  'grab', 'shak', 'shook', 'pinch', 'drag', 'threw', 'throw', 'tie', 'tying', 'lock', 'rough', 'abus', 'assault', 'rap', 'molest',
  'touch', 'room', 'secret', 'pic', 'batter', 'leather', 'hiding', 'attack', 'stab', 'murder', 'destroy', 'smash', 'bash', 'stamp',
  'pay', 'suffer', 'regret', 'revenge', 'even with', 'back at', 'lesson', 'coming to', 'list', 'wait for', 'sort', 'deal with', 'threat',
  'afraid', 'scared', 'terrified', 'fear', 'safe', 'violen', 'control', 'phone', 'money', 'card', 'pension', 'account', 'cash', 'bank',
  'alone', 'own', 'themselves', 'feed', 'fed', 'food', 'hungry', 'filthy', 'nappies', 'nappy', 'diaper', 'school', 'street', 'midnight',
  'soiled', 'sheet', 'sore', 'doctor', 'let', 'wheelchair', 'extra', 'bed',
  'eat', 'ate', 'meal', 'calori', 'cals', 'kcal', 'fast', 'starv', 'restrict', 'binge', 'purg', 'sick', 'vomit', 'throw up', 'threw up',
  'laxat', 'laxies', 'diet', 'weigh', 'lbs', 'pound', 'kg', 'kilo', 'stone', 'thin', 'faint', 'spit', 'chew', 'finger', 'gym', 'exercis',
  'run', 'teeth', 'coffee', 'tea', 'cracker', 'apple', 'nothing but', 'back up', 'hanging off',
  'drink', 'drank', 'drunk', 'alcohol', 'booze', 'wine', 'beer', 'vodka', 'whisk', 'gin', 'rum', 'cider', 'lager', 'can', 'pint',
  'spirit', 'brandy', 'sherry', 'bourbon', 'scotch', 'liquor', 'pissed', 'bladdered', 'steaming', 'legless', 'wasted', 'hammered',
  'smashed', 'mashed', 'high', 'stoned', 'off my', 'lash', 'bender', 'drive', 'drove', 'driving', 'wheel', 'dui', 'dwi', 'mix', 'xanax',
  'benzo', 'bars', 'lean', 'valium', 'diazepam', 'klonopin', 'clonazepam', 'ativan', 'lorazepam', 'alprazolam', 'temazepam',
  'zopiclone', 'opioid', 'opiate', 'heroin', 'fent', 'methadone', 'tramadol', 'gabapentin', 'pregabalin', 'ghb', 'ket', 'mdma',
  'molly', 'coke', 'cocaine', 'meth', 'gear', 'spice', 'mandy', 'blues', 'edible', 'adderall', 'stimulant', 'line', 'gram', 'bump',
  'inject', 'needle', 'narcan', 'naloxone', 'black', 'pass', 'seizure', 'fit', 'dts', 'delirium', 'withdraw', 'cold turkey', 'shaking',
  'bugs', 'crawl', 'see', 'breath', 'heart', 'chest', 'nod', 'bath', 'floor', 'hand', 'too many', 'too much', 'using', 'used', 'use',
  'voice', 'whisper', 'hear', 'head', 'devil', 'god', 'satan', 'ancestor', 'spirit', 'angel', 'demon', 'tell', 'told', 'say', 'said',
  'order', 'command', 'vents', 'tv', 'radio',
  'hope', 'point', 'future', 'trap', 'stuck', 'escape', 'give up', 'given up', 'gave up', 'worthless', 'empty', 'go on', 'carry on',
  'keep going', 'continue', 'cope', 'finish', 'change', 'better', 'fixing', 'ruin', 'forward', 'never', 'again', 'same', 'done',
  'tired', 'sick of', 'wish', 'want', 'pray', 'rather', 'prefer', 'envy', 'jealous', 'relie', 'easier', 'bother', 'care', 'matter',
  'disappoint', 'gutted', 'take me', 'stop', 'over', 'out', 'sue side', 'take', 'took', 'swallow', 'all of',
  'box', 'coffin', 'daisies', 'feet under', 'beam', 'hold', 'tonight', 'socials', 'deleted', 'remand', 'cell', 'flap', 'exhaust', 'deep',
  'grass', 'proper', 'pentobarb', 'euthanasia', 'barbiturat', 'ones', 'jug', 'nose', 'swallow', 'body', 'whisky', 'quad', 'recovery',
  'road', 'deserve', 'lost', 'coming back',
  'barrel', 'mouth', 'flash', 'drop', 'window', 'through', 'put', 'carbon', 'monoxide', 'painless', 'revolver',
  'stupid', 'drastic', 'silly', 'fantas', 'blister', 'left', 'stood', 'chair', 'road',
  'yell', 'scream', 'broke', 'broken', 'jaw', 'tape', 'bottle', 'antidepress', 'arrang', 'myself', 'beyond', 'help',
];

// Stems start a word ("end" is not in "friend"); the shortest ones are whole words.
const WHOLE = new Set(['sh', 'od', 'can', 'see', 'use', 'way', 'how', 'out', 'own', 'let', 'bit', 'eye', 'lip', 'pin', 'rap', 'gin', 'rum', 'fit', 'run', 'tea', 'ate', 'eat', 'kg', 'g', 'tv', 'ctb', 'kms', 'dts', 'ket', 'pay', 'say', 'said', 'told', 'tell', 'bed', 'car', 'sea', 'god', 'gas', 'fed', 'jar']);
const VOCABULARY = new RegExp(`\\b(?:${STEMS.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + (WHOLE.has(w) ? '\\b' : '')).join('|')})`);

/** Whether a sentence (normalised) could hold any risk at all. */
export function mayHoldRisk(text: string): boolean {
  return VOCABULARY.test(text);
}
