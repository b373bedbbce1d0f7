/**
 * The analysis off the event loop. Locally every Lambda handler runs in the server's one process
 * (handlers.ts), so a long transcript's analysis (seconds per thousand turns) would hold every other
 * request, another tenant's included, until it finished. NormalizeTranscript's analysis runs here instead,
 * on a small pool of worker threads: one fewer than the machine's cores (at least one), started on first
 * use and shared by every runtime of the process. An idle worker does not keep the process alive.
 *
 * The worker entry is `analysis-worker.ts` next to this file when running from sources (through tsx, as
 * `npm start` and the tests do) and `dist/analysis-worker.mjs` in the built CLI (scripts/build-cli.mjs
 * bundles it as a second entry). A worker that cannot start (the entry missing from a broken install)
 * does not fail sessions: the pool then analyses in-process, as before, and says so once.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { analyzeSession, type StoredSessionAnalysis } from '../../lambdas/use-cases/session-analysis.js';
import type { Transcript } from '../../schemas/transcript.js';
import type { AnalysisReply, AnalysisRequest } from './analysis-worker.js';
import { packageRoot } from './home.js';

/** How many workers: one core is left to the server's own event loop. */
export const ANALYSIS_POOL_SIZE = Math.max(1, availableParallelism() - 1);

export interface WorkerEntry {
  /** The worker's module, or (with `eval`) a script that loads it. */
  script: URL | string;
  eval: boolean;
}

/**
 * The worker's module: the bundled entry beside the CLI, or from sources the TypeScript file through tsx's
 * require hook. (Node 20 does not apply ESM loader hooks, `--import tsx`, to a worker thread; tsx's CommonJS
 * hook is the thread's own.)
 */
export function analysisWorkerEntry(from: string = fileURLToPath(import.meta.url)): WorkerEntry {
  if (from.endsWith('.ts')) {
    const tsx = createRequire(from).resolve('tsx/cjs/api');
    const worker = join(dirname(from), 'analysis-worker.ts');
    return { script: `require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(worker)});`, eval: true };
  }
  return { script: pathToFileURL(join(packageRoot(from), 'dist', 'analysis-worker.mjs')), eval: false };
}

interface Task {
  request: AnalysisRequest;
  resolve: (analysis: StoredSessionAnalysis) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task?: Task;
}

export class AnalysisPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  /** Set once a worker could not start: every analysis then runs in-process. */
  private inProcess = false;
  /** Analyses each worker completed, for the tests and the bench. */
  completedInWorkers = 0;

  constructor(
    private readonly size: number = ANALYSIS_POOL_SIZE,
    private readonly entry: () => WorkerEntry = () => analysisWorkerEntry(),
    private readonly onWarning: (message: string) => void = (message) => process.emitWarning(message),
  ) {}

  /** The session's analysis, computed on a worker thread; what `analyzeSession` would answer in-process. */
  readonly analyze = (transcript: Transcript, createdAt: Date): Promise<StoredSessionAnalysis> => {
    if (this.inProcess) return Promise.resolve(analyzeSession(transcript, createdAt));
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, transcript, createdAt: createdAt.getTime() }, resolve, reject });
      this.dispatch();
    });
  };

  /** Stops every worker: analyses in progress fail, queued ones run in-process. */
  async close(): Promise<void> {
    const slots = [...this.slots];
    this.slots.clear();
    for (const slot of slots) slot.task?.reject(Object.assign(new Error('the analysis pool was closed'), { name: 'AnalysisPoolClosed' }));
    this.drainInProcess();
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = [...this.slots].find((s) => s.ready && !s.task);
      if (!slot) {
        if (this.slots.size >= this.size || this.inProcess) return;
        // A new worker takes the task once it is ready.
        if (!this.spawn()) this.drainInProcess();
        return;
      }
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage(task.request);
    }
  }

  private spawn(): boolean {
    let worker: Worker;
    try {
      const { script, eval: isScript } = this.entry();
      worker = new Worker(script, { eval: isScript });
    } catch {
      this.giveUp();
      return false;
    }
    const slot: Slot = { worker, ready: false };
    this.slots.add(slot);
    worker.on('message', (reply: AnalysisReply) => {
      if ('ready' in reply) {
        slot.ready = true;
      } else {
        const task = slot.task;
        slot.task = undefined;
        if (task && 'error' in reply) task.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
        else if (task && 'analysis' in reply) {
          this.completedInWorkers += 1;
          task.resolve(reply.analysis as StoredSessionAnalysis);
        }
      }
      if (this.queue.length === 0) worker.unref();
      this.dispatch();
    });
    const lost = (error: Error) => {
      if (!this.slots.delete(slot)) return;
      if (!slot.ready) {
        // It never started: no worker will, so analyse in-process from now on.
        this.giveUp();
        this.drainInProcess();
        return;
      }
      slot.task?.reject(error);
      this.dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(Object.assign(new Error(`the analysis worker stopped (exit code ${code})`), { name: 'AnalysisWorkerExited' })));
    return true;
  }

  private giveUp(): void {
    if (this.inProcess) return;
    this.inProcess = true;
    this.onWarning('the analysis worker could not start; analysing in-process (the API waits while a session is analysed)');
  }

  private drainInProcess(): void {
    for (const task of this.queue.splice(0)) {
      try {
        task.resolve(analyzeSession(task.request.transcript, new Date(task.request.createdAt)));
      } catch (error) {
        task.reject(error as Error);
      }
    }
  }
}

let shared: AnalysisPool | undefined;

/** The process's pool, made on first use. */
export function analysisPool(): AnalysisPool {
  shared ??= new AnalysisPool();
  return shared;
}
