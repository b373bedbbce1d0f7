/**
 * The session's analysis, computed once and read by everyone after: NormalizeTranscript stores it beside
 * the transcript; GenerateNote, ScoreAlliance and the API's note in another format read it back instead of
 * running the engine again, so the note, the scores and the supervision report all rest on one analysis.
 */
import { analyzeTranscript, localProvenance, type SessionAnalysis } from '../core/alliance/engine.js';
import type { ObjectStore } from '../ports/object-store.js';
import { StoredSessionAnalysisSchema } from '../../schemas/analysis.js';
import type { Provenance } from '../../schemas/provenance.js';
import type { Transcript } from '../../schemas/transcript.js';

/**
 * The engine's analysis with how it was produced. Typed from the engine, not the schema, so that what the
 * schema reads back must be assignable to what the engine writes: a drift between the two fails the build.
 */
export type StoredSessionAnalysis = SessionAnalysis & { provenance: Provenance };

/** Where an analysis came from: the stored copy, or computed now because none could be read. */
export type AnalysisSource = 'stored' | 'missing' | 'unreadable';

export interface SessionAnalysisRead {
  analysis: StoredSessionAnalysis;
  source: AnalysisSource;
}

/** Runs the local engine on the transcript, with the provenance of that run. */
export function analyzeSession(transcript: Transcript, createdAt: Date): StoredSessionAnalysis {
  return { ...analyzeTranscript(transcript), provenance: localProvenance(createdAt) };
}

/**
 * What runs the engine: {@link analyzeSession} in-process (a Lambda has the whole of its invocation), or the
 * same function on a worker thread, where one process serves many callers (the local runtime's pool).
 */
export type SessionAnalyzer = (transcript: Transcript, createdAt: Date) => StoredSessionAnalysis | Promise<StoredSessionAnalysis>;

/** Analyses the transcript (with `analyze`, in-process by default) and stores the result (encrypted, as every artifact) at `key`. */
export async function storeSessionAnalysis(
  store: ObjectStore,
  bucket: string,
  key: string,
  transcript: Transcript,
  createdAt: Date,
  analyze: SessionAnalyzer = analyzeSession,
): Promise<StoredSessionAnalysis> {
  const analysis = await analyze(transcript, createdAt);
  await store.write(bucket, key, JSON.stringify(analysis), 'application/json');
  return analysis;
}

/**
 * The stored analysis at `key`, validated. Sessions stored before the analysis was (no key, or no object
 * at it) and a copy this version cannot read (written under an older schema) are analysed here, once per
 * call, from the same transcript: old data still reads, and `source` says it was computed, for the log.
 */
export async function readSessionAnalysis(
  store: ObjectStore,
  bucket: string,
  key: string | undefined,
  transcript: Transcript,
  now: () => Date,
): Promise<SessionAnalysisRead> {
  if (key === undefined || !(await store.head(bucket, key))) return { analysis: analyzeSession(transcript, now()), source: 'missing' };
  const bytes = await store.read(bucket, key);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { analysis: analyzeSession(transcript, now()), source: 'unreadable' };
  }
  const parsed = StoredSessionAnalysisSchema.safeParse(json);
  return parsed.success ? { analysis: parsed.data, source: 'stored' } : { analysis: analyzeSession(transcript, now()), source: 'unreadable' };
}
