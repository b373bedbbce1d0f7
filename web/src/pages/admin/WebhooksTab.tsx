/**
 * The tenant's webhooks (GET /webhooks), adding one (POST /webhooks: URL, a secret of at least 32
 * characters, events; the API's 400/422 field errors next to the fields) and deleting one after a
 * confirmation (DELETE /webhooks/{webhookId}). The secret is write-only: the API never shows it again.
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { type ReactNode, useRef, useState } from 'react';
import type { z } from 'zod';
import type { WebhookListSchema, WebhookSchema } from '../../../../schemas/api.js';
import { ApiError, useApi } from '../../api.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { useLoad } from '../../components/useLoad.js';
import { SubmissionKey } from '../new-session/logic.js';
import { formatTime } from '../queue/logic.js';
import {
  generateSecret,
  MIN_SECRET_CHARS,
  placeWebhookErrors,
  validateWebhook,
  WEBHOOK_EVENTS,
  type WebhookErrors,
  type WebhookEvent,
  type WebhookForm,
} from './logic.js';

type Webhook = z.infer<typeof WebhookSchema>;

const EMPTY: WebhookForm = { url: '', secret: '', events: WEBHOOK_EVENTS.map((event) => event.value) };

function eventLabel(value: string): string {
  return WEBHOOK_EVENTS.find((event) => event.value === value)?.label ?? value;
}

function AddWebhook(props: { onAdded: (webhook: Webhook) => void }): ReactNode {
  const api = useApi();
  const [form, setForm] = useState<WebhookForm>(EMPTY);
  const [errors, setErrors] = useState<WebhookErrors>({});
  const [problem, setProblem] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const busy = useRef(false);
  const keys = useRef(new SubmissionKey());

  const set = <K extends keyof WebhookForm>(key: K, value: WebhookForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setErrors((current) => {
      if (!(key in current)) return current;
      const next = { ...current };
      delete next[key];
      return next;
    });
  };

  async function submit() {
    if (busy.current) return;
    const found = validateWebhook(form);
    setErrors(found);
    setProblem(undefined);
    if (Object.keys(found).length > 0) return;
    busy.current = true;
    setSaving(true);
    const body = { url: form.url, secret: form.secret, events: form.events };
    try {
      const webhook = await api.send<Webhook>('POST', '/webhooks', body, { idempotencyKey: keys.current.for(body) });
      setForm(EMPTY);
      props.onAdded(webhook);
    } catch (error) {
      if (error instanceof ApiError) {
        const placed = placeWebhookErrors(error.problem);
        setErrors(placed.fields);
        setProblem(new ApiError({ ...error.problem, errors: placed.unplaced }));
      } else setProblem(error);
    } finally {
      busy.current = false;
      setSaving(false);
    }
  }

  const toggle = (event: WebhookEvent, checked: boolean) =>
    set(
      'events',
      WEBHOOK_EVENTS.map((known) => known.value).filter((value) => (value === event ? checked : form.events.includes(value))),
    );

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Form
        header={
          <Header
            variant="h2"
            description="Attune POSTs each event, signed with HMAC-SHA256 using the secret, to the address (docs/api.md says how to verify it)."
          >
            Add a webhook
          </Header>
        }
        actions={
          <Button variant="primary" loading={saving} loadingText="Adding the webhook">
            Add webhook
          </Button>
        }
      >
        <Container>
          <SpaceBetween size="l">
            {problem !== undefined && <ProblemAlert error={problem} />}
            <FormField label="Webhook URL" description="Your receiver's public https:// address." errorText={errors.url}>
              <Input
                value={form.url}
                onChange={(event) => set('url', event.detail.value)}
                type="url"
                inputMode="url"
                placeholder="https://hooks.example.com/attune"
                autoComplete={false}
                spellcheck={false}
              />
            </FormField>
            <FormField
              label="Signing secret"
              description={`At least ${MIN_SECRET_CHARS} characters. Give the same secret to your receiver: Attune never shows it again.`}
              constraintText={`${form.secret.length} characters`}
              errorText={errors.secret}
              secondaryControl={
                <SpaceBetween direction="horizontal" size="xs">
                  <Button formAction="none" onClick={() => set('secret', generateSecret())}>
                    Generate a secret
                  </Button>
                  <CopyToClipboard
                    variant="button"
                    copyButtonText="Copy secret"
                    textToCopy={form.secret}
                    copySuccessText="Secret copied"
                    copyErrorText="The secret could not be copied"
                    disabled={form.secret.length === 0}
                    disabledReason="Type or generate a secret first"
                  />
                </SpaceBetween>
              }
            >
              <Input value={form.secret} onChange={(event) => set('secret', event.detail.value)} type="password" autoComplete={false} spellcheck={false} />
            </FormField>
            <FormField label="Events" errorText={errors.events}>
              <SpaceBetween size="xs">
                {WEBHOOK_EVENTS.map((event) => (
                  <Checkbox key={event.value} checked={form.events.includes(event.value)} onChange={(change) => toggle(event.value, change.detail.checked)}>
                    {event.label} ({event.value})
                  </Checkbox>
                ))}
              </SpaceBetween>
            </FormField>
          </SpaceBetween>
        </Container>
      </Form>
    </form>
  );
}

export function WebhooksTab(): ReactNode {
  const api = useApi();
  const loaded = useLoad(() => api.get<z.infer<typeof WebhookListSchema>>('/webhooks'), [api]);
  const [deleting, setDeleting] = useState<Webhook>();
  const [deleteError, setDeleteError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const items = loaded.data?.items ?? [];

  async function remove(webhook: Webhook) {
    setBusy(true);
    setDeleteError(undefined);
    try {
      await api.send('DELETE', `/webhooks/${encodeURIComponent(webhook.webhookId)}`);
      setDeleting(undefined);
      setNotice(`The webhook to ${webhook.url} was deleted.`);
      loaded.reload();
    } catch (error) {
      setDeleteError(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <SpaceBetween size="l">
      {notice && (
        <Alert type="success" dismissible onDismiss={() => setNotice(undefined)} dismissAriaLabel="Dismiss">
          {notice}
        </Alert>
      )}
      {loaded.error !== undefined && <ProblemAlert error={loaded.error} action={<Button onClick={loaded.reload}>Try again</Button>} />}
      <Table<Webhook>
        variant="container"
        ariaLabels={{ tableLabel: 'Webhooks' }}
        header={
          <Header
            variant="h2"
            counter={loaded.data ? `(${items.length})` : undefined}
            description="At most 10 per tenant. Events carry ids and scores, never text."
          >
            Webhooks
          </Header>
        }
        loading={loaded.loading && !loaded.data}
        loadingText="Loading the webhooks"
        items={items}
        trackBy="webhookId"
        wrapLines
        empty={<EmptyState title="No webhooks" detail="Add one below to hear when sessions complete or fail." />}
        columnDefinitions={[
          { id: 'url', header: 'URL', cell: (webhook) => <Box variant="code">{webhook.url}</Box> },
          { id: 'events', header: 'Events', cell: (webhook) => webhook.events.map(eventLabel).join(', ') },
          { id: 'created', header: 'Added', cell: (webhook) => `${formatTime(webhook.createdAt)} by ${webhook.createdBy}` },
          { id: 'id', header: 'Webhook id', cell: (webhook) => webhook.webhookId },
          {
            id: 'delete',
            header: 'Action',
            cell: (webhook) => (
              <Button
                ariaLabel={`Delete the webhook to ${webhook.url}`}
                onClick={() => {
                  setDeleteError(undefined);
                  setDeleting(webhook);
                }}
              >
                Delete
              </Button>
            ),
          },
        ]}
      />
      <AddWebhook
        onAdded={(webhook) => {
          setNotice(`The webhook to ${webhook.url} was added.`);
          loaded.reload();
        }}
      />
      <Modal
        visible={deleting !== undefined}
        onDismiss={() => setDeleting(undefined)}
        closeAriaLabel="Cancel"
        header="Delete the webhook?"
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" onClick={() => setDeleting(undefined)}>
                Cancel
              </Button>
              <Button variant="primary" loading={busy} onClick={() => deleting && remove(deleting)}>
                Delete webhook
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        <SpaceBetween size="m">
          {deleting && (
            <Box variant="p">
              Attune stops sending events to <Box variant="code">{deleting.url}</Box> at once. Events already sent are not recalled.
            </Box>
          )}
          {deleteError !== undefined && (
            <ProblemAlert
              error={deleteError}
              action={deleteError instanceof ApiError && deleteError.status === 404 ? <Button onClick={loaded.reload}>Reload the list</Button> : undefined}
            />
          )}
        </SpaceBetween>
      </Modal>
    </SpaceBetween>
  );
}
