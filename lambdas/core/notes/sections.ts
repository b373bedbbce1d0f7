/**
 * Every sentence the session supports is written once (the "bank"), then each format takes the ones its
 * sections call for, in NOTE_SECTIONS order (CLINICAL-GUIDE §1: what each format holds). A section with
 * nothing to say gets one documentation gap, which cites no turn. Nothing here evaluates the therapist: talk
 * share, coding counts, missed follow-ups and how a rupture was handled are the supervision report's.
 */
import { NOTE_SECTIONS, type NoteFormat, type NoteSection, type NoteSentence } from '../../../schemas/note.js';
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
  goals: NoteSentence[];
  strengths: NoteSentence[];
  /** Observed of the client: engagement, affect as described over the session. */
  engagement: NoteSentence | null;
  affectShift: NoteSentence | null;
  interventions: NoteSentence[];
  /** The client's response: insight, change statements, the client's side of a rupture, uptake of homework. */
  insight: NoteSentence | null;
  changeTalk: NoteSentence[];
  rupture: NoteSentence | null;
  /** Clinical summary built from the findings (concerns, measures' bands, progress). */
  impression: NoteSentence[];
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

function sectionSentences(format: NoteFormat, name: string, bank: NoteBank): NoteSentence[] {
  const report = present([...bank.riskDisclosures, bank.checkIn, ...bank.concerns, ...bank.mood, ...bank.selfRatings, ...bank.medication, ...bank.homeworkReview]);
  const observed = present([...bank.instruments, bank.engagement, bank.affectShift]);
  const response = present([...bank.risk, bank.engagement, bank.insight, ...bank.changeTalk, bank.rupture, bank.affectShift]);
  const assessment = [...bank.risk, ...bank.impression, ...bank.progress, ...bank.strengths];
  const plan = [...bank.riskFollowUps, ...bank.homework, ...bank.plan];
  switch (`${format}:${name}`) {
    case 'soap:Subjective':
      return [...report, ...bank.goals];
    case 'soap:Objective':
      return observed;
    case 'soap:Assessment':
      return present([...assessment, bank.insight, ...bank.changeTalk, bank.rupture]);
    case 'dap:Data':
      return present([...report, ...bank.instruments, ...bank.goals, bank.engagement, bank.affectShift, ...bank.interventions]);
    case 'dap:Assessment':
      return present([...assessment, bank.insight, ...bank.changeTalk, bank.rupture]);
    case 'birp:Behavior':
      return present([...report, ...bank.instruments, bank.engagement]);
    case 'birp:Intervention':
    case 'girp:Intervention':
      return bank.interventions.length > 0 ? bank.interventions : [gap('Interventions: none identified in the transcript.')];
    case 'birp:Response':
      return response;
    case 'girp:Response':
      // GIRP has no report section: the client's report of the week and the measures go with the response.
      return present([...bank.riskDisclosures, ...response, ...bank.instruments, ...bank.selfRatings, ...bank.homeworkReview, ...bank.progress]);
    case 'girp:Goals': {
      const focus = bank.concerns[0];
      if (bank.goals.length > 0) return present([...bank.goals, focus]);
      return present([gap('Treatment goals: none stated or revisited in the transcript.'), focus]);
    }
    case 'soap:Plan':
    case 'dap:Plan':
    case 'birp:Plan':
    case 'girp:Plan':
      return plan;
    case 'narrative:Summary':
      return narrative(bank);
    default:
      return [];
  }
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
  return sentences.filter((s) => (seen.has(s.text) ? false : (seen.add(s.text), true)));
}

export function sectionsFor(format: NoteFormat, bank: NoteBank, dropped: Dropped): NoteSection[] {
  return NOTE_SECTIONS[format].map((name) => {
    const sentences = unique(checkable(sectionSentences(format, name, bank), dropped));
    return { name, sentences: sentences.length > 0 ? sentences : [gap(`${name}: nothing identified in the transcript.`)] };
  });
}
