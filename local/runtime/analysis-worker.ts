/**
 * A worker thread of the analysis pool (analysis-pool.ts): it analyses one transcript at a time, off the
 * local runtime's event loop, so the API keeps answering while a long session is analysed. It loads the
 * same engine NormalizeTranscript runs in AWS and answers what that would store; its errors carry a name
 * and the engine's message, which never quotes the transcript.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeSession } from '../../lambdas/use-cases/session-analysis.js';
import type { Transcript } from '../../schemas/transcript.js';

export interface AnalysisRequest {
  id: number;
  transcript: Transcript;
  /** Epoch milliseconds of the analysis' provenance. */
  createdAt: number;
}

export type AnalysisReply = { ready: true } | { id: number; analysis: unknown } | { id: number; error: { name: string; message: string } };

const port = parentPort;
if (port) {
  port.on('message', ({ id, transcript, createdAt }: AnalysisRequest) => {
    let reply: AnalysisReply;
    try {
      reply = { id, analysis: analyzeSession(transcript, new Date(createdAt)) };
    } catch (error) {
      reply = { id, error: { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : 'analysis failed' } };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies AnalysisReply);
}
