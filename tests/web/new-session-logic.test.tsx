// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  type SessionForm,
  SubmissionKey,
  failureMeaning,
  placeFieldErrors,
  pollDelayMs,
  pollUntilFinished,
  processingPercent,
  recordingContentType,
  recordingProblem,
  sessionRequest,
  validateForm,
} from '../../web/src/pages/new-session/logic.js';

const form: SessionForm = {
  clientId: 'jordan',
  sessionDate: '2026-10-01',
  consentObtained: true,
  consentMethod: 'written',
  consentObtainedAt: '2026-09-01',
  source: 'transcript',
  transcriptFormat: 'text',
  transcript: 'Therapist: Hello.\nClient: Hi.',
};

describe('the API 400 field errors are placed next to the form fields', () => {
  it('maps each JSON pointer the API names to its field, keeping its detail', () => {
    // The answer of POST /sessions to a body with every consent field wrong (tried against the local server).
    const { fields, unplaced } = placeFieldErrors({
      detail: 'the request body is not valid: …',
      errors: [
        { pointer: '/consent/obtained', detail: "consent.obtained must be true: record the client's consent before the session is processed" },
        { pointer: '/consent/method', detail: 'one short word such as written, verbal or electronic' },
        { pointer: '/consent/obtainedAt', detail: 'consent cannot be obtained in the future' },
        { pointer: '/transcript/content', detail: 'the transcript is empty' },
      ],
    });
    expect(fields).toEqual({
      consentObtained: "consent.obtained must be true: record the client's consent before the session is processed",
      consentMethod: 'one short word such as written, verbal or electronic',
      consentObtainedAt: 'consent cannot be obtained in the future',
      transcript: 'the transcript is empty',
    });
    expect(unplaced).toEqual([]);
  });

  it("shows the problem's words for a lone error whose detail is a bare code", () => {
    const detail = 'transcript.content cannot be read as text: no speaker labels found: write each turn as `Therapist: …` / `Client: …`, one turn per line';
    const { fields } = placeFieldErrors({ detail, errors: [{ pointer: '/transcript/content', detail: 'no_speakers' }] });
    expect(fields.transcript).toBe(detail);
  });

  it('places media errors on the recording and keeps pointers no field shows', () => {
    const { fields, unplaced } = placeFieldErrors({
      detail: 'media.contentType is not a supported audio type',
      errors: [
        { pointer: '/media/contentType', detail: 'unsupported' },
        { pointer: '/somethingElse', detail: 'x' },
      ],
    });
    expect(fields.recording).toBe('unsupported');
    expect(unplaced).toEqual([{ pointer: '/somethingElse', detail: 'x' }]);
  });

  it('joins two errors on one field', () => {
    const { fields } = placeFieldErrors({
      errors: [
        { pointer: '/media', detail: 'give exactly one' },
        { pointer: '/media/bytes', detail: 'at most 10' },
      ],
    });
    expect(fields.recording).toBe('give exactly one; at most 10');
  });
});

describe('the form is checked before it is sent', () => {
  it('accepts a complete form', () => {
    expect(validateForm(form, '2026-10-01')).toEqual({});
  });

  it('refuses a session date or a consent date in the future, and unchecked consent', () => {
    const errors = validateForm({ ...form, sessionDate: '2026-10-02', consentObtainedAt: '2026-10-05', consentObtained: false }, '2026-10-01');
    expect(Object.keys(errors).sort()).toEqual(['consentObtained', 'consentObtainedAt', 'sessionDate']);
    expect(errors.sessionDate).toMatch(/future/);
  });

  it('refuses a date that is not a calendar day and an id that is not an id', () => {
    const errors = validateForm({ ...form, sessionDate: '2026-02-30', clientId: 'Jordan Smith' }, '2026-10-01');
    expect(errors.sessionDate).toMatch(/YYYY-MM-DD/);
    expect(errors.clientId).toMatch(/no names/);
  });

  it('needs a pasted transcript or a chosen recording', () => {
    expect(validateForm({ ...form, transcript: '  \n' }, '2026-10-01').transcript).toBe('Paste the transcript.');
    expect(validateForm({ ...form, source: 'recording' }, '2026-10-01').recording).toBe('Choose the recording to upload.');
    expect(validateForm({ ...form, source: 'recording', recording: { name: 'notes.docx', size: 10 } }, '2026-10-01').recording).toMatch(/WAV, FLAC/);
  });
});

describe('recordings', () => {
  it('declares the content type the API accepts for each extension, whatever the case', () => {
    expect(recordingContentType({ name: 'session.WAV' })).toBe('audio/wav');
    expect(recordingContentType({ name: 'a.b.flac' })).toBe('audio/flac');
    expect(recordingContentType({ name: 'x.mp3' })).toBe('audio/mpeg');
    expect(recordingContentType({ name: 'x.m4a' })).toBe('audio/mp4');
    expect(recordingContentType({ name: 'x.mp4' })).toBe('audio/mp4');
    expect(recordingContentType({ name: 'x.ogg' })).toBe('audio/ogg');
    expect(recordingContentType({ name: 'x.webm' })).toBe('audio/webm');
    expect(recordingContentType({ name: 'x.aac' })).toBeUndefined();
    expect(recordingContentType({ name: 'noextension' })).toBeUndefined();
  });

  it('says when a file is empty or over the size limit', () => {
    expect(recordingProblem({ name: 'a.wav', size: 0 })).toMatch(/empty/);
    expect(recordingProblem({ name: 'a.wav', size: 3 * 1024 ** 3 })).toBe(
      'The recording is 3 GB, over the 2 GB limit. Compress it (FLAC, or 16 kHz mono) or split the session.',
    );
    expect(recordingProblem({ name: 'a.wav', size: 1000 })).toBeUndefined();
  });

  it('asks for an upload with the media type and the exact size', () => {
    expect(sessionRequest({ ...form, source: 'recording', recording: { name: 's.m4a', size: 12345 } })).toEqual({
      clientId: 'jordan',
      sessionDate: '2026-10-01',
      consent: { obtained: true, method: 'written', obtainedAt: '2026-09-01' },
      media: { contentType: 'audio/mp4', bytes: 12345 },
    });
    expect(sessionRequest(form)).toMatchObject({ transcript: { format: 'text', content: form.transcript } });
  });
});

describe('one Idempotency-Key per submission', () => {
  it('sends the same key for the same request (a double click) and a new one once the form changed', () => {
    let n = 0;
    const keys = new SubmissionKey(() => `key-${++n}`);
    const first = keys.for(sessionRequest(form));
    expect(keys.for(sessionRequest(form))).toBe(first);
    const changed = keys.for(sessionRequest({ ...form, sessionDate: '2026-09-30' }));
    expect(changed).not.toBe(first);
    expect(keys.for(sessionRequest(form))).not.toBe(first);
  });
});

describe('processing progress', () => {
  it('waits longer between reads each time, up to 10 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map(pollDelayMs)).toEqual([1000, 1500, 2250, 3375, 5063, 7594, 10000, 10000, 10000]);
  });

  it('reads until the session completes, reporting each status and sleeping the backoff between reads', async () => {
    const statuses = ['RECEIVED', 'ANALYZING', 'ANALYZING', 'COMPLETED'];
    const slept: number[] = [];
    const seen: string[] = [];
    let reads = 0;
    const final = await pollUntilFinished(async () => ({ status: statuses[reads++] ?? 'COMPLETED' }), {
      sleep: async (ms) => {
        slept.push(ms);
      },
      onUpdate: (value) => seen.push(value.status),
    });
    expect(final.status).toBe('COMPLETED');
    expect(seen).toEqual(statuses);
    expect(slept).toEqual([1000, 1500, 2250]);
  });

  it('stops at a failure, and stops reading once the page is left', async () => {
    expect((await pollUntilFinished(async () => ({ status: 'FAILED' }), { sleep: async () => {} })).status).toBe('FAILED');
    const controller = new AbortController();
    let reads = 0;
    const polling = pollUntilFinished(
      async () => {
        reads++;
        return { status: 'ANALYZING' };
      },
      {
        sleep: async () => {
          controller.abort();
        },
        signal: controller.signal,
      },
    );
    await expect(polling).rejects.toMatchObject({ name: 'AbortError' });
    expect(reads).toBe(1);
  });

  it('shows how far along a status is for each kind of session', () => {
    expect(processingPercent('RECEIVED', 'transcript')).toBe(0);
    expect(processingPercent('ANALYZING', 'transcript')).toBe(50);
    expect(processingPercent('TRANSCRIBING', 'recording')).toBe(50);
    expect(processingPercent('COMPLETED', 'recording')).toBe(100);
  });

  it('says what a failure code means, and something for a code it does not know', () => {
    expect(failureMeaning('corrupt_audio')).toBe('The recording could not be read as audio.');
    expect(failureMeaning('something_new')).toBe('Processing failed.');
  });
});
