/**
 * PersistResults: reads the note and the alliance the Parallel branches wrote (named by branch: `note`,
 * `alliance`), validates both, and records them (with the supervision report ScoreAlliance wrote beside
 * the alliance) on the session with COMPLETED, once. A redelivered execution (or a second upload racing
 * the first) finds the session COMPLETED and gets `duplicate: true`, so the workflow's "AlreadyCompleted?"
 * Choice skips PublishCompleted. The event it returns carries ids, scores, whether review is required
 * and the risk categories: never a quote or any text of the session.
 */
import { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';
import { DynamoSessionRepository } from '../adapters/dynamodb/session-repository.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { SessionRepository } from '../ports/session-repository.js';
import { objectStore, documentClient, type HandlerClients } from '../shared/aws-clients.js';
import { functionConfig, type FunctionConfig } from '../shared/config.js';
import { withObservability } from '../shared/middleware.js';
import { logInfo } from '../shared/observability.js';
import { AllianceResultSchema, type AllianceResult } from '../../schemas/alliance.js';
import { ProgressNoteSchema, type ProgressNote } from '../../schemas/note.js';
import type { RiskReport } from '../../schemas/risk.js';
import type { SupervisionReport } from '../../schemas/supervision.js';
import { TranscriptSchema } from '../../schemas/transcript.js';
import { findingsFromStatements, mergeRiskFindings } from '../core/risk/index.js';
import { writeSupervisionReport } from '../core/supervision/index.js';
import { AnalysisStepSchema, NormalizedSchema, SessionEventDetailSchema, UploadSchema, type SessionEventDetail, type Upload } from '../../schemas/workflow.js';

/** The AnalyzeSession Parallel state's answers, by branch: GenerateNote's and ScoreAlliance's. */
export const BranchResultsSchema = z.object({ note: AnalysisStepSchema, alliance: AnalysisStepSchema });

/**
 * An execution started under the earlier definition (before a deployment, still running after it) hands
 * over the Parallel's bare output, `analysis: [note, alliance]` in branch order: read as the named pair.
 */
function fromBranchTuple(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || 'results' in input) return input;
  const { analysis, ...rest } = input as { analysis?: unknown };
  return Array.isArray(analysis) && analysis.length === 2 ? { ...rest, results: { note: analysis[0], alliance: analysis[1] } } : input;
}

export const PersistInputSchema = z.preprocess(
  fromBranchTuple,
  z.object({
    upload: UploadSchema,
    normalized: NormalizedSchema,
    results: BranchResultsSchema,
    executionId: z.string().min(1),
    /** `$$.Execution.StartTime`. */
    startedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'startedAt must be an ISO 8601 time'),
  }),
);
export type PersistInput = z.infer<typeof PersistInputSchema>;

export interface PersistResult {
  duplicate: boolean;
  event: SessionEventDetail;
}

export interface PersistResultsDeps {
  artifacts: ObjectStore;
  artifactsBucket: string;
  sessions: SessionRepository;
  /** @default () => new Date() */
  now?: () => Date;
}

async function readJson<S extends z.ZodType>(artifacts: ObjectStore, bucket: string, key: string, schema: S): Promise<z.infer<S>> {
  const bytes = await artifacts.read(bucket, key);
  return schema.parse(JSON.parse(new TextDecoder().decode(bytes)));
}

/** A result key from the state's input must belong to this very session: no mixing tenants by a bad payload. */
function ownKey(upload: Upload, key: string): string {
  if (!key.endsWith(`/${upload.tenantId}/${upload.clientId}/${upload.sessionId}.json`)) {
    throw new InvalidInputError('an analysis result key does not belong to this session', 'foreign_result_key');
  }
  return key;
}

/** The session's risk with a model-written note's risk statements merged in; the detector's alone for a local note. */
async function withModelRisk(
  deps: PersistResultsDeps,
  transcriptKey: string,
  note: ProgressNote,
  scored: AllianceResult,
): Promise<{ risk: RiskReport; supervision: SupervisionReport | undefined }> {
  const { risk, supervision } = scored;
  if (note.provenance.engine === 'local' || note.riskStatements.length === 0) return { risk, supervision };
  const transcript = await readJson(deps.artifacts, deps.artifactsBucket, transcriptKey, TranscriptSchema);
  const merged = mergeRiskFindings(transcript, risk, findingsFromStatements(transcript, note.riskStatements));
  if (merged === risk || supervision === undefined) return { risk: merged, supervision };
  // A disclosure only the model heard leads the supervision report too: it is rewritten with the merged risk.
  const rewritten = writeSupervisionReport({
    transcript,
    analysis: { metrics: scored.metrics, alliance: scored.alliance, risk: merged },
    createdAt: new Date(supervision.provenance.createdAt),
  });
  return { risk: merged, supervision: rewritten };
}

export function createPersistResultsHandler(deps: PersistResultsDeps) {
  const now = deps.now ?? (() => new Date());
  return async (event: unknown): Promise<PersistResult> => {
    const { upload, normalized, results, executionId, startedAt } = PersistInputSchema.parse(event);
    const [note, scored] = await Promise.all([
      readJson(deps.artifacts, deps.artifactsBucket, ownKey(upload, results.note.resultKey), ProgressNoteSchema),
      readJson(deps.artifacts, deps.artifactsBucket, ownKey(upload, results.alliance.resultKey), AllianceResultSchema),
    ]);
    // A model's risk statements join the detector's findings (a union): a model can add risk, never remove it.
    const { risk, supervision } = await withModelRisk(deps, normalized.transcriptKey, note, scored);
    const key = { tenantId: upload.tenantId, sessionId: upload.sessionId };
    const totalMs = Math.max(0, now().getTime() - Date.parse(startedAt));
    const { written } = await deps.sessions.complete(key, {
      note,
      alliance: scored.alliance,
      metrics: scored.metrics,
      provenance: scored.provenance,
      risk,
      supervision,
      transcriptKey: normalized.transcriptKey,
      timings: { total: totalMs },
      executionId,
    });
    logInfo('results persisted', { tenantId: upload.tenantId, sessionId: upload.sessionId, executionId, duplicate: !written, durationMs: totalMs });
    const dimensions = Object.fromEntries(Object.entries(scored.alliance.dimensions).map(([name, d]) => [name, d.score]));
    return {
      duplicate: !written,
      // Parsed so the event can only ever hold the schema's fields: ids, status, numbers and risk categories.
      event: SessionEventDetailSchema.parse({
        tenantId: upload.tenantId,
        clientId: upload.clientId,
        sessionId: upload.sessionId,
        status: 'COMPLETED',
        overall: scored.alliance.overall.score,
        dimensions,
        // The session needs a clinician when the detector says so or the note does (its own risk statements).
        reviewRequired: risk.summary.reviewRequired || note.reviewRequired,
        riskCategories: risk.summary.categories,
      }),
    };
  };
}

/**
 * The function's dependencies from its configuration and clients: in AWS (below) and locally
 * (local/runtime/handlers.ts). It only reads objects, so it has no KMS key.
 */
export function wire(config: FunctionConfig<'PersistResults'>, clients: Pick<HandlerClients, 'objects' | 'documents'>): PersistResultsDeps {
  return { artifacts: clients.objects, artifactsBucket: config.ARTIFACTS_BUCKET, sessions: new DynamoSessionRepository(clients.documents, config.TABLE_NAME) };
}

const config = functionConfig('PersistResults');

export const handler = withObservability(
  createPersistResultsHandler(wire(config, { objects: objectStore(config), documents: documentClient(config.AWS_REGION) })),
);
