import { afterEach, describe, expect, it, vi } from 'vitest';
import { holdUntilFinished, LOCAL_STATUS_HOLD_MS, type LocalTranscribe } from '../../../local/runtime/handlers.js';

function transcriberFinishing(finished: Promise<unknown>): LocalTranscribe {
  return {
    startTranscriptionJob: async () => ({}),
    startMedicalTranscriptionJob: async () => ({}),
    getTranscriptionJob: async (p) => ({ TranscriptionJob: { TranscriptionJobName: p.TranscriptionJobName, TranscriptionJobStatus: 'IN_PROGRESS' } }),
    whenFinished: () => finished,
  };
}

describe('local transcription status calls', () => {
  afterEach(() => vi.useRealTimers());

  it('answer as soon as the job finishes, so a long recording never exhausts the wait limit with short local pauses', async () => {
    // Prepare: a job that finishes later, and no time passing at all.
    vi.useFakeTimers();
    let finish: () => void = () => {};
    const transcribe = transcriberFinishing(new Promise<void>((resolve) => (finish = resolve)));
    let answered = false;

    // Act
    const hold = holdUntilFinished(transcribe, 'attune-1').then(() => (answered = true));
    await vi.advanceTimersByTimeAsync(LOCAL_STATUS_HOLD_MS - 1);
    const beforeFinish = answered;
    finish();
    await hold;

    // Assess: it held while the job ran and let go when it finished.
    expect(beforeFinish).toBe(false);
    expect(answered).toBe(true);
  });

  it('let go after one AWS poll interval when the job is still running', async () => {
    vi.useFakeTimers();
    const hold = holdUntilFinished(transcriberFinishing(new Promise(() => {})), 'attune-2');
    await vi.advanceTimersByTimeAsync(LOCAL_STATUS_HOLD_MS);
    await expect(hold).resolves.toBeUndefined();
  });

  it('treat an unknown job as finished (the status call then reports it)', async () => {
    await expect(holdUntilFinished(transcriberFinishing(Promise.reject(new Error('job not found'))), 'nope')).resolves.toBeUndefined();
  });
});
