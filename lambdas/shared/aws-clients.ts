/**
 * The AWS SDK clients the handlers use, each built once per container (on first use, then reused by every
 * invocation and every adapter that asks for it) and wrapped by Powertools' tracer, so each S3, DynamoDB
 * and Bedrock call is a subsegment of the invocation's X-Ray trace. Outside Lambda the tracer is off and
 * a client is returned as built.
 *
 * Tests keep mocking with aws-sdk-client-mock: it stubs `send` on the client's class, so it intercepts
 * these instances as it does any other.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BedrockLanguageModel, createBedrockRuntimeClient } from '../adapters/bedrock/bedrock-language-model.js';
import { S3ObjectStore } from '../adapters/s3/object-store.js';
import type { LanguageModel } from '../ports/language-model.js';
import type { ObjectStore } from '../ports/object-store.js';
import { tracer } from './observability.js';

/**
 * How an S3 client adds checksums. Presigned uploads need `WHEN_REQUIRED`: with optional checksums the URL
 * carries the checksum of an empty body and S3 refuses the upload (lambdas/adapters/s3/object-store.ts).
 */
export type S3Checksums = 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';

const clients = new Map<string, unknown>();

/** The client cached under `key`, built the first time it is asked for. */
function once<T>(key: string, build: () => T): T {
  if (!clients.has(key)) clients.set(key, build());
  return clients.get(key) as T;
}

const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);

/** S3 in `region`. */
export function s3Client(region: string, checksums: S3Checksums = 'WHEN_SUPPORTED'): S3Client {
  return once(`s3:${region}:${checksums}`, () => traced(new S3Client({ region, requestChecksumCalculation: checksums })));
}

/**
 * DynamoDB's document client in `region`, which drops `undefined` attributes rather than refusing them.
 * The base client is the one traced: the document client sends through the base client's middleware.
 */
export function documentClient(region: string): DynamoDBDocumentClient {
  return once(`dynamodb:${region}`, () =>
    DynamoDBDocumentClient.from(traced(new DynamoDBClient({ region })), { marshallOptions: { removeUndefinedValues: true } }),
  );
}

/** Bedrock Runtime in `region`, trying each call once: the adapter's retry policy is the only one. */
export function bedrockRuntimeClient(region: string): BedrockRuntimeClient {
  return once(`bedrock-runtime:${region}`, () => traced(createBedrockRuntimeClient(region)));
}

/**
 * What a handler's `wire(config, clients)` builds its ports from: in AWS the traced clients above, locally
 * the runtime's stand-ins (local/runtime/handlers.ts), so both build the same dependencies the same way.
 */
export interface HandlerClients {
  /** Objects in the uploads and artifacts buckets. */
  readonly objects: ObjectStore;
  /** The sessions table (and everything else the table holds). */
  readonly documents: DynamoDBDocumentClient;
  /** The model that writes notes and rates the alliance; null for the local engines. */
  readonly model: LanguageModel | null;
}

/**
 * S3 as the object store port, encrypting what it writes with `KMS_KEY_ID` (a function without the
 * variable only reads or deletes). Separate from the other clients so a function's bundle carries only the
 * SDK clients it uses: esbuild drops the rest.
 */
export function objectStore(config: { AWS_REGION: string; KMS_KEY_ID?: string }, checksums: S3Checksums = 'WHEN_SUPPORTED'): ObjectStore {
  return once(
    `object-store:${config.AWS_REGION}:${checksums}:${config.KMS_KEY_ID ?? ''}`,
    () => new S3ObjectStore({ client: s3Client(config.AWS_REGION, checksums), ...(config.KMS_KEY_ID ? { kmsKeyId: config.KMS_KEY_ID } : {}) }),
  );
}

/** The Bedrock model `BEDROCK_MODEL_ID` names, over the traced client; null for `local` (the local engines). */
export function bedrockModel(config: { AWS_REGION: string; BEDROCK_MODEL_ID: string }): LanguageModel | null {
  const modelId = config.BEDROCK_MODEL_ID;
  return modelId === 'local' ? null : new BedrockLanguageModel({ modelId, client: bedrockRuntimeClient(config.AWS_REGION) });
}
