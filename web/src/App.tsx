/**
 * The app: reads /config.json, signs the user in (a pasted local token, or Cognito's hosted sign-in with
 * PKCE), then shows the shell with the user's home page. It signs out on a 401 from the API, when the token
 * expires, and after `idleMinutes` without activity (a warning comes first, with "Stay signed in").
 */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Modal from '@cloudscape-design/components/modal';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { WebConfig } from '../../schemas/web-config.js';
import { type Api, ApiContext, createApi } from './api.js';
import { type Claims, decodeClaims, isExpired, SESSION_ENDED, type Session, SessionContext, SIGNED_OUT_KEY, TOKEN_KEY } from './auth.js';
import { LoadingState } from './components/LoadingState.js';
import { loadConfig } from './config.js';
import { ACTIVITY_EVENTS, IdleTimer, warningLeadMs } from './idle.js';
import { APP_TITLE, NavProvider } from './nav.js';
import { completeSignIn, isCallback, logoutUrl, SignInError } from './pkce.js';
import { homeFor } from './shell/menus.js';
import { Shell } from './shell/Shell.js';
import { CognitoSignIn, ConfigErrorPage, LocalSignIn } from './shell/SignIn.js';

export const IDLE_SIGNED_OUT = 'You were signed out after a period without activity; sign in again.';
export const SIGNED_OUT = 'You have signed out.';

type SignedIn = { token: string; claims: Claims };

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** The token kept in this tab, when it is still good. */
function restore(): SignedIn | null {
  const token = storage()?.getItem(TOKEN_KEY);
  if (!token) return null;
  const claims = decodeClaims(token);
  if (!claims || isExpired(claims, Date.now(), 5_000)) {
    storage()?.removeItem(TOKEN_KEY);
    return null;
  }
  return { token, claims };
}

/** Why the last session ended, read once. */
function takeSignedOutMessage(): string | undefined {
  const message = storage()?.getItem(SIGNED_OUT_KEY) ?? undefined;
  storage()?.removeItem(SIGNED_OUT_KEY);
  return message;
}

function IdleWarning(props: { visible: boolean; minutes: number; onStay: () => void }): ReactNode {
  return (
    <Modal
      visible={props.visible}
      onDismiss={props.onStay}
      header="You will be signed out soon"
      closeAriaLabel="Close"
      footer={
        <Box float="right">
          <Button variant="primary" onClick={props.onStay}>
            Stay signed in
          </Button>
        </Box>
      }
    >
      For privacy, Attune signs you out after {props.minutes} {props.minutes === 1 ? 'minute' : 'minutes'} without activity. Choose “Stay signed in” to keep
      working.
    </Modal>
  );
}

function SignedInApp(props: { config: WebConfig; signedIn: SignedIn; signOut: (reason?: string) => void }): ReactNode {
  const { config, signedIn, signOut } = props;
  const [warning, setWarning] = useState(false);
  const tokenRef = useRef(signedIn.token);
  tokenRef.current = signedIn.token;
  const signOutRef = useRef(signOut);
  signOutRef.current = signOut;

  const api: Api = useMemo(
    () => createApi({ base: config.apiBase, token: () => tokenRef.current, onUnauthorized: () => signOutRef.current(SESSION_ENDED) }),
    [config.apiBase],
  );

  const session: Session = useMemo(
    () => ({ user: signedIn.claims.user, tenant: signedIn.claims.tenant, roles: signedIn.claims.roles, signOut: (reason) => signOutRef.current(reason) }),
    [signedIn.claims],
  );

  // Automatic logoff after idleMinutes without activity.
  const timer = useMemo(() => {
    const idleMs = config.idleMinutes * 60_000;
    return new IdleTimer({ idleMs, warnMs: warningLeadMs(idleMs), onWarn: () => setWarning(true), onIdle: () => signOutRef.current(IDLE_SIGNED_OUT) });
  }, [config.idleMinutes]);
  useEffect(() => {
    timer.start();
    const onActivity = () => timer.activity();
    const onVisible = () => {
      if (document.visibilityState === 'visible') timer.check();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true, capture: true });
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      timer.stop();
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [timer]);

  // The token's own expiry ends the session too.
  useEffect(() => {
    const exp = signedIn.claims.exp;
    if (exp === undefined) return;
    // setTimeout holds at most ~24.8 days; tokens live hours at most.
    const wait = Math.min(exp * 1000 - Date.now(), 2_000_000_000);
    const handle = setTimeout(() => signOutRef.current(SESSION_ENDED), Math.max(0, wait));
    return () => clearTimeout(handle);
  }, [signedIn.claims.exp]);

  return (
    <ApiContext.Provider value={api}>
      <SessionContext.Provider value={session}>
        <NavProvider initial={homeFor(signedIn.claims.roles)}>
          <Shell />
        </NavProvider>
        <IdleWarning
          visible={warning}
          minutes={config.idleMinutes}
          onStay={() => {
            setWarning(false);
            timer.stayActive();
          }}
        />
      </SessionContext.Provider>
    </ApiContext.Provider>
  );
}

type AuthState =
  | { phase: 'checking' }
  | { phase: 'leaving' }
  | { phase: 'signed-out'; message?: string | undefined; error?: string | undefined }
  | { phase: 'signed-in'; signedIn: SignedIn };

function Authenticated(props: { config: WebConfig }): ReactNode {
  const { config } = props;
  const auth = config.auth;
  const [state, setState] = useState<AuthState>(() => {
    if (auth.mode === 'cognito' && isCallback(window.location.search)) return { phase: 'checking' };
    const restored = restore();
    if (restored) return { phase: 'signed-in', signedIn: restored };
    return { phase: 'signed-out', message: takeSignedOutMessage() };
  });

  const accept = useCallback((token: string, claims: Claims) => {
    storage()?.setItem(TOKEN_KEY, token);
    setState({ phase: 'signed-in', signedIn: { token, claims } });
  }, []);

  // The hosted sign-in's redirect back: exchange the code, then take it out of the address bar.
  useEffect(() => {
    if (auth.mode !== 'cognito' || state.phase !== 'checking') return;
    const search = window.location.search;
    window.history.replaceState(null, '', '/');
    const store = storage();
    if (!store) {
      setState({ phase: 'signed-out', error: 'This browser keeps no session storage for the site; allow it and sign in again.' });
      return;
    }
    completeSignIn(auth, search, store).then(
      (token) => {
        const claims = decodeClaims(token);
        if (!claims) setState({ phase: 'signed-out', error: 'The account has no tenant (custom:tenant); ask an administrator to set it, then sign in again.' });
        else if (isExpired(claims)) setState({ phase: 'signed-out', error: 'The sign-in had already expired; sign in again.' });
        else accept(token, claims);
      },
      (error: unknown) =>
        setState({ phase: 'signed-out', error: error instanceof SignInError ? error.message : 'The sign-in could not be completed; sign in again.' }),
    );
  }, [auth, state.phase, accept]);

  const signOut = useCallback(
    (reason?: string) => {
      const store = storage();
      store?.removeItem(TOKEN_KEY);
      const message = reason ?? SIGNED_OUT;
      if (auth.mode === 'cognito') {
        // End the user pool's session too; the message waits in this tab for the way back.
        store?.setItem(SIGNED_OUT_KEY, message);
        setState({ phase: 'leaving' });
        window.location.assign(logoutUrl(auth));
        return;
      }
      setState({ phase: 'signed-out', message });
    },
    [auth],
  );

  if (state.phase === 'checking') return <LoadingState label="Signing in" />;
  if (state.phase === 'leaving') return <LoadingState label="Signing out" />;
  if (state.phase === 'signed-out') {
    return auth.mode === 'local' ? (
      <LocalSignIn config={config} message={state.message} onSignedIn={accept} />
    ) : (
      <CognitoSignIn auth={auth} message={state.message} error={state.error} />
    );
  }
  return <SignedInApp key={state.signedIn.token} config={config} signedIn={state.signedIn} signOut={signOut} />;
}

export function App(props: { loadConfig?: typeof loadConfig } = {}): ReactNode {
  const [config, setConfig] = useState<{ ok: true; config: WebConfig } | { ok: false; error: string } | null>(null);
  const load = props.loadConfig ?? loadConfig;
  useEffect(() => {
    document.title = APP_TITLE;
    let live = true;
    load().then((result) => {
      if (live) setConfig(result);
    });
    return () => {
      live = false;
    };
  }, [load]);

  if (!config) return <LoadingState label="Starting Attune" />;
  if (!config.ok) return <ConfigErrorPage error={config.error} />;
  return <Authenticated config={config.config} />;
}
