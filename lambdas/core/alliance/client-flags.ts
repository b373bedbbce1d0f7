/**
 * The challenge flags read from the client's side of the talk: discord and sustain talk under pushing
 * (`client_resistance`), corrections of the therapist (`miscommunication`), and minimal answers or a floor the
 * client does not get (`lack_of_engagement`). Each needs the strain itself, never the client's ordinary shape:
 * ambivalence, "no" agreeing with a negative reflection, a quiet client answering closed questions.
 */
import type { ChallengeFlag, ModalityReading } from '../../../schemas/alliance.js';
import type { SessionMetrics } from '../../../schemas/metrics.js';
import type { CodedSession, CodedTurn } from '../metrics/coded-session.js';
import { codeClientTurn } from '../metrics/utterance-codes.js';
import { normalise } from '../metrics/text.js';
import { pushes } from './confrontation.js';
import { ELABORATION_WORDS, LONG_TURN_WORDS, MAX_EVIDENCE, cite, evidenceOf, ids, percent, promptOf, quoteWhere, type Severity } from './flag-evidence.js';
import { askedForMore, isBackchannel, withdrawnAnswerMarker } from './ruptures.js';
import { engagementSuggestion, miscommunicationSuggestion, resistanceSuggestion } from './suggestions.js';

/**
 * Discord (MI 4th ed., Miller & Rollnick 2023, ch. "Sustain talk and discord"): the client squares off with the
 * therapist or the being-here, whatever came before ("you can't make me", "my wife made me come").
 */
const DISCORD =
  /\b(?:i (?:don't|do not) need to be here|(?:made|makes|making|forced|forcing|sent) me (?:come|be here|to come)|i(?:'m| am) only here (?:because|so|for|to)|(?:telling|tell) me (?:what to do|how to live)|you can't make me|(?:get|gets|getting) off my back|you(?:'re| are) (?:going to|gonna|just going to) take (?:her|his|their) side|you don't (?:even )?know me|(?:none|not any) of your business|back off)\b/;
/**
 * Arguing with what the therapist just proposed or pressed: discounting ("that won't work", "I've tried that"),
 * "yes, but", defending against a label ("it's not my fault", "I'm not lazy"). The same words after a reflection
 * are ambivalence, not discord, so these count only as a reply to a proposal or a push.
 */
const ARGUES =
  /^(?:(?:yes|yeah|well|okay|ok|um|uh|sure|i know|right)[,.\s-]+)*but\b|(?:^|[.?!]\s*)(?:yes|yeah),? but\b|\b(?:(?:that|it|this) (?:won't|will not|wouldn't|would not|doesn't|does not|never) (?:work|help)|(?:that|it)(?:'s| is) not (?:going|gonna) to (?:work|help|change anything)|i(?:'ve| have) (?:already )?tried (?:that|it|this|everything|all that)|(?:it's|it is|that's|that is|this is|this isn't|it isn't) (?:not )?(?:even )?my fault|i(?:'m| am) not (?:lazy|an alcoholic|an addict|a drunk|addicted|making excuses|in denial)|i don't (?:know|think) (?:if|that) i(?:'m| am) (?:really )?(?:being )?(?:lazy|an alcoholic|addicted|in denial)|that's not (?:true|fair|right)|i (?:don't|do not) think (?:that|it|this)(?:'s| is| would| will)? (?:going to )?(?:work|help|the problem)|i (?:don't|do not) think (?:\w+ ){1,3}(?:is|are) the problem|that's not for me|i doubt i'll)\b/;
/** A proposal put as a question ("What about trying…?", "How about…?"). */
const PROPOSES =
  /\b(?:(?:some|many|a lot of|most) people find (?:it )?(?:helpful|useful)|it (?:might|may|could) help (?:to|if)|what about (?:trying|doing|if you|you)|how about (?:trying|doing|if you|you|we)|have you (?:thought about|considered) (?:trying|using|doing)|why don't you|(?:you|we) could (?:try|start|look at|talk about))\b/;

// Misunderstanding: the client corrects or asks what the therapist meant.
const CORRECTION =
  /\b(?:that's not (?:what i (?:said|meant|mean)|it|right|quite (?:it|right)|true)|that is not what i|not exactly|no,? i (?:meant|mean|said)|what i (?:mean|meant) (?:is|was)|i never (?:said|mentioned)|i didn't say|i(?:'m| am) (?:a bit |a little |so )?confused(?:\s*[.?!]|$| (?:by|about) what you)|what do you mean|i don't understand (?:what you|the question)|(?:we're|we are) talking past each other|you(?:'ve| have)? misunderstood|you(?:'ve| have) got (?:it|that|me) wrong|that's not what i was (?:saying|trying))/;
const DENIES_REFLECTION = /^(?:no|nope|not really)\b[,.]|^i(?:'m| am) not (?:angry|sad|upset|scared|worried|frustrated|anxious)\b/;
const AGREEING_NO =
  /^no,? (?:(?:that|it|this)(?:'s| is| sounds| was| seems) (?:really )?(?:good|great|fine|right|helpful|ok|okay|true)|i (?:feel|think|agree|do|am|'m)\b)/;
const NEGATIVE = /\b(?:not|no|never|nothing|nobody|none|don't|doesn't|didn't|won't|can't|isn't|aren't|wasn't|wouldn't|couldn't|shouldn't|haven't|hasn't)\b/;

function lastSentence(text: string): string {
  return text.match(/[^.?!]+[.?!]*\s*$/)?.[0] ?? text;
}

/** What the client can argue with: advice, information, a confrontation, "what about trying…?", "some people find it helpful…". */
function proposes(turn: CodedTurn | undefined): boolean {
  const codes = turn?.therapist;
  if (!turn || !codes) return false;
  return pushes(turn) || codes.advice !== null || codes.information || PROPOSES.test(turn.norm);
}

/**
 * Discord and sustain talk that grows under pushing (MI 4th ed.; Miller, Benefield & Tonigan 1993: a directive,
 * confrontational style draws more resistance). Ambivalence alone is not resistance: the client's sustain talk
 * counts only when it answers a push more often than it answers anything else.
 * Emitted for ≥2 discord turns (squaring off with the therapist, or arguing with a proposal), or when sustain
 * talk answers ≥2 pushes and follows pushes more often than other therapist turns.
 * high: ≥3 discord turns, or ≥2 with growing sustain talk; medium: ≥2 discord turns or ≥3 pushed sustain
 * turns; low otherwise.
 */
export function clientResistance(session: CodedSession, reading: ModalityReading | undefined): ChallengeFlag | null {
  const discord: CodedTurn[] = [];
  let afterPush = 0;
  let sustainAfterPush = 0;
  let afterOther = 0;
  let sustainAfterOther = 0;
  let firstPush: CodedTurn | undefined;
  const pushedSustain: CodedTurn[] = [];
  for (const t of session.clientTurns) {
    const prompt = promptOf(session, t);
    const argues = proposes(prompt) && ARGUES.test(t.norm);
    if (DISCORD.test(t.norm) || argues) discord.push(t);
    if (!prompt || isBackchannel(session, t)) continue;
    const sustain = t.client === 'sustain' || argues;
    if (pushes(prompt)) {
      afterPush++;
      if (sustain) {
        sustainAfterPush++;
        pushedSustain.push(t);
        firstPush ??= prompt;
      }
    } else {
      afterOther++;
      if (sustain) sustainAfterOther++;
    }
  }
  const grows = sustainAfterPush >= 2 && sustainAfterPush / afterPush > (afterOther === 0 ? 0 : sustainAfterOther / afterOther);
  if (!(discord.length >= 2 || grows)) return null;
  const severity: Severity = discord.length >= 3 || (discord.length >= 2 && grows) ? 'high' : discord.length >= 2 || sustainAfterPush >= 3 ? 'medium' : 'low';
  const rationale =
    `${discord.length} client turn(s) squared off with the therapist or argued with a proposal${discord.length > 0 ? ` (${ids(discord)})` : ''}; ` +
    `sustain talk answered ${sustainAfterPush} of ${afterPush} pushes (advice without permission, confrontation, pressed information) and ${sustainAfterOther} of ${afterOther} other therapist turns.`;
  const discordSet = new Set(discord);
  const cited = [
    ...discord.map((t) => cite(t, DISCORD.test(t.norm) ? DISCORD : ARGUES)),
    ...pushedSustain.filter((t) => !discordSet.has(t)).map((t) => ({ turn: t, quote: quoteWhere(t.turn, (s) => codeClientTurn(s) === 'sustain') })),
  ];
  const first = discord[0];
  const suggestion = resistanceSuggestion(
    {
      ...(first ? { discord: { at: first.turn.id, kind: DISCORD.test(first.norm) ? ('squared_off' as const) : ('argued' as const) } } : {}),
      ...(firstPush && sustainAfterPush >= 2 ? { pushedAt: firstPush.turn.id } : {}),
      sustainAfterPush,
    },
    reading,
  );
  return { type: 'client_resistance', severity, rationale, evidence: evidenceOf(cited), suggestion };
}

/**
 * Misunderstanding (reflective-listening accuracy, MI 4th ed.). Emitted for ≥2 client corrections.
 * high: ≥4 corrections or ≥3 corrected reflections; medium: 3 corrections or 2 corrected reflections; low: 2.
 */
export function miscommunication(session: CodedSession): ChallengeFlag | null {
  const corrections: CodedTurn[] = [];
  const afterReflections: CodedTurn[] = [];
  for (const c of session.clientTurns) {
    const prompt = promptOf(session, c);
    const before = prompt?.therapist;
    // A turn that lands on a reflection; "No." to one that asks a question answers the question.
    const afterReflection = before !== undefined && before.primary === 'reflection';
    // "No." to a negative reflection ("You don't want that.") agrees with it, and "No, that sounds good" is agreement.
    const denies = afterReflection && DENIES_REFLECTION.test(c.norm) && !AGREEING_NO.test(c.norm) && !NEGATIVE.test(lastSentence(prompt!.norm));
    if (CORRECTION.test(c.norm) || denies) {
      corrections.push(c);
      if (afterReflection) afterReflections.push(c);
    }
  }
  if (corrections.length < 2) return null;
  const corrected = afterReflections.length;
  const severity: Severity = corrections.length >= 4 || corrected >= 3 ? 'high' : corrections.length >= 3 || corrected >= 2 ? 'medium' : 'low';
  const rationale =
    `The client corrected the therapist or said they were confused in ${corrections.length} turn(s) (${ids(corrections)}); ` +
    `${corrected} of these corrected a therapist reflection.`;
  const cited = corrections.map((t) => ({ turn: t, quote: quoteWhere(t.turn, (s) => CORRECTION.test(normalise(s)) || DENIES_REFLECTION.test(normalise(s))) }));
  const first = corrections[0]!;
  return {
    type: 'miscommunication',
    severity,
    rationale,
    evidence: evidenceOf(cited),
    suggestion: miscommunicationSuggestion(first.turn.id, afterReflections.includes(first)),
  };
}

/**
 * Low in-session engagement (MI "evoking"; Holdsworth et al. 2014): the client gives little when asked for more,
 * or has little of the floor because the therapist holds it. A quiet client who answers closed questions is
 * answering what was asked: short answers count only when they answer an open question or an invitation.
 * Emitted when ≥3 invitations drew minimal answers half the time or more, or when the client speaks <25% of
 * the words while therapist turns average ≥25 words, most of the long ones unasked for (the floor held by explaining).
 * high: client share <15%, or ≥70% minimal answers to invitations with no elaborated (≥12-word) turn; medium:
 * share <20% or ≥60% minimal; low otherwise.
 */
export function lackOfEngagement(session: CodedSession, metrics: SessionMetrics): ChallengeFlag | null {
  const clients = session.clientTurns;
  if (clients.length < 3 || session.therapistTurns.length === 0) return null;
  const share = metrics.talk.client.wordShare;
  const invited = clients.filter((t) => askedForMore(session, t));
  const minimal = invited.filter((t) => withdrawnAnswerMarker(session, t) !== null);
  const minimalShare = invited.length > 0 ? minimal.length / invited.length : 0;
  const elaborated = clients.filter((t) => t.words >= ELABORATION_WORDS).length;
  // Explaining the client asked for (a question answered at length) is not holding the floor.
  const long = session.therapistTurns.filter((t) => t.words >= LONG_TURN_WORDS);
  const unasked = long.filter((t) => !(t.previousOther !== null && session.turns[t.previousOther]!.turn.text.includes('?')));
  const floorHeld = share < 0.25 && metrics.talk.therapist.meanTurnWords >= LONG_TURN_WORDS && unasked.length * 2 > long.length;
  if (!((invited.length >= 3 && minimalShare >= 0.5) || floorHeld)) return null;
  const severity: Severity = share < 0.15 || (minimalShare >= 0.7 && elaborated === 0) ? 'high' : share < 0.2 || minimalShare >= 0.6 ? 'medium' : 'low';
  const rationale =
    `The client spoke ${percent(share)} of the words (the therapist's turns averaged ${Math.round(metrics.talk.therapist.meanTurnWords)} words); ` +
    `${minimal.length} of ${invited.length} answers to open questions or invitations were minimal, and ${elaborated} client turn(s) elaborated (12 words or more).`;
  const cited = minimal.filter((t) => t.words > 0).map((t) => cite(t));
  // When long therapist turns held the floor, the longest one shows it.
  const longest = [...session.therapistTurns].sort((a, b) => b.words - a.words)[0];
  if (floorHeld && longest) cited.splice(Math.min(cited.length, MAX_EVIDENCE - 1), 0, cite(longest));
  return {
    type: 'lack_of_engagement',
    severity,
    rationale,
    evidence: evidenceOf(cited),
    suggestion: engagementSuggestion(minimal[0]?.turn.id, floorHeld && minimal.length < 3, longest?.turn.id),
  };
}

export const CLIENT_FLAG_PATTERNS: readonly RegExp[] = [DISCORD, ARGUES, PROPOSES, CORRECTION, DENIES_REFLECTION, AGREEING_NO, NEGATIVE];
