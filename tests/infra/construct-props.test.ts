/** The constructs refuse props that cannot work, at synth, naming the prop. */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { configFromProps } from '../../lib/config.js';
import { AttuneFunctions } from '../../lib/constructs/functions.js';
import { AttuneSessionExpiry } from '../../lib/constructs/session-expiry.js';
import { AttuneStorage } from '../../lib/constructs/storage.js';
import { AttuneWebhookDelivery } from '../../lib/constructs/webhook-delivery.js';
import { AttuneWorkflow } from '../../lib/constructs/workflow.js';

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:111122223333:function:attune';
const stack = () => new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Props');

describe('construct props', () => {
  it('refuses a webhook delivery that would keep events longer than Lambda keeps an asynchronous event', () => {
    const scope = stack();
    const props = {
      deliverWebhooks: LambdaFunction.fromFunctionArn(scope, 'Deliver', FUNCTION_ARN),
      eventBus: EventBus.fromEventBusName(scope, 'Bus', 'attune'),
      encryptionKey: new Key(scope, 'Key'),
    };

    expect(() => new AttuneWebhookDelivery(scope, 'Webhooks', { ...props, maxEventAge: Duration.hours(7) })).toThrow(
      /maxEventAge must be from 1 minute to 6 hours/,
    );
  });

  it('refuses a session expiry that would retry a stream record past the stream keeping it', () => {
    const scope = stack();
    const props = {
      expireSessions: LambdaFunction.fromFunctionArn(scope, 'Expire', FUNCTION_ARN),
      table: Table.fromTableAttributes(scope, 'Table', {
        tableName: 'sessions',
        tableStreamArn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/sessions/stream/x',
      }),
      encryptionKey: new Key(scope, 'Key'),
    };

    expect(() => new AttuneSessionExpiry(scope, 'Expiry', { ...props, maxRecordAge: Duration.hours(24) })).toThrow(
      /maxRecordAge must be from 1 minute to under 24 hours/,
    );
  });

  it('refuses Amazon Transcribe Medical in a language other than US English', () => {
    const scope = stack();
    const storage = new AttuneStorage(scope, 'Storage', {});
    const functions = new AttuneFunctions(scope, 'Functions', { storage, config: configFromProps({}) });
    const props = { storage, functions, eventBus: EventBus.fromEventBusName(scope, 'Bus', 'attune') };

    expect(() => new AttuneWorkflow(scope, 'Workflow', { ...props, transcribeMode: 'medical', languageCode: 'de-DE' })).toThrow(/en-US only, not 'de-DE'/);
  });
});
