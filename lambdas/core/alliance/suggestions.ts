/**
 * Each flag's suggestion, written for its moment (CLINICAL-GUIDE §4: name the turn, what happened, and one
 * alternative written for that moment). Built from what was seen (the marker, its target, whether and how it was
 * repaired, the therapist's next move, the kind of session), never from the client's words: a suggestion carries
 * no transcript text. Example wording is the therapist's side only.
 */
import type { ModalityReading, RuptureMarker } from '../../../schemas/alliance.js';
import type { CodedTurn } from '../metrics/coded-session.js';
import { CUES } from './cues.js';

/** Below this confidence the session's kind is not named in a suggestion. */
const MODALITY_CONFIDENCE = 0.5;

export function modalityOf(reading: ModalityReading | undefined): ModalityReading['kind'] | null {
  return reading && reading.confidence >= MODALITY_CONFIDENCE ? reading.kind : null;
}

/** What a therapist turn did, from its codes and cues, in a supervisor's words ("returned to the task"). */
export function moveOf(turn: CodedTurn | undefined): string {
  const codes = turn?.therapist;
  if (!turn || !codes) return 'the session moved on';
  if (
    CUES.technique.test(turn.norm) ||
    CUES.homework.test(turn.norm) ||
    /\b(?:worksheets?|exercises?|homework|thought records?|diary|the plan|columns?|evidence (?:for|against)|the form|the log|rate it|rating)\b/.test(turn.norm)
  )
    return `the next therapist turn (${turn.turn.id}) returned to the task`;
  if (codes.confrontation) return `the next therapist turn (${turn.turn.id}) pressed the point`;
  if (codes.advice === 'without_permission') return `the next therapist turn (${turn.turn.id}) gave advice without asking`;
  if (codes.reflections.complex + codes.reflections.simple > 0) return `the next therapist turn (${turn.turn.id}) reflected the content but not the strain`;
  if (codes.questions.closed > 0) return `the next therapist turn (${turn.turn.id}) asked a closed question`;
  if (codes.questions.open > 0) return `the next therapist turn (${turn.turn.id}) asked about something else`;
  if (codes.information || codes.primary === 'input') return `the next therapist turn (${turn.turn.id}) gave information`;
  return `the next therapist turn (${turn.turn.id}) carried on`;
}

const COMPLAINT: Record<string, string> = {
  challenges_helpfulness: 'questioned whether this was helping',
  feels_misunderstood: 'said they felt unheard',
  criticises_therapist: 'objected to how the therapist was going about it',
  refuses_task: 'refused the task',
  refuses_topic: 'declined the topic',
  wants_to_leave: 'signalled wanting to leave',
  minimal_answers: 'answered open questions with a word or two',
  dont_know: 'answered open questions with "don\'t know"',
  shrinking_answers: 'went from elaborating to answers of a word or two',
  deference: 'gave way to advice without committing to it',
  dismissive: 'answered dismissively',
  silence: 'fell silent',
  topic_shift: 'changed the subject',
};

const TARGET_WORDS: Record<NonNullable<RuptureMarker['target']>, string> = {
  therapist: 'about the therapist',
  therapy: 'about the sessions',
  task: 'about the task',
};

/** Therapist-side wording that would repair this kind of rupture, for this target and kind of session. */
function repairLine(marker: RuptureMarker, modality: ModalityReading['kind'] | null): string {
  if (marker.kind === 'withdrawal') {
    if (marker.marker === 'deference')
      return `asking what they make of the plan before moving on ("What do you think of that — does it fit for you?") would turn agreement into a choice`;
    if (marker.marker === 'topic_shift')
      return `checking the shift gently ("We can leave that — was it hard to talk about, or did I take us somewhere you didn't want to go?") would repair it`;
    return `slowing down and naming it ("I notice I've been asking a lot — how is this for you right now?") would repair it`;
  }
  switch (marker.target) {
    case 'therapist':
      return `owning your part ("I think I've been missing what matters most to you — help me get it right") and asking for feedback would repair it`;
    case 'task':
      return modality === 'cbt'
        ? `putting the task down for a moment and agreeing the agenda again ("We don't have to do this now — what would be most useful to work on today?") keeps the structure collaborative`
        : `setting the task aside ("We don't have to do this — what would be more useful right now?") would repair it`;
    default:
      return marker.marker === 'wants_to_leave'
        ? `naming it ("It sounds like part of you would rather not be here today — I'd like to understand what's making it hard") would repair it`
        : `naming it ("It sounds like this isn't what you need right now — what would be more useful?") and asking for feedback would repair it`;
  }
}

const REPAIR_WORDS: Record<NonNullable<RuptureMarker['repairKind']>, string> = {
  owning: 'owning their part',
  apologising: 'apologising',
  reflecting: 'acknowledging the complaint',
  inviting_feedback: 'inviting feedback on the session',
  changing_course: 'changing course',
};

/** One rupture marker, as a supervisor would raise it: the turn, the target, the repair or the missing one. */
export function ruptureSuggestion(marker: RuptureMarker, next: CodedTurn | undefined, reading: ModalityReading | undefined): string {
  const modality = modalityOf(reading);
  const what = `At ${marker.turnId} the client ${COMPLAINT[marker.marker] ?? 'pulled back from the work'}${marker.target ? ` (${TARGET_WORDS[marker.target]})` : ''}`;
  if (marker.repaired && marker.repairKind) {
    return `${what}, and the therapist repaired it at ${marker.repairTurnId} by ${REPAIR_WORDS[marker.repairKind]}. Keep that: come back to it before the end ("How has today been for you, after what you said earlier?") so the repair is checked, not assumed.`;
  }
  return `${what}, and ${moveOf(next)}; ${repairLine(marker, modality)}.`;
}

export interface ResistanceMoment {
  /** The first discord turn, and whether it squared off with the therapist or argued with a proposal. */
  discord?: { at: string; kind: 'squared_off' | 'argued' };
  /** The first push (advice without permission, a confrontation) that drew sustain talk. */
  pushedAt?: string;
  sustainAfterPush: number;
}

export function resistanceSuggestion(m: ResistanceMoment, reading: ModalityReading | undefined): string {
  const modality = modalityOf(reading);
  const seen: string[] = [];
  if (m.discord)
    seen.push(
      `At ${m.discord.at} the client ${m.discord.kind === 'squared_off' ? 'pushed back on the therapist or on being here' : "argued with the therapist's proposal"}`,
    );
  if (m.pushedAt)
    seen.push(`${m.discord ? 'at' : 'At'} ${m.pushedAt} advice or pressure drew reasons not to change (${m.sustainAfterPush} time(s) in the session)`);
  const stance =
    modality === 'cbt' || modality === 'psychiatric'
      ? "step back from persuading and ask for the client's view first"
      : 'roll with it rather than arguing back';
  return `${seen.join(', and ')}: ${stance}. A double-sided reflection and the client's choice ("Part of you wants this, and part of you isn't sure it's worth it, and it's your call") usually lowers it.`;
}

export function withdrawalSuggestion(first: RuptureMarker, next: CodedTurn | undefined, reading: ModalityReading | undefined): string {
  return ruptureSuggestion(first, next, reading);
}

export function techniqueSuggestion(missedAt: string | undefined, taskRuptureAt: string | undefined, reading: ModalityReading | undefined): string {
  const cbt = modalityOf(reading) === 'cbt';
  const first = missedAt
    ? `At ${missedAt} the client named a strong feeling and the next therapist turn went on with the technique`
    : `At ${taskRuptureAt} the client pushed back on the task and the technique went on`;
  const tail = cbt
    ? 'reflect the feeling first ("That sounds frightening — can we start there?"), then offer to use it as today\'s example, so the structure serves what the client brought'
    : 'reflect the feeling first ("That sounds frightening — can we start there?") and offer the technique only once it fits';
  return `${first}: ${tail}.`;
}

export function miscommunicationSuggestion(firstAt: string, afterReflection: boolean): string {
  return afterReflection
    ? `At ${firstAt} the client corrected a reflection: offer the next one tentatively and check it ("Let me see if I have this right — …?"), and let the client's correction stand rather than re-explaining.`
    : `At ${firstAt} the client said they were confused or misread: pause and summarise ("Let me check I've understood so far…"), then ask the client to put it in their own words.`;
}

export function culturalSuggestion(firstUnexploredAt: string | undefined, dismissed: boolean): string {
  if (!firstUnexploredAt) return "The therapist explored each mention of culture, faith or family: keep asking what it means in the client's own terms.";
  return dismissed
    ? `At ${firstUnexploredAt} the client raised culture, faith or family expectations and the reply applied general norms: ask what it means for them ("How does that shape what feels possible for you?") before offering any plan.`
    : `At ${firstUnexploredAt} the client raised culture, faith or family expectations and the next turns moved on: broach it openly ("Can we stay with what you just said about that for a moment — how does it shape this for you?").`;
}

export function engagementSuggestion(minimalAt: string | undefined, floorHeld: boolean, longestAt: string | undefined): string {
  if (floorHeld && longestAt) {
    return `The therapist held the floor (the longest turn at ${longestAt}): shorten the explaining, and hand the floor back with an open question about the client's own view ("What do you make of all that?").`;
  }
  return `From ${minimalAt ?? 'the start'} the client answered open questions with a word or two: ask fewer questions, reflect more, and ask what the client would want from today ("What would make this time worth it for you?").`;
}

export function lowEngagementSuggestion(cueAt: string | undefined, cueWords: string | undefined, flatShare: number | null): string {
  const cue = cueAt && cueWords ? `At ${cueAt} the therapist ${cueWords}` : null;
  const flat = flatShare !== null ? `${Math.round(flatShare * 100)}% of the replies to the client's longer turns were a bare acknowledgement` : null;
  const seen = [cue, flat].filter((s) => s !== null).join('; ');
  return `${seen}. Take a recording of this session to supervision and listen for the moments attention dropped; a reflection of the last thing the client said ("So what's weighing on you most right now is…") keeps the thread.`;
}
