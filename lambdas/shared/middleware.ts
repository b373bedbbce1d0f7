/**
 * The one way a handler is wrapped: middy with Powertools' logger context, metrics and tracer. The
 * handler's own logic takes its ports as arguments (`createXHandler(deps)`), so the same logic runs in
 * AWS, in the local runtime and in tests.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import { logger, metrics, tracer } from './observability.js';

export type Handler<In, Out> = (event: In, context?: Context) => Promise<Out>;

export function withObservability<In, Out>(handler: Handler<In, Out>) {
  return middy(handler)
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { clearState: true, logEvent: false }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
