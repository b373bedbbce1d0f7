/**
 * Challenge flags: the eight patterns a clinical supervisor would raise about one session. Each flag is
 * emitted only when its evidence is in the transcript; its rationale says what was counted (never what
 * was said), its evidence quotes the turns verbatim, and its suggestion is the supervisor's next move.
 */
import type { ChallengeFlag, Evidence, FlagType, RuptureMarker } from '../../../schemas/alliance.js';
import type { SessionMetrics } from '../../../schemas/metrics.js';
import type { Turn } from '../../../schemas/transcript.js';
import { quoteOf, type CodedSession, type CodedTurn } from '../metrics/coded-session.js';
import { codeClientTurn } from '../metrics/utterance-codes.js';
import { normalise } from '../metrics/text.js';
import { findRuptureCues, repairMoveOf, withdrawnAnswerMarker } from './ruptures.js';

type Severity = ChallengeFlag['severity'];
const MAX_EVIDENCE = 4;

// ---- cues (matched on normalised text, compiled once) ----

// Discord (MI 4th ed., Miller & Rollnick 2023, ch. "Sustain talk and discord"): arguing, discounting, defending.
const DISCORD =
  /(?:^|[.?!]\s*)(?:yes|yeah),? but\b|\b(?:(?:that|it|this) (?:won't|will not|wouldn't|would not|doesn't|does not|never) (?:work|help)|(?:that|it)(?:'s| is) not (?:going|gonna) to (?:work|help|change anything)|i(?:'ve| have) (?:already )?tried (?:that|it|this|everything|all that)|i (?:don't|do not) need to be here|(?:made|makes|making|forced|forcing|sent) me (?:come|be here|to come)|(?:not|isn't|is not) my problem|i (?:don't|do not) (?:have|think i have) a problem|i (?:don't|do not) need (?:anyone|anybody|you|help|to stop|to change)|(?:telling|tell) me (?:what to do|how to live)|you can't make me|i(?:'m| am) only here (?:because|so|for|to)|i (?:don't|do not) think (?:\w+ ){1,3}(?:is|are) the problem|that's not for me|i doubt i'll|i(?:'m| am) not (?:going|gonna) (?:to )?(?:do|go|stop|try|change))\b/;

// Technique vocabulary (Castonguay et al. 1996: rigid adherence to the CT rationale at the expense of the alliance).
const TECHNIQUE_SOURCE =
  "\\b(?:thought records?|worksheets?|homework|cognitive distortions?|catastrophi[sz]ing|modules?|exercises?|techniques?|protocols?|handouts?|columns?|automatic thoughts?|cognitive restructuring|behaviou?ral (?:activation|experiments?)|activity scheduling|socratic|all-or-nothing|mind reading|hot thoughts?|checklists?|mastery activities|balanced (?:thought|alternative)|coping skills?|diary cards?)\\b";
const TECHNIQUE_TERM = new RegExp(TECHNIQUE_SOURCE);
const TECHNIQUE_TERMS = new RegExp(TECHNIQUE_SOURCE, 'g');
const CLIENT_EMOTION =
  /\b(?:scared|afraid|terrified|frightened|fear|crying|cry|cried|tears|alone|lonely|sad|grief|grieving|devastated|heartbroken|exhausted|overwhelmed|hopeless|worthless|ashamed|guilty|hurt|hurts|angry|furious|panic\w*|anxious|worried|nervous|desperate|numb|miserable|depressed|down|barely holding|falling apart|can't cope|going to die)\b/;
const ACKNOWLEDGES_EMOTION =
  /\b(?:that sounds (?:\w+ )?(?:hard|painful|scary|frightening|awful|difficult|terrifying|exhausting|heavy|overwhelming|lonely)|that must (?:be|have been|feel)|i(?:'m| am) (?:so |really |very )?sorry|of course you|no wonder|it makes sense (?:that )?you|(?:you're|you are|you've been|you feel|you're feeling|feeling) (?:so |really |very )?(?:scared|afraid|frightened|alone|lonely|sad|exhausted|overwhelmed|worried|anxious|hurt|angry|upset|frustrated)|how (?:are|is) (?:you|that) (?:feeling|holding up)|what's (?:that|it) like for you)\b/;

// Misunderstanding: the client corrects or asks what the therapist meant.
const CORRECTION =
  /\b(?:that's not (?:what i (?:said|meant|mean)|it|right|quite (?:it|right)|true)|that is not what i|not exactly|no,? i (?:meant|mean|said)|what i (?:mean|meant) (?:is|was)|i never (?:said|mentioned)|i didn't say|i(?:'m| am) (?:a bit |a little |so )?confused(?:\s*[.?!]|$| (?:by|about) what you)|what do you mean|i don't understand (?:what you|the question)|(?:we're|we are) talking past each other|you(?:'ve| have)? misunderstood|you(?:'ve| have) got (?:it|that|me) wrong|that's not what i was (?:saying|trying))/;
const DENIES_REFLECTION = /^(?:no|nope|not really)\b[,.]|^i(?:'m| am) not (?:angry|sad|upset|scared|worried|frustrated|anxious)\b/;

// Cultural content (Hays 2016 ADDRESSING: age, disability, religion, ethnicity, social class, sexual
// orientation, indigenous heritage, national origin, gender), and the therapist's broaching of it
// (Day-Vines et al. 2007; Hook et al. 2013 cultural humility).
const CULTURE_CUE =
  /\b(?:(?:my|our|your) culture|cultur(?:e|al|ally)|religio(?:n|us)|(?:my|our) faith|church|mosque|temple|synagogue|pray(?:er|ing)?|ramadan|my (?:family|parents|mother|father|mom|mum|dad) (?:would never|would not|wouldn't|expects?|expected|will never|won't (?:accept|allow|understand)|wants? me to)|(?:what|how) my (?:family|parents) (?:want|wants|expect|expects)|family (?:expectations?|honou?r|duty)|shame (?:on )?(?:my|our) (?:family|parents)|(?:we|i|my family|my parents) (?:came|moved|emigrated|immigrated) (?:here|to this country|over)|immigra\w+|refugee|back home|(?:in|from) my (?:home )?country|in english|my (?:first |native |own )?language|(?:doesn't|does not|won't|can't) translate|racis\w+|discriminat\w+|(?:you're|you are) not from (?:here|where)|people like (?:me|us)|(?:our|my) community|where i'm from|tradition(?:s|al)?|arranged marriage|caste|tagalog|arabic|urdu|hindi|punjabi|mandarin|cantonese|vietnamese|somali|farsi|tamil|yoruba|igbo)\b/;
const BROACHES_CULTURE =
  /\b(?:your (?:culture|family's (?:expectations|values)|faith|religion|background|community|heritage|identity|language|parents' expectations)|how (?:does|do|might) (?:your|that|those) (?:culture|background|faith|family|identity|values) (?:shape|affect|influence|fit)|(?:tell|teach) me (?:more )?about (?:your|that|what)|what (?:does|would) (?:\w+ ){0,2}mean (?:to you|in your)|(?:our|my) (?:different )?backgrounds?|i(?:'m| am) not from your)\b/;
const DISMISSES_CULTURE =
  /\b(?:let's (?:just )?(?:move on|call it|focus on what you)|lots of people|most people|(?:it's|that's) (?:a )?normal|you're an adult|none of their business|set (?:some )?boundaries|just tell them)\b/;

// In-session signs of a depleted therapist (Maslach: depersonalisation; Delgadillo et al. 2018).
const BURNOUT_CUE =
  /\b(?:where were we|remind me\b(?! to\b)|(?:sorry|pardon),? (?:what did you (?:just )?say|what was that|i missed that)|what did you say (?:again|your|their|his|her)|i (?:forgot|forget|don't remember|can't remember) (?:what|who|your|if|whether|the)|(?:wrap (?:up|it up|this up)|stop|finish|end) (?:a bit |a little )?early|cut (?:it|this|things|the session) short|i(?:'m| am) (?:so |really )?(?:tired|exhausted|burnt out|burned out))/;
/** Checked on the raw text: normalising removes bracketed annotations. */
const DISENGAGED_ANNOTATION =
  /\[(?:sighs?|sighing|yawns?|yawning|checks? (?:(?:the|his|her|their) )?(?:phone|watch|clock|time)|looks? at (?:(?:the|his|her|their) )?(?:phone|watch|clock))\]/i;
const MINIMAL_ACK = /^(?:mm+-?hm+|mhm|uh-huh|okay|ok|right|yeah|yes|sure|good|oh|i see|alright|fine)\b/;

// ---- evidence helpers ----

const SENTENCE = /[^.?!]+(?:[.?!]+|$)/g;

/** A verbatim quote of the first sentence (of the raw text) that satisfies `matches`, via quoteOf. */
function quoteWhere(turn: Turn, matches: (sentence: string) => boolean): string {
  const sentences = (turn.text.match(SENTENCE) ?? [turn.text]).map((s) => s.trim()).filter((s) => s.length > 0);
  return quoteOf(turn, Math.max(0, sentences.findIndex(matches)));
}

interface Cited {
  turn: CodedTurn;
  quote: string;
}

function cite(turn: CodedTurn, pattern?: RegExp): Cited {
  return { turn, quote: quoteOf(turn.turn, 0, pattern) };
}

/** Up to four quotes, one per turn, in the order given (most telling first). */
function evidenceOf(cited: Cited[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const c of cited) {
    if (out.length >= MAX_EVIDENCE || seen.has(c.turn.turn.id) || c.quote.length === 0) continue;
    seen.add(c.turn.turn.id);
    out.push({ turnId: c.turn.turn.id, quote: c.quote });
  }
  return out;
}

function ids(turns: CodedTurn[]): string {
  return turns.map((t) => t.turn.id).join(', ');
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** The therapist turn that answers a client turn: the next therapist turn before the client speaks again. */
function nextTherapistTurns(session: CodedSession, from: CodedTurn, count: number): CodedTurn[] {
  const out: CodedTurn[] = [];
  for (let i = from.index + 1; i < session.turns.length && out.length < count; i++) {
    const t = session.turns[i]!;
    if (t.turn.role === 'therapist') out.push(t);
  }
  return out;
}

const SUGGESTIONS: Record<FlagType, string> = {
  client_resistance:
    'Roll with the resistance rather than arguing: reflect both sides of the ambivalence (double-sided reflection), emphasise the client\'s autonomy and choice, and ask what they would want from the sessions before offering any plan.',
  emotional_withdrawal:
    'Slow down and make room: reflect the feeling behind the short answers, name the quietness gently, and check in about the process ("how is it to be here today?") before returning to content.',
  overemphasis_on_technique:
    'Put the technique after the relationship: reflect the client\'s emotion first, then explain the rationale for any exercise, ask whether it fits for them now, and invite feedback on the pace.',
  miscommunication:
    'Summarise and check understanding before moving on ("let me see if I have this right…"), offer reflections tentatively, and let the client correct them without pressing a new interpretation.',
  cultural_differences:
    'Broach cultural identity openly and with cultural humility: ask how the client\'s culture, faith, family expectations or migration shape the problem and what a good outcome looks like in their terms, rather than applying majority-culture norms.',
  lack_of_engagement:
    'Evoke rather than instruct: elicit the client\'s own goals and values with open questions, reflect what matters to them, and agree the agenda together so the client has more of the floor.',
  low_therapist_engagement:
    'Listen back to the cited turns in supervision: a reflection of the last thing the client said keeps the thread, and naming a lapse ("Sorry, I lost what you were saying there; can you tell me again?") repairs it.',
  therapeutic_rupture:
    'Metacommunicate about the rupture: name what happened between you, validate the client\'s reaction, take responsibility for your part, and ask what would be more helpful (Safran & Muran).',
};

function flag(type: FlagType, severity: Severity, rationale: string, evidence: Evidence[]): ChallengeFlag {
  return { type, severity, rationale, evidence, suggestion: SUGGESTIONS[type] };
}

// ---- the eight flags ----

/**
 * Discord and sustain talk (MI 4th ed.). Emitted for ≥2 discord turns, 1 discord turn with ≥2
 * sustain-talk turns, or ≥4 sustain-talk turns outnumbering change talk 2:1 (sustain talk alone is
 * ambivalence, so it needs more weight than discord).
 * high: ≥4 discord turns, or ≥3 with sustain talk outweighing change talk; medium: ≥2 discord turns
 * or ≥4 sustain-talk turns; low otherwise.
 */
function clientResistance(session: CodedSession, metrics: SessionMetrics): ChallengeFlag | null {
  const discord = session.clientTurns.filter((t) => DISCORD.test(t.norm));
  const { sustainTalk: sustain, changeTalk: change } = metrics.client;
  const sustainDominant = sustain >= 4 && sustain >= 2 * change;
  if (!(discord.length >= 2 || (discord.length >= 1 && sustain >= 2) || sustainDominant)) return null;
  const severity: Severity =
    discord.length >= 4 || (discord.length >= 3 && sustain > change) ? 'high' : discord.length >= 2 || sustain >= 4 ? 'medium' : 'low';
  const discordSet = new Set(discord);
  const sustainTurns = session.clientTurns.filter((t) => t.client === 'sustain' && !discordSet.has(t));
  const cited = [
    ...discord.map((t) => cite(t, DISCORD)),
    ...sustainTurns.map((t) => ({ turn: t, quote: quoteWhere(t.turn, (s) => codeClientTurn(s) === 'sustain') })),
  ];
  const rationale =
    `${discord.length} client turn(s) argued with or discounted the work${discord.length > 0 ? ` (discord: ${ids(discord)})` : ''}; ` +
    `${sustain} sustain-talk vs ${change} change-talk turn(s).`;
  return flag('client_resistance', severity, rationale, evidenceOf(cited));
}

/**
 * Withdrawal markers (Safran & Muran 2000; 3RS). Emitted when a withdrawal rupture marker exists.
 * high: ≥5 withdrawn answers making up ≥50% of client turns; medium: ≥3 withdrawn answers or an
 * unrepaired withdrawal episode; low otherwise.
 */
function emotionalWithdrawal(session: CodedSession, ruptures: RuptureMarker[]): ChallengeFlag | null {
  const episodes = ruptures.filter((r) => r.kind === 'withdrawal');
  if (episodes.length === 0) return null;
  const withdrawn = findRuptureCues(session).filter((c) => c.kind === 'withdrawal');
  const share = session.clientTurns.length > 0 ? withdrawn.length / session.clientTurns.length : 0;
  const unrepaired = episodes.filter((r) => !r.repaired).length;
  const severity: Severity = withdrawn.length >= 5 && share >= 0.5 ? 'high' : withdrawn.length >= 3 || unrepaired > 0 ? 'medium' : 'low';
  // Quote answers that have words before silences.
  const ordered = [...withdrawn.filter((c) => c.turn.words > 0), ...withdrawn.filter((c) => c.turn.words === 0)];
  const rationale =
    `${withdrawn.length} of ${session.clientTurns.length} client turns (${percent(share)}) were minimal, non-committal or silent answers, ` +
    `in ${episodes.length} withdrawal episode(s) starting at ${episodes.map((r) => r.turnId).join(', ')}; ${unrepaired} not attended to by the therapist.`;
  return flag('emotional_withdrawal', severity, rationale, evidenceOf(ordered.map((c) => cite(c.turn, c.pattern))));
}

/**
 * Technique over relationship (Castonguay et al. 1996; Beck CTRS interpersonal effectiveness).
 * Emitted for ≥4 technique terms across ≥2 therapist turns with either ≥2 client emotions the next
 * therapist turn left unacknowledged, or long therapist turns (mean ≥30 words or ≥65% of words).
 * high: ≥3 unacknowledged emotions plus long turns or ≥8 terms; medium: ≥2 unacknowledged emotions,
 * or long turns with ≥8 terms; low otherwise.
 */
function overemphasisOnTechnique(session: CodedSession, metrics: SessionMetrics): ChallengeFlag | null {
  let terms = 0;
  const techniqueTurns: CodedTurn[] = [];
  for (const t of session.therapistTurns) {
    const n = t.norm.match(TECHNIQUE_TERMS)?.length ?? 0;
    terms += n;
    if (n > 0) techniqueTurns.push(t);
  }
  if (terms < 4 || techniqueTurns.length < 2) return null;
  const missed = session.clientTurns.filter((c) => {
    if (!CLIENT_EMOTION.test(c.norm)) return false;
    const reply = nextTherapistTurns(session, c, 1)[0];
    return reply !== undefined && !ACKNOWLEDGES_EMOTION.test(reply.norm);
  });
  const talk = metrics.talk.therapist;
  const long = talk.meanTurnWords >= 30 || talk.wordShare >= 0.65;
  if (missed.length < 2 && !long) return null;
  const severity: Severity =
    missed.length >= 3 && (long || terms >= 8) ? 'high' : missed.length >= 2 || (long && terms >= 8) ? 'medium' : 'low';
  const rationale =
    `${terms} technique or protocol terms across ${techniqueTurns.length} of ${session.therapistTurns.length} therapist turns; ` +
    `therapist turns averaged ${Math.round(talk.meanTurnWords)} words (${percent(talk.wordShare)} of all words); ` +
    `${missed.length} client turn(s) expressing emotion were not acknowledged in the next therapist turn${missed.length > 0 ? ` (${ids(missed)})` : ''}.`;
  const cited = [...missed.slice(0, 2).map((t) => cite(t, CLIENT_EMOTION)), ...techniqueTurns.map((t) => cite(t, TECHNIQUE_TERM))];
  return flag('overemphasis_on_technique', severity, rationale, evidenceOf(cited));
}

/**
 * Misunderstanding (reflective-listening accuracy, MI 4th ed.). Emitted for ≥2 client corrections.
 * high: ≥4 corrections or ≥3 corrected reflections; medium: 3 corrections or 2 corrected reflections; low: 2.
 */
function miscommunication(session: CodedSession): ChallengeFlag | null {
  const corrections: CodedTurn[] = [];
  let correctedReflections = 0;
  for (const c of session.clientTurns) {
    const before = session.turns[c.index - 1]?.therapist;
    const afterReflection = before !== undefined && before.reflections.simple + before.reflections.complex > 0;
    if (CORRECTION.test(c.norm) || (afterReflection && DENIES_REFLECTION.test(c.norm))) {
      corrections.push(c);
      if (afterReflection) correctedReflections++;
    }
  }
  if (corrections.length < 2) return null;
  const severity: Severity =
    corrections.length >= 4 || correctedReflections >= 3 ? 'high' : corrections.length >= 3 || correctedReflections >= 2 ? 'medium' : 'low';
  const rationale =
    `The client corrected the therapist or said they were confused in ${corrections.length} turn(s) (${ids(corrections)}); ` +
    `${correctedReflections} of these corrected a therapist reflection.`;
  const cited = corrections.map((t) => ({ turn: t, quote: quoteWhere(t.turn, (s) => CORRECTION.test(normalise(s)) || DENIES_REFLECTION.test(normalise(s))) }));
  return flag('miscommunication', severity, rationale, evidenceOf(cited));
}

/**
 * Cultural content the therapist does not explore (Hays 2016; Day-Vines et al. 2007). A cue is explored
 * when one of the next 2 therapist turns asks an open question or reflects about it.
 * high: ≥2 unexplored cues with a dismissive reply, or ≥3 unexplored; medium: ≥1 unexplored cue
 * among ≥2, or any dismissive reply; low: every cue explored, or a single passing mention.
 */
function culturalDifferences(session: CodedSession): ChallengeFlag | null {
  const cues = session.clientTurns.filter((t) => CULTURE_CUE.test(t.norm));
  if (cues.length === 0) return null;
  const unexplored: CodedTurn[] = [];
  let dismissed = 0;
  for (const c of cues) {
    const replies = nextTherapistTurns(session, c, 2);
    const explored = replies.some((r) => {
      const codes = r.therapist!;
      const opensOrReflects = codes.questions.open + codes.reflections.simple + codes.reflections.complex > 0;
      return opensOrReflects && (CULTURE_CUE.test(r.norm) || BROACHES_CULTURE.test(r.norm));
    });
    if (!explored) unexplored.push(c);
    if (replies.some((r) => DISMISSES_CULTURE.test(r.norm))) dismissed++;
  }
  const u = unexplored.length;
  const severity: Severity =
    (u >= 2 && dismissed > 0) || u >= 3 ? 'high' : (u >= 1 && cues.length >= 2) || dismissed > 0 ? 'medium' : 'low';
  const rationale =
    `The client raised culture, faith, family expectations, migration or language in ${cues.length} turn(s) (${ids(cues)}); ` +
    `${u} were not explored with an open question or reflection in the next two therapist turns, and ${dismissed} drew a reply that applied general norms instead.` +
    (u === 0 ? ' The therapist explored each one.' : '');
  return flag('cultural_differences', severity, rationale, evidenceOf([...unexplored, ...cues].map((t) => cite(t, CULTURE_CUE))));
}

/**
 * Low in-session engagement (MI "evoking"; Holdsworth et al. 2014). Emitted when the client speaks <25%
 * of the words, or ≥50% of ≥4 client turns are minimal (≤4 words).
 * high: client share <15%, or ≥70% minimal answers with no elaborated (≥12-word) turn; medium: share
 * <20% or ≥60% minimal; low otherwise.
 */
function lackOfEngagement(session: CodedSession, metrics: SessionMetrics): ChallengeFlag | null {
  const clients = session.clientTurns;
  if (clients.length < 3 || session.therapistTurns.length === 0) return null;
  const share = metrics.talk.client.wordShare;
  const minimal = clients.filter((t) => t.words <= 4 || withdrawnAnswerMarker(session, t) !== null);
  const minimalShare = minimal.length / clients.length;
  const elaborated = clients.filter((t) => t.words >= 12).length;
  if (!(share < 0.25 || (minimalShare >= 0.5 && clients.length >= 4))) return null;
  const severity: Severity =
    share < 0.15 || (minimalShare >= 0.7 && elaborated === 0) ? 'high' : share < 0.2 || minimalShare >= 0.6 ? 'medium' : 'low';
  const rationale =
    `The client spoke ${percent(share)} of the words (the therapist's turns averaged ${Math.round(metrics.talk.therapist.meanTurnWords)} words); ${minimal.length} of ${clients.length} client turns were four words or fewer, ` +
    `and ${elaborated} elaborated (12 words or more).`;
  const cited = minimal.filter((t) => t.words > 0).map((t) => cite(t));
  // When long therapist turns held the floor, the longest one shows it.
  const longest = [...session.therapistTurns].sort((a, b) => b.words - a.words)[0];
  if (share < 0.25 && metrics.talk.therapist.meanTurnWords >= 25 && longest) cited.splice(Math.min(cited.length, MAX_EVIDENCE - 1), 0, cite(longest));
  return flag('lack_of_engagement', severity, rationale, evidenceOf(cited));
}

/**
 * In-session signs of therapist depletion (Maslach; Delgadillo et al. 2018; Norcross & VandenBos 2018
 * on self-care). Not a diagnosis: a prompt for supervision. Emitted for ≥2 cue turns (lost thread,
 * asking to be reminded, ending early, sighs/yawns), 1 cue turn with ≥30% flat minimal-acknowledgement
 * turns, or ≥50% flat turns among ≥6 therapist turns.
 * high: ≥4 cue turns, or ≥2 with ≥40% flat turns; medium: ≥2 cue turns or ≥40% flat; low otherwise.
 */
function therapistBurnout(session: CodedSession): ChallengeFlag | null {
  const therapists = session.therapistTurns;
  if (therapists.length === 0) return null;
  const cues = therapists.filter((t) => BURNOUT_CUE.test(t.norm) || DISENGAGED_ANNOTATION.test(t.turn.text));
  const flat = therapists.filter((t) => {
    const codes = t.therapist!;
    const asksOrReflects = codes.questions.open + codes.questions.closed + codes.reflections.simple + codes.reflections.complex > 0;
    return t.words <= 4 && !asksOrReflects && MINIMAL_ACK.test(t.norm);
  });
  const flatShare = flat.length / therapists.length;
  const fires = cues.length >= 2 || (cues.length === 1 && flatShare >= 0.3) || (flatShare >= 0.5 && therapists.length >= 6);
  if (!fires) return null;
  const severity: Severity =
    cues.length >= 4 || (cues.length >= 2 && flatShare >= 0.4) ? 'high' : cues.length >= 2 || flatShare >= 0.4 ? 'medium' : 'low';
  const rationale =
    `${cues.length} therapist turn(s) lost the thread, asked to be reminded, proposed ending early or carried a sigh or yawn` +
    `${cues.length > 0 ? ` (${ids(cues)})` : ''}; ${flat.length} of ${therapists.length} therapist turns (${percent(flatShare)}) were flat minimal acknowledgements.`;
  const cited = [
    ...cues.map((t) => ({
      turn: t,
      quote: BURNOUT_CUE.test(t.norm) ? quoteOf(t.turn, 0, BURNOUT_CUE) : quoteWhere(t.turn, (s) => DISENGAGED_ANNOTATION.test(s)),
    })),
    ...flat.map((t) => cite(t)),
  ];
  return flag('low_therapist_engagement', severity, rationale, evidenceOf(cited));
}

/**
 * Ruptures (Safran & Muran 2000; Eubanks, Muran & Safran 2018: repair predicts outcome).
 * high: any episode left unrepaired; low: every episode was followed by a repair move.
 */
function therapeuticRupture(session: CodedSession, ruptures: RuptureMarker[]): ChallengeFlag | null {
  if (ruptures.length === 0) return null;
  const unrepaired = ruptures.filter((r) => !r.repaired);
  const repaired = ruptures.filter((r) => r.repaired);
  const describe = (r: RuptureMarker) => `${r.kind} (${r.marker}) at ${r.turnId}${r.repairTurnId ? `, repaired at ${r.repairTurnId}` : ''}`;
  const rationale =
    `${ruptures.length} rupture episode(s): ${ruptures.map(describe).join('; ')}. ` +
    (unrepaired.length === 0
      ? 'Repair followed each one: the therapist acknowledged it, invited feedback or changed course within three turns.'
      : `${unrepaired.length} were not attended to within the next three therapist turns.`);
  const byId = new Map(session.turns.map((t) => [t.turn.id, t] as const));
  const evidence: Evidence[] = [];
  for (const r of [...unrepaired, ...repaired]) {
    evidence.push({ turnId: r.turnId, quote: r.quote });
    const repair = r.repairTurnId ? byId.get(r.repairTurnId) : undefined;
    if (repair) evidence.push({ turnId: repair.turn.id, quote: quoteOf(repair.turn, 0, repairMoveOf(repair) ?? undefined) });
  }
  const valid = evidence.filter((e) => e.quote.length > 0);
  return flag('therapeutic_rupture', unrepaired.length > 0 ? 'high' : 'low', rationale, valid.slice(0, MAX_EVIDENCE));
}

export function detectFlags(session: CodedSession, metrics: SessionMetrics, ruptures: RuptureMarker[]): ChallengeFlag[] {
  const flags = [
    clientResistance(session, metrics),
    emotionalWithdrawal(session, ruptures),
    overemphasisOnTechnique(session, metrics),
    miscommunication(session),
    culturalDifferences(session),
    lackOfEngagement(session, metrics),
    therapistBurnout(session),
    therapeuticRupture(session, ruptures),
  ];
  return flags.filter((f): f is ChallengeFlag => f !== null);
}

/** Every pattern the flags match, so the engine's rubric version changes when any of them does. */
export const FLAG_PATTERNS: readonly RegExp[] = [
  DISCORD,
  TECHNIQUE_TERM,
  CLIENT_EMOTION,
  ACKNOWLEDGES_EMOTION,
  CORRECTION,
  DENIES_REFLECTION,
  CULTURE_CUE,
  BROACHES_CULTURE,
  DISMISSES_CULTURE,
  BURNOUT_CUE,
  DISENGAGED_ANNOTATION,
  MINIMAL_ACK,
];
