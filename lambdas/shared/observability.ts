/**
 * Logging, metrics and tracing for every handler (AWS Lambda Powertools), with protected health
 * information kept out by construction: the logger only ever emits the fields on an allow-list, so a
 * transcript, a note or a name passed by mistake is dropped, not logged.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/** The only extra keys a log line may carry: ids, states, counts, codes. Never content. */
export const LOG_FIELD_ALLOW_LIST = new Set([
  'tenantId',
  'clientId',
  'sessionId',
  'executionId',
  'state',
  'status',
  'kind',
  'extension',
  'bytes',
  'turns',
  'words',
  'versionsDeleted',
  'durationMs',
  'engine',
  'modelId',
  'degraded',
  'droppedEvidence',
  // Where the analysis a step used came from: 'stored', or computed because it was 'missing' or 'unreadable'.
  'analysisSource',
  'failureCode',
  'errorName',
  'duplicate',
  'attempt',
  'webhookId',
  'route',
  'delivered',
  'failed',
  'receiptId',
]);

/** Keeps only allow-listed keys with primitive values; strings are clipped so nothing long slips through. */
export function safeFields(fields: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!LOG_FIELD_ALLOW_LIST.has(key)) continue;
    if (typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else if (typeof value === 'string') out[key] = value.slice(0, 80);
  }
  return out;
}

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'attune';

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ namespace: 'Attune', serviceName });
export const tracer = new Tracer({ serviceName });

/** Logs an event name with allow-listed fields only. */
export function logInfo(message: string, fields: Record<string, unknown> = {}): void {
  logger.info(message, safeFields(fields));
}

/** Logs an error by its name and code; the message and stack may quote input, so they are not logged. */
export function logError(message: string, error: unknown, fields: Record<string, unknown> = {}): void {
  const errorName = error instanceof Error ? error.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  logger.error(message, safeFields({ ...fields, errorName, ...(typeof code === 'string' ? { failureCode: code } : {}) }));
}
