/**
 * A client's plan (issue 16; `buildClientPlan`, schemas/plan.ts) as FHIR R4: one `Bundle` of type
 * `collection` holding the `CarePlan`, one `Goal` per goal and one `Observation` per measure point
 * (docs/plans.md, "FHIR"). Nothing is written that the plan does not hold: the goal texts, quotes and
 * citations are the plan's; the codes are LOINC's and HL7's.
 *
 * Ids are name-based UUIDs over the client id and what the item is, so the same plan gives the same bundle
 * byte for byte, and a goal or score keeps its id when the plan is rebuilt with a later session.
 */
import { createHash } from 'node:crypto';
import type * as fhir4 from 'fhir/r4';
import type { GoalStatus, MeasurePoint, MeasureSeries, PlanCitation, PlanGoal } from '../../../schemas/plan.js';
import { canonicalJson } from '../canonical-json.js';
import { InvalidInputError } from '../errors.js';
import { isDate, isDateTime } from './primitives.js';
import { toReference, type ReferenceInput } from './shared.js';
import { ATTUNE_FHIR_BASE, LOINC, PSYCHIATRY_SENSITIVITY, RESTRICTED } from './terminology.js';

// ── Terminology ────────────────────────────────────────────────────────────────────────────────────────

/** The namespace of the client ids the subject is given by (Attune's `clientId`, never a name). A placeholder: set your own. */
export const CLIENT_ID_SYSTEM = `${ATTUNE_FHIR_BASE}/NamingSystem/client-id`;
/** Where an item came from: one `{ session, turnId? }` per extension, as `session` and `turnId` sub-extensions. */
export const PLAN_CITATION_EXTENSION_URL = `${ATTUNE_FHIR_BASE}/StructureDefinition/plan-citation`;
/** When the clinician signed the plan (a signed plan is `active`). */
export const PLAN_SIGNED_AT_EXTENSION_URL = `${ATTUNE_FHIR_BASE}/StructureDefinition/plan-signed-at`;

const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const GOAL_ACHIEVEMENT = 'http://terminology.hl7.org/CodeSystem/goal-achievement';

/** Observation category `survey`: assessment tool or questionnaire results (PHQ-9, GAD-7, ORS…). */
export const SURVEY_CATEGORY: fhir4.CodeableConcept = {
  coding: [{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }],
};

/** LOINC codes for the totals that have one in our instruments; the displays are LOINC's long common names. */
export const MEASURE_LOINC: Readonly<Partial<Record<MeasurePoint['instrument'], fhir4.Coding>>> = {
  'PHQ-9': { system: LOINC, code: '44261-6', display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]' },
  'GAD-7': { system: LOINC, code: '70274-6', display: 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]' },
};

/** What each other instrument's Observation is called: text only, as no code is claimed for it. */
const MEASURE_TEXT: Readonly<Record<MeasurePoint['instrument'], string>> = {
  'PHQ-9': 'PHQ-9 total score',
  'GAD-7': 'GAD-7 total score',
  'PCL-5': 'PCL-5 total score',
  AUDIT: 'AUDIT total score',
  'AUDIT-C': 'AUDIT-C total score',
  ORS: 'Outcome Rating Scale (ORS) total score',
  SRS: 'Session Rating Scale (SRS) total score',
  SUDS: 'Subjective Units of Distress (SUDS)',
  ISI: 'Insomnia Severity Index (ISI) total score',
  PGSI: 'Problem Gambling Severity Index (PGSI) total score',
  'CORE-10': 'CORE-10 total score',
  EPDS: 'Edinburgh Postnatal Depression Scale (EPDS) total score',
  WSAS: 'Work and Social Adjustment Scale (WSAS) total score',
  rating: 'Rating',
};

const ACHIEVEMENT_DISPLAY = { 'in-progress': 'In Progress', improving: 'Improving', achieved: 'Achieved' } as const;
type Achievement = keyof typeof ACHIEVEMENT_DISPLAY;

/**
 * Our goal statuses as R4 Goal's `lifecycleStatus` and `achievementStatus`. A goal only just stated is
 * `proposed` in a draft plan and `active` once the clinician has signed the plan that holds it; a revised goal
 * stays active (its revision is in its notes); silence is never a status, so nothing maps to `on-hold`.
 */
export function goalStatusToFhir(
  status: GoalStatus,
  planStatus: PlanBundleOptions['status'] = 'draft',
): { lifecycleStatus: fhir4.Goal['lifecycleStatus']; achievement: Achievement | null } {
  switch (status) {
    case 'introduced':
      return { lifecycleStatus: planStatus === 'active' ? 'active' : 'proposed', achievement: null };
    case 'worked_on':
      return { lifecycleStatus: 'active', achievement: 'in-progress' };
    case 'progress':
      return { lifecycleStatus: 'active', achievement: 'improving' };
    case 'met':
      return { lifecycleStatus: 'completed', achievement: 'achieved' };
    case 'revised':
      return { lifecycleStatus: 'active', achievement: null };
    case 'dropped':
      return { lifecycleStatus: 'cancelled', achievement: null };
  }
}

// ── Options ────────────────────────────────────────────────────────────────────────────────────────────

export interface PlanBundleOptions {
  /**
   * The client's id (Attune's `clientId`: letters, digits, "-" and "_", no names). The subject of every
   * resource is a Patient reference by this identifier. @default none: the subject is a Patient reference
   * that says the client is not identified (for a local export with no id)
   */
  clientId?: string;
  /** The identifier system the client id belongs to. @default CLIENT_ID_SYSTEM */
  clientIdSystem?: string;
  /** `draft` until the clinician signs; `active` once signed (then `signedBy` and `signedAt` are required). @default 'draft' */
  status?: 'draft' | 'active';
  /** The signing clinician, e.g. `{ reference: 'Practitioner/123' }`: the CarePlan's author. */
  signedBy?: ReferenceInput;
  /** When the plan was signed: a FHIR dateTime (YYYY-MM-DD or a full timestamp with a zone). */
  signedAt?: string;
  /** The CarePlan's `created`. @default the date of the latest session read */
  created?: string;
}

const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

interface PlanEntryInput {
  text: string;
  /** `finding` (cites), `gap` (cites nothing), or an item the clinician entered (a stored, edited plan). */
  kind: 'finding' | 'gap' | 'clinician_entered';
  evidence: readonly PlanCitation[];
}

interface PlanInterventionInput {
  label: string;
  modality: string;
  state: 'used' | 'planned';
  sessions: readonly string[];
  evidence: readonly PlanCitation[];
}

/**
 * What the export reads of a plan: `ClientPlan` (what `buildClientPlan` returns) and the API's stored,
 * edited plan view both fit. Goals in `plan.goals` with no tracked goal (added by the clinician) become
 * Goals too, with the plan's text.
 */
export interface PlanForFhir {
  sessions: readonly { session: string; date: string }[];
  goals: readonly PlanGoal[];
  plan: {
    problems: readonly PlanEntryInput[];
    goals: readonly { goalId: string; text: string; targetDate: string | null; objectives: readonly PlanEntryInput[]; evidence: readonly PlanCitation[] }[];
    interventions: readonly PlanInterventionInput[];
    gaps: readonly PlanEntryInput[];
  };
  measures: readonly MeasurePoint[];
  measureSeries: readonly Pick<MeasureSeries, 'instrument' | 'ratingOf' | 'scale' | 'points'>[];
}

// ── The bundle ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * The plan as a FHIR R4 collection Bundle: the CarePlan first, then a Goal per goal (in the plan's order),
 * then an Observation per measure point (in date order). Check it with `validateR4` before sending it.
 *
 * @example
 * const bundle = planToFhirBundle(buildClientPlan(sessions), { clientId: 'c-042' });
 * bundle.entry?.map((e) => e.resource?.resourceType); // ['CarePlan', 'Goal', 'Goal', 'Observation', …]
 */
export function planToFhirBundle(plan: PlanForFhir, options: PlanBundleOptions = {}): fhir4.Bundle {
  const status = options.status ?? 'draft';
  checkOptions(options, status);
  const clientKey = options.clientId ?? '';
  const subject = subjectOf(options);

  const tracked = new Set(plan.goals.map((g) => g.id));
  const goals = [
    ...plan.goals.map((goal) => ({
      goal: goalInput(
        goal,
        plan.plan.goals.find((g) => g.goalId === goal.id),
      ),
      id: nameUuid('Goal', clientKey, goalKey(goal)),
    })),
    ...plan.plan.goals
      .filter((g) => !tracked.has(g.goalId))
      .map((g) => ({ goal: addedGoalInput(g), id: nameUuid('Goal', clientKey, `added|${g.goalId}|${g.text}`) })),
  ];
  const goalIds = new Map(goals.map(({ goal, id }) => [goal.goalId, id]));
  const seen = new Map<string, number>();
  const observations = plan.measures.map((point) => {
    const key = measureKey(point);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return { point, id: nameUuid('Observation', clientKey, `${key}|${n}`) };
  });

  const carePlanId = nameUuid('CarePlan', clientKey, 'plan');
  const resources: fhir4.FhirResource[] = [
    carePlan(plan, carePlanId, subject, goalIds, options, status),
    ...goals.map(({ goal, id }) => goalResource(goal, id, subject, status)),
    ...observations.map(({ point, id }) => observation(point, id, subject, scaleTop(plan, point))),
  ];
  const entry: fhir4.BundleEntry[] = resources.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource }));
  return {
    resourceType: 'Bundle',
    id: nameUuid('Bundle', clientKey, canonicalJson(entry)),
    meta: { security: [RESTRICTED, PSYCHIATRY_SENSITIVITY] },
    type: 'collection',
    entry,
  };
}

function checkOptions(options: PlanBundleOptions, status: 'draft' | 'active'): void {
  if (options.clientId !== undefined && !CLIENT_ID.test(options.clientId)) {
    throw new InvalidInputError('The client id must be 1-64 letters, digits, "-" or "_", starting with a letter or digit.', 'invalid_client_id');
  }
  if (status !== 'draft' && status !== 'active') throw new InvalidInputError("The plan's FHIR status is 'draft' or 'active'.", 'invalid_plan_status');
  if (status === 'active' && (options.signedBy === undefined || options.signedAt === undefined)) {
    throw new InvalidInputError('An active (signed) plan needs signedBy and signedAt: who signed it and when.', 'unsigned_active_plan');
  }
  if (status === 'draft' && (options.signedBy !== undefined || options.signedAt !== undefined)) {
    throw new InvalidInputError('A draft plan is not signed: give status active with signedBy and signedAt, or leave them out.', 'signed_draft_plan');
  }
  if (options.signedAt !== undefined && !isDateTime(options.signedAt)) {
    throw new InvalidInputError('signedAt must be a date (YYYY-MM-DD) or a timestamp with a time zone.', 'invalid_signed_at');
  }
  if (options.created !== undefined && !isDateTime(options.created)) {
    throw new InvalidInputError('created must be a date (YYYY-MM-DD) or a timestamp with a time zone.', 'invalid_created');
  }
}

function subjectOf(options: PlanBundleOptions): fhir4.Reference {
  if (options.clientId === undefined) return { type: 'Patient', display: 'Client not identified in this export' };
  return { type: 'Patient', identifier: { system: options.clientIdSystem ?? CLIENT_ID_SYSTEM, value: options.clientId } };
}

function carePlan(
  plan: PlanForFhir,
  id: string,
  subject: fhir4.Reference,
  goalIds: ReadonlyMap<string, string>,
  options: PlanBundleOptions,
  status: 'draft' | 'active',
): fhir4.CarePlan {
  const first = plan.sessions[0]?.date;
  const last = plan.sessions[plan.sessions.length - 1]?.date;
  const problems = plan.plan.problems.filter((p) => p.kind !== 'gap' && nonBlank(p.text));
  const gaps = [...plan.plan.problems.filter((p) => p.kind === 'gap'), ...plan.plan.gaps].filter((g) => nonBlank(g.text));
  const resource: fhir4.CarePlan = {
    resourceType: 'CarePlan',
    id,
    meta: { security: [RESTRICTED, PSYCHIATRY_SENSITIVITY] },
    status,
    intent: 'plan',
    title: 'Treatment plan',
    subject,
  };
  if (first !== undefined) resource.period = { start: first };
  const created = options.created ?? last;
  if (created !== undefined) resource.created = created;
  if (status === 'active') {
    resource.author = toReference(options.signedBy);
    resource.extension = [{ url: PLAN_SIGNED_AT_EXTENSION_URL, valueDateTime: options.signedAt! }];
  }
  if (problems.length > 0) {
    resource.description = `Problems: ${problems.map((p) => p.text).join(' ')}`;
    resource.addresses = problems.map((p) => ({ type: 'Condition', display: p.text, extension: citationExtensions(p.evidence) }));
  }
  const goalRefs = plan.plan.goals.flatMap((g) => {
    const target = goalIds.get(g.goalId);
    return target ? [{ reference: `urn:uuid:${target}`, type: 'Goal' }] : [];
  });
  if (goalRefs.length > 0) resource.goal = goalRefs;
  const interventions = plan.plan.interventions.filter((i) => nonBlank(i.label));
  if (interventions.length > 0) resource.activity = interventions.map(activity);
  if (gaps.length > 0) resource.note = gaps.map((g) => ({ text: g.text }));
  return resource;
}

function activity(intervention: PlanInterventionInput): fhir4.CarePlanActivity {
  const sessions = intervention.sessions.filter(nonBlank);
  const when = sessions.length === 0 ? '' : `, ${intervention.state === 'planned' ? 'planned in' : 'used in'} ${sessions.join(', ')}`;
  const modality = nonBlank(intervention.modality) ? ` (${intervention.modality})` : '';
  return {
    detail: {
      extension: citationExtensions(intervention.evidence),
      code: { text: intervention.label },
      status: intervention.state === 'planned' ? 'not-started' : 'in-progress',
      description: `${intervention.label}${modality}${when}`,
    },
  };
}

/** One Goal's content: a tracked goal (with the plan's text for it, which the clinician may have edited), or a goal the clinician added. */
interface GoalInput {
  goalId: string;
  text: string;
  tracked: PlanGoal | null;
  targetDate: string | null;
  objectives: readonly PlanEntryInput[];
  evidence: readonly PlanCitation[];
}

function goalInput(goal: PlanGoal, inPlan: PlanForFhir['plan']['goals'][number] | undefined): GoalInput {
  return {
    goalId: goal.id,
    text: inPlan?.text ?? goal.text,
    tracked: goal,
    targetDate: inPlan ? inPlan.targetDate : goal.targetDate,
    objectives: inPlan?.objectives.filter((o) => o.kind !== 'gap') ?? [],
    evidence: goal.evidence,
  };
}

function addedGoalInput(g: PlanForFhir['plan']['goals'][number]): GoalInput {
  return {
    goalId: g.goalId,
    text: g.text,
    tracked: null,
    targetDate: g.targetDate,
    objectives: g.objectives.filter((o) => o.kind !== 'gap'),
    evidence: g.evidence,
  };
}

function goalResource(goal: GoalInput, id: string, subject: fhir4.Reference, planStatus: 'draft' | 'active'): fhir4.Goal {
  const tracked = goal.tracked;
  const { lifecycleStatus, achievement } = goalStatusToFhir(tracked?.status ?? 'introduced', planStatus);
  const resource: fhir4.Goal = {
    resourceType: 'Goal',
    id,
    meta: { security: [RESTRICTED, PSYCHIATRY_SENSITIVITY] },
    extension: citationExtensions(goal.evidence),
    lifecycleStatus,
    // The goal's words; a goal with none (the clinician's, emptied) is still a goal and R4 needs a description.
    description: { text: nonBlank(goal.text) ? goal.text : 'Goal (no text given)' },
    subject,
  };
  if (tracked) resource.startDate = tracked.history[0]!.date;
  if (achievement) resource.achievementStatus = { coding: [{ system: GOAL_ACHIEVEMENT, code: achievement, display: ACHIEVEMENT_DISPLAY[achievement] }] };
  const target: fhir4.GoalTarget = {};
  if (tracked?.measurable && nonBlank(tracked.measurable)) {
    target.measure = resource.description;
    target.detailString = tracked.measurable;
  }
  if (goal.targetDate !== null && isDate(goal.targetDate)) target.dueDate = goal.targetDate;
  if (Object.keys(target).length > 0) resource.target = [target];
  if (tracked) resource.statusDate = tracked.history[tracked.history.length - 1]!.date;
  if (tracked?.wordsOf === 'client') resource.expressedBy = subject;
  const notes: fhir4.Annotation[] = (tracked?.history ?? []).map((event) => ({
    time: event.date,
    text: `${event.status.replace('_', ' ')}: "${event.quote}" [${event.session} ${event.turnIds.join(', ')}]`,
  }));
  if (goal.targetDate !== null && nonBlank(goal.targetDate) && !isDate(goal.targetDate)) notes.push({ text: `Time frame, as said: "${goal.targetDate}"` });
  // The objectives as the plan words them (the measurable form as said, homework set toward the goal), cited.
  for (const objective of goal.objectives) {
    if (nonBlank(objective.text))
      notes.push({ text: objective.evidence.length > 0 ? `${objective.text} [${citationText(objective.evidence)}]` : objective.text });
  }
  if (notes.length > 0) resource.note = notes;
  return resource;
}

function observation(point: MeasurePoint, id: string, subject: fhir4.Reference, top: number | null): fhir4.Observation {
  const loinc = MEASURE_LOINC[point.instrument];
  const text = point.instrument === 'rating' ? ratingText(point, top) : MEASURE_TEXT[point.instrument];
  const notes: fhir4.Annotation[] = [];
  const resource: fhir4.Observation = {
    resourceType: 'Observation',
    id,
    meta: { security: [RESTRICTED, PSYCHIATRY_SENSITIVITY] },
    status: 'final',
    category: [SURVEY_CATEGORY],
    code: loinc ? { coding: [loinc], text } : { text },
    subject,
    effectiveDateTime: point.date,
  };
  if (Number.isSafeInteger(point.value) && Math.abs(point.value) <= 2_147_483_647) resource.valueInteger = point.value;
  else resource.valueQuantity = { value: point.value };
  if (point.band !== null && nonBlank(point.band)) {
    resource.interpretation = [{ text: point.band }];
    notes.push({ text: `Severity band: ${point.band}` });
  }
  if (point.session !== undefined && nonBlank(point.session)) {
    const citation = { session: point.session, ...(point.turnId ? { turnId: point.turnId } : {}) };
    resource.extension = citationExtensions([citation]);
    notes.push({ text: `Said in session ${citationText([citation])}` });
  } else if (point.source !== undefined) {
    notes.push({ text: `Entered outside a session (${point.source.replaceAll('_', ' ')})` });
  }
  if (notes.length > 0) resource.note = notes;
  return resource;
}

/** The top of the point's scale, from its series (a rating is out of 10 or of 100). */
function scaleTop(plan: PlanForFhir, point: MeasurePoint): number | null {
  const series = plan.measureSeries.find((s) => s.instrument === point.instrument && s.ratingOf === point.ratingOf && s.points.includes(point));
  return (series ?? plan.measureSeries.find((s) => s.instrument === point.instrument && s.ratingOf === point.ratingOf))?.scale.max ?? null;
}

function ratingText(point: MeasurePoint, top: number | null): string {
  const scale = top === null ? '' : ` (0-${top})`;
  return point.ratingOf && nonBlank(point.ratingOf) ? `Rating of ${point.ratingOf}${scale}` : `Rating${scale}`;
}

// ── Citations and ids ──────────────────────────────────────────────────────────────────────────────────

function citationExtensions(all: readonly PlanCitation[]): fhir4.Extension[] | undefined {
  const citations = all.filter((c) => nonBlank(c.session));
  if (citations.length === 0) return undefined;
  return citations.map((c) => ({
    url: PLAN_CITATION_EXTENSION_URL,
    extension: [{ url: 'session', valueString: c.session }, ...(c.turnId ? [{ url: 'turnId', valueString: c.turnId }] : [])],
  }));
}

/** "2026-09-01 t0035; 2026-09-22 t0034" */
function citationText(citations: readonly PlanCitation[]): string {
  return citations.map((c) => (c.turnId ? `${c.session} ${c.turnId}` : c.session)).join('; ');
}

/** A goal is the words it was first stated in, where: its id in the plan (`goal-1`) moves when an earlier session is added. */
function goalKey(goal: PlanGoal): string {
  const first = goal.history[0]!;
  return `${first.session}|${first.turnIds[0]}|${goal.text}`;
}

function measureKey(point: MeasurePoint): string {
  return [point.instrument, point.ratingOf ?? '', point.date, point.session ?? '', point.turnId ?? '', point.source ?? ''].join('|');
}

/**
 * A name-based UUID (RFC 9562 version 5 layout over SHA-1), as the note exports make theirs
 * (`resourceId` in shared.ts): the same client and item always give the same id.
 */
function nameUuid(resourceType: string, clientKey: string, item: string): string {
  const digest = createHash('sha1').update(`attune:plan:${resourceType}\n${clientKey}\n${item}`, 'utf8').digest();
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** FHIR strings hold something: a blank one is left out rather than sent. */
function nonBlank(value: string): boolean {
  return value.trim().length > 0;
}
