/**
 * The configuration each handler module reads at import (module scope, as in Lambda). Import this first
 * in a test file: ES modules run in import order, so it is set before any handler module loads.
 */
Object.assign(process.env, {
  UPLOADS_BUCKET: 'attune-uploads',
  ARTIFACTS_BUCKET: 'attune-artifacts',
  TABLE_NAME: 'attune-sessions',
  EVENT_BUS_NAME: 'arn:aws:events:us-east-1:000000000000:event-bus/attune-events',
  KMS_KEY_ID: 'arn:aws:kms:us-east-1:000000000000:key/test',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_METRICS_NAMESPACE: 'Attune',
  // Quiet test output; tests that check what is logged turn it up (captureLogs).
  POWERTOOLS_LOG_LEVEL: 'SILENT',
});
