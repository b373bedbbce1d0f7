/**
 * ScoreAlliance (the other branch of the Parallel state): reads the canonical transcript and the session's
 * analysis (metrics, the local alliance, risk: NormalizeTranscript stored it), keeps the local alliance or
 * has a Bedrock model rate it (bounded by the local scores), writes the supervision report from that same
 * analysis (the therapist's work, kept apart from the note), stores
 * `{metrics, alliance, provenance, risk, supervision}` at
 * `alliance/<tenant>/<client>/<session>.json` and returns what the completed event may carry: the
 * scores, whether risk needs review and its categories. Numbers, flags and category names only: the
 * step's output is kept in the execution history, which operators read.
 */
import { z } from 'zod';
import { scoreAllianceWithModel } from '../core/model/generate.js';
import { writeSupervisionReport } from '../core/supervision/index.js';
import type { LanguageModel } from '../ports/language-model.js';
import type { ObjectStore } from '../ports/object-store.js';
import { readSessionAnalysis } from '../use-cases/session-analysis.js';
import { objectStore, bedrockModel, type HandlerClients } from '../shared/aws-clients.js';
import { functionConfig, type FunctionConfig } from '../shared/config.js';
import { withObservability } from '../shared/middleware.js';
import { logInfo } from '../shared/observability.js';
import { AllianceResultSchema, type AllianceResult } from '../../schemas/alliance.js';
import type { NoteFormat } from '../../schemas/note.js';
import { artifactKey } from '../../schemas/storage-layout.js';
import { TranscriptSchema } from '../../schemas/transcript.js';
import { NormalizedSchema, UploadSchema, type AnalysisStep, type Upload } from '../../schemas/workflow.js';

/** Re-exported: the contract of what this step stores lives with the AllianceReport it is cut from. */
export { AllianceResultSchema, type AllianceResult };

const InputSchema = z.object({ upload: UploadSchema, normalized: NormalizedSchema });

export interface ScoreAllianceDeps {
  artifacts: ObjectStore;
  artifactsBucket: string;
  /** The model that rates the alliance; null for the local engine. */
  model: LanguageModel | null;
  /** Only the model prompt's shared input needs it; the rating does not depend on it. @default 'soap' */
  format?: NoteFormat;
  /** @default () => new Date() */
  now?: () => Date;
  /** The pause between model attempts. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

export const allianceKey = (upload: Upload): string => artifactKey(upload, 'alliance');

export function createScoreAllianceHandler(deps: ScoreAllianceDeps) {
  const now = deps.now ?? (() => new Date());
  return async (event: unknown): Promise<AnalysisStep> => {
    const { upload, normalized } = InputSchema.parse(event);
    const bytes = await deps.artifacts.read(deps.artifactsBucket, normalized.transcriptKey);
    const transcript = TranscriptSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
    const createdAt = now();
    const { analysis, source } = await readSessionAnalysis(deps.artifacts, deps.artifactsBucket, normalized.analysisKey, transcript, () => createdAt);
    let result: AllianceResult;
    let droppedEvidence = 0;
    if (deps.model) {
      const scored = await scoreAllianceWithModel({
        model: deps.model,
        transcript,
        analysis,
        format: deps.format ?? 'soap',
        sessionDate: upload.sessionDate,
        createdAt,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      });
      droppedEvidence = scored.droppedEvidence;
      // The detector's findings stay whatever the model answers: a model may add a finding, never remove one.
      result = { metrics: analysis.metrics, alliance: scored.alliance, provenance: scored.provenance, risk: analysis.risk };
    } else {
      // The local engine's scores are the analysis's, with the provenance of the run that computed them.
      result = { metrics: analysis.metrics, alliance: analysis.alliance, provenance: analysis.provenance, risk: analysis.risk };
    }
    // From the alliance as stored (the model's, when one rated it), so the report and the scores agree.
    const supervision = writeSupervisionReport({ transcript, analysis: { metrics: result.metrics, alliance: result.alliance, risk: result.risk }, createdAt });
    result = AllianceResultSchema.parse({ ...result, supervision });
    const resultKey = allianceKey(upload);
    await deps.artifacts.write(deps.artifactsBucket, resultKey, JSON.stringify(result), 'application/json');
    const { engine, status } = result.provenance;
    logInfo('alliance scored', {
      tenantId: upload.tenantId,
      sessionId: upload.sessionId,
      engine,
      modelId: result.provenance.modelId ?? 'local',
      degraded: status === 'degraded',
      droppedEvidence,
      analysisSource: source,
    });
    const dimensions = Object.fromEntries(Object.entries(result.alliance.dimensions).map(([name, d]) => [name, d.score]));
    const { reviewRequired, categories: riskCategories } = result.risk.summary;
    return { resultKey, engine, status, overall: result.alliance.overall.score, dimensions, reviewRequired, riskCategories };
  };
}

/** The function's dependencies from its configuration and clients: in AWS (below) and locally (local/runtime/handlers.ts). */
export function wire(config: FunctionConfig<'ScoreAlliance'>, clients: Pick<HandlerClients, 'objects' | 'model'>): ScoreAllianceDeps {
  return { artifacts: clients.objects, artifactsBucket: config.ARTIFACTS_BUCKET, format: config.NOTE_FORMAT, model: clients.model };
}

const config = functionConfig('ScoreAlliance');

export const handler = withObservability(createScoreAllianceHandler(wire(config, { objects: objectStore(config), model: bedrockModel(config) })));
