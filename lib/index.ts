/** Attune's CDK constructs, for embedding in your own stack: `new AttunePipeline(this, 'Attune', props)`. */
export { AttunePipeline, type AttunePipelineProps } from './constructs/pipeline.js';
export { AttuneStack, type AttuneStackProps } from './attune-stack.js';
export { acknowledgeNagFindings, type NagAcknowledgement } from './compliance.js';
export { AttuneStorage, TABLE_KEYS, UPLOADS_PREFIX, TRANSCRIBE_OUTPUT_PREFIX, TRANSCRIPTS_PREFIX, type AttuneStorageProps } from './constructs/storage.js';
export {
  AttuneFunction,
  AttuneFunctions,
  bedrockModelArns,
  type AttuneFunctionProps,
  type AttuneFunctionsProps,
  type HandlerSourceProps,
} from './constructs/functions.js';
export { AttuneWorkflow, COMPLETED_DETAIL_TYPE, FAILED_DETAIL_TYPE, EVENT_SOURCE, type AttuneWorkflowProps } from './constructs/workflow.js';
export { AttuneApi, TENANT_ATTRIBUTE, type AttuneApiProps } from './constructs/api.js';
export { AttuneWebhookDelivery, type AttuneWebhookDeliveryProps } from './constructs/webhook-delivery.js';
export { AttuneSessionExpiry, type AttuneSessionExpiryProps } from './constructs/session-expiry.js';
export { AttuneObservability, type AttuneObservabilityProps } from './constructs/observability.js';
export {
  AttuneConfigError,
  AttuneConfigSchema,
  CONFIG_DEFAULTS,
  CONTEXT_KEYS,
  configFromContext,
  configFromProps,
  parseConfig,
  type AttuneConfig,
} from './config.js';
