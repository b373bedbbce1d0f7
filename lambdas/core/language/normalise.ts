/**
 * Spoken English as a transcript gives it, made regular before anything reads it: lower case, curly quotes
 * straightened, contractions expanded (with or without their apostrophes, as speech recognisers drop them),
 * informal reductions written out ("gonna", "wanna"), and fillers removed. Every text room reads this form,
 * so no pattern anywhere has to spell "don't", "dont" and "do not" three times.
 */

/** Contractions a recogniser writes without the apostrophe. Ambiguous words ("ill", "were", "its", "wed", "well") are left alone. */
const BARE_CONTRACTIONS: Record<string, string> = {
  im: 'i am',
  ive: 'i have',
  id: 'i would',
  youre: 'you are',
  youve: 'you have',
  youd: 'you would',
  youll: 'you will',
  hes: 'he is',
  shes: 'she is',
  theyre: 'they are',
  theyve: 'they have',
  theyd: 'they would',
  theyll: 'they will',
  weve: 'we have',
  thats: 'that is',
  whats: 'what is',
  itd: 'it would',
  itll: 'it will',
  hed: 'he would',
  nothings: 'nothing is',
  everythings: 'everything is',
  wouldve: 'would have',
  couldve: 'could have',
  shouldve: 'should have',
  theres: 'there is',
  dont: 'do not',
  doesnt: 'does not',
  didnt: 'did not',
  cant: 'can not',
  wont: 'will not',
  isnt: 'is not',
  arent: 'are not',
  wasnt: 'was not',
  werent: 'were not',
  wouldnt: 'would not',
  couldnt: 'could not',
  shouldnt: 'should not',
  havent: 'have not',
  hasnt: 'has not',
  hadnt: 'had not',
  aint: 'am not',
  gonna: 'going to',
  wanna: 'want to',
  gotta: 'got to',
  kinda: 'kind of',
  sorta: 'sort of',
  tryna: 'trying to',
  dunno: 'do not know',
  lemme: 'let me',
  cuz: 'because',
  coz: 'because',
  cos: 'because',
  till: 'until',
  // Scots, as recognisers and people write it.
  gonnae: 'going to',
  wannae: 'want to',
  dae: 'do',
  fae: 'from',
  wi: 'with',
  maist: 'most',
  noo: 'now',
  oot: 'out',
  tae: 'to',
  masel: 'myself',
  aw: 'all',
  // Typed chat.
  abt: 'about',
  ppl: 'people',
  rn: 'right now',
  idk: 'i do not know',
  idc: 'i do not care',
  tbh: 'to be honest',
  ngl: 'honestly',
  bc: 'because',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  thru: 'through',
  msg: 'message',
  msgs: 'messages',
  smth: 'something',
  tho: 'though',
  ur: 'your',
  u: 'you',
  nobodys: 'nobody has',
  somethings: 'something is',
  dinnae: 'do not',
  didnae: 'did not',
  cannae: 'can not',
  wouldnae: 'would not',
  couldnae: 'could not',
  isnae: 'is not',
  wasnae: 'was not',
  havnae: 'have not',
  nae: 'no',
  ken: 'you know',
};

/** "'d" is "had" before a past participle ("I'd taken"), "would" otherwise ("I'd rather"). */
const HAD_BEFORE =
  /^(?:(?:never|already|just|always|ever|not) )?(?:been|done|gone|had|taken|tried|thought|got|gotten|made|said|told|left|seen|written|bought|given|started|stopped|(?!(?:need|feed|bleed|speed|breed)\b)\w+ed)\b/;

/** Speech fillers that carry nothing; removed so that "i um want to die" reads as "i want to die". */
const FILLERS = /\b(?:um+|uh+|erm+|er|ah+|hmm+|mm+|mhm|uh-huh|you know|i mean|like,)(?=[\s,.!?;:]|$)[,]?/g;

function expandApostrophes(text: string): string {
  return text
    .replace(/\bcan't\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/\bshan't\b/g, 'shall not')
    .replace(/\bain't\b/g, 'am not')
    .replace(/n't\b/g, ' not')
    .replace(/\b(i)'m\b/g, '$1 am')
    .replace(/'re\b/g, ' are')
    .replace(/'ve\b/g, ' have')
    .replace(/'ll\b/g, ' will')
    .replace(/\b(\w+)'d\s+(\S+(?:\s+\S+)?)/g, (_m, who: string, next: string) => `${who} ${HAD_BEFORE.test(next) ? 'had' : 'would'} ${next}`)
    .replace(/\b(it|that|he|she|there|what|who|where|how|here)'s\b/g, '$1 is');
}

/**
 * The normal form of a piece of speech.
 *
 * @example
 * normaliseSpeech("Um, I dont wanna be here anymore, I'd rather not wake up"); // "i do not want to be here anymore, i would rather not wake up"
 */
export function normaliseSpeech(text: string): string {
  let s = text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, ' - ')
    .replace(/\u2026/g, '...');
  s = expandApostrophes(s);
  s = s.replace(/\b[a-z]+\b/g, (w) => BARE_CONTRACTIONS[w] ?? w);
  // "ill" is "i will" only where a verb follows in a first-person frame ("ill just end it").
  s = s.replace(
    /(^|[.!?,;]\s*|\band\s+|\bso\s+|\bbut\s+)ill\s+(?=(?:just|never|probably|be|do|go|end|kill|take|try|make|get|have|see|call|hurt|cut|jump|walk|drive)\b)/g,
    '$1i will ',
  );
  // Anywhere else, only before a verb no one says after "ill" the adjective ("ill stab him").
  s = s.replace(/\bill\s+(?=(?:stab|kill|shoot|hurt|hit|punch|strangle|smash|end|cut|jump|overdose|hang|burn|take|do it|never|just)\b)/g, 'i will ');
  s = s.replace(
    /(^|[.!?,;]\s*|\band\s+|\bso\s+|\bbut\s+|\bif\s+)(she|he)ll\s+(?=(?:just|never|probably|be|do|go|kill|hurt|take|find|make|get|come|leave)\b)/g,
    '$1$2 will ',
  );
  // "me" for "my" in many dialects ("me mum", "me calories"), before the nouns it is said with.
  s = s.replace(
    /\bme(?=\s+(?:mum|mam|mom|dad|da|nan|gran|granda|kids|bairns|weans|flatmate|mate|mates|partner|missus|fella|meds|tablets|pills|calories|diazepam|own|life|head|arm|arms|legs|wrists|room|brother|sister|son|daughter|wife|husband|boyfriend|girlfriend)\b)/g,
    'my',
  );
  s = s.replace(/\bmeself\b/g, 'myself');
  // Recogniser splits of risk words ("sue side", "over dose").
  s = s
    .replace(/\b(?:sue|sui|soo) ?(?:a )?side\b/g, 'suicide')
    .replace(/\bover dos(e|ed|es|ing)\b/g, 'overdos$1')
    .replace(/\bover does\b/g, 'overdose')
    .replace(/\blax a tives?\b/g, 'laxatives');
  // "Yeah, no" and "no, yeah" are discourse markers, not a negation.
  s = s.replace(/\b(?:yeah|yes),? no\b|\bno,? (?:yeah|yes)\b|\bno,? well,? yes\b/g, 'yes');
  s = s.replace(FILLERS, ' ');
  // "like" as a spoken filler ("in like 2015", "and like", "like ever"), never "feel like" or "like a burden".
  s = s.replace(
    /\b(in|for|about|and|but|so|yes|yeah|just|um|uh|i|it|its|then|been|had|have|with|my|me|all|um,)\s+like\s+(?!to\b|a\b|an\b|the\b|that\b|this\b|it\b|him\b|her\b|them\b|me\b|you\b|i\b)/g,
    '$1 ',
  );
  s = s.replace(/\s+like(?=\s*(?:[.!?,]|$))/g, '');
  s = s.replace(/\blike\s+(ever|never|always|really|totally|literally|actually|just|honestly|maybe|some|a few|\d+)\b/g, '$1');
  // Stutters and repeats from speech ("i i i want") read once.
  s = s.replace(/\b(\w+)(?:[\s,-]+\1\b)+/g, '$1');
  return s
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.!?;:])/g, '$1')
    .trim();
}
