/**
 * A new session: the client, the session date and the client's consent, then either a recording (POST
 * /sessions with `media` answers a presigned upload URL; the file is PUT there with exactly the headers
 * given, with an upload progress bar) or a pasted transcript (POST /sessions with `transcript`), then the
 * processing progress (GET /sessions/{id}, read with a growing wait until it is completed or failed).
 *
 * One Idempotency-Key per submission: a double click, or a retry after a dropped answer, sends the same key
 * and the API creates one session. The API's 400 field errors are shown next to the fields they name.
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import DatePicker from '@cloudscape-design/components/date-picker';
import FileUpload from '@cloudscape-design/components/file-upload';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import RadioGroup from '@cloudscape-design/components/radio-group';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import type { CreateSessionResponseSchema, SessionViewSchema } from '../../../schemas/api.js';
import { ApiError, useApi } from '../api.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { useNav } from '../nav.js';
import {
  CONSENT_METHODS,
  type FieldErrors,
  failureMeaning,
  formatBytes,
  localToday,
  MAX_RECORDING_BYTES,
  placeFieldErrors,
  pollUntilFinished,
  processingPercent,
  RECORDING_ACCEPT,
  recordingProblem,
  type SessionForm,
  SubmissionKey,
  sessionRequest,
  statusLabel,
  TRANSCRIPT_FORMATS,
  type TranscriptFormat,
  validateForm,
} from './new-session/logic.js';

type Created = z.infer<typeof CreateSessionResponseSchema>;
type SessionView = z.infer<typeof SessionViewSchema>;

type Stage =
  | { step: 'form' }
  | { step: 'uploading'; created: Created; file: File; sent: number; total: number; error?: unknown }
  | { step: 'processing'; created: Created; source: SessionForm['source'] };

const DATE_I18N = {
  todayAriaLabel: 'Today',
  nextMonthAriaLabel: 'Next month',
  previousMonthAriaLabel: 'Previous month',
};

function notFuture(today: string) {
  return (date: Date) => {
    const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
    return day <= today;
  };
}

/** Reads the session until it is completed or failed, showing each status; stops when the page is left. */
function ProcessingProgress(props: { created: Created; source: SessionForm['source'] }): ReactNode {
  const api = useApi();
  const { go } = useNav();
  const { created, source } = props;
  const [session, setSession] = useState<Pick<SessionView, 'status' | 'failure'>>({ status: created.status });
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` restarts the polling after an error.
  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    pollUntilFinished(() => api.get<SessionView>(`/sessions/${encodeURIComponent(created.sessionId)}`), {
      signal: controller.signal,
      onUpdate: (value) => setSession({ status: value.status, failure: value.failure }),
    }).catch((reason: unknown) => {
      if ((reason as { name?: string }).name !== 'AbortError') setError(reason);
    });
    return () => controller.abort();
  }, [api, created.sessionId, attempt]);

  const status = session.status;
  const done = status === 'COMPLETED';
  const failed = status === 'FAILED';
  return (
    <Container header={<Header variant="h2">Processing</Header>}>
      <SpaceBetween size="m">
        <ProgressBar
          label="Processing progress"
          description={`Session ${created.sessionId} of client ${created.clientId}`}
          value={processingPercent(status, source)}
          status={done ? 'success' : failed ? 'error' : 'in-progress'}
          additionalInfo={done || failed ? undefined : `Status: ${statusLabel(status)}. This page checks again by itself.`}
          resultText={done ? 'Processing completed' : failed ? 'Processing failed' : undefined}
        />
        <div role="status" aria-live="polite">
          <Box variant="p">Status: {statusLabel(status)}</Box>
        </div>
        {failed && (
          <Alert type="error" header={failureMeaning(session.failure?.code ?? '')}>
            {session.failure?.message ?? 'Processing failed.'}
            {session.failure?.code && (
              <Box variant="small" color="text-body-secondary">
                Failure code: {session.failure.code}
              </Box>
            )}
          </Alert>
        )}
        {error !== undefined && <ProblemAlert error={error} action={<Button onClick={() => setAttempt((value) => value + 1)}>Check again</Button>} />}
        <SpaceBetween direction="horizontal" size="xs">
          <Button variant={done ? 'primary' : 'normal'} onClick={() => go({ page: 'session', sessionId: created.sessionId })}>
            Open the session
          </Button>
          <Button onClick={() => go({ page: 'client', clientId: created.clientId })}>Open the client</Button>
          {failed && (
            <Button onClick={() => go({ page: 'erase', target: { kind: 'session', sessionId: created.sessionId, clientId: created.clientId } })}>
              Erase this session
            </Button>
          )}
        </SpaceBetween>
      </SpaceBetween>
    </Container>
  );
}

export function NewSessionPage(): ReactNode {
  const api = useApi();
  const { route, go } = useNav();
  const today = useMemo(() => localToday(), []);
  const [form, setForm] = useState<SessionForm>(() => ({
    clientId: route.page === 'new-session' ? (route.clientId ?? '') : '',
    sessionDate: today,
    consentObtained: false,
    consentMethod: 'written',
    consentObtainedAt: today,
    source: 'transcript',
    transcriptFormat: 'text',
    transcript: '',
  }));
  const [files, setFiles] = useState<File[]>([]);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);
  const [stage, setStage] = useState<Stage>({ step: 'form' });
  // Synchronous guards: a second click before React re-renders neither sends again nor uploads twice.
  const busy = useRef(false);
  const keys = useRef(new SubmissionKey());

  const set = <K extends keyof SessionForm>(key: K, value: SessionForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setFieldErrors((current) => {
      if (!(key in current)) return current;
      const next = { ...current };
      delete next[key as keyof FieldErrors];
      return next;
    });
  };

  const file = files[0];
  const current: SessionForm = { ...form, recording: form.source === 'recording' && file ? { name: file.name, size: file.size } : undefined };

  async function upload(created: Created, chosen: File) {
    setStage({ step: 'uploading', created, file: chosen, sent: 0, total: chosen.size });
    const instructions = created.upload;
    if (!instructions) {
      setStage({ step: 'processing', created, source: 'recording' });
      return;
    }
    try {
      await api.upload(instructions.url, instructions.headers, chosen, (sent, total) =>
        setStage((now) => (now.step === 'uploading' ? { ...now, sent, total } : now)),
      );
      setStage({ step: 'processing', created, source: 'recording' });
    } catch (error) {
      setStage((now) => (now.step === 'uploading' ? { ...now, error } : now));
    }
  }

  async function submit() {
    if (busy.current) return;
    const errors = validateForm(current, localToday());
    setFieldErrors(errors);
    setProblem(undefined);
    if (Object.keys(errors).length > 0) return;
    const body = sessionRequest(current);
    const idempotencyKey = keys.current.for(body);
    busy.current = true;
    setSubmitting(true);
    try {
      const created = await api.send<Created>('POST', '/sessions', body, { idempotencyKey });
      if (current.source === 'recording' && file) await upload(created, file);
      else setStage({ step: 'processing', created, source: 'transcript' });
    } catch (error) {
      if (error instanceof ApiError) {
        const placed = placeFieldErrors(error.problem);
        setFieldErrors(placed.fields);
        // The problem's detail is shown above the form too (a field far down is not missed); the pointers
        // already shown next to their fields are not listed again.
        setProblem(new ApiError({ ...error.problem, errors: placed.unplaced }));
      } else setProblem(error);
    } finally {
      busy.current = false;
      setSubmitting(false);
    }
  }

  const header = (
    <Header
      variant="h1"
      description="Record the client's consent, then upload the recording or paste the transcript. Attune writes the note and scores the alliance."
    >
      New session
    </Header>
  );

  if (stage.step !== 'form') {
    return (
      <SpaceBetween size="l">
        {header}
        {stage.step === 'uploading' && (
          <Container header={<Header variant="h2">Uploading the recording</Header>}>
            <SpaceBetween size="m">
              <ProgressBar
                label="Upload progress"
                description={`${stage.file.name}, ${formatBytes(stage.total)}`}
                value={stage.total > 0 ? Math.round((stage.sent / stage.total) * 100) : 0}
                status={stage.error ? 'error' : 'in-progress'}
                additionalInfo={stage.error ? undefined : `${formatBytes(stage.sent)} of ${formatBytes(stage.total)} sent`}
                resultText={stage.error ? 'The upload did not finish' : undefined}
              />
              {stage.error !== undefined && (
                <ProblemAlert error={stage.error} action={<Button onClick={() => upload(stage.created, stage.file)}>Try the upload again</Button>} />
              )}
            </SpaceBetween>
          </Container>
        )}
        {stage.step === 'processing' && <ProcessingProgress created={stage.created} source={stage.source} />}
      </SpaceBetween>
    );
  }

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Form
        header={header}
        errorText={problem !== undefined ? undefined : Object.keys(fieldErrors).length > 0 ? 'Some fields need your attention.' : undefined}
        errorIconAriaLabel="Error"
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button formAction="none" variant="link" onClick={() => go(form.clientId ? { page: 'client', clientId: form.clientId } : { page: 'clients' })}>
              Cancel
            </Button>
            <Button variant="primary" loading={submitting} loadingText="Creating the session">
              Create session
            </Button>
          </SpaceBetween>
        }
      >
        <SpaceBetween size="l">
          {problem !== undefined && <ProblemAlert error={problem} />}
          <Container header={<Header variant="h2">Session</Header>}>
            <SpaceBetween size="l">
              <FormField label="Client id" description="Your id for the client: letters, digits, “-” or “_”. Never a name." errorText={fieldErrors.clientId}>
                <Input value={form.clientId} onChange={(event) => set('clientId', event.detail.value)} ariaRequired autoComplete={false} spellcheck={false} />
              </FormField>
              <FormField label="Session date" constraintText="YYYY-MM-DD, not in the future." errorText={fieldErrors.sessionDate}>
                <DatePicker
                  value={form.sessionDate}
                  onChange={(event) => set('sessionDate', event.detail.value)}
                  isDateEnabled={notFuture(today)}
                  dateDisabledReason={() => 'A session cannot be in the future'}
                  placeholder="YYYY-MM-DD"
                  format="iso"
                  inputFormat="iso"
                  ariaRequired
                  openCalendarAriaLabel={(selected) => `Choose the session date${selected ? `, selected ${selected}` : ''}`}
                  i18nStrings={DATE_I18N}
                />
              </FormField>
            </SpaceBetween>
          </Container>
          <Container
            header={
              <Header variant="h2" description="The client's consent to recording and processing is required before a session is processed.">
                Consent
              </Header>
            }
          >
            <SpaceBetween size="l">
              <FormField label="Consent" errorText={fieldErrors.consentObtained}>
                <Checkbox checked={form.consentObtained} onChange={(event) => set('consentObtained', event.detail.checked)} ariaRequired>
                  Consent obtained: the client agreed to this session being recorded and processed
                </Checkbox>
              </FormField>
              <FormField label="Consent method" errorText={fieldErrors.consentMethod}>
                <Select
                  selectedOption={CONSENT_METHODS.find((method) => method.value === form.consentMethod) ?? null}
                  options={CONSENT_METHODS.map((method) => ({ value: method.value, label: method.label }))}
                  onChange={(event) => set('consentMethod', event.detail.selectedOption.value ?? '')}
                  ariaRequired
                />
              </FormField>
              <FormField label="Consent obtained on" constraintText="YYYY-MM-DD, not in the future." errorText={fieldErrors.consentObtainedAt}>
                <DatePicker
                  value={form.consentObtainedAt}
                  onChange={(event) => set('consentObtainedAt', event.detail.value)}
                  isDateEnabled={notFuture(today)}
                  dateDisabledReason={() => 'Consent cannot be obtained in the future'}
                  placeholder="YYYY-MM-DD"
                  format="iso"
                  inputFormat="iso"
                  ariaRequired
                  openCalendarAriaLabel={(selected) => `Choose the date consent was obtained${selected ? `, selected ${selected}` : ''}`}
                  i18nStrings={DATE_I18N}
                />
              </FormField>
            </SpaceBetween>
          </Container>
          <Container header={<Header variant="h2">Recording or transcript</Header>}>
            <SpaceBetween size="l">
              <FormField label="How do you add the session?">
                <RadioGroup
                  value={form.source}
                  onChange={(event) => set('source', event.detail.value as SessionForm['source'])}
                  items={[
                    { value: 'transcript', label: 'Paste a transcript', description: 'For a session that was not recorded, or transcribed elsewhere.' },
                    { value: 'recording', label: 'Upload a recording', description: 'Attune transcribes it, then deletes the recording once processed.' },
                  ]}
                />
              </FormField>
              {form.source === 'recording' ? (
                <FormField
                  label="Recording"
                  description="WAV, FLAC, MP3, M4A/MP4, OGG or WebM audio."
                  constraintText={`At most ${formatBytes(MAX_RECORDING_BYTES)}.`}
                  errorText={fieldErrors.recording}
                >
                  <FileUpload
                    value={files}
                    onChange={(event) => {
                      setFiles(event.detail.value.slice(0, 1));
                      setFieldErrors((current) => {
                        const next = { ...current };
                        delete next.recording;
                        return next;
                      });
                    }}
                    accept={RECORDING_ACCEPT}
                    showFileSize
                    fileErrors={file ? [recordingProblem(file) ?? null] : undefined}
                    i18nStrings={{
                      uploadButtonText: () => 'Choose a recording',
                      dropzoneText: () => 'Drop the recording here',
                      removeFileAriaLabel: (_index, name) => `Remove ${name}`,
                      errorIconAriaLabel: 'Error',
                      formatFileSize: formatBytes,
                    }}
                  />
                </FormField>
              ) : (
                <SpaceBetween size="l">
                  <FormField label="Transcript format" errorText={fieldErrors.transcriptFormat}>
                    <Select
                      selectedOption={TRANSCRIPT_FORMATS.find((format) => format.value === form.transcriptFormat) ?? null}
                      options={TRANSCRIPT_FORMATS.map((format) => ({ value: format.value, label: format.label }))}
                      onChange={(event) => set('transcriptFormat', (event.detail.selectedOption.value ?? 'text') as TranscriptFormat)}
                    />
                  </FormField>
                  <FormField
                    label="Transcript"
                    description="One turn per line, each starting with the speaker: “Therapist: …” and “Client: …”."
                    errorText={fieldErrors.transcript}
                    stretch
                  >
                    <Textarea value={form.transcript} onChange={(event) => set('transcript', event.detail.value)} rows={14} spellcheck={false} ariaRequired />
                  </FormField>
                </SpaceBetween>
              )}
            </SpaceBetween>
          </Container>
        </SpaceBetween>
      </Form>
    </form>
  );
}
