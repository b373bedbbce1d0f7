/**
 * NormalizeTranscript: turns what Amazon Transcribe wrote (audio uploads) or the uploaded transcript
 * file (vtt, srt, txt, json) into the canonical Transcript, and analyses it once (metrics, alliance, risk:
 * what the note, the scores and the supervision report are all written from), storing both encrypted in
 * the artifacts bucket. The state's answer carries keys and counts only: execution history must never
 * hold transcript text.
 */
import { z } from 'zod';
import { AttuneError, InvalidInputError, TooLargeError } from '../core/errors.js';
import { countWords } from '../core/metrics/text.js';
import { checkTranscriptSize, parseTranscript, type ParseTranscriptOptions, type Transcript } from '../core/transcript/index.js';
import { DynamoSessionRepository } from '../adapters/dynamodb/session-repository.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { SessionRepository } from '../ports/session-repository.js';
import type { Role } from '../../schemas/transcript.js';
import { sessionAnalysisKey } from '../../schemas/analysis.js';
import { artifactKey } from '../../schemas/storage-layout.js';
import { UploadSchema, type Normalized, type Upload } from '../../schemas/workflow.js';
import { storeSessionAnalysis, type SessionAnalyzer } from '../use-cases/session-analysis.js';
import { objectStore, documentClient, type HandlerClients } from '../shared/aws-clients.js';
import { functionConfig, type FunctionConfig, type HandlerConfig } from '../shared/config.js';
import { withObservability } from '../shared/middleware.js';
import { logError, logInfo } from '../shared/observability.js';

/**
 * The transcript cannot be used. Its `name` is the error type Step Functions records, which MarkFailed
 * maps to `invalid_transcript`; its message is the parser's, which never quotes the transcript.
 */
export class InvalidTranscriptError extends AttuneError {
  override readonly name = 'InvalidTranscript';
}

export interface NormalizeTranscriptDeps {
  store: ObjectStore;
  sessions: SessionRepository;
  /** `THERAPIST_CHANNEL` defaults to `left`. */
  config: Pick<HandlerConfig, 'UPLOADS_BUCKET' | 'ARTIFACTS_BUCKET'> & Partial<Pick<HandlerConfig, 'THERAPIST_CHANNEL'>>;
  now: () => Date;
  /**
   * What runs the analysis: in-process by default (a Lambda has its invocation to itself); the local runtime
   * passes its worker pool, so that one process's API keeps answering while a long session is analysed.
   */
  analyze?: SessionAnalyzer;
}

const InputSchema = z.object({ upload: UploadSchema });

/**
 * Channel identification labels the left channel `ch_0` and the right `ch_1`. Transcribe writes `ch_`
 * labels only for a two-channel job, so a speaker-partitioned (mono) result keeps the usual assignment.
 */
export function channelRoles(therapistChannel: HandlerConfig['THERAPIST_CHANNEL']): Record<string, Role> {
  return therapistChannel === 'right' ? { ch_0: 'client', ch_1: 'therapist' } : { ch_0: 'therapist', ch_1: 'client' };
}

/** Where Amazon Transcribe writes its JSON for an audio upload (the StartTranscriptionJob OutputKey). */
export const transcribeOutputKey = (u: Pick<Upload, 'tenantId' | 'clientId' | 'sessionId'>) => artifactKey(u, 'transcribeOutput');
/** Where the canonical Transcript is kept for the analysis states. */
export const transcriptKey = (u: Pick<Upload, 'tenantId' | 'clientId' | 'sessionId'>) => artifactKey(u, 'transcript');

export function createNormalizeTranscriptHandler(deps: NormalizeTranscriptDeps) {
  const { store, sessions, config, now, analyze } = deps;

  return async function normalizeTranscript(input: unknown): Promise<Normalized> {
    const parsed = InputSchema.safeParse(input);
    if (!parsed.success) throw new InvalidInputError('NormalizeTranscript needs {upload: <ValidateUpload’s upload>}', 'invalid_state_input');
    const { upload } = parsed.data;
    const started = now().getTime();
    const ids = { tenantId: upload.tenantId, clientId: upload.clientId, sessionId: upload.sessionId };

    const source =
      upload.kind === 'audio'
        ? {
            bucket: config.ARTIFACTS_BUCKET,
            key: transcribeOutputKey(upload),
            options: { format: 'transcribe-json', speakerRoles: channelRoles(config.THERAPIST_CHANNEL ?? 'left') } satisfies ParseTranscriptOptions,
          }
        : { bucket: config.UPLOADS_BUCKET, key: upload.key, options: { filename: `${upload.sessionId}.${upload.extension}` } satisfies ParseTranscriptOptions };
    const bytes = await store.read(source.bucket, source.key);

    let transcript: Transcript;
    try {
      transcript = parseTranscript(bytes, source.options);
      // Over one session's turns or characters (schemas/transcript.ts): refused before it is stored or analysed.
      checkTranscriptSize(transcript);
    } catch (error) {
      if (!(error instanceof InvalidInputError || error instanceof TooLargeError)) throw error;
      logError('transcript rejected', error, { ...ids, kind: upload.kind });
      throw new InvalidTranscriptError(error.message, error.code);
    }

    const key = transcriptKey(upload);
    await store.write(config.ARTIFACTS_BUCKET, key, JSON.stringify(transcript), 'application/json');
    // Analysed here, once: the Parallel branches and the API read this copy instead of running the engine again.
    const analysisKey = sessionAnalysisKey(upload);
    await storeSessionAnalysis(store, config.ARTIFACTS_BUCKET, analysisKey, transcript, new Date(started), analyze);
    const words = transcript.turns.reduce((sum, turn) => sum + countWords(turn.text), 0);
    await sessions.updateStatus({ tenantId: upload.tenantId, sessionId: upload.sessionId }, 'ANALYZING', {
      NormalizeTranscript: Math.max(0, now().getTime() - started),
    });
    if (upload.kind === 'audio') await deleteTranscribeOutput(store, source.bucket, source.key, ids);
    logInfo('transcript normalized', { ...ids, kind: upload.kind, turns: transcript.turns.length, words });
    return {
      transcriptKey: key,
      analysisKey,
      turns: transcript.turns.length,
      words,
      roleMethod: transcript.roleAssignment.method,
      roleConfidence: transcript.roleAssignment.confidence,
    };
  };
}

/**
 * Transcribe's JSON holds the same words as the canonical transcript: once that is written it is one
 * more copy of the session to protect and erase, so it goes. Best effort: the artifacts bucket's
 * lifecycle rule for `transcribe/` is the backstop, and a failure here must not fail the session.
 */
async function deleteTranscribeOutput(store: ObjectStore, bucket: string, key: string, ids: Record<string, string>): Promise<void> {
  try {
    await store.deleteAllVersions(bucket, key);
  } catch (error) {
    logError('transcribe output not deleted', error, ids);
  }
}

/** The function's dependencies from its configuration and clients: in AWS (below) and locally (local/runtime/handlers.ts). */
export function wire(config: FunctionConfig<'NormalizeTranscript'>, clients: Pick<HandlerClients, 'objects' | 'documents'>): NormalizeTranscriptDeps {
  return { store: clients.objects, sessions: new DynamoSessionRepository(clients.documents, config.TABLE_NAME), config, now: () => new Date() };
}

const config = functionConfig('NormalizeTranscript');

export const handler = withObservability(
  createNormalizeTranscriptHandler(wire(config, { objects: objectStore(config), documents: documentClient(config.AWS_REGION) })),
);
