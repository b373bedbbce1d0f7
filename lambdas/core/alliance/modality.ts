/**
 * What kind of work a session is: motivational interviewing about a target behaviour, structured CBT, a
 * psychiatric medication follow-up, crisis work, a peer-support text chat, or (by default) supportive
 * counselling. The dimensions read a session against its own kind's norms (CLINICAL-GUIDE §3: a structured CBT
 * or psychiatric session asks more questions and reflects less than MI, and that is not a poor alliance).
 *
 * Each kind is recognised by what its practice is made of (the medicines and doses of a follow-up, the thought
 * records and homework of CBT, the safety questions of crisis work, the target behaviour and rulers of MI, the
 * typing of a chat), counted in turns so one passing mention decides nothing. The cues are the vocabulary of
 * each practice, not phrases from any data set.
 */
import type { ModalityReading, Modality } from '../../../schemas/alliance.js';
import type { RiskReport } from '../../../schemas/risk.js';
import type { CodedSession } from '../metrics/coded-session.js';

/** A practice's vocabulary, matched per turn on normalised text. */
const PRACTICE = {
  psychiatric:
    /\b(?:medications?|meds|medicines?|doses?|dosage|milligrams?|\d+ ?mg|side[- ]effects?|prescri\w+|refills?|pharmacy|tablets?|pills?|blood (?:tests?|work|levels?)|levels? (?:came back|were|are)|labs?|titrat\w+|taper\w*|increase (?:it|the dose)|lower (?:it|the dose)|antidepressants?|antipsychotics?|mood stabili[sz]ers?|stimulants?|injections?|depot|sleeping (?:pills?|tablets?)|appetite|\w+(?:oxetine|aline|opram|faxine|azepam|olam|apine|idone|iprazole|trigine|proate|phenidate|fetamine|clone|pidem|odone|zodone|ipramine|triptyline)|lithium|bupropion|mirtazapine)\b/,
  cbt: /\b(?:thought records?|automatic thoughts?|evidence (?:for|against)|cognitive|distortions?|thinking (?:traps?|errors?|patterns?)|core beliefs?|behaviou?ral (?:activation|experiments?)|exposures?|hierarch(?:y|ies)|homework|agenda|worksheets?|catastrophi[sz]\w*|activity (?:schedul\w+|logs?|diar(?:y|ies))|balanced thoughts?|alternative thoughts?|(?:the|that|this|negative|hot|anxious) thoughts?|thoughts? (?:was|were|went|came|about)|experiments?|predict\w*|safety behaviou?rs?|socratic|downward arrow|mood (?:log|rating|diary)|between sessions|(?:sleep|food|mood|activity|thought|panic|worry) (?:diary|diaries|log|record|window|restriction|hygiene|schedule)|diar(?:y|ies)|logs?|(?:this|next|coming) week|before (?:we|i) (?:meet|see you)|try (?:it|this|that) out|practi[cs]e|skills?|rate (?:it|that|your|how)|out of (?:ten|10|a hundred|100)|percent)\b/,
  mi: /\b(?:drink\w*|alcohol|beers?|wine|smok\w*|cigarettes?|vap\w+|nicotine|cannabis|weed|marijuana|drugs?|using|gambl\w+|bets?|betting|exercis\w+|diet|weight|sugar|screen time|cut (?:down|back)|quit\w*|(?:on a scale|scale of|from (?:zero|one|0|1) to (?:ten|10))|how (?:important|confident|ready)|pros and cons|good things about|(?:not so|less) good things)\b/,
  crisis:
    /\b(?:(?:are|do) you (?:feel )?safe|safe (?:right )?now|right now|tonight|safety plan|crisis|emergency|(?:call|calling) (?:911|999|112|an ambulance|the police)|ambulance|(?:go|get) to (?:the )?(?:hospital|emergency|a&e|er)|kill (?:yourself|myself)|suicid\w*|end (?:your|my) life|hurt (?:yourself|myself)|overdose|means|pills? with you|where are you (?:right now|now)|stay on the (?:line|phone)|someone (?:with you|who can (?:be with|stay))|hotline|helpline|lifeline)\b/,
} as const;

/**
 * Text-chat spellings no recogniser writes ("u", "idk", "lol"). Lower case without stops alone is not a chat: a
 * speech recogniser writes that way too.
 */
const CHAT_SPELLING = /(?:^|\s)(?:u|ur|idk|tbh|tho|lol|lmao|omg|pls|plz|thx|ty|rn|bc|cuz|ngl|imo|kk|ikr|smh|btw|jk|ttyl|ppl|sry|wbu|hbu)(?=\s|[.,!?]|$)/;

export interface ModalityCounts {
  /** Turns (either speaker) holding each practice's vocabulary. */
  turns: Record<keyof typeof PRACTICE, number>;
  /** Share of lines typed like a chat message. */
  chatShare: number;
  /** Share of lines that follow a line of the same speaker (a chat's several messages in a row). */
  runOnShare: number;
  /** Mean words per line. */
  wordsPerLine: number;
  /** Risk disclosures the detector judged current and moderate or high. */
  acuteRisk: number;
}

export function countModalityCues(session: CodedSession, risk: RiskReport): ModalityCounts {
  const turns = { psychiatric: 0, cbt: 0, mi: 0, crisis: 0 };
  let chatty = 0;
  let runOn = 0;
  let words = 0;
  for (const [i, t] of session.turns.entries()) {
    if (i > 0 && session.turns[i - 1]!.turn.speaker === t.turn.speaker) runOn++;
    words += t.words;
    for (const key of Object.keys(PRACTICE) as (keyof typeof PRACTICE)[]) if (PRACTICE[key].test(t.norm)) turns[key]++;
    const raw = t.turn.text.trim();
    // Typed, not spoken: chat spellings, or lower case with the question and exclamation marks a recogniser never writes.
    if (CHAT_SPELLING.test(raw) || (/^[a-z]/.test(raw) && /[,.?!]/.test(raw) && !/[.!?]\s+[A-Z]/.test(raw))) chatty++;
  }
  const acuteRisk = risk.findings.filter(
    (f) => (f.level === 'high' || f.level === 'moderate') && (f.recency === 'current' || f.recency === 'recent') && !['hopelessness'].includes(f.category),
  ).length;
  const n = Math.max(1, session.turns.length);
  return { turns, chatShare: chatty / n, runOnShare: runOn / n, wordsPerLine: words / n, acuteRisk };
}

/**
 * Reads the session's kind. Rules, in order: a chat typed as a chat is peer support; a session built around a
 * current, serious risk disclosure with safety work is crisis work; otherwise the practice whose vocabulary
 * fills the most turns, when it fills enough of them (a twelfth of the turns, at least four) to be the
 * session's substance; otherwise supportive counselling.
 */
export function detectModality(session: CodedSession, risk: RiskReport): ModalityReading {
  const c = countModalityCues(session, risk);
  const n = Math.max(1, session.turns.length);
  const share = (k: keyof ModalityCounts['turns']) => c.turns[k] / n;
  const cues: string[] = [];
  const reading = (kind: Modality, confidence: number): ModalityReading => ({
    kind,
    confidence: Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100,
    cues,
  });

  // A chat: typed like one, or short messages several in a row from one side; never a timed (spoken) transcript.
  const typed = c.chatShare >= 0.3;
  const messages = c.runOnShare >= 0.2 && c.wordsPerLine < 15;
  if ((typed || messages) && !session.transcript.turns.some((t) => t.start !== undefined)) {
    if (typed) cues.push(`${Math.round(c.chatShare * 100)}% of the lines typed as chat messages`);
    if (messages) cues.push(`${Math.round(c.runOnShare * 100)}% of the lines are a further message from the same side`);
    return reading('peer_support', Math.max(c.chatShare, c.runOnShare * 2));
  }
  if (c.acuteRisk > 0 && c.turns.crisis >= 3 && share('crisis') >= 0.06) {
    cues.push(`${c.acuteRisk} current risk disclosure${c.acuteRisk === 1 ? '' : 's'}`, `safety and crisis work in ${c.turns.crisis} turns`);
    return reading('crisis', 0.5 + share('crisis'));
  }
  const ranked = (['psychiatric', 'cbt', 'mi'] as const).map((k) => ({ k, s: share(k) })).sort((a, b) => b.s - a.s);
  const best = ranked[0]!;
  const WORDS = {
    psychiatric: 'medication and its effects',
    cbt: 'structured CBT work (agenda, thoughts, homework, exposure)',
    mi: 'a target behaviour and its change',
  } as const;
  if (c.turns[best.k] >= 4 && best.s >= 1 / 12) {
    cues.push(`${WORDS[best.k]} discussed in ${c.turns[best.k]} of ${n} turns`);
    const second = ranked[1]!;
    if (second.s >= 1 / 12) cues.push(`${WORDS[second.k]} in ${c.turns[second.k]} turns`);
    return reading(best.k, 0.4 + best.s - second.s / 2);
  }
  cues.push('no structured practice filled the session');
  return reading('supportive', 0.5);
}
