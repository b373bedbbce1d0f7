/**
 * The moments each kind of work values, found at their turns. Any session can show an accurate complex
 * reflection after a feeling, feedback invited, or homework agreed together. Structured work is judged by its
 * own practice instead of MI's counts: CBT by a shared agenda and feedback (CTRS items 1 and 2), a medication
 * follow-up by shared decisions and side-effect concerns heard, crisis work by validation beside the safety
 * questions (the risk assessment itself is safety.ts's, and a thorough one is a strength there).
 */
import type { SupervisionMoment } from '../../../schemas/supervision.js';
import { CLIENT_AGREEMENT, CUES } from '../alliance/cues.js';
import type { CodedTurn } from '../metrics/coded-session.js';
import { contentWords } from '../metrics/text.js';
import { practiceAlternative } from './alternatives.js';
import { feelingIn, nextClientTurn, nextTherapistTurn, responseWords, taskAt, taskIn, type SessionContext } from './context.js';
import { atTurns, citing, turnIds } from './phrasing.js';
import { WHY } from './wording.js';

/** A client turn that confirms a reflection or commits to a plan in more than a word. */
const CONFIRMS = /^(?:yes|yeah|yep|exactly|right|that's (?:it|right|exactly|true)|definitely|absolutely|totally|mm+,? yes)\b/;
const CORRECTS = /^(?:no|nope|not really|not exactly|well,? no)\b/;
const COMMITS =
  /\b(?:i(?:'ll| will)|i can (?:do|try|manage)|i could (?:do|try)|let's do|i(?:'d| would) like (?:that|to)|(?:that )?sounds (?:good|doable|like a plan|manageable)|that (?:works|would work)|i(?:'m| am) going to|i want to (?:try|do))\b/;
/** The therapist asks rather than assigns: a question, a choice, the client's own idea. */
const ASKS_FIT =
  /\b(?:what (?:would|could|might) (?:you|be)|would you (?:like|be willing|want)|how about|what do you think|does (?:that|this) (?:sound|seem|feel)|which (?:one|of)|what feels|(?:up to|your) (?:you|choice|call))\b/;
/** Feedback on the session (CTRS item 2; SRS), beyond the alliance's cue: "how was today's session for you?". */
const INVITES_FEEDBACK =
  /\b(?:how (?:was|is|did|has) (?:today's session|the session|our session|today|this)\b[^.?!]*\bfor you|(?:anything|something) (?:we|i) (?:should|could|can) do differently|what (?:was|has been) (?:most |least )?(?:helpful|useful)|how (?:are|is) (?:we|this) (?:doing|going) for you)/;
/** Medication side effects, or a worry about the medication, in the client's turn. */
const SIDE_EFFECT_CONCERN =
  /\b(?:side[- ]effects?|(?:made|makes|making) me (?:feel )?(?:sleepy|tired|drowsy|sick|dizzy|numb|flat|shaky|restless|gain)|weight gain|(?:put on|gained) (?:weight|\d+)|drowsy|nause\w+|dizz\w+|(?:worried|scared|nervous|concerned|not sure) about (?:the |taking |this |these |my )?(?:medication|meds|pills|tablets|dose))\b/;
/** A change to the medication set out in a therapist turn. */
const MEDICATION_CHANGE =
  /\b(?:(?:increase|decrease|lower|raise|reduce|switch|change|stop|start|taper|add|up|double|halve|try|stay on|keep|come off)\w* (?:\w+ )?(?:the |your |you |it |to |onto |on |a |another |different |new |same )*(?:dose|dosage|medication|meds|medicines?|\d+ ?mg|tablets?|prescription|sertraline|fluoxetine|citalopram|escitalopram|venlafaxine|mirtazapine|quetiapine|lithium|lamotrigine|aripiprazole)|go (?:up|down) to \d+)\b/;
/** The client's view asked about a decision. */
const ASKS_VIEW =
  /\b(?:what do you think|how do you feel about|would you (?:prefer|like|rather)|what would you (?:prefer|like)|options?|we could (?:either|also)|your (?:choice|decision|call|view|preference)|does that (?:sound|seem)|are you (?:okay|comfortable|happy) with|how does that sound)\b/;

function strength(domain: SupervisionMoment['domain'], first: string, rest: readonly string[], title: string, what: string, why: string): SupervisionMoment {
  return { domain, kind: 'strength', severity: 'none', title, turnId: first, evidence: citing(first, rest, 4), what, whyItMatters: why, alternative: null };
}

function concern(
  first: string,
  rest: readonly string[],
  severity: SupervisionMoment['severity'],
  title: string,
  what: string,
  why: string,
  alternative: string,
): SupervisionMoment {
  return { domain: 'technique', kind: 'technique', severity, title, turnId: first, evidence: citing(first, rest, 4), what, whyItMatters: why, alternative };
}

/** The first feeling the therapist met with a complex reflection that the client confirmed or built on. */
function accurateReflection(ctx: SessionContext): SupervisionMoment | null {
  for (const client of ctx.session.clientTurns) {
    const feeling = feelingIn(client);
    if (feeling === null) continue;
    const reply = ctx.session.turns[client.index + 1];
    if (reply?.therapist === undefined || reply.therapist.reflections.complex === 0) continue;
    const answer = nextClientTurn(ctx, reply.index);
    if (answer === undefined || CORRECTS.test(answer.norm)) continue;
    if (!(CONFIRMS.test(answer.norm) || CLIENT_AGREEMENT.test(answer.norm)) && answer.words < 12) continue;
    const ids = [reply.turn.id, client.turn.id, answer.turn.id];
    return strength(
      'relationship',
      reply.turn.id,
      turnIds(ctx.known, ids),
      `an accurate complex reflection of the client's ${feeling.label} at ${reply.turn.id}`,
      `At ${reply.turn.id} the therapist met the ${feeling.label} the client named at ${client.turn.id} with a complex reflection, and the client ${CONFIRMS.test(answer.norm) || CLIENT_AGREEMENT.test(answer.norm) ? 'confirmed it' : 'built on it'} at ${answer.turn.id}.`,
      WHY.accurateReflection,
    );
  }
  return null;
}

/** Feedback invited (CTRS item 2) as a strength; in CBT, none at all is a concern. */
function feedback(ctx: SessionContext, therapists: readonly CodedTurn[]): SupervisionMoment | null {
  const asked = therapists.filter((t) => CUES.feedback.test(t.norm) || INVITES_FEEDBACK.test(t.norm));
  if (asked.length > 0) {
    const ids = asked.map((t) => t.turn.id);
    return strength(
      'relationship',
      ids[0]!,
      ids,
      `feedback invited at ${atTurns(ids.slice(0, 2))}`,
      `The therapist asked how the work was landing for the client at ${atTurns(ids.slice(0, 3))}.`,
      WHY.feedbackInvited,
    );
  }
  if (ctx.modality !== 'cbt' || therapists.length < 6) return null;
  const closing = therapists.slice(-2).map((t) => t.turn.id);
  const task = taskIn(therapists.find((t) => taskIn(t) !== null));
  return concern(
    closing[0]!,
    closing,
    'low',
    'no feedback asked for on the session',
    `In ${therapists.length} therapist turns the therapist did not ask how the session, or ${task ?? 'the work'}, was landing for the client; the session closed at ${atTurns(closing)} without it.`,
    WHY.noFeedback,
    practiceAlternative('feedback', closing[0]!, task),
  );
}

/** CBT: the agenda set with the client early in the session (CTRS item 1). */
function agenda(ctx: SessionContext, therapists: readonly CodedTurn[]): SupervisionMoment | null {
  if (ctx.modality !== 'cbt' || therapists.length < 4) return null;
  const opening = therapists.slice(0, Math.max(3, Math.ceil(therapists.length / 3)));
  const set = opening.find((t) => CUES.agenda.test(t.norm));
  if (set) {
    return strength(
      'technique',
      set.turn.id,
      [set.turn.id],
      `the agenda set with the client at ${set.turn.id}`,
      `At ${set.turn.id} the therapist set the session's agenda with the client.`,
      WHY.agenda,
    );
  }
  const first = opening[0]!;
  const task = taskIn(opening.find((t) => taskIn(t) !== null));
  const went = opening.find((t) => taskIn(t) !== null);
  return concern(
    first.turn.id,
    turnIds(
      ctx.known,
      opening.slice(0, 2).map((t) => t.turn.id),
      went?.turn.id,
    ),
    'low',
    'no agenda set with the client',
    `None of the first ${opening.length} therapist turns asked what the client wanted to cover${went ? `; the session went to ${task} at ${went.turn.id}` : ''}.`,
    WHY.agenda,
    practiceAlternative('agenda', first.turn.id, task),
  );
}

/** Homework the therapist asked about rather than assigned, and the client committed to. */
function homeworkAgreement(ctx: SessionContext, therapists: readonly CodedTurn[]): SupervisionMoment | null {
  for (const t of therapists) {
    if (!CUES.homework.test(t.norm)) continue;
    const asks = ASKS_FIT.test(t.norm) || CUES.autonomy.test(t.norm);
    const answer = nextClientTurn(ctx, t.index);
    if (!asks || answer === undefined || !(COMMITS.test(answer.norm) || (CLIENT_AGREEMENT.test(answer.norm) && answer.words >= 3))) continue;
    const task = taskAt(ctx, t.index);
    return strength(
      'technique',
      t.turn.id,
      [t.turn.id, answer.turn.id],
      `homework agreed together at ${t.turn.id}`,
      `At ${t.turn.id} the therapist asked what would fit between sessions${task && task !== 'the homework' ? ` (${task})` : ''} rather than assigning it, and the client committed at ${answer.turn.id}.`,
      WHY.homeworkAgreement,
    );
  }
  return null;
}

/** Psychiatric: side-effect concerns heard or moved past, and medication changes decided with the client. */
function medicationMoments(ctx: SessionContext, therapists: readonly CodedTurn[]): SupervisionMoment[] {
  if (ctx.modality !== 'psychiatric') return [];
  const out: SupervisionMoment[] = [];
  const concerns = ctx.session.clientTurns.filter((c) => SIDE_EFFECT_CONCERN.test(c.norm));
  const replies = concerns.map((c) => ({ c, reply: nextTherapistTurn(ctx, c.index) }));
  // Heard: a reflection, an open question or validation that takes up the concern itself (shares its words),
  // not good news about something else.
  const heard = (concern: CodedTurn, t: CodedTurn | undefined) => {
    if (t?.therapist === undefined) return false;
    const engages = t.therapist.reflections.simple + t.therapist.reflections.complex > 0 || t.therapist.questions.open > 0 || CUES.validation.test(t.norm);
    const said = contentWords(concern.norm);
    return engages && ([...contentWords(t.norm)].some((w) => said.has(w)) || SIDE_EFFECT_CONCERN.test(t.norm) || CUES.validation.test(t.norm));
  };
  const unheard = replies.find((x) => x.reply !== undefined && !heard(x.c, x.reply));
  const wellHeard = replies.find((x) => heard(x.c, x.reply));
  if (unheard) {
    const { c, reply } = unheard;
    out.push(
      concern(
        c.turn.id,
        [c.turn.id, reply!.turn.id],
        'medium',
        `a side-effect concern at ${c.turn.id} left unexplored`,
        `At ${c.turn.id} the client raised side effects or a worry about the medication; the therapist's next response, at ${reply!.turn.id}, was ${responseWords(reply!)} and did not explore it.`,
        WHY.sideEffectsUnheard,
        practiceAlternative('sideEffects', reply!.turn.id, null),
      ),
    );
  }
  if (wellHeard) {
    const { c, reply } = wellHeard;
    out.push(
      strength(
        'technique',
        reply!.turn.id,
        [c.turn.id, reply!.turn.id],
        `a side-effect concern heard out at ${reply!.turn.id}`,
        `At ${c.turn.id} the client raised side effects or a worry about the medication, and the therapist explored it at ${reply!.turn.id} with ${responseWords(reply!)}.`,
        WHY.sideEffectsHeard,
      ),
    );
  }
  const changes = therapists.filter((t) => MEDICATION_CHANGE.test(t.norm));
  const shared = (t: CodedTurn) => {
    const window = [t, ...therapists.filter((x) => x.index > t.index).slice(0, 2)];
    return window.some((x) => ASKS_VIEW.test(x.norm) || CUES.autonomy.test(x.norm));
  };
  const decided = changes.find(shared);
  const imposed = changes.find((t) => !shared(t));
  if (decided) {
    out.push(
      strength(
        'technique',
        decided.turn.id,
        [decided.turn.id],
        `a medication change decided with the client at ${decided.turn.id}`,
        `At ${decided.turn.id} the therapist discussed a change to the medication and asked for the client's view on it.`,
        WHY.sharedDecision,
      ),
    );
  } else if (imposed) {
    out.push(
      concern(
        imposed.turn.id,
        [imposed.turn.id],
        'low',
        `a medication change at ${imposed.turn.id} set out without the client's view`,
        `At ${imposed.turn.id} the therapist set out a change to the medication without asking the client's view in that turn or the next two.`,
        WHY.noSharedDecision,
        practiceAlternative('sharedDecision', imposed.turn.id, null),
      ),
    );
  }
  return out;
}

/** Crisis: validation beside the safety questions. */
function crisisValidation(ctx: SessionContext, therapists: readonly CodedTurn[], assessment: ReadonlySet<string>): SupervisionMoment | null {
  if (ctx.modality !== 'crisis' || therapists.length < 4) return null;
  const validating = therapists.filter((t) => CUES.validation.test(t.norm));
  if (validating.length > 0) {
    const ids = validating.map((t) => t.turn.id);
    return strength(
      'relationship',
      ids[0]!,
      ids,
      `validation beside the safety questions, at ${atTurns(ids.slice(0, 2))}`,
      `The therapist validated the client's distress at ${atTurns(ids.slice(0, 3))}, alongside the safety questions.`,
      WHY.validation,
    );
  }
  const asking = therapists.filter((t) => assessment.has(t.turn.id));
  const first = asking[0] ?? therapists[0]!;
  return concern(
    first.turn.id,
    asking.slice(0, 3).map((t) => t.turn.id),
    'medium',
    'safety questions asked without validation',
    `No validation of the client's distress was heard in ${therapists.length} therapist turns of crisis work${asking.length > 0 ? `; the safety questions, from ${first.turn.id}, came without it` : ''}.`,
    WHY.noValidation,
    practiceAlternative('validation', first.turn.id, null),
  );
}

/** Moments of practice, strengths in the order they are worth keeping: the specific before the general. */
export function practiceMoments(ctx: SessionContext, assessment: ReadonlySet<string>): SupervisionMoment[] {
  const therapists = ctx.session.therapistTurns;
  return [
    accurateReflection(ctx),
    crisisValidation(ctx, therapists, assessment),
    agenda(ctx, therapists),
    ...medicationMoments(ctx, therapists),
    homeworkAgreement(ctx, therapists),
    feedback(ctx, therapists),
  ].filter((m): m is SupervisionMoment => m !== null);
}
