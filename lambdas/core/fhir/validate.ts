/**
 * A structural FHIR R4 validator for the resources Attune exports (DocumentReference, Composition),
 * for when no official validator is at hand (offline, in a unit test, in a Lambda). It checks
 * elements, cardinalities, primitive formats and the invariants that apply to these resources; it
 * does not check terminology bindings or profiles.
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

const RESOURCE_ELEMENTS = ['resourceType', 'id', 'meta', 'implicitRules', 'language', 'text', 'contained', 'extension', 'modifierExtension'];
const BACKBONE_ELEMENTS = ['id', 'extension', 'modifierExtension'];
const COMPOSITION_STATUS = ['preliminary', 'final', 'amended', 'entered-in-error'] as const;
const RELATION = ['replaces', 'transforms', 'signs', 'appends'] as const;

type ResourceRules = { elements: readonly string[]; check: (resource: Json, out: Problems) => void };

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
  unknownElements(resource, type, [...RESOURCE_ELEMENTS, ...rules.elements], type, out);
  id(resource.id, `${type}.id`, out);
  meta(resource.meta, `${type}.meta`, out);
  uri(resource.implicitRules, `${type}.implicitRules`, out);
  code(resource.language, `${type}.language`, out);
  narrative(resource.text, `${type}.text`, out);
  array(resource.contained, `${type}.contained`, out);
  extensions(resource.extension, `${type}.extension`, out);
  extensions(resource.modifierExtension, `${type}.modifierExtension`, out);
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
