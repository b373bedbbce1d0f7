/**
 * Every sentence the session supports is written once (the "bank"), then each format takes the ones its
 * sections call for, in NOTE_SECTIONS order (CLINICAL-GUIDE §1: what each format holds). A section with
 * nothing to say gets one documentation gap, which cites no turn. Nothing here evaluates the therapist: talk
 * share, coding counts, missed follow-ups and how a rupture was handled are the supervision report's.
 */
import { NOTE_SECTIONS, type NoteFormat, type NoteSection, type NoteSectionName, type NoteSentence } from '../../../schemas/note.js';
import { gap } from './phrasing.js';

export interface NoteBank {
  /** The client's words about each risk (Subjective, Data, Behavior; GIRP Response). */
  riskDisclosures: NoteSentence[];
  /** Each risk finding and what was asked about it (Assessment, Response). */
  risk: NoteSentence[];
  /** "Risk follow-up required" (Plan, first). */
  riskFollowUps: NoteSentence[];
  /** One sentence per risk episode, for the narrative. */
  riskSummaries: NoteSentence[];
  /** How the time since the last session went, in the client's words. */
  checkIn: NoteSentence | null;
  concerns: NoteSentence[];
  mood: NoteSentence[];
  /** Ratings the client gave (0-10 mood, SUDS). */
  selfRatings: NoteSentence[];
  /** Standard instruments' scores (PHQ-9, GAD-7, ORS…), with band and change. */
  instruments: NoteSentence[];
  /** Medication, dose, adherence and side effects as discussed. */
  medication: NoteSentence[];
  /** How the homework from last time went. */
  homeworkReview: NoteSentence[];
  /** Every goal of the session (GIRP's Goals). */
  goals: NoteSentence[];
  /** Goals set or looked back on without news of where they stand (the client's report). */
  goalsStated: NoteSentence[];
  strengths: NoteSentence[];
  /** Observed of the client: engagement, affect as described over the session. */
  engagement: NoteSentence | null;
  affectShift: NoteSentence | null;
  interventions: NoteSentence[];
  /** The client's response: insight, change statements, the client's side of a rupture, uptake of homework. */
  insight: NoteSentence | null;
  changeTalk: NoteSentence[];
  rupture: NoteSentence | null;
  /** Clinical summary built from the findings (concerns, measures' bands). */
  impression: NoteSentence[];
  /** Progress toward goals: a goal reported on, reached or revised (the Assessment's). */
  progress: NoteSentence[];
  homework: NoteSentence[];
  /** Next session's focus and the next appointment as said (or its gap). */
  plan: NoteSentence[];
}

function present<T>(items: readonly (T | null | undefined)[]): T[] {
  return items.filter((x): x is T => x !== null && x !== undefined);
}

/** Narrative notes stay short: at most this many sentences, unless risk needs more (risk is never dropped). */
const NARRATIVE_MAX = 7;

function narrative(bank: NoteBank): NoteSentence[] {
  const findings = (list: readonly (NoteSentence | null | undefined)[]) => present(list).filter((s) => s.kind === 'finding');
  // The story of the session in reading order, each slot the most telling sentence of its kind.
  const slots: NoteSentence[][] = [
    findings([bank.concerns[0] ?? bank.checkIn]),
    findings([bank.instruments[0] ?? bank.selfRatings[0]]),
    findings([bank.interventions[0]]),
    findings([bank.insight ?? bank.changeTalk[0] ?? bank.rupture ?? bank.engagement]),
    findings([bank.homework[0]]),
    findings([bank.plan.find((s) => s.kind === 'finding')]),
    findings([bank.goals[0]]),
  ];
  const chosen = slots.flat().slice(0, Math.max(2, NARRATIVE_MAX - bank.riskSummaries.length));
  // Risk goes first in a summary: a reader must meet it before anything else.
  return [...bank.riskSummaries, ...chosen];
}

/** What the client reported: risk first, then the week, concerns, mood, ratings, medication and last homework. */
const report = (b: NoteBank) => present([...b.riskDisclosures, b.checkIn, ...b.concerns, ...b.mood, ...b.selfRatings, ...b.medication, ...b.homeworkReview]);
const response = (b: NoteBank) => present([...b.risk, b.engagement, b.insight, ...b.changeTalk, b.rupture, b.affectShift]);
const assessment = (b: NoteBank) => present([...b.risk, ...b.impression, ...b.progress, ...b.strengths, b.insight, ...b.changeTalk, b.rupture]);
const plan = (b: NoteBank) => [...b.riskFollowUps, ...b.homework, ...b.plan];
const interventions = (b: NoteBank) => (b.interventions.length > 0 ? b.interventions : [gap('Interventions: none identified in the transcript.')]);

type Writer = (bank: NoteBank) => NoteSentence[];

/**
 * What each section of each format holds. Keyed by format and then by that format's NOTE_SECTIONS names, so a
 * new format or section does not compile until it says what it holds, and a writer for a section the format
 * lacks does not compile either.
 */
export const SECTION_WRITERS: { readonly [F in NoteFormat]: Readonly<Record<NoteSectionName<F>, Writer>> } = {
  soap: {
    Subjective: (b) => [...report(b), ...b.goalsStated],
    Objective: (b) => present([...b.instruments, b.engagement, b.affectShift]),
    Assessment: assessment,
    Plan: plan,
  },
  dap: {
    Data: (b) => present([...report(b), ...b.instruments, ...b.goalsStated, b.engagement, b.affectShift, ...b.interventions]),
    Assessment: assessment,
    Plan: plan,
  },
  birp: {
    Behavior: (b) => present([...report(b), ...b.instruments, b.engagement]),
    Intervention: interventions,
    // Engagement is already in Behavior.
    Response: (b) => response(b).filter((x) => x !== b.engagement),
    Plan: plan,
  },
  girp: {
    Goals: (b) => {
      const focus = b.concerns[0];
      if (b.goals.length > 0) return present([...b.goals, focus]);
      return present([gap('Treatment goals: none stated or revisited in the transcript.'), focus]);
    },
    Intervention: interventions,
    // GIRP has no report section: the measures and last homework go with the response.
    // Progress toward goals is in Goals already.
    Response: (b) => present([...b.riskDisclosures, ...response(b), ...b.instruments, ...b.selfRatings, ...b.homeworkReview]),
    Plan: plan,
  },
  narrative: { Summary: narrative },
};

/** A format's sections in NOTE_SECTIONS order, each with its writer. */
function layoutOf<F extends NoteFormat>(format: F): { name: NoteSectionName<F>; write: Writer }[] {
  const writers: Readonly<Record<NoteSectionName<F>, Writer>> = SECTION_WRITERS[format];
  const names: readonly NoteSectionName<F>[] = NOTE_SECTIONS[format];
  return names.map((name) => ({ name, write: writers[name] }));
}

/** Findings left out for want of a turn to cite; the note's provenance reports them as dropped. */
export interface Dropped {
  findings: number;
}

/**
 * Only findings a reader can check against the transcript: one left with no turn to cite is not written
 * (it is never cited to a stand-in turn), and counted in `dropped`. Gaps pass as they are.
 */
export function checkable(sentences: readonly NoteSentence[], dropped: Dropped): NoteSentence[] {
  const kept = sentences.filter((s) => s.kind === 'gap' || s.evidence.length > 0);
  dropped.findings += sentences.length - kept.length;
  return kept;
}

/** The same sentence reached by two routes is written once per section. */
function unique(sentences: readonly NoteSentence[]): NoteSentence[] {
  const seen = new Set<string>();
  return sentences.filter((s) => {
    if (seen.has(s.text)) return false;
    seen.add(s.text);
    return true;
  });
}

export function sectionsFor(format: NoteFormat, bank: NoteBank, dropped: Dropped): NoteSection[] {
  return layoutOf(format).map(({ name, write }) => {
    const sentences = unique(checkable(write(bank), dropped));
    return { name, sentences: sentences.length > 0 ? sentences : [gap(`${name}: nothing identified in the transcript.`)] };
  });
}
