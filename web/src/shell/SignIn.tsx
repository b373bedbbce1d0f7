/**
 * The sign-in pages: locally a field for the token `attune token` prints, checked against the API before
 * it is kept; in AWS a button that starts the Cognito hosted sign-in (authorization code with PKCE).
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { type ReactNode, useState } from 'react';
import type { WebConfig } from '../../../schemas/web-config.js';
import { ApiError, createApi } from '../api.js';
import { type Claims, decodeClaims, isExpired } from '../auth.js';
import { authorizeUrl, type CognitoAuth } from '../pkce.js';

export const INVALID_TOKEN = 'That token is not valid or has expired: run `npx attune token …` again.';

function Frame(props: { children: ReactNode; message?: string | undefined; error?: string | undefined }): ReactNode {
  return (
    <main className="attune-signin">
      <SpaceBetween size="l">
        <Header variant="h1" description="Session notes and the therapeutic alliance, reviewed by clinicians.">
          Attune
        </Header>
        {props.message && (
          <Alert type="info" statusIconAriaLabel="Info">
            {props.message}
          </Alert>
        )}
        {props.error && (
          <Alert type="error" statusIconAriaLabel="Error">
            {props.error}
          </Alert>
        )}
        {props.children}
      </SpaceBetween>
    </main>
  );
}

/** Local mode: paste a token, checked with GET /clients (every role may call it) before it is kept. */
export function LocalSignIn(props: { config: WebConfig; message?: string | undefined; onSignedIn: (token: string, claims: Claims) => void }): ReactNode {
  const [token, setToken] = useState('');
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function submit(): Promise<void> {
    const value = token.trim();
    if (value.length === 0) {
      setError('Paste the token that `npx attune token` printed.');
      return;
    }
    const claims = decodeClaims(value);
    if (!claims || isExpired(claims)) {
      setError(INVALID_TOKEN);
      return;
    }
    setChecking(true);
    setError(undefined);
    try {
      await createApi({ base: props.config.apiBase, token: () => value }).get('/clients?limit=1');
      props.onSignedIn(value, claims);
    } catch (caught) {
      setChecking(false);
      if (caught instanceof ApiError && caught.status === 401) setError(INVALID_TOKEN);
      else if (caught instanceof ApiError) setError(caught.message);
      else setError('The token could not be checked; try again.');
    }
  }

  return (
    <Frame message={props.message}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Form
          actions={
            <Button variant="primary" formAction="submit" loading={checking} loadingText="Checking the token">
              Sign in
            </Button>
          }
        >
          <Container header={<Header variant="h2">Sign in</Header>}>
            <FormField
              label="Access token"
              description="Paste the last line that `npx attune token --tenant <tenant> --user <you>` prints."
              errorText={error}
              stretch
            >
              <Input type="password" value={token} onChange={(event) => setToken(event.detail.value)} autoComplete={false} spellcheck={false} />
            </FormField>
          </Container>
        </Form>
      </form>
    </Frame>
  );
}

/** AWS mode: the hosted sign-in of the Cognito user pool (its MFA applies there). */
export function CognitoSignIn(props: { auth: CognitoAuth; message?: string | undefined; error?: string | undefined }): ReactNode {
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState(props.error);

  async function start(): Promise<void> {
    setStarting(true);
    try {
      window.location.assign(await authorizeUrl(props.auth, sessionStorage));
    } catch {
      setStarting(false);
      setError('The sign-in could not start in this browser (it needs WebCrypto and session storage); try another browser.');
    }
  }

  return (
    <Frame message={props.message} error={error}>
      <Container header={<Header variant="h2">Sign in</Header>}>
        <SpaceBetween size="m">
          <Box variant="p">Sign in with your organisation's Attune account.</Box>
          <Button variant="primary" loading={starting} loadingText="Opening the sign-in page" onClick={() => void start()}>
            Sign in
          </Button>
        </SpaceBetween>
      </Container>
    </Frame>
  );
}

/** The app cannot start: config.json is missing or wrong. */
export function ConfigErrorPage(props: { error: string }): ReactNode {
  return (
    <main className="attune-signin">
      <SpaceBetween size="l">
        <Header variant="h1">Attune cannot start</Header>
        <Alert type="error" header="The site's settings are missing or wrong">
          {props.error}
        </Alert>
      </SpaceBetween>
    </main>
  );
}
