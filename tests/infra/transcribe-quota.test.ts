/**
 * Amazon Transcribe's quota of concurrent batch jobs (250 per Region by default) and of StartTranscriptionJob
 * calls (25 a second): a burst of uploads past it is answered LimitExceededException, and the session must
 * wait for a free slot instead of failing. The Retry block is checked as synthesized, its sizing as a
 * clinic would feel it (how long a session waits before it fails), and its behaviour on the engine the
 * local runtime uses (aws-local-stepfunctions), with the waits shortened.
 */
import '../../local/runtime/polyfill.js';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { stateMachineDefinition, synthStack, type Definition, type State } from './synth.js';

const START_STATES = ['StartTranscription', 'StartTranscriptionStereo'] as const;
const LIMIT_EXCEEDED = 'Transcribe.LimitExceededException';

interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: string;
}

const definitions = {
  standard: stateMachineDefinition(synthStack().template).definition,
  medical: stateMachineDefinition(synthStack({ context: { 'attune:transcribeMode': 'medical' } }).template).definition,
};

function startState(definition: Definition, name: string): State & { Retry: Retrier[] } {
  const state = definition.States[name];
  if (!state?.Retry) throw new Error(`no Retry on ${name}`);
  return state as State & { Retry: Retrier[] };
}

const quotaRetrier = (state: { Retry: Retrier[] }) => state.Retry.find((r) => r.ErrorEquals.includes(LIMIT_EXCEEDED));

/** The longest each retry may wait (before jitter), in seconds: IntervalSeconds × BackoffRate^n, capped at MaxDelaySeconds. */
function ceilings(retrier: Retrier): number[] {
  const { IntervalSeconds = 1, BackoffRate = 2, MaxAttempts = 3, MaxDelaySeconds = Number.POSITIVE_INFINITY } = retrier;
  return Array.from({ length: MaxAttempts }, (_, n) => Math.min(IntervalSeconds * BackoffRate ** n, MaxDelaySeconds));
}

describe('the Transcribe quota protection', () => {
  for (const [mode, definition] of Object.entries(definitions)) {
    for (const name of START_STATES) {
      it(`retries LimitExceededException on ${name} (${mode}) with a capped exponential backoff and full jitter`, () => {
        // Act
        const state = startState(definition, name);

        // Assess
        expect(state.Resource).toMatch(mode === 'medical' ? /transcribe:startMedicalTranscriptionJob$/ : /transcribe:startTranscriptionJob$/);
        expect(state.Retry[0]).toEqual({
          ErrorEquals: [LIMIT_EXCEEDED],
          IntervalSeconds: 5,
          BackoffRate: 2,
          MaxDelaySeconds: 300,
          MaxAttempts: 29,
          JitterStrategy: 'FULL',
        });
        // Transcribe's own faults keep the short backoff: waiting an hour would not mend them.
        expect(state.Retry.slice(1)).toEqual([{ ErrorEquals: ['Transcribe.InternalFailureException'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 5 }]);
        expect(state.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkFailed' }]);
      });
    }
  }

  it('makes a session wait about an hour for a free slot before it fails, retrying at most every 5 minutes', () => {
    // Prepare
    const retrier = quotaRetrier(startState(definitions.standard, 'StartTranscription'))!;

    // Act
    const waits = ceilings(retrier);
    const longestSeconds = waits.reduce((sum, wait) => sum + wait, 0);
    // Full jitter waits uniformly between 0 and each ceiling: on average half of it.
    const averageSeconds = longestSeconds / 2;

    // Assess
    expect(Math.max(...waits)).toBe(300);
    expect(averageSeconds / 60).toBeGreaterThanOrEqual(55);
    expect(averageSeconds / 60).toBeLessThanOrEqual(65);
    expect(longestSeconds / 60).toBeLessThanOrEqual(125);
  });

  it('keeps the retries of 3,000 waiting sessions below StartTranscriptionJob’s 25 calls a second', () => {
    // Prepare
    const retrier = quotaRetrier(startState(definitions.standard, 'StartTranscription'))!;
    const waitingSessions = 3000;

    // Act: once the waits reach their cap, each session retries on average every MaxDelaySeconds / 2.
    const callsPerSecond = waitingSessions / (retrier.MaxDelaySeconds! / 2);

    // Assess
    expect(callsPerSecond).toBeLessThan(25);
  });
});

describe('the quota retry on the local engine (aws-local-stepfunctions)', () => {
  /** The synthesized StartTranscription state alone: success goes to Started, its Catch to MarkFailed. */
  function startOnly(): Definition {
    const state = startState(definitions.standard, 'StartTranscription');
    return {
      StartAt: 'StartTranscription',
      States: {
        StartTranscription: { ...state, Next: 'Started' },
        Started: { Type: 'Succeed' },
        MarkFailed: { Type: 'Pass', End: true },
      },
    };
  }

  const input = {
    validation: { upload: { bucket: 'uploads', key: 'uploads/acme/jordan/s1.wav', mediaFormat: 'wav', tenantId: 'acme', clientId: 'jordan', sessionId: 's1' } },
  };

  /** Runs the state with a Transcribe that answers LimitExceededException `throttled` times, then starts the job. */
  async function run(throttled: number): Promise<{ calls: number; output: Record<string, unknown> }> {
    let calls = 0;
    const machine = new StateMachine(startOnly() as never, { validationOptions: { checkArn: false } });
    const execution = machine.run(input, {
      overrides: {
        // The retrier's own waits (up to 5 min each) are what this test shortens, not what it checks.
        retryIntervalOverrides: { StartTranscription: 0 },
        taskResourceLocalHandlers: {
          StartTranscription: () => {
            calls += 1;
            if (calls <= throttled) {
              const error = new Error('You have reached the limit of concurrent transcription jobs');
              error.name = LIMIT_EXCEEDED;
              throw error;
            }
            return { TranscriptionJob: { TranscriptionJobName: 'attune-run', TranscriptionJobStatus: 'IN_PROGRESS' } };
          },
        },
      },
      context: { Execution: { Id: 'arn:aws:states:us-east-1:111122223333:execution:attune:run', Name: 'run' } },
    });
    const output = (await execution.result) as Record<string, unknown>;
    return { calls, output };
  }

  it('starts the job once a slot frees, after 28 refusals', async () => {
    // Act
    const { calls, output } = await run(28);

    // Assess
    expect(calls).toBe(29);
    expect(output.transcription).toMatchObject({ TranscriptionJob: { TranscriptionJobStatus: 'IN_PROGRESS' } });
    expect(output.error).toBeUndefined();
  });

  it('gives up into MarkFailed after 29 retries, with the error named', async () => {
    // Act
    const { calls, output } = await run(Number.POSITIVE_INFINITY);

    // Assess
    expect(calls).toBe(30);
    expect(output.error).toMatchObject({ Error: LIMIT_EXCEEDED });
  });
});
