/**
 * The code systems and codes Attune's FHIR R4 exports use, in one place so a reviewer (or an
 * integration team mapping to their EHR's profile) can check them without reading the builders.
 */
import type * as fhir4 from 'fhir/r4';

/**
 * Base of Attune's own canonical URLs (provenance extension, tag code systems). A placeholder on the
 * reserved `.example` TLD: nothing resolves there, and a deployment that publishes its own
 * StructureDefinitions should change it here.
 */
export const ATTUNE_FHIR_BASE = 'https://attune.example/fhir';

export const LOINC = 'http://loinc.org';

/** LOINC 11506-3 "Progress note": the document type for every Attune note, whatever its format. */
export const PROGRESS_NOTE_TYPE: fhir4.CodeableConcept = {
  coding: [{ system: LOINC, code: '11506-3', display: 'Progress note' }],
  text: 'Progress note',
};

/** US Core DocumentReference category: a clinical note (the category US Core clinical-notes search on). */
export const CLINICAL_NOTE_CATEGORY: fhir4.CodeableConcept = {
  coding: [
    {
      system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
      code: 'clinical-note',
      display: 'Clinical Note',
    },
  ],
};

/** IHE format code: the MIME type alone says how to read the attachment (US Core's binding for `format`). */
export const MIME_TYPE_SUFFICIENT: fhir4.Coding = {
  system: 'http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode',
  code: 'urn:ihe:iti:xds:2017:mimeTypeSufficient',
  display: 'mimeType Sufficient',
};

/** RFC 7763 makes `charset` a required parameter of text/markdown. */
export const MARKDOWN_CONTENT_TYPE = 'text/markdown; charset=utf-8';

const CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

/**
 * Psychotherapy documentation is among the most sensitive health information: confidentiality R
 * (restricted) and the HL7 sensitivity code PSY (psychiatry disorder information), so a receiving
 * system's access-control policy can segment it.
 */
export const RESTRICTED: fhir4.Coding = { system: CONFIDENTIALITY, code: 'R', display: 'restricted' };
export const PSYCHIATRY_SENSITIVITY: fhir4.Coding = {
  system: ACT_CODE,
  code: 'PSY',
  display: 'psychiatry disorder information sensitivity',
};

/** LOINC section codes the C-CDA progress note uses for the SOAP headings. */
export const SECTION_CODES: Readonly<Record<string, fhir4.Coding>> = {
  Subjective: { system: LOINC, code: '61150-9', display: 'Subjective Narrative' },
  Objective: { system: LOINC, code: '61149-1', display: 'Objective Narrative' },
  Assessment: { system: LOINC, code: '51848-0', display: 'Evaluation note' },
  Plan: { system: LOINC, code: '18776-5', display: 'Plan of care note' },
};

/** Why an empty section is empty: nothing of that kind was found in the session. */
export const NIL_KNOWN: fhir4.CodeableConcept = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/list-empty-reason', code: 'nilknown', display: 'Nil Known' }],
};

export const PROVENANCE_EXTENSION_URL = `${ATTUNE_FHIR_BASE}/StructureDefinition/note-provenance`;
export const ENGINE_TAG_SYSTEM = `${ATTUNE_FHIR_BASE}/CodeSystem/note-engine`;
export const NOTE_FLAG_SYSTEM = `${ATTUNE_FHIR_BASE}/CodeSystem/note-flag`;

export const REVIEW_REQUIRED_TAG: fhir4.Coding = {
  system: NOTE_FLAG_SYSTEM,
  code: 'clinician-review-required',
  display: 'Clinician review required: the note reports risk statements',
};

export const DEGRADED_TAG: fhir4.Coding = {
  system: NOTE_FLAG_SYSTEM,
  code: 'degraded',
  display: 'The model path fell back to the local engine',
};
