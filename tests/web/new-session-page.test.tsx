// @vitest-environment happy-dom
/**
 * The New session page rendered with an API that answers from memory: the API's 400 lands next to the
 * fields it names, a double click on "Create session" sends one request (the key guards a retry), the
 * processing is read until it completes, and a recording is PUT to the presigned URL with exactly the
 * headers the API gave, then a failure is explained by its code.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Api, ApiContext, ApiError } from '../../web/src/api.js';
import { SessionContext } from '../../web/src/auth.js';
import { NavProvider } from '../../web/src/nav.js';
import { NewSessionPage } from '../../web/src/pages/NewSessionPage.js';

afterEach(cleanup);

interface Sent {
  method: string;
  path: string;
  body: unknown;
  idempotencyKey?: string | undefined;
}

interface Uploaded {
  url: string;
  headers: Record<string, string>;
  size: number;
}

function memoryApi(options: { get: (path: string) => unknown; send: (request: Sent) => unknown | Promise<unknown>; uploads?: Uploaded[] }): Api {
  return {
    get: async <T,>(path: string) => options.get(path) as T,
    getText: async () => '',
    send: async <T,>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, sendOptions?: { idempotencyKey?: string }) =>
      (await options.send({ method, path, body, idempotencyKey: sendOptions?.idempotencyKey })) as T,
    upload: async (url, headers, file, onProgress) => {
      options.uploads?.push({ url, headers, size: file.size });
      onProgress?.(file.size / 2, file.size);
      onProgress?.(file.size, file.size);
    },
  };
}

function Page(props: { api: Api }): ReactNode {
  return (
    <ApiContext.Provider value={props.api}>
      <SessionContext.Provider value={{ user: 'demo', tenant: 'local', roles: ['clinician'], signOut: () => undefined }}>
        <NavProvider initial={{ page: 'new-session', clientId: 'jordan' }}>
          <NewSessionPage />
        </NavProvider>
      </SessionContext.Provider>
    </ApiContext.Provider>
  );
}

const CONSENT = 'Consent obtained: the client agreed to this session being recorded and processed';

function errorOf(control: HTMLElement): string {
  return (control.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

function transcriptField(): HTMLElement {
  return screen.getByLabelText('Transcript', { exact: true, selector: 'textarea' });
}

describe('the new session form', () => {
  it('starts with the client of the route and today, and checks consent before sending anything', async () => {
    const sent: Sent[] = [];
    render(<Page api={memoryApi({ get: () => undefined, send: (request) => sent.push(request) })} />);
    const client = screen.getByLabelText('Client id', { exact: true, selector: 'input' }) as HTMLInputElement;
    expect(client.value).toBe('jordan');
    fireEvent.change(transcriptField(), { target: { value: 'Therapist: Hello.\nClient: Hi.' } });

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create session' })));

    const consent = screen.getByLabelText(CONSENT);
    expect(errorOf(consent)).toMatch(/Record the client's consent/);
    expect(sent).toEqual([]);
  });

  it("shows the API's 400 next to the fields it names, and not again in the alert", async () => {
    const api = memoryApi({
      get: () => undefined,
      send: () => {
        throw new ApiError({
          type: 'https://attune.dev/problems/invalid-request',
          title: 'The request is not valid',
          status: 400,
          detail: 'transcript.content cannot be read as text: no speaker labels found',
          errors: [{ pointer: '/transcript/content', detail: 'no_speakers' }],
        });
      },
    });
    render(<Page api={api} />);
    fireEvent.click(screen.getByLabelText(CONSENT));
    fireEvent.change(transcriptField(), { target: { value: 'words without speakers' } });

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create session' })));

    await waitFor(() => expect(transcriptField().getAttribute('aria-invalid')).toBe('true'));
    expect(errorOf(transcriptField())).toContain('no speaker labels found');
    expect(screen.getByText('The request is not valid')).toBeTruthy();
    expect(document.body.textContent).not.toContain('/transcript/content');
  });

  it('sends one request for a double click, then reads the session until it completes', async () => {
    const sent: Sent[] = [];
    let answer: (value: unknown) => void = () => undefined;
    const api = memoryApi({
      get: (path) => ({ sessionId: 's1', clientId: 'jordan', status: 'COMPLETED', path }),
      send: (request) => {
        sent.push(request);
        return new Promise((resolve) => {
          answer = resolve;
        });
      },
    });
    render(<Page api={api} />);
    fireEvent.click(screen.getByLabelText(CONSENT));
    fireEvent.change(transcriptField(), { target: { value: 'Therapist: Hello.\nClient: Hi.' } });
    const create = screen.getByRole('button', { name: 'Create session' });

    await act(async () => {
      fireEvent.click(create);
      fireEvent.click(create);
    });
    await act(async () => answer({ sessionId: 's1', clientId: 'jordan', status: 'RECEIVED' }));

    expect((await screen.findAllByText('Processing completed')).length).toBeGreaterThan(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      path: '/sessions',
      body: { clientId: 'jordan', consent: { obtained: true, method: 'written' }, transcript: { format: 'text', content: 'Therapist: Hello.\nClient: Hi.' } },
    });
    expect(sent[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(screen.getByRole('button', { name: 'Open the session' })).toBeTruthy();
  });

  it('uploads a recording to the URL with exactly the headers given, then explains the failure by its code', async () => {
    const sent: Sent[] = [];
    const uploads: Uploaded[] = [];
    const headers = { 'content-type': 'audio/wav', 'x-amz-meta-consent-obtained': 'true', 'x-amz-meta-declared-bytes': '8' };
    const api = memoryApi({
      uploads,
      get: () => ({
        sessionId: 's2',
        clientId: 'jordan',
        status: 'FAILED',
        failure: { code: 'corrupt_audio', message: 'the file is not a valid WAV/FLAC recording: export the recording again as WAV or FLAC and upload it' },
      }),
      send: (request) => {
        sent.push(request);
        return {
          sessionId: 's2',
          clientId: 'jordan',
          status: 'AWAITING_UPLOAD',
          upload: { url: 'http://localhost/local-s3/x?sig=1', method: 'PUT', headers, expiresAt: '2026-12-07T13:00:00Z', maxBytes: 8 },
        };
      },
    });
    render(<Page api={api} />);
    fireEvent.click(screen.getByLabelText(CONSENT));
    fireEvent.click(screen.getByLabelText('Upload a recording'));
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    const file = new File(['RIFFxxxx'], 'Session One.WAV', { type: '' });
    await act(async () => fireEvent.change(input, { target: { files: [file] } }));

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create session' })));

    expect((await screen.findAllByText('Processing failed')).length).toBeGreaterThan(0);
    expect(sent.map((request) => (request.body as { media?: unknown }).media)).toEqual([{ contentType: 'audio/wav', bytes: 8 }]);
    expect(uploads).toEqual([{ url: 'http://localhost/local-s3/x?sig=1', headers, size: 8 }]);
    expect(screen.getByText('The recording could not be read as audio.')).toBeTruthy();
    expect(screen.getByText(/export the recording again as WAV or FLAC/)).toBeTruthy();
  });
});
