/**
 * What each kind of work counts as good and as poor for the counts the dimensions read. MITI 4.2 gives the MI
 * anchors (reflection-to-question ratio 1 fair and 2 good; complex reflections 40 % fair and 50 % good; open
 * questions the MITI 3.1 50 % and 70 %). Structured work asks more than it reflects (CTRS: guided discovery is
 * done with questions; a medication review and a risk assessment are lists of direct questions), so its
 * anchors sit lower; a reflection there still counts for the bond, and a missing one costs less. A peer
 * supporter who writes at length about the seeker's own situation is engaged, not lecturing: talk share and
 * turn length are not read in a chat. These are clinical judgements written down, not values fitted to data.
 */
import type { Modality } from '../../../schemas/alliance.js';

/** A [poor, good] pair: the value mapped to 0 and the value mapped to 1. */
export type Anchor = readonly [poor: number, good: number];

export interface ModalityNorms {
  /** Share of substantive therapist turns that hold a reflection. */
  reflectionShare: Anchor;
  /** Open questions among all questions (risk-assessment questions left out). */
  openQuestionShare: Anchor;
  /** Reflections per question (risk-assessment questions left out). */
  reflectionToQuestion: Anchor;
  /** The therapist's share of the words, or null when talk share says nothing about this kind of work. */
  therapistWordShare: Anchor | null;
  /** Mean words in a therapist turn, or null when turn length says nothing about this kind of work. */
  therapistTurnWords: Anchor | null;
  /**
   * Words in a supporter's reply (a chat's consecutive messages as one), when length is engagement: in text-based
   * peer support, supporters who write more about the seeker's own situation are the ones whose chats help
   * (Althoff, Clark and Leskovec 2016, on crisis-counselling chats). Null where length is not read this way.
   */
  replyWords: Anchor | null;
  /** Share of substantive therapist turns that ask or reflect and tell nothing unasked (evoking rather than telling). */
  elicitingShare: Anchor;
  /** Whether closed questions count as evocative (structured work's guided discovery and reviews). */
  closedQuestionsEvoke: boolean;
  /** How much the MI evocation counts (change talk over sustain talk) weigh in collaboration, 0-1. */
  changeTalkWeight: number;
}

const MI: ModalityNorms = {
  reflectionShare: [0.05, 0.45],
  openQuestionShare: [0.2, 0.7],
  reflectionToQuestion: [0.3, 2],
  therapistWordShare: [0.75, 0.45],
  therapistTurnWords: [60, 18],
  replyWords: null,
  elicitingShare: [0.3, 0.8],
  closedQuestionsEvoke: false,
  changeTalkWeight: 1,
};
const STRUCTURED = { elicitingShare: [0.3, 0.8] as Anchor, closedQuestionsEvoke: true };

export const NORMS: Record<Modality, ModalityNorms> = {
  mi: MI,
  supportive: { ...MI, reflectionShare: [0.05, 0.4], reflectionToQuestion: [0.3, 1.5], changeTalkWeight: 0.5 },
  peer_support: {
    ...MI,
    reflectionShare: [0, 0.3],
    openQuestionShare: [0.1, 0.5],
    reflectionToQuestion: [0.2, 1],
    therapistWordShare: null,
    therapistTurnWords: null,
    replyWords: [6, 30],
    changeTalkWeight: 0.3,
  },
  cbt: {
    ...STRUCTURED,
    replyWords: null,
    reflectionShare: [0, 0.2],
    openQuestionShare: [0.1, 0.5],
    reflectionToQuestion: [0, 0.6],
    therapistWordShare: [0.8, 0.5],
    therapistTurnWords: [80, 25],
    changeTalkWeight: 0.3,
  },
  psychiatric: {
    ...STRUCTURED,
    replyWords: null,
    reflectionShare: [0, 0.15],
    openQuestionShare: [0.05, 0.4],
    reflectionToQuestion: [0, 0.5],
    therapistWordShare: [0.8, 0.5],
    therapistTurnWords: [70, 20],
    changeTalkWeight: 0.2,
  },
  crisis: {
    ...STRUCTURED,
    replyWords: null,
    reflectionShare: [0.02, 0.3],
    openQuestionShare: [0.1, 0.4],
    reflectionToQuestion: [0.1, 0.8],
    therapistWordShare: [0.8, 0.5],
    therapistTurnWords: [70, 20],
    changeTalkWeight: 0,
  },
};
