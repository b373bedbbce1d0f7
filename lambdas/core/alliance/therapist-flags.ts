/**
 * The challenge flags read from the therapist's side: technique pressed over the client's feelings
 * (`overemphasis_on_technique`), cultural content left unexplored (`cultural_differences`), and low engagement in
 * the session (`low_therapist_engagement`). Each needs the lapse itself, never the session's ordinary shape: a
 * structured CBT session with an engaged client, content reflected, short attentive reflections.
 */
import type { ChallengeFlag, ModalityReading, RuptureMarker } from '../../../schemas/alliance.js';
import type { SessionMetrics } from '../../../schemas/metrics.js';
import { quoteOf, type CodedSession, type CodedTurn } from '../metrics/coded-session.js';
import { CUES, FORGETS, LOST_THREAD } from './cues.js';
import { ELABORATION_WORDS, byTurnId, cite, evidenceOf, ids, nextTherapistTurns, percent, quoteWhere, type Severity } from './flag-evidence.js';
import { isBackchannel } from './ruptures.js';
import { culturalSuggestion, lowEngagementSuggestion, techniqueSuggestion } from './suggestions.js';

// Technique vocabulary (Castonguay et al. 1996: rigid adherence to the CT rationale at the expense of the alliance).
const TECHNIQUE_SOURCE =
  '\\b(?:thought records?|worksheets?|homework|cognitive distortions?|catastrophi[sz]ing|modules?|exercises?|techniques?|protocols?|handouts?|columns?|automatic thoughts?|cognitive restructuring|behaviou?ral (?:activation|experiments?)|activity scheduling|socratic|all-or-nothing|mind reading|hot thoughts?|checklists?|mastery activities|balanced (?:thought|alternative)|coping skills?|diary cards?|interoceptive|exposures?)\\b';
const TECHNIQUE_TERM = new RegExp(TECHNIQUE_SOURCE);
const TECHNIQUE_TERMS = new RegExp(TECHNIQUE_SOURCE, 'g');
const CLIENT_EMOTION =
  /\b(?:scared|afraid|terrified|frightened|fear|crying|cry|cried|tears|alone|lonely|sad|grief|grieving|devastated|heartbroken|exhausted|overwhelmed|hopeless|worthless|ashamed|guilty|hurt|hurts|angry|furious|panic\w*|anxious|worried|nervous|desperate|numb|miserable|depressed|barely holding|falling apart|can't cope|going to die|humiliat\w*|embarrass\w*)\b/;
const ACKNOWLEDGES_EMOTION =
  /\b(?:that sounds (?:\w+ )?(?:hard|painful|scary|frightening|awful|difficult|terrifying|exhausting|heavy|overwhelming|lonely|upsetting|horrible)|that must (?:be|have been|feel)|i(?:'m| am) (?:so |really |very )?sorry|of course you|no wonder|it makes sense (?:that )?you|(?:you're|you are|you've been|you feel|you felt|you're feeling|feeling) (?:so |really |very )?(?:scared|afraid|frightened|alone|lonely|sad|exhausted|overwhelmed|worried|anxious|hurt|angry|upset|frustrated|embarrassed|ashamed|humiliated)|how (?:are|is|was) (?:you|that) (?:feeling|holding up)|what (?:was|is|'s) (?:that|it) like for you|can we (?:start|stay) (?:there|with that))\b/;

// Cultural content (Hays 2016 ADDRESSING: age, disability, religion, ethnicity, social class, sexual
// orientation, indigenous heritage, national origin, gender), and the therapist's broaching of it
// (Day-Vines et al. 2007; Hook et al. 2013 cultural humility).
const CULTURE_CUE =
  /\b(?:(?:my|our|your) culture|cultur(?:e|al|ally)|religio(?:n|us)|(?:my|our) faith|church|mosque|temple|synagogue|pray(?:er|ing)?|ramadan|my (?:family|parents|mother|father|mom|mum|dad) (?:would never|would not|wouldn't|expects?|expected|will never|won't (?:accept|allow|understand))|(?:what|how) my (?:family|parents) (?:want|wants|expect|expects)|family (?:expectations?|honou?r|duty)|shame (?:on )?(?:my|our) (?:family|parents)|(?:we|i|my family|my parents) (?:came|moved|emigrated|immigrated) (?:here|to this country|over)|immigra\w+|refugee|back home|(?:in|from) my (?:home )?country|in english|my (?:first |native |own )?language|(?:doesn't|does not|won't|can't) translate|racis\w+|discriminat\w+|(?:you're|you are) not from (?:here|where)|people like (?:me|us)|(?:our|my) community|where i'm from|tradition(?:s|al)?|arranged marriage|caste|tagalog|arabic|urdu|hindi|punjabi|mandarin|cantonese|vietnamese|somali|farsi|tamil|yoruba|igbo)\b/;
const BROACHES_CULTURE =
  /\b(?:your (?:culture|family's (?:expectations|values)|faith|religion|background|community|heritage|identity|language|parents' expectations)|how (?:does|do|might) (?:your|that|those) (?:culture|background|faith|family|identity|values) (?:shape|affect|influence|fit)|(?:tell|teach) me (?:more )?about (?:your|that|what)|what (?:does|would) (?:\w+ ){0,2}mean (?:to you|in your)|(?:our|my) (?:different )?backgrounds?|i(?:'m| am) not from your)\b/;
const DISMISSES_CULTURE =
  /\b(?:let's (?:just )?(?:move on|call it|focus on what you)|lots of (?:people|dads|mums|moms|parents|families)|most (?:people|dads|mums|moms|parents|families)|(?:it's|that's) (?:a )?normal|you're an adult|none of their business|set (?:some )?boundaries|just tell them)\b/;

// Low therapist engagement, as observed in the session (not a judgement of the person: CLINICAL-GUIDE §4).
const ENDS_EARLY =
  /\b(?:(?:wrap (?:up|it up|this up|things up)|stop|finish|end|leave it) (?:a bit |a little |a few minutes )?early|cut (?:it|this|things|the session) short|call it a day)\b/;
/** Checked on the raw text: normalising removes bracketed annotations. */
const DISENGAGED_ANNOTATION =
  /\[(?:sighs?|sighing|yawns?|yawning|checks? (?:(?:the|his|her|their) )?(?:phone|watch|clock|time)|looks? at (?:(?:the|his|her|their) )?(?:phone|watch|clock))\]/i;
const MINIMAL_ACK = /^(?:mm+-?hm+|mhm|uh-huh|okay|ok|right|yeah|yes|sure|good|oh|i see|alright|fine|cool|great|nice|wow|got it|gotcha)\b/;
/** A turn that carries on the speaker's previous one ("And…", "But—", "You know?"). */
const CONTINUES = /^(?:-|and|but|so|because|cause|or|you know|which|like|plus|then)\b/;

/** Does a therapist turn take up the feeling the client just named (names it, or validates it)? */
function acknowledgesEmotion(reply: CodedTurn): boolean {
  return ACKNOWLEDGES_EMOTION.test(reply.norm) || CUES.validation.test(reply.norm);
}

/**
 * Technique over relationship (Castonguay et al. 1996; Beck CTRS interpersonal effectiveness). A structured
 * session is not the problem (CLINICAL-GUIDE §3); technique pressed while the client's feeling goes unmet, or
 * while the client pushes back on the task, is.
 * Emitted for ≥4 technique terms across ≥2 therapist turns with ≥2 client emotions the next therapist turn
 * left unacknowledged, or a rupture aimed at the task.
 * high: ≥3 unacknowledged emotions with a task rupture or ≥8 terms; medium: ≥2 unacknowledged emotions and
 * long therapist turns (mean ≥30 words or ≥65% of words), or a task rupture; low otherwise.
 */
export function overemphasisOnTechnique(
  session: CodedSession,
  metrics: SessionMetrics,
  ruptures: RuptureMarker[],
  reading: ModalityReading | undefined,
): ChallengeFlag | null {
  let terms = 0;
  const techniqueTurns: CodedTurn[] = [];
  for (const t of session.therapistTurns) {
    const n = t.norm.match(TECHNIQUE_TERMS)?.length ?? 0;
    terms += n;
    if (n > 0) techniqueTurns.push(t);
  }
  if (terms < 4 || techniqueTurns.length < 2) return null;
  const missed = session.clientTurns.filter((c) => {
    if (!CLIENT_EMOTION.test(c.norm) || isBackchannel(session, c)) return false;
    const reply = nextTherapistTurns(session, c, 1)[0];
    return reply !== undefined && !acknowledgesEmotion(reply);
  });
  const taskRuptures = ruptures.filter((r) => r.kind === 'confrontation' && r.target === 'task' && !r.repaired);
  if (missed.length < 2 && taskRuptures.length === 0) return null;
  const talk = metrics.talk.therapist;
  const long = talk.meanTurnWords >= 30 || talk.wordShare >= 0.65;
  const severity: Severity =
    missed.length >= 3 && (taskRuptures.length > 0 || terms >= 8) ? 'high' : (missed.length >= 2 && long) || taskRuptures.length > 0 ? 'medium' : 'low';
  const rationale =
    `${terms} technique or protocol terms across ${techniqueTurns.length} of ${session.therapistTurns.length} therapist turns; ` +
    `therapist turns averaged ${Math.round(talk.meanTurnWords)} words (${percent(talk.wordShare)} of all words); ` +
    `${missed.length} client turn(s) expressing emotion were not acknowledged in the next therapist turn${missed.length > 0 ? ` (${ids(missed)})` : ''}` +
    `${taskRuptures.length > 0 ? `; the client pushed back on the task at ${taskRuptures.map((r) => r.turnId).join(', ')} without repair` : ''}.`;
  const byId = byTurnId(session);
  const cited = [
    ...missed.slice(0, 2).map((t) => cite(t, CLIENT_EMOTION)),
    ...taskRuptures.flatMap((r) => (byId.get(r.turnId) ? [{ turn: byId.get(r.turnId)!, quote: r.quote }] : [])),
    ...techniqueTurns.map((t) => cite(t, TECHNIQUE_TERM)),
  ];
  return {
    type: 'overemphasis_on_technique',
    severity,
    rationale,
    evidence: evidenceOf(cited),
    suggestion: techniqueSuggestion(missed[0]?.turn.id, taskRuptures[0]?.turnId, reading),
  };
}

/**
 * Cultural content the therapist does not explore (Hays 2016; Day-Vines et al. 2007). A cue is explored
 * when the next therapist turn reflects it, or one of the next 2 therapist turns asks or reflects about it.
 * Emitted when a mention went unexplored or drew a dismissive reply; content explored each time raises nothing.
 * high: ≥2 unexplored cues with a dismissive reply, or ≥3 unexplored; medium: ≥1 unexplored cue
 * among ≥2, or any dismissive reply; low: a single passing mention left unexplored.
 */
export function culturalDifferences(session: CodedSession): ChallengeFlag | null {
  const cues = session.clientTurns.filter((t) => CULTURE_CUE.test(t.norm));
  if (cues.length === 0) return null;
  const unexplored: CodedTurn[] = [];
  let dismissed = 0;
  for (const c of cues) {
    // A bare "Mm-hmm" while the client goes on is not a reply that moved on.
    const replies = nextTherapistTurns(session, c, 6)
      .filter((r) => !isFlat(r))
      .slice(0, 2);
    // The first reply reflecting what the client just said takes it up, whether or not it names the culture.
    const first = replies[0]?.therapist;
    const reflected = first !== undefined && first.reflections.simple + first.reflections.complex > 0 && !DISMISSES_CULTURE.test(replies[0]!.norm);
    const explored =
      reflected ||
      replies.some((r) => {
        const codes = r.therapist!;
        // A rising restatement ("And religion is still very important to you?") is coded a closed question: it explores too.
        const opensOrReflects = codes.questions.open + codes.questions.closed + codes.reflections.simple + codes.reflections.complex > 0;
        return opensOrReflects && (CULTURE_CUE.test(r.norm) || BROACHES_CULTURE.test(r.norm));
      });
    if (!explored) unexplored.push(c);
    if (replies.some((r) => DISMISSES_CULTURE.test(r.norm))) dismissed++;
  }
  const u = unexplored.length;
  // Content the therapist explored each time is good practice, not a challenge.
  if (u === 0 && dismissed === 0) return null;
  const severity: Severity = (u >= 2 && dismissed > 0) || u >= 3 ? 'high' : (u >= 1 && cues.length >= 2) || dismissed > 0 ? 'medium' : 'low';
  const rationale =
    `The client raised culture, faith, family expectations, migration or language in ${cues.length} turn(s) (${ids(cues)}); ` +
    `${u} were not explored with a question or reflection in the next two therapist turns, and ${dismissed} drew a reply that applied general norms instead.`;
  return {
    type: 'cultural_differences',
    severity,
    rationale,
    evidence: evidenceOf([...unexplored, ...cues].map((t) => cite(t, CULTURE_CUE))),
    suggestion: culturalSuggestion(unexplored[0]?.turn.id, dismissed > 0),
  };
}

/** The therapist's whole reply to a client turn: the therapist turns that follow it, until the client speaks again. */
function replyTo(session: CodedSession, client: CodedTurn): CodedTurn[] {
  const out: CodedTurn[] = [];
  for (let i = client.index + 1; i < session.turns.length && session.turns[i]!.turn.role === 'therapist'; i++) out.push(session.turns[i]!);
  return out;
}

function isFlat(t: CodedTurn): boolean {
  const codes = t.therapist!;
  const does =
    codes.questions.open + codes.questions.closed + codes.reflections.simple + codes.reflections.complex > 0 ||
    codes.affirmation ||
    codes.information ||
    codes.advice !== null;
  return t.words <= 4 && !does && MINIMAL_ACK.test(t.norm);
}

const CUE_WORDS: readonly (readonly [RegExp, string])[] = [
  [LOST_THREAD, 'lost the thread'],
  [FORGETS, 'asked to be reminded of something the client had said'],
  [ENDS_EARLY, 'proposed ending early'],
];

/**
 * Low therapist engagement, by what is observable in the session (Norcross & Lambert 2019 on responsiveness;
 * not a judgement about the person: CLINICAL-GUIDE §4): losing the thread, forgetting what the client said,
 * ending early, sighs and yawns, and bare acknowledgements as the whole reply to what the client elaborated.
 * A short reflection is attention, never a lapse; a backchannel inside the client's telling ("Mm-hmm" before
 * they go on) is listening. Emitted for ≥2 cue turns, or when bare acknowledgements are more than half of the
 * therapist's replies to ≥4 finished elaborations.
 * high: ≥4 cue turns, or ≥2 with bare replies dominating; medium: ≥2 cue turns or bare replies dominating;
 * low otherwise.
 */
export function lowTherapistEngagement(session: CodedSession): ChallengeFlag | null {
  const therapists = session.therapistTurns;
  if (therapists.length === 0) return null;
  const cueOf = (t: CodedTurn) => CUE_WORDS.find(([p]) => p.test(t.norm));
  const cues = therapists.filter((t) => cueOf(t) !== undefined || DISENGAGED_ANNOTATION.test(t.turn.text));
  // Replies to finished elaborations: the client said something and stopped (the therapist's reply is not cut into by the client going on).
  const flatReplies: CodedTurn[] = [];
  let replies = 0;
  for (const c of session.clientTurns) {
    if (c.words < ELABORATION_WORDS) continue;
    const reply = replyTo(session, c);
    const after = session.turns[c.index + reply.length + 1];
    if (reply.length === 0 || /(?:-|—|–|\.\.\.|…|,)\s*$/.test(c.turn.text) || (after?.turn.role === 'client' && /^\s*(?:-|—|–|\.\.\.|…)/.test(after.turn.text)))
      continue;
    // The client carrying on the same thought after the acknowledgement ("And…", "But—") means it was a backchannel.
    if (reply.length === 1 && after?.turn.role === 'client' && CONTINUES.test(after.norm)) continue;
    replies++;
    if (reply.every(isFlat)) flatReplies.push(reply[0]!);
  }
  const flatShare = replies > 0 ? flatReplies.length / replies : 0;
  const flatDominates = replies >= 4 && flatShare > 0.5;
  if (!(cues.length >= 2 || flatDominates)) return null;
  const severity: Severity = cues.length >= 4 || (cues.length >= 2 && flatDominates) ? 'high' : 'medium';
  const rationale =
    `${cues.length} therapist turn(s) lost the thread, asked to be reminded, proposed ending early or carried a sigh or yawn` +
    `${cues.length > 0 ? ` (${ids(cues)})` : ''}; ${flatReplies.length} of ${replies} replies to the client's finished longer turns were a bare acknowledgement.`;
  const cited = [
    ...cues.map((t) => {
      const cue = cueOf(t);
      return { turn: t, quote: cue ? quoteOf(t.turn, 0, cue[0]) : quoteWhere(t.turn, (s) => DISENGAGED_ANNOTATION.test(s)) };
    }),
    ...flatReplies.map((t) => cite(t)),
  ];
  const first = cues[0];
  const words = first ? (cueOf(first)?.[1] ?? 'sighed or yawned') : undefined;
  return {
    type: 'low_therapist_engagement',
    severity,
    rationale,
    evidence: evidenceOf(cited),
    suggestion: lowEngagementSuggestion(first?.turn.id, words, flatDominates ? flatShare : null),
  };
}

export const THERAPIST_FLAG_PATTERNS: readonly RegExp[] = [
  TECHNIQUE_TERM,
  CLIENT_EMOTION,
  ACKNOWLEDGES_EMOTION,
  CULTURE_CUE,
  BROACHES_CULTURE,
  DISMISSES_CULTURE,
  LOST_THREAD,
  FORGETS,
  ENDS_EARLY,
  DISENGAGED_ANNOTATION,
  MINIMAL_ACK,
  CONTINUES,
];
