/**
 * The plan, goals and brief as the Client page shows them: words for statuses and versions, the brief with
 * risk first, and the edit of a plan (PUT with the version it was made from), whose 409 means someone else
 * saved a version first.
 */
import type { GoalStatus, StoredTreatmentPlan } from '../../../../schemas/plan.js';
import { problemOf } from './measures.js';
import type { AnyBriefLine, PlanAnswer } from './types.js';

export const GOAL_STATUS_WORDS: Readonly<Record<GoalStatus, string>> = {
  introduced: 'Introduced',
  worked_on: 'Worked on',
  progress: 'Progress',
  met: 'Met',
  revised: 'Revised',
  dropped: 'Dropped',
};

/** Cloudscape StatusIndicator types for a goal's status. */
export const GOAL_STATUS_TYPES: Readonly<Record<GoalStatus, 'info' | 'in-progress' | 'success' | 'stopped' | 'pending'>> = {
  introduced: 'pending',
  worked_on: 'in-progress',
  progress: 'in-progress',
  met: 'success',
  revised: 'info',
  dropped: 'stopped',
};

export function goalStatusWords(status: string): string {
  return GOAL_STATUS_WORDS[status as GoalStatus] ?? status.replaceAll('_', ' ');
}

/** A goal's name: its words for a clinician, "Goal 2" for a supervisor (whose answer has no text). */
export function goalName(goal: { id?: string; goalId?: string; text?: string }, index: number): string {
  return goal.text ?? `Goal ${index + 1}`;
}

export const BRIEF_TOPIC_WORDS: Readonly<Record<string, string>> = {
  risk: 'Risk',
  homework: 'Homework',
  goal: 'Goal',
  measure: 'Measure',
  alliance: 'Alliance',
  rupture: 'Rupture',
};

/** The brief's lines with every risk line first, the rest in the order the API gave. */
export function briefInOrder<Line extends Pick<AnyBriefLine, 'topic'>>(lines: readonly Line[]): Line[] {
  return [...lines.filter((line) => line.topic === 'risk'), ...lines.filter((line) => line.topic !== 'risk')];
}

/** "Computed draft (not saved)", "Version 3, edited by demo on 2026-10-01", "Version 3, signed by demo on 2026-10-02". */
export function versionWords(version: PlanAnswer['version']): string {
  if (version.source === 'computed') return 'Draft computed from the sessions (not yet saved as a version)';
  const day = (at?: string) => (at ? ` on ${at.slice(0, 10)}` : '');
  if (version.signature) return `Version ${version.version}, signed by ${version.signature.signedBy}${day(version.signature.signedAt)}`;
  return `Version ${version.version}${version.editedBy ? `, edited by ${version.editedBy}` : ''}${day(version.editedAt)}`;
}

/** The plan a clinician's answer holds, ready to edit; null for a supervisor's answer (no text to edit). */
export function editablePlan(answer: PlanAnswer): StoredTreatmentPlan | null {
  const plan = answer.plan as Partial<StoredTreatmentPlan>;
  const hasText = plan.problems?.every((problem) => typeof (problem as { text?: unknown }).text === 'string') ?? false;
  if (!hasText) return null;
  return structuredClone(answer.plan as StoredTreatmentPlan);
}

/** The API's 409 on an edit or a signature: another version was saved (or signed) since this one was read. */
export function isConflict(error: unknown): boolean {
  return problemOf(error)?.status === 409;
}

/** Where a text of the plan is: a problem, a gap, a goal's words or target date, or one of a goal's objectives. */
export type PlanPlace =
  | { kind: 'problem'; index: number }
  | { kind: 'gap'; index: number }
  | { kind: 'goal'; goal: number }
  | { kind: 'target'; goal: number }
  | { kind: 'objective'; goal: number; index: number };

/** The JSON pointer of a place in the PUT body: what a 400 names (`/plan/problems/0/text`). */
export function pointerOf(place: PlanPlace): string {
  switch (place.kind) {
    case 'problem':
      return `/plan/problems/${place.index}/text`;
    case 'gap':
      return `/plan/gaps/${place.index}/text`;
    case 'goal':
      return `/plan/goals/${place.goal}/text`;
    case 'target':
      return `/plan/goals/${place.goal}/targetDate`;
    case 'objective':
      return `/plan/goals/${place.goal}/objectives/${place.index}/text`;
  }
}

export function textAt(plan: StoredTreatmentPlan, place: PlanPlace): string {
  switch (place.kind) {
    case 'problem':
      return plan.problems[place.index]?.text ?? '';
    case 'gap':
      return plan.gaps[place.index]?.text ?? '';
    case 'goal':
      return plan.goals[place.goal]?.text ?? '';
    case 'target':
      return plan.goals[place.goal]?.targetDate ?? '';
    case 'objective':
      return plan.goals[place.goal]?.objectives[place.index]?.text ?? '';
  }
}

/** The plan with one text changed; an empty target date is none (null). */
export function withText(plan: StoredTreatmentPlan, place: PlanPlace, text: string): StoredTreatmentPlan {
  const next = structuredClone(plan);
  switch (place.kind) {
    case 'problem': {
      const entry = next.problems[place.index];
      if (entry) entry.text = text;
      break;
    }
    case 'gap': {
      const entry = next.gaps[place.index];
      if (entry) entry.text = text;
      break;
    }
    case 'goal': {
      const goal = next.goals[place.goal];
      if (goal) goal.text = text;
      break;
    }
    case 'target': {
      const goal = next.goals[place.goal];
      if (goal) goal.targetDate = text.trim() === '' ? null : text;
      break;
    }
    case 'objective': {
      const entry = next.goals[place.goal]?.objectives[place.index];
      if (entry) entry.text = text;
      break;
    }
  }
  return next;
}

/** The plan with a new item of the clinician's own (it need not cite a session), at the end of its list. */
export function withNewEntry(plan: StoredTreatmentPlan, where: { kind: 'problem' } | { kind: 'objective'; goal: number }): StoredTreatmentPlan {
  const next = structuredClone(plan);
  const entry = { text: '', kind: 'clinician_entered' as const, evidence: [] };
  if (where.kind === 'problem') next.problems.push(entry);
  else next.goals[where.goal]?.objectives.push(entry);
  return next;
}

/** The plan without one problem, gap or objective. */
export function withoutEntry(plan: StoredTreatmentPlan, place: Extract<PlanPlace, { kind: 'problem' | 'gap' | 'objective' }>): StoredTreatmentPlan {
  const next = structuredClone(plan);
  if (place.kind === 'problem') next.problems.splice(place.index, 1);
  else if (place.kind === 'gap') next.gaps.splice(place.index, 1);
  else next.goals[place.goal]?.objectives.splice(place.index, 1);
  return next;
}

/** Every text the plan needs and lacks, by pointer: a problem, objective, gap or goal left empty. */
export function emptyTexts(plan: StoredTreatmentPlan): Record<string, string> {
  const errors: Record<string, string> = {};
  const need = 'Write the item, or remove it';
  plan.problems.forEach((entry, index) => {
    if (entry.text.trim() === '') errors[pointerOf({ kind: 'problem', index })] = need;
  });
  plan.gaps.forEach((entry, index) => {
    if (entry.text.trim() === '') errors[pointerOf({ kind: 'gap', index })] = need;
  });
  plan.goals.forEach((goal, g) => {
    if (goal.text.trim() === '') errors[pointerOf({ kind: 'goal', goal: g })] = 'Write the goal';
    goal.objectives.forEach((entry, index) => {
      if (entry.text.trim() === '') errors[pointerOf({ kind: 'objective', goal: g, index })] = need;
    });
  });
  return errors;
}

/**
 * The errors that belong to a place of the form: its text's pointer, and for an item anything under it (a
 * finding without evidence is `/plan/problems/3/evidence`).
 */
export function errorAt(errors: Record<string, string>, place: PlanPlace): string | undefined {
  const pointer = pointerOf(place);
  const base = place.kind === 'goal' ? `/plan/goals/${place.goal}/` : place.kind === 'target' ? pointer : pointer.replace(/\/text$/, '/');
  const own = (key: string) =>
    key === pointer || (place.kind === 'goal' ? key === `${base}evidence` || key === `${base}enteredBy` : place.kind !== 'target' && key.startsWith(base));
  const found = Object.entries(errors)
    .filter(([key]) => own(key))
    .map(([, detail]) => detail);
  return found.length > 0 ? found.join('; ') : undefined;
}

/** The errors no place of the form shows (a pointer of the plan's interventions, its status, or the body). */
export function unplacedErrors(errors: Record<string, string>, places: readonly PlanPlace[]): string[] {
  return Object.entries(errors)
    .filter(([key]) => !places.some((place) => errorAt({ [key]: 'x' }, place) !== undefined))
    .map(([key, detail]) => `${key}: ${detail}`);
}

/** Every place of a plan's form, in the order shown. */
export function placesOf(plan: StoredTreatmentPlan): PlanPlace[] {
  return [
    ...plan.problems.map((_, index) => ({ kind: 'problem', index }) as const),
    ...plan.goals.flatMap((goal, g) => [
      { kind: 'goal', goal: g } as const,
      { kind: 'target', goal: g } as const,
      ...goal.objectives.map((_, index) => ({ kind: 'objective', goal: g, index }) as const),
    ]),
    ...plan.gaps.map((_, index) => ({ kind: 'gap', index }) as const),
  ];
}

/** A 400's errors by pointer, several on one pointer joined. */
export function planErrorsOf(error: unknown): Record<string, string> {
  const problem = problemOf(error);
  const errors: Record<string, string> = {};
  if (problem?.status !== 400 || !Array.isArray(problem.errors)) return errors;
  for (const entry of problem.errors) {
    const detail = entry.detail ?? 'Not valid';
    errors[entry.pointer] = errors[entry.pointer] ? `${errors[entry.pointer]}; ${detail}` : detail;
  }
  return errors;
}
