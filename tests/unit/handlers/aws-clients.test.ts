import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** The factory as a Lambda container loads it: the tracer reads AWS_EXECUTION_ENV when it is built. */
async function factoryInLambda() {
  vi.resetModules();
  vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs22.x');
  vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'true');
  return import('../../../lambdas/shared/aws-clients.js');
}

const XRAY_MIDDLEWARE = 'XRaySDKInstrumentation';
const middlewareOf = (client: { middlewareStack: { identify(): string[] } }) => client.middlewareStack.identify().join(' ');

describe('the shared SDK clients', () => {
  beforeEach(() => {
    vi.unstubAllEnvs();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('are built once per container: every handler and adapter asking for S3 in a region gets the same client', async () => {
    // Prepare
    const { s3Client, documentClient } = await factoryInLambda();

    // Act
    const first = s3Client('eu-west-1');
    const again = s3Client('eu-west-1');

    // Assess
    expect(again).toBe(first);
    expect(s3Client('eu-west-1', 'WHEN_REQUIRED')).not.toBe(first);
    expect(s3Client('us-east-1')).not.toBe(first);
    expect(documentClient('eu-west-1')).toBe(documentClient('eu-west-1'));
  });

  it('send every S3 and DynamoDB call through X-Ray in Lambda', async () => {
    // Prepare
    const { s3Client, documentClient, bedrockRuntimeClient } = await factoryInLambda();

    // Act
    const clients = [s3Client('eu-west-1'), documentClient('eu-west-1'), bedrockRuntimeClient('eu-west-1')];

    // Assess
    for (const client of clients) expect(middlewareOf(client)).toContain(XRAY_MIDDLEWARE);
  });

  it('are not traced outside Lambda (the local runtime, the CLI, tests)', async () => {
    // Prepare
    vi.resetModules();
    vi.stubEnv('AWS_EXECUTION_ENV', '');
    const { s3Client } = await import('../../../lambdas/shared/aws-clients.js');

    // Act
    const client = s3Client('eu-west-1');

    // Assess
    expect(middlewareOf(client)).not.toContain(XRAY_MIDDLEWARE);
  });

  it('are still intercepted by aws-sdk-client-mock when traced', async () => {
    // Prepare
    const { s3Client, documentClient } = await factoryInLambda();
    const s3 = mockClient(S3Client);
    const dynamo = mockClient(DynamoDBDocumentClient);
    s3.on(HeadObjectCommand).resolves({ ContentLength: 42 });
    dynamo.on(GetCommand).resolves({ Item: { pk: 'TENANT#t1#SESSION#s1', status: 'COMPLETED' } });

    // Act
    const head = await s3Client('eu-west-1').send(new HeadObjectCommand({ Bucket: 'b', Key: 'k' }));
    const item = await documentClient('eu-west-1').send(new GetCommand({ TableName: 't', Key: { pk: 'p', sk: 's' } }));

    // Assess
    expect(head.ContentLength).toBe(42);
    expect(item.Item?.status).toBe('COMPLETED');
    s3.restore();
    dynamo.restore();
  });
});
