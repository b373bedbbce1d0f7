/**
 * A structural FHIR R4 validator for the resources Attune exports (DocumentReference, Composition; the
 * plan's CarePlan, Goal and Observation in a Bundle), for when no official validator is at hand (offline,
 * in a unit test, in a Lambda). It checks elements, cardinalities, primitive formats, required value sets
 * and the invariants that apply to these resources; it does not check extensible bindings or profiles.
 */
import {
  array,
  attachment,
  code,
  codeableConcept,
  coding,
  dateTime,
  extensions,
  id,
  instant,
  isObject,
  meta,
  narrative,
  noEmptyValues,
  object,
  period,
  reference,
  required,
  string,
  unknownElements,
  uri,
  type Json,
  type Problems,
} from './elements.js';
import { isDate, isFhirId } from './primitives.js';

const BASE_RESOURCE_ELEMENTS = ['resourceType', 'id', 'meta', 'implicitRules', 'language'];
const RESOURCE_ELEMENTS = [...BASE_RESOURCE_ELEMENTS, 'text', 'contained', 'extension', 'modifierExtension'];
const BACKBONE_ELEMENTS = ['id', 'extension', 'modifierExtension'];
const COMPOSITION_STATUS = ['preliminary', 'final', 'amended', 'entered-in-error'] as const;
const RELATION = ['replaces', 'transforms', 'signs', 'appends'] as const;

const OBSERVATION_EFFECTIVE = ['effectiveDateTime', 'effectivePeriod', 'effectiveTiming', 'effectiveInstant'];
const OBSERVATION_VALUES = [
  'valueQuantity',
  'valueCodeableConcept',
  'valueString',
  'valueBoolean',
  'valueInteger',
  'valueRange',
  'valueRatio',
  'valueSampledData',
  'valueTime',
  'valueDateTime',
  'valuePeriod',
];

type ResourceRules = { elements: readonly string[]; check: (resource: Json, out: Problems) => void; domainResource?: boolean };

const RULES: Record<string, ResourceRules> = {
  DocumentReference: {
    elements: [
      'masterIdentifier',
      'identifier',
      'status',
      'docStatus',
      'type',
      'category',
      'subject',
      'date',
      'author',
      'authenticator',
      'custodian',
      'relatesTo',
      'description',
      'securityLabel',
      'content',
      'context',
    ],
    check: checkDocumentReference,
  },
  CarePlan: {
    elements: [
      'identifier',
      'instantiatesCanonical',
      'instantiatesUri',
      'basedOn',
      'replaces',
      'partOf',
      'status',
      'intent',
      'category',
      'title',
      'description',
      'subject',
      'encounter',
      'period',
      'created',
      'author',
      'contributor',
      'careTeam',
      'addresses',
      'supportingInfo',
      'goal',
      'activity',
      'note',
    ],
    check: checkCarePlan,
  },
  Goal: {
    elements: [
      'identifier',
      'lifecycleStatus',
      'achievementStatus',
      'category',
      'priority',
      'description',
      'subject',
      'startDate',
      'startCodeableConcept',
      'target',
      'statusDate',
      'statusReason',
      'expressedBy',
      'addresses',
      'note',
      'outcomeCode',
      'outcomeReference',
    ],
    check: checkGoal,
  },
  Observation: {
    elements: [
      'identifier',
      'basedOn',
      'partOf',
      'status',
      'category',
      'code',
      'subject',
      'focus',
      'encounter',
      ...OBSERVATION_EFFECTIVE,
      'issued',
      'performer',
      ...OBSERVATION_VALUES,
      'dataAbsentReason',
      'interpretation',
      'note',
      'bodySite',
      'method',
      'specimen',
      'device',
      'referenceRange',
      'hasMember',
      'derivedFrom',
      'component',
    ],
    check: checkObservation,
  },
  Bundle: {
    // A Resource, not a DomainResource: no text, contained or extensions.
    domainResource: false,
    elements: ['identifier', 'type', 'timestamp', 'total', 'link', 'entry', 'signature'],
    check: checkBundle,
  },
  Composition: {
    elements: [
      'identifier',
      'status',
      'type',
      'category',
      'subject',
      'encounter',
      'date',
      'author',
      'title',
      'confidentiality',
      'attester',
      'custodian',
      'relatesTo',
      'event',
      'section',
    ],
    check: checkComposition,
  },
};

/**
 * The problems that make `resource` invalid FHIR R4, each naming the element (`Composition.date: …`);
 * an empty list means valid.
 *
 * @example
 * validateR4({ resourceType: 'DocumentReference', content: [] });
 * // ['DocumentReference.status: required, but missing', 'DocumentReference.content: required 1..*, but empty', …]
 */
export function validateR4(resource: unknown): string[] {
  if (!isObject(resource)) return ['resource: expected a JSON object'];
  const type = resource.resourceType;
  if (typeof type !== 'string') return ['resourceType: required, but missing'];
  const rules = RULES[type];
  if (!rules) return [`resourceType: "${type}" is not supported by this validator (${Object.keys(RULES).join(', ')})`];

  const out: Problems = [];
  const domain = rules.domainResource !== false;
  unknownElements(resource, type, [...(domain ? RESOURCE_ELEMENTS : BASE_RESOURCE_ELEMENTS), ...rules.elements], type, out);
  id(resource.id, `${type}.id`, out);
  meta(resource.meta, `${type}.meta`, out);
  uri(resource.implicitRules, `${type}.implicitRules`, out);
  code(resource.language, `${type}.language`, out);
  if (domain) {
    narrative(resource.text, `${type}.text`, out);
    array(resource.contained, `${type}.contained`, out);
    extensions(resource.extension, `${type}.extension`, out);
    extensions(resource.modifierExtension, `${type}.modifierExtension`, out);
  }
  rules.check(resource, out);

  // The generic "no empty values" pass last, and only where a typed check said nothing already.
  const generic: Problems = [];
  noEmptyValues(resource, type, generic);
  for (const problem of generic) {
    const path = problem.slice(0, problem.indexOf(': '));
    if (!out.some((p) => p.startsWith(`${path}: `) || p.startsWith(`${path}.`))) out.push(problem);
  }
  return [...new Set(out)];
}

function checkDocumentReference(doc: Json, out: Problems): void {
  const at = 'DocumentReference';
  code(required(doc, 'status', at, out), `${at}.status`, out, ['current', 'superseded', 'entered-in-error']);
  code(doc.docStatus, `${at}.docStatus`, out, COMPOSITION_STATUS);
  codeableConcept(doc.type, `${at}.type`, out);
  array(doc.category, `${at}.category`, out).forEach((c, i) => {
    codeableConcept(c, `${at}.category[${i}]`, out);
  });
  reference(doc.subject, `${at}.subject`, out);
  instant(doc.date, `${at}.date`, out);
  array(doc.author, `${at}.author`, out).forEach((r, i) => {
    reference(r, `${at}.author[${i}]`, out);
  });
  reference(doc.authenticator, `${at}.authenticator`, out);
  reference(doc.custodian, `${at}.custodian`, out);
  string(doc.description, `${at}.description`, out);
  array(doc.securityLabel, `${at}.securityLabel`, out).forEach((c, i) => {
    codeableConcept(c, `${at}.securityLabel[${i}]`, out);
  });
  array(doc.relatesTo, `${at}.relatesTo`, out).forEach((item, i) => {
    const relation = object(item, `${at}.relatesTo[${i}]`, out);
    if (!relation) return;
    code(required(relation, 'code', `${at}.relatesTo[${i}]`, out), `${at}.relatesTo[${i}].code`, out, RELATION);
    reference(required(relation, 'target', `${at}.relatesTo[${i}]`, out), `${at}.relatesTo[${i}].target`, out);
  });

  const content = array(required(doc, 'content', at, out), `${at}.content`, out);
  if (Array.isArray(doc.content) && content.length === 0) out.push(`${at}.content: required 1..*, but empty; attach the document`);
  content.forEach((item, i) => {
    const path = `${at}.content[${i}]`;
    const entry = object(item, path, out);
    if (!entry) return;
    unknownElements(entry, 'DocumentReference.content', [...BACKBONE_ELEMENTS, 'attachment', 'format'], path, out);
    const attached = required(entry, 'attachment', path, out);
    attachment(attached, `${path}.attachment`, out);
    if (isObject(attached)) {
      unknownElements(
        attached,
        'Attachment',
        ['id', 'extension', 'contentType', 'language', 'data', 'url', 'size', 'hash', 'title', 'creation'],
        `${path}.attachment`,
        out,
      );
      if (attached.data === undefined && attached.url === undefined) {
        out.push(`${path}.attachment: has neither data nor url, so there is no document to read`);
      }
    }
    coding(entry.format, `${path}.format`, out);
  });

  const context = object(doc.context, `${at}.context`, out);
  if (context) {
    array(context.encounter, `${at}.context.encounter`, out).forEach((r, i) => {
      reference(r, `${at}.context.encounter[${i}]`, out);
    });
    array(context.event, `${at}.context.event`, out).forEach((c, i) => {
      codeableConcept(c, `${at}.context.event[${i}]`, out);
    });
    period(context.period, `${at}.context.period`, out);
  }
}

function checkComposition(composition: Json, out: Problems): void {
  const at = 'Composition';
  code(required(composition, 'status', at, out), `${at}.status`, out, COMPOSITION_STATUS);
  codeableConcept(required(composition, 'type', at, out), `${at}.type`, out);
  array(composition.category, `${at}.category`, out).forEach((c, i) => {
    codeableConcept(c, `${at}.category[${i}]`, out);
  });
  reference(composition.subject, `${at}.subject`, out);
  reference(composition.encounter, `${at}.encounter`, out);
  dateTime(required(composition, 'date', at, out), `${at}.date`, out);
  const authors = array(required(composition, 'author', at, out), `${at}.author`, out);
  if (Array.isArray(composition.author) && authors.length === 0) out.push(`${at}.author: required 1..*, but empty; name who is responsible`);
  authors.forEach((r, i) => {
    reference(r, `${at}.author[${i}]`, out);
  });
  string(required(composition, 'title', at, out), `${at}.title`, out);
  code(composition.confidentiality, `${at}.confidentiality`, out, ['U', 'L', 'M', 'N', 'R', 'V']);
  reference(composition.custodian, `${at}.custodian`, out);
  array(composition.attester, `${at}.attester`, out).forEach((item, i) => {
    const path = `${at}.attester[${i}]`;
    const attester = object(item, path, out);
    if (!attester) return;
    code(required(attester, 'mode', path, out), `${path}.mode`, out, ['personal', 'professional', 'legal', 'official']);
    dateTime(attester.time, `${path}.time`, out);
    reference(attester.party, `${path}.party`, out);
  });
  array(composition.event, `${at}.event`, out).forEach((item, i) => {
    const event = object(item, `${at}.event[${i}]`, out);
    if (!event) return;
    array(event.code, `${at}.event[${i}].code`, out).forEach((c, j) => {
      codeableConcept(c, `${at}.event[${i}].code[${j}]`, out);
    });
    period(event.period, `${at}.event[${i}].period`, out);
  });
  array(composition.section, `${at}.section`, out).forEach((s, i) => {
    checkSection(s, `${at}.section[${i}]`, out);
  });
}

const SECTION_ELEMENTS = [...BACKBONE_ELEMENTS, 'title', 'code', 'author', 'focus', 'text', 'mode', 'orderedBy', 'entry', 'emptyReason', 'section'];

function checkSection(value: unknown, path: string, out: Problems): void {
  const section = object(value, path, out);
  if (!section) return;
  unknownElements(section, 'Composition.section', SECTION_ELEMENTS, path, out);
  string(section.title, `${path}.title`, out);
  codeableConcept(section.code, `${path}.code`, out);
  array(section.author, `${path}.author`, out).forEach((r, i) => {
    reference(r, `${path}.author[${i}]`, out);
  });
  reference(section.focus, `${path}.focus`, out);
  narrative(section.text, `${path}.text`, out);
  code(section.mode, `${path}.mode`, out, ['working', 'snapshot', 'changes']);
  codeableConcept(section.orderedBy, `${path}.orderedBy`, out);
  const entries = array(section.entry, `${path}.entry`, out);
  entries.forEach((r, i) => {
    reference(r, `${path}.entry[${i}]`, out);
  });
  codeableConcept(section.emptyReason, `${path}.emptyReason`, out);
  const subsections = array(section.section, `${path}.section`, out);
  subsections.forEach((s, i) => {
    checkSection(s, `${path}.section[${i}]`, out);
  });
  if (section.text === undefined && entries.length === 0 && subsections.length === 0) {
    out.push(`${path}: a section needs text, entries or sub-sections (cmp-1)`);
  }
  if (section.emptyReason !== undefined && entries.length > 0) out.push(`${path}.emptyReason: only allowed when the section has no entries (cmp-2)`);
}

// ── Data types the plan resources add ──────────────────────────────────────────────────────────────────

function identifier(value: unknown, path: string, out: Problems): void {
  const ident = object(value, path, out);
  if (!ident) return;
  unknownElements(ident, 'Identifier', ['id', 'extension', 'use', 'type', 'system', 'value', 'period', 'assigner'], path, out);
  code(ident.use, `${path}.use`, out, ['usual', 'official', 'temp', 'secondary', 'old']);
  codeableConcept(ident.type, `${path}.type`, out);
  uri(ident.system, `${path}.system`, out);
  string(ident.value, `${path}.value`, out);
  period(ident.period, `${path}.period`, out);
  extensions(ident.extension, `${path}.extension`, out);
}

/** A Reference, including a logical one by `identifier`, and any extensions on it. */
function referenceTo(value: unknown, path: string, out: Problems): void {
  reference(value, path, out);
  if (!isObject(value)) return;
  unknownElements(value, 'Reference', ['id', 'extension', 'reference', 'type', 'identifier', 'display'], path, out);
  identifier(value.identifier, `${path}.identifier`, out);
  extensions(value.extension, `${path}.extension`, out);
}

function references(value: unknown, path: string, out: Problems): void {
  array(value, path, out).forEach((r, i) => {
    referenceTo(r, `${path}[${i}]`, out);
  });
}

function codeableConcepts(value: unknown, path: string, out: Problems): void {
  array(value, path, out).forEach((c, i) => {
    codeableConcept(c, `${path}[${i}]`, out);
  });
}

function date(value: unknown, path: string, out: Problems): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !isDate(value)) out.push(`${path}: ${JSON.stringify(value)} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`);
}

function integer(value: unknown, path: string, out: Problems): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -2_147_483_648 || value > 2_147_483_647) {
    out.push(`${path}: ${JSON.stringify(value)} is not an integer (32-bit, no fraction)`);
  }
}

function quantity(value: unknown, path: string, out: Problems): void {
  const q = object(value, path, out);
  if (!q) return;
  unknownElements(q, 'Quantity', ['id', 'extension', 'value', 'comparator', 'unit', 'system', 'code'], path, out);
  if (q.value !== undefined && (typeof q.value !== 'number' || !Number.isFinite(q.value))) out.push(`${path}.value: expected a decimal number`);
  code(q.comparator, `${path}.comparator`, out, ['<', '<=', '>=', '>']);
  string(q.unit, `${path}.unit`, out);
  uri(q.system, `${path}.system`, out);
  code(q.code, `${path}.code`, out);
  if (q.code !== undefined && q.system === undefined) out.push(`${path}.system: required when a code is given (qty-3)`);
}

/** Annotation: `text` is required (markdown); an author by reference or by name, not both. */
function annotations(value: unknown, path: string, out: Problems): void {
  array(value, path, out).forEach((item, i) => {
    const at = `${path}[${i}]`;
    const note = object(item, at, out);
    if (!note) return;
    unknownElements(note, 'Annotation', ['id', 'extension', 'authorReference', 'authorString', 'time', 'text'], at, out);
    string(required(note, 'text', at, out), `${at}.text`, out);
    dateTime(note.time, `${at}.time`, out);
    referenceTo(note.authorReference, `${at}.authorReference`, out);
    string(note.authorString, `${at}.authorString`, out);
    if (note.authorReference !== undefined && note.authorString !== undefined) out.push(`${at}: has both authorReference and authorString; give one`);
    extensions(note.extension, `${at}.extension`, out);
  });
}

/** The choice element `name[x]` present more than once (`valueInteger` and `valueString`) is invalid. */
function oneChoice(value: Json, names: readonly string[], path: string, out: Problems): string | undefined {
  const present = names.filter((n) => value[n] !== undefined);
  if (present.length > 1) out.push(`${path}: has ${present.join(' and ')}; a choice element takes one type`);
  return present[0];
}

function backbone(value: unknown, type: string, elements: readonly string[], path: string, out: Problems): Json | undefined {
  const element = object(value, path, out);
  if (!element) return undefined;
  unknownElements(element, type, [...BACKBONE_ELEMENTS, ...elements], path, out);
  extensions(element.extension, `${path}.extension`, out);
  extensions(element.modifierExtension, `${path}.modifierExtension`, out);
  return element;
}

// ── CarePlan, Goal, Observation ─────────────────────────────────────────────────────────────────────────

const CARE_PLAN_STATUS = ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'] as const;
const CARE_PLAN_INTENT = ['proposal', 'plan', 'order', 'option'] as const;
const ACTIVITY_STATUS = ['not-started', 'scheduled', 'in-progress', 'on-hold', 'completed', 'cancelled', 'stopped', 'unknown', 'entered-in-error'] as const;
const DETAIL_ELEMENTS = [
  'kind',
  'instantiatesCanonical',
  'instantiatesUri',
  'code',
  'reasonCode',
  'reasonReference',
  'goal',
  'status',
  'statusReason',
  'doNotPerform',
  'scheduledTiming',
  'scheduledPeriod',
  'scheduledString',
  'location',
  'performer',
  'productCodeableConcept',
  'productReference',
  'dailyAmount',
  'quantity',
  'description',
];

function checkCarePlan(plan: Json, out: Problems): void {
  const at = 'CarePlan';
  array(plan.identifier, `${at}.identifier`, out).forEach((x, i) => {
    identifier(x, `${at}.identifier[${i}]`, out);
  });
  code(required(plan, 'status', at, out), `${at}.status`, out, CARE_PLAN_STATUS);
  code(required(plan, 'intent', at, out), `${at}.intent`, out, CARE_PLAN_INTENT);
  codeableConcepts(plan.category, `${at}.category`, out);
  string(plan.title, `${at}.title`, out);
  string(plan.description, `${at}.description`, out);
  referenceTo(required(plan, 'subject', at, out), `${at}.subject`, out);
  referenceTo(plan.encounter, `${at}.encounter`, out);
  period(plan.period, `${at}.period`, out);
  dateTime(plan.created, `${at}.created`, out);
  referenceTo(plan.author, `${at}.author`, out);
  for (const key of ['basedOn', 'replaces', 'partOf', 'contributor', 'careTeam', 'addresses', 'supportingInfo', 'goal']) {
    references(plan[key], `${at}.${key}`, out);
  }
  array(plan.activity, `${at}.activity`, out).forEach((item, i) => {
    const path = `${at}.activity[${i}]`;
    const activity = backbone(item, 'CarePlan.activity', ['outcomeCodeableConcept', 'outcomeReference', 'progress', 'reference', 'detail'], path, out);
    if (!activity) return;
    codeableConcepts(activity.outcomeCodeableConcept, `${path}.outcomeCodeableConcept`, out);
    references(activity.outcomeReference, `${path}.outcomeReference`, out);
    annotations(activity.progress, `${path}.progress`, out);
    referenceTo(activity.reference, `${path}.reference`, out);
    if (activity.reference !== undefined && activity.detail !== undefined) out.push(`${path}: has both reference and detail; give one (cpl-3)`);
    const detail = backbone(activity.detail, 'CarePlan.activity.detail', DETAIL_ELEMENTS, `${path}.detail`, out);
    if (!detail) return;
    code(detail.kind, `${path}.detail.kind`, out);
    codeableConcept(detail.code, `${path}.detail.code`, out);
    codeableConcepts(detail.reasonCode, `${path}.detail.reasonCode`, out);
    for (const key of ['reasonReference', 'goal', 'performer']) references(detail[key], `${path}.detail.${key}`, out);
    code(required(detail, 'status', `${path}.detail`, out), `${path}.detail.status`, out, ACTIVITY_STATUS);
    codeableConcept(detail.statusReason, `${path}.detail.statusReason`, out);
    if (detail.doNotPerform !== undefined && typeof detail.doNotPerform !== 'boolean') out.push(`${path}.detail.doNotPerform: expected a boolean`);
    oneChoice(detail, ['scheduledTiming', 'scheduledPeriod', 'scheduledString'], `${path}.detail`, out);
    period(detail.scheduledPeriod, `${path}.detail.scheduledPeriod`, out);
    string(detail.scheduledString, `${path}.detail.scheduledString`, out);
    referenceTo(detail.location, `${path}.detail.location`, out);
    string(detail.description, `${path}.detail.description`, out);
  });
  annotations(plan.note, `${at}.note`, out);
}

const GOAL_LIFECYCLE = ['proposed', 'planned', 'accepted', 'active', 'on-hold', 'completed', 'cancelled', 'entered-in-error', 'rejected'] as const;
const GOAL_DETAIL = ['detailQuantity', 'detailRange', 'detailCodeableConcept', 'detailString', 'detailBoolean', 'detailInteger', 'detailRatio'];

function checkGoal(goal: Json, out: Problems): void {
  const at = 'Goal';
  array(goal.identifier, `${at}.identifier`, out).forEach((x, i) => {
    identifier(x, `${at}.identifier[${i}]`, out);
  });
  code(required(goal, 'lifecycleStatus', at, out), `${at}.lifecycleStatus`, out, GOAL_LIFECYCLE);
  codeableConcept(goal.achievementStatus, `${at}.achievementStatus`, out);
  codeableConcepts(goal.category, `${at}.category`, out);
  codeableConcept(goal.priority, `${at}.priority`, out);
  const description = required(goal, 'description', at, out);
  codeableConcept(description, `${at}.description`, out);
  if (isObject(description) && description.text === undefined && description.coding === undefined) {
    out.push(`${at}.description: says nothing; give text or a coding`);
  }
  referenceTo(required(goal, 'subject', at, out), `${at}.subject`, out);
  oneChoice(goal, ['startDate', 'startCodeableConcept'], at, out);
  date(goal.startDate, `${at}.startDate`, out);
  codeableConcept(goal.startCodeableConcept, `${at}.startCodeableConcept`, out);
  array(goal.target, `${at}.target`, out).forEach((item, i) => {
    const path = `${at}.target[${i}]`;
    const target = backbone(item, 'Goal.target', ['measure', ...GOAL_DETAIL, 'dueDate', 'dueDuration'], path, out);
    if (!target) return;
    codeableConcept(target.measure, `${path}.measure`, out);
    const detail = oneChoice(target, GOAL_DETAIL, path, out);
    if (detail !== undefined && target.measure === undefined) out.push(`${path}.measure: required when a detail is given (gol-1)`);
    string(target.detailString, `${path}.detailString`, out);
    integer(target.detailInteger, `${path}.detailInteger`, out);
    quantity(target.detailQuantity, `${path}.detailQuantity`, out);
    codeableConcept(target.detailCodeableConcept, `${path}.detailCodeableConcept`, out);
    oneChoice(target, ['dueDate', 'dueDuration'], path, out);
    date(target.dueDate, `${path}.dueDate`, out);
    quantity(target.dueDuration, `${path}.dueDuration`, out);
  });
  date(goal.statusDate, `${at}.statusDate`, out);
  string(goal.statusReason, `${at}.statusReason`, out);
  referenceTo(goal.expressedBy, `${at}.expressedBy`, out);
  references(goal.addresses, `${at}.addresses`, out);
  annotations(goal.note, `${at}.note`, out);
  codeableConcepts(goal.outcomeCode, `${at}.outcomeCode`, out);
  references(goal.outcomeReference, `${at}.outcomeReference`, out);
}

const OBSERVATION_STATUS = ['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown'] as const;

function checkObservation(observation: Json, out: Problems): void {
  const at = 'Observation';
  array(observation.identifier, `${at}.identifier`, out).forEach((x, i) => {
    identifier(x, `${at}.identifier[${i}]`, out);
  });
  code(required(observation, 'status', at, out), `${at}.status`, out, OBSERVATION_STATUS);
  codeableConcepts(observation.category, `${at}.category`, out);
  const concept = required(observation, 'code', at, out);
  codeableConcept(concept, `${at}.code`, out);
  if (isObject(concept) && concept.text === undefined && concept.coding === undefined) out.push(`${at}.code: says nothing; give text or a coding`);
  referenceTo(observation.subject, `${at}.subject`, out);
  for (const key of ['basedOn', 'partOf', 'focus', 'performer', 'specimen', 'hasMember', 'derivedFrom']) references(observation[key], `${at}.${key}`, out);
  referenceTo(observation.encounter, `${at}.encounter`, out);
  oneChoice(observation, OBSERVATION_EFFECTIVE, at, out);
  dateTime(observation.effectiveDateTime, `${at}.effectiveDateTime`, out);
  period(observation.effectivePeriod, `${at}.effectivePeriod`, out);
  instant(observation.effectiveInstant, `${at}.effectiveInstant`, out);
  instant(observation.issued, `${at}.issued`, out);
  const value = oneChoice(observation, OBSERVATION_VALUES, at, out);
  integer(observation.valueInteger, `${at}.valueInteger`, out);
  quantity(observation.valueQuantity, `${at}.valueQuantity`, out);
  codeableConcept(observation.valueCodeableConcept, `${at}.valueCodeableConcept`, out);
  string(observation.valueString, `${at}.valueString`, out);
  if (observation.valueBoolean !== undefined && typeof observation.valueBoolean !== 'boolean') out.push(`${at}.valueBoolean: expected a boolean`);
  dateTime(observation.valueDateTime, `${at}.valueDateTime`, out);
  period(observation.valuePeriod, `${at}.valuePeriod`, out);
  codeableConcept(observation.dataAbsentReason, `${at}.dataAbsentReason`, out);
  if (value !== undefined && observation.dataAbsentReason !== undefined) out.push(`${at}.dataAbsentReason: only when there is no value (obs-6)`);
  codeableConcepts(observation.interpretation, `${at}.interpretation`, out);
  annotations(observation.note, `${at}.note`, out);
  codeableConcept(observation.bodySite, `${at}.bodySite`, out);
  codeableConcept(observation.method, `${at}.method`, out);
  referenceTo(observation.device, `${at}.device`, out);
  array(observation.component, `${at}.component`, out).forEach((item, i) => {
    const path = `${at}.component[${i}]`;
    const component = backbone(
      item,
      'Observation.component',
      ['code', ...OBSERVATION_VALUES, 'dataAbsentReason', 'interpretation', 'referenceRange'],
      path,
      out,
    );
    if (!component) return;
    codeableConcept(required(component, 'code', path, out), `${path}.code`, out);
    const componentValue = oneChoice(component, OBSERVATION_VALUES, path, out);
    integer(component.valueInteger, `${path}.valueInteger`, out);
    quantity(component.valueQuantity, `${path}.valueQuantity`, out);
    if (componentValue !== undefined && component.dataAbsentReason !== undefined) out.push(`${path}.dataAbsentReason: only when there is no value (obs-6)`);
  });
}

// ── Bundle ─────────────────────────────────────────────────────────────────────────────────────────────

const BUNDLE_TYPE = ['document', 'message', 'transaction', 'transaction-response', 'batch', 'batch-response', 'history', 'searchset', 'collection'] as const;
const URN_UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The Bundle's own rules (bdl-1 to bdl-11 where they apply), each entry's resource validated as itself
 * (problems named `Bundle.entry[i].resource.…`), every `fullUrl` agreeing with its resource's id, and every
 * `urn:uuid:` reference resolving to an entry: such a reference means nothing outside the Bundle.
 */
function checkBundle(bundle: Json, out: Problems): void {
  const at = 'Bundle';
  identifier(bundle.identifier, `${at}.identifier`, out);
  const type = required(bundle, 'type', at, out);
  code(type, `${at}.type`, out, BUNDLE_TYPE);
  instant(bundle.timestamp, `${at}.timestamp`, out);
  if (bundle.total !== undefined && type !== 'searchset' && type !== 'history') out.push(`${at}.total: only for a searchset or history (bdl-1)`);
  if (type === 'document') {
    if (bundle.identifier === undefined) out.push(`${at}.identifier: required for a document (bdl-9)`);
    if (bundle.timestamp === undefined) out.push(`${at}.timestamp: required for a document (bdl-10)`);
  }
  const fullUrls = new Set<string>();
  const entries = array(bundle.entry, `${at}.entry`, out);
  entries.forEach((item, i) => {
    const path = `${at}.entry[${i}]`;
    const entry = backbone(item, 'Bundle.entry', ['link', 'fullUrl', 'resource', 'search', 'request', 'response'], path, out);
    if (!entry) return;
    uri(entry.fullUrl, `${path}.fullUrl`, out, true);
    if (typeof entry.fullUrl === 'string') {
      if (fullUrls.has(entry.fullUrl)) out.push(`${path}.fullUrl: "${entry.fullUrl}" is already an earlier entry's (bdl-7)`);
      fullUrls.add(entry.fullUrl);
    }
    if (entry.search !== undefined && type !== 'searchset') out.push(`${path}.search: only in a searchset (bdl-2)`);
    if (entry.request !== undefined && !['batch', 'transaction', 'history'].includes(String(type)))
      out.push(`${path}.request: only in a batch, transaction or history (bdl-3)`);
    if (entry.response !== undefined && !['batch-response', 'transaction-response', 'history'].includes(String(type))) {
      out.push(`${path}.response: only in a batch-response, transaction-response or history (bdl-4)`);
    }
    if (entry.resource === undefined) {
      if (entry.request === undefined && entry.response === undefined) out.push(`${path}: needs a resource, a request or a response (bdl-5)`);
      return;
    }
    if (entry.fullUrl === undefined && type !== 'transaction' && type !== 'batch')
      out.push(`${path}.fullUrl: required with a resource (bdl-8 and reference resolution)`);
    for (const problem of validateR4(entry.resource)) out.push(`${path}.resource${problem.slice(problem.search(/[.:]/))}`);
    if (!isObject(entry.resource)) return;
    fullUrlMatchesId(entry.fullUrl, entry.resource, path, out);
  });
  if (type === 'document' && entries.length > 0) {
    const first = isObject(entries[0]) ? (entries[0] as Json).resource : undefined;
    if (!isObject(first) || first.resourceType !== 'Composition') out.push(`${at}.entry[0].resource: a document starts with its Composition (bdl-11)`);
  }
  entries.forEach((item, i) => {
    if (!isObject(item)) return;
    for (const [path, target] of urnReferences(item.resource, `${at}.entry[${i}].resource`)) {
      if (!fullUrls.has(target)) out.push(`${path}: "${target}" is not the fullUrl of any entry in this Bundle`);
    }
  });
}

function fullUrlMatchesId(fullUrl: unknown, resource: Json, path: string, out: Problems): void {
  if (typeof fullUrl !== 'string') return;
  const resourceId = resource.id;
  if (fullUrl.startsWith('urn:uuid:')) {
    if (!URN_UUID.test(fullUrl)) out.push(`${path}.fullUrl: "${fullUrl}" is not urn:uuid: and a lower-case UUID`);
    else if (resourceId !== undefined && resourceId !== fullUrl.slice('urn:uuid:'.length)) {
      out.push(`${path}.fullUrl: does not match the resource's id "${String(resourceId)}"`);
    }
    return;
  }
  if (
    typeof resourceId === 'string' &&
    isFhirId(resourceId) &&
    /^https?:/.test(fullUrl) &&
    !fullUrl.endsWith(`/${String(resource.resourceType)}/${resourceId}`)
  ) {
    out.push(`${path}.fullUrl: does not end with ${String(resource.resourceType)}/${resourceId}, the resource's type and id`);
  }
}

/** Every `reference` value under `value` that is a `urn:uuid:`, with its path. */
function urnReferences(value: unknown, path: string): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => urnReferences(item, `${path}[${i}]`));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]): [string, string][] =>
    key === 'reference' && typeof child === 'string' && child.startsWith('urn:uuid:') ? [[`${path}.reference`, child]] : urnReferences(child, `${path}.${key}`),
  );
}
