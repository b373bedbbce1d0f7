/**
 * Test helper for the analysis and API handlers: one small session (an inline dialogue parsed the way
 * NormalizeTranscript parses it), its workflow payloads, and an in-memory S3 behind the REAL
 * S3ObjectStore (aws-sdk-client-mock; no network).
 */
import { GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3ObjectStore } from '../../../lambdas/adapters/s3/object-store.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import type { Normalized, Upload } from '../../../schemas/workflow.js';
import { inlineTranscript } from '../../helpers.js';

export const ARTIFACTS = 'attune-artifacts';
export const KMS_KEY_ID = 'alias/attune-test';

export const DIALOGUE = [
  'Therapist: Welcome back. What would you like to focus on today?',
  'Client: My sister and I argued again on Sunday, and I said things I regret.',
  'Therapist: It sounds like you are carrying some guilt about that argument.',
  'Client: Yes, I keep replaying it at night instead of sleeping.',
  'Therapist: What goes through your mind when you replay it?',
  'Client: That I always ruin things with her, that I never learn.',
  'Therapist: So part of you believes this is a pattern you cannot change.',
  'Client: Maybe. But I do want to fix it, I miss talking with her.',
  'Therapist: You want to repair things, and that matters to you. Would it be okay if we looked at what happened step by step?',
  'Client: Okay, that would help. I think I got defensive when she mentioned money.',
  "Therapist: Let's plan one small step for this week. What could you try?",
  'Client: I could write her a short message and apologise for shouting.',
  'Therapist: That sounds like a clear plan. We can review how it went next time.',
  'Client: Thanks, I feel a bit lighter already.',
];

export const transcript = inlineTranscript(DIALOGUE);

/** Every word of three letters or more the transcript's turns contain, lower-cased. */
export const transcriptWords = new Set(transcript.turns.flatMap((t) => t.text.toLowerCase().match(/[a-z']{3,}/g) ?? []));

/** The transcript words that appear as whole words in `json`. */
export function transcriptWordsIn(json: string): string[] {
  return [...new Set(json.toLowerCase().match(/[a-z']{3,}/g) ?? [])].filter((w) => transcriptWords.has(w));
}

/**
 * A session in which the client discloses passive suicidal ideation (t0004) and self-injury (t0006),
 * and the therapist moves on without asking about either.
 */
export const RISK_DIALOGUE = [
  'Therapist: Good to see you again. How has this week been for you?',
  'Client: Honestly it has been rough. Work keeps piling up and I barely leave my flat.',
  'Therapist: It sounds like the week has worn you down.',
  'Client: Sometimes I wish I could go to sleep and not wake up.',
  'Therapist: That sounds heavy. What else has been going on?',
  'Client: I cut my arm last night.',
  "Therapist: Let's come back to your routine. What time do you usually get to bed?",
  'Client: Around two, most nights. I scroll on my phone until I drop off.',
  'Therapist: So the nights run late and the mornings feel hard.',
  "Client: Yes, and then I'm tired at work and everything piles up again.",
  'Therapist: What would make one evening this week a bit easier?',
  'Client: Maybe turning the phone off at midnight and reading instead.',
  'Therapist: That sounds like a small step worth trying. Shall we check on it next time?',
  'Client: Okay, I can try that.',
];

export const riskTranscript = inlineTranscript(RISK_DIALOGUE);

/** The words of three letters or more of the risk session's turns that appear as whole words in `json`. */
export function riskWordsIn(json: string): string[] {
  const spoken = new Set(riskTranscript.turns.flatMap((t) => t.text.toLowerCase().match(/[a-z']{3,}/g) ?? []));
  return [...new Set(json.toLowerCase().match(/[a-z']{3,}/g) ?? [])].filter((w) => spoken.has(w));
}

export const upload: Upload = {
  bucket: 'attune-uploads',
  key: 'uploads/acme/c-17/s-0042.txt',
  bytes: 1200,
  tenantId: 'acme',
  clientId: 'c-17',
  sessionId: 's-0042',
  extension: 'txt',
  kind: 'transcript',
  channels: 1,
  sessionDate: '2026-03-02',
  consent: { obtained: true, method: 'written', obtainedAt: '2026-03-02T09:00:00Z' },
};

export const normalized: Normalized = {
  transcriptKey: 'transcripts/acme/c-17/s-0042.json',
  turns: transcript.turns.length,
  words: 180,
  roleMethod: 'explicit',
  roleConfidence: 1,
};

/** The session as ValidateUpload records it. */
export function receivedRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    tenantId: upload.tenantId,
    clientId: upload.clientId,
    sessionId: upload.sessionId,
    status: 'RECEIVED',
    sessionDate: upload.sessionDate,
    createdAt: '2026-03-02T09:05:00.000Z',
    updatedAt: '2026-03-02T09:05:00.000Z',
    upload: { key: upload.key, kind: upload.kind, bytes: upload.bytes },
    consent: upload.consent,
    timings: {},
    ...overrides,
  };
}

/** The DynamoDB item for a record, with the key attributes the adapter adds. */
export function itemOf(record: SessionRecord): Record<string, unknown> {
  return {
    ...record,
    pk: `TENANT#${record.tenantId}#SESSION#${record.sessionId}`,
    sk: 'SESSION',
    gsi1pk: `TENANT#${record.tenantId}#CLIENT#${record.clientId}`,
    gsi1sk: `DATE#${record.sessionDate ?? '0000-00-00'}#SESSION#${record.sessionId}`,
  };
}

/** An S3 that keeps objects in a Map, behind the real S3ObjectStore. */
export function fakeArtifacts() {
  const s3 = mockClient(S3Client);
  const objects = new Map<string, { body: Uint8Array; input: Record<string, unknown> }>();
  const id = (bucket: string | undefined, key: string | undefined) => `${bucket}/${key}`;
  s3.on(PutObjectCommand).callsFake(async (input) => {
    const body = typeof input.Body === 'string' ? new TextEncoder().encode(input.Body) : (input.Body as Uint8Array);
    objects.set(id(input.Bucket, input.Key), { body, input });
    return {};
  });
  s3.on(GetObjectCommand).callsFake(async (input) => {
    const stored = objects.get(id(input.Bucket, input.Key));
    if (!stored) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    return { Body: { transformToByteArray: async () => stored.body } } as unknown as GetObjectCommandOutput;
  });
  s3.on(HeadObjectCommand).callsFake(async (input) => {
    const stored = objects.get(id(input.Bucket, input.Key));
    if (!stored) throw new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } });
    return { ContentLength: stored.body.length, ContentType: String(stored.input.ContentType) };
  });
  const store = new S3ObjectStore({ client: new S3Client({ region: 'eu-west-1' }), kmsKeyId: KMS_KEY_ID });
  return {
    s3,
    store,
    objects,
    putJson(key: string, value: unknown) {
      objects.set(id(ARTIFACTS, key), { body: new TextEncoder().encode(JSON.stringify(value)), input: { ContentType: 'application/json' } });
    },
    /** What a handler wrote, parsed back, with the PutObject input it was written with. */
    written(key: string): { json: unknown; input: Record<string, unknown> } {
      const stored = objects.get(id(ARTIFACTS, key));
      if (!stored) throw new Error(`nothing was written at ${key}`);
      return { json: JSON.parse(new TextDecoder().decode(stored.body)), input: stored.input };
    },
    restore: () => s3.restore(),
  };
}
