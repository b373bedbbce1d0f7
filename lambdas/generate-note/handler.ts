/**
 * GenerateNote (one branch of the workflow's Parallel state): reads the canonical transcript and the
 * session's analysis (NormalizeTranscript stored both) from the artifacts bucket, writes a draft progress
 * note from them with the local engine or a Bedrock model (anchored on that analysis), stores it at
 * `notes/<tenant>/<client>/<session>.json` and returns where, with its provenance status. The note's
 * text travels through the encrypted bucket only, never through the execution history. A note that
 * cannot be written never fails the session: it is stored as an unavailable note (with the session's
 * risk statements, for review), and the session completes with its scores. The clinic's note template
 * (cdk.json context `attune:noteTemplates`, passed as NOTE_TEMPLATES) shapes every note it writes,
 * whichever engine wrote it.
 */
import { z } from 'zod';
import { generateNoteWithModel } from '../core/model/generate.js';
import { unavailableNote, writeProgressNote, type WriteProgressNoteInput } from '../core/notes/index.js';
import { applyTemplate } from '../core/notes/template.js';
import type { LanguageModel } from '../ports/language-model.js';
import type { ObjectStore } from '../ports/object-store.js';
import { readSessionAnalysis } from '../use-cases/session-analysis.js';
import { objectStore, bedrockModel, type HandlerClients } from '../shared/aws-clients.js';
import { functionConfig, type FunctionConfig } from '../shared/config.js';
import { withObservability } from '../shared/middleware.js';
import { logError, logInfo } from '../shared/observability.js';
import type { NoteFormat, ProgressNote } from '../../schemas/note.js';
import { parseNoteTemplates, type NoteTemplates } from '../../schemas/note-template.js';
import { artifactKey } from '../../schemas/storage-layout.js';
import { TranscriptSchema, type Transcript } from '../../schemas/transcript.js';
import { NormalizedSchema, UploadSchema, type AnalysisStep, type Upload } from '../../schemas/workflow.js';

const InputSchema = z.object({ upload: UploadSchema, normalized: NormalizedSchema });

export interface GenerateNoteDeps {
  artifacts: ObjectStore;
  artifactsBucket: string;
  format: NoteFormat;
  /** The model that writes the note; null for the local engine. */
  model: LanguageModel | null;
  /** @default () => new Date() */
  now?: () => Date;
  /** The pause between model attempts. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** The local note engine. @default writeProgressNote */
  writeNote?: (input: WriteProgressNoteInput) => ProgressNote;
  /** The clinic's note templates, validated. @default none: the format's own sections and headings */
  templates?: NoteTemplates | null;
}

/**
 * NOTE_TEMPLATES, as the stack sets it from cdk.json context `attune:noteTemplates` (already validated at
 * synth); checked again at cold start, so a hand-edited variable fails the first invocation by name.
 */
export function noteTemplatesFromEnvironment(env: { NOTE_TEMPLATES?: string | undefined }): NoteTemplates | null {
  const value = env.NOTE_TEMPLATES;
  if (value === undefined || value.trim() === '') return null;
  return parseNoteTemplates(value, "environment variable NOTE_TEMPLATES (cdk.json context 'attune:noteTemplates')");
}

export const noteKey = (upload: Upload): string => artifactKey(upload, 'note');

/** The transcript NormalizeTranscript wrote, validated: a handler never trusts what it reads back. */
async function readTranscript(artifacts: ObjectStore, bucket: string, key: string): Promise<Transcript> {
  const bytes = await artifacts.read(bucket, key);
  return TranscriptSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
}

export function createGenerateNoteHandler(deps: GenerateNoteDeps) {
  const now = deps.now ?? (() => new Date());
  const writeNote = deps.writeNote ?? writeProgressNote;
  const shape = (note: ProgressNote) => applyTemplate(note, deps.templates);
  return async (event: unknown): Promise<AnalysisStep> => {
    const { upload, normalized } = InputSchema.parse(event);
    const transcript = await readTranscript(deps.artifacts, deps.artifactsBucket, normalized.transcriptKey);
    const { analysis, source } = await readSessionAnalysis(deps.artifacts, deps.artifactsBucket, normalized.analysisKey, transcript, now);
    const task = { transcript, format: deps.format, sessionDate: upload.sessionDate, createdAt: now() };
    let note: ProgressNote;
    let droppedEvidence = 0;
    try {
      if (deps.model) {
        // Never throws for a model failure: the local note comes back marked degraded, with the reason.
        ({ note, droppedEvidence } = await generateNoteWithModel({ ...task, analysis, model: deps.model, ...(deps.sleep ? { sleep: deps.sleep } : {}) }));
      } else {
        note = writeNote({ ...task, analysis });
      }
      note = shape(note);
    } catch (error) {
      // A defect in the note engine (or the model path's local fallback) costs the note, never the session:
      // its scores and risk still reach the clinician. Logged by name and code only: a message may quote the session.
      logError('progress note unavailable', error, { tenantId: upload.tenantId, sessionId: upload.sessionId });
      note = shape(unavailableNote({ ...task, risk: analysis.risk }));
    }
    const resultKey = noteKey(upload);
    await deps.artifacts.write(deps.artifactsBucket, resultKey, JSON.stringify(note), 'application/json');
    const { engine, status } = note.provenance;
    logInfo('progress note written', {
      tenantId: upload.tenantId,
      sessionId: upload.sessionId,
      engine,
      modelId: note.provenance.modelId ?? 'local',
      degraded: status === 'degraded',
      analysisSource: source,
      status: note.status,
      droppedEvidence,
      requiredLines: note.requiredLines?.length ?? 0,
    });
    return { resultKey, engine, status };
  };
}

/** The function's dependencies from its configuration and clients: in AWS (below) and locally (local/runtime/handlers.ts). */
export function wire(config: FunctionConfig<'GenerateNote'>, clients: Pick<HandlerClients, 'objects' | 'model'>): GenerateNoteDeps {
  return {
    artifacts: clients.objects,
    artifactsBucket: config.ARTIFACTS_BUCKET,
    format: config.NOTE_FORMAT,
    model: clients.model,
    templates: noteTemplatesFromEnvironment(config),
  };
}

const config = functionConfig('GenerateNote');

export const handler = withObservability(createGenerateNoteHandler(wire(config, { objects: objectStore(config), model: bedrockModel(config) })));
