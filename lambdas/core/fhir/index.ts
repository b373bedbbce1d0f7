/** FHIR R4 exports of a progress note and of a client's plan, and a structural validator for them. */
export { toDocumentReference, type DocumentReferenceOptions } from './document-reference.js';
export { toComposition, RISK_SECTION_TITLE, type CompositionOptions } from './composition.js';
export { validateR4 } from './validate.js';
export {
  planToFhirBundle,
  goalStatusToFhir,
  CLIENT_ID_SYSTEM,
  MEASURE_LOINC,
  PLAN_CITATION_EXTENSION_URL,
  PLAN_SIGNED_AT_EXTENSION_URL,
  SURVEY_CATEGORY,
  type PlanBundleOptions,
  type PlanForFhir,
} from './plan.js';
export { chartMarkdown, chartNote } from './chart.js';
export { escapeXhtml, type FhirExportOptions, type ReferenceInput } from './shared.js';
export * from './terminology.js';
