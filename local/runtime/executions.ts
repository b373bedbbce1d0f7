/**
 * Runs executions of the workflow with aws-local-stepfunctions: the plan's definition as AWS runs it,
 * the Task states served in-process (handlers.ts), `WaitForTranscript` shortened to a local poll, and
 * the Context object (`$$.Execution.Id`, `Name`, `StartTime`) filled in as Step Functions fills it. Each
 * execution records its time per state and tells subscribers of its progress: states entered and
 * exited, and how far the transcription has got.
 */
import './polyfill.js';
import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './home.js';
import type { TaskHandler } from './handlers.js';
import type { LocalPlan } from './template.js';

export type ExecutionProgress =
  | { kind: 'state-entered'; state: string; stateType: string }
  | { kind: 'state-exited'; state: string; stateType: string; ms: number }
  | { kind: 'state-failed'; state: string; stateType: string; error: string }
  | { kind: 'transcription'; fraction: number };

export interface ExecutionOutcome {
  executionId: string;
  name: string;
  status: 'SUCCEEDED' | 'FAILED';
  /** The last state's output when SUCCEEDED (ids and keys only, by the workflow's contract). */
  output?: unknown;
  /** Why the execution failed (a Fail state, or an uncaught error). */
  error?: { Error: string; Cause: string };
  /** Milliseconds per state; a state entered several times (the poll loop) is summed. */
  timings: Record<string, number>;
  totalMs: number;
  /** Amazon Transcribe's `FailureReason` when the transcription job failed (the workflow keeps only that it failed). */
  transcriptionFailure?: string;
  /** States entered, in order (a state entered twice appears twice). */
  path: string[];
  /** Each Task state's last answer (ids, keys and scores only, by the workflow's contract). */
  taskResults: Record<string, unknown>;
}

/** One execution: subscribe for its progress (past events are replayed), await `done` for its outcome. */
export interface Execution {
  executionId: string;
  name: string;
  input: unknown;
  done: Promise<ExecutionOutcome>;
  /** Stops the execution where it is; `done` then settles FAILED. */
  abort(): void;
  subscribe(listener: (progress: ExecutionProgress) => void): () => void;
}

export interface ExecutionsOptions {
  plan: LocalPlan;
  tasks: Record<string, TaskHandler>;
  /** Each Task state's Resource, so the transcription states can be recognised. */
  resources: Record<string, string>;
  /** The pause of every Wait state (the transcript poll): 30 s in AWS. @default 200 */
  waitMs?: number;
}

interface TranscriptionJobAnswer {
  TranscriptionJob?: { TranscriptionJobStatus?: string; FailureReason?: string };
  MedicalTranscriptionJob?: { TranscriptionJobStatus?: string; FailureReason?: string };
}

const isStart = (resource: string | undefined) => /:aws-sdk:transcribe:start(Medical)?TranscriptionJob$/.test(resource ?? '');
const isGet = (resource: string | undefined) => /:aws-sdk:transcribe:get(Medical)?TranscriptionJob$/.test(resource ?? '');

function waitStates(states: Record<string, { Type: string; Branches?: { States: Record<string, { Type: string }> }[] }>): string[] {
  return Object.entries(states).flatMap(([name, state]) => [
    ...(state.Type === 'Wait' ? [name] : []),
    ...(state.Branches ?? []).flatMap((branch) => waitStates(branch.States as typeof states)),
  ]);
}

export class Executions {
  private readonly machine: StateMachine;
  private readonly running = new Map<string, Execution>();
  /** Transcription job name → the execution that started it, for the transcriber's progress reports. */
  private readonly jobs = new Map<string, (fraction: number) => void>();
  private readonly waitOverrides: Record<string, number>;

  constructor(private readonly options: ExecutionsOptions) {
    // The definition was validated as AWS would when the plan was made (planFromTemplate); aws-sdk and
    // events resources are served by local handlers.
    this.machine = new StateMachine(options.plan.definition as unknown as ConstructorParameters<typeof StateMachine>[0], {
      validationOptions: { noValidate: true },
    });
    const waitMs = options.waitMs ?? 200;
    this.waitOverrides = Object.fromEntries(waitStates(options.plan.definition.States as never).map((name) => [name, waitMs]));
  }

  /** The transcriber reports progress by job name; this routes it to the execution that started the job. */
  transcriptionProgress(jobName: string, fraction: number): void {
    this.jobs.get(jobName)?.(fraction);
  }

  /** Executions still running. */
  active(): Execution[] {
    return [...this.running.values()];
  }

  /** Starts an execution with `input` (the "Object Created" event), as the EventBridge rule does. */
  start(input: unknown): Execution {
    const name = randomUUID();
    const executionId = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${this.options.plan.stateMachineName}:${name}`;
    const history: ExecutionProgress[] = [];
    const listeners = new Set<(progress: ExecutionProgress) => void>();
    const emit = (progress: ExecutionProgress) => {
      history.push(progress);
      for (const listener of listeners) listener(progress);
    };
    let transcriptionFailure: string | undefined;
    const startedJobs: string[] = [];
    const taskResults: Record<string, unknown> = {};

    // Per execution, the Task handlers are wrapped to learn the job's name and its failure reason.
    const tasks: Record<string, TaskHandler> = {};
    for (const [state, handler] of Object.entries(this.options.tasks)) {
      const resource = this.options.resources[state];
      tasks[state] = async (taskInput) => {
        if (isStart(resource)) {
          const params = taskInput as { TranscriptionJobName?: string; MedicalTranscriptionJobName?: string };
          const job = params.TranscriptionJobName ?? params.MedicalTranscriptionJobName;
          if (job) {
            startedJobs.push(job);
            this.jobs.set(job, (fraction) => emit({ kind: 'transcription', fraction }));
          }
        }
        const output = await handler(taskInput);
        taskResults[state] = output;
        if (isGet(resource)) {
          const job = (output as TranscriptionJobAnswer).TranscriptionJob ?? (output as TranscriptionJobAnswer).MedicalTranscriptionJob;
          if (job?.TranscriptionJobStatus === 'FAILED') transcriptionFailure = job.FailureReason;
          if (job?.TranscriptionJobStatus === 'COMPLETED') emit({ kind: 'transcription', fraction: 1 });
        }
        return output;
      };
    }

    const run = this.machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: tasks as never, waitTimeOverrides: this.waitOverrides },
      context: { Execution: { Id: executionId, Name: name, RoleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/attune-local` } },
    });

    const started = Date.now();
    const timings: Record<string, number> = {};
    const path: string[] = [];
    const entered = new Map<string, number>();
    const watch = (async () => {
      for await (const event of run.eventLogs) {
        if (event.type === 'StateEntered') {
          entered.set(event.state.name, event.timestamp);
          path.push(event.state.name);
          emit({ kind: 'state-entered', state: event.state.name, stateType: event.state.type });
        } else if (event.type === 'StateExited') {
          const ms = event.timestamp - (entered.get(event.state.name) ?? event.timestamp);
          entered.delete(event.state.name);
          timings[event.state.name] = (timings[event.state.name] ?? 0) + ms;
          emit({ kind: 'state-exited', state: event.state.name, stateType: event.state.type, ms });
        } else if (event.type === 'StateFailed') {
          emit({ kind: 'state-failed', state: event.state.name, stateType: event.state.type, error: event.Error });
        }
      }
    })();

    const done = (async (): Promise<ExecutionOutcome> => {
      let status: ExecutionOutcome['status'] = 'SUCCEEDED';
      let output: unknown;
      let error: ExecutionOutcome['error'];
      try {
        output = await run.result;
      } catch (failure) {
        status = 'FAILED';
        const cause = (failure as { cause?: unknown }).cause ?? failure;
        error = { Error: (cause as Error).name ?? 'Error', Cause: (cause as Error).message ?? String(cause) };
      }
      await watch.catch(() => undefined);
      // A state still open was the one that failed the execution: its time counts up to the end.
      const ended = Date.now();
      for (const [state, at] of entered) timings[state] = (timings[state] ?? 0) + (ended - at);
      for (const job of startedJobs) this.jobs.delete(job);
      this.running.delete(executionId);
      return {
        executionId,
        name,
        status,
        ...(output !== undefined ? { output } : {}),
        ...(error ? { error } : {}),
        timings,
        totalMs: ended - started,
        ...(transcriptionFailure ? { transcriptionFailure } : {}),
        path,
        taskResults,
      };
    })();

    const execution: Execution = {
      executionId,
      name,
      input,
      done,
      abort: () => run.abort(),
      subscribe(listener) {
        for (const past of history) listener(past);
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    this.running.set(executionId, execution);
    return execution;
  }
}
