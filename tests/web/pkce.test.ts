// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { authorizeUrl, base64url, type CognitoAuth, codeChallenge, completeSignIn, logoutUrl, PKCE_KEY, SignInError } from '../../web/src/pkce.js';

const auth: CognitoAuth = {
  mode: 'cognito',
  domain: 'https://attune-test.auth.eu-west-1.amazoncognito.com',
  clientId: 'client123',
  redirectUri: 'https://app.example.test/',
  scopes: ['openid', 'email'],
};

describe('PKCE', () => {
  beforeEach(() => sessionStorage.clear());

  it('matches RFC 7636 appendix B: the S256 challenge of its verifier', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes the challenge base64url(sha256(verifier)), without padding (vectors from an independent SHA-256)', async () => {
    expect(await codeChallenge('a')).toBe('ypeBEsobvcr6wjGzmiPcTaeG7_gUfE5yuYB3ha_uSLs');
    expect(await codeChallenge('x'.repeat(43))).toBe('zAscLGbzu5_RoIHGJrob72L2-WRBpDvhUmhSN3asJqE');
    expect(base64url(new Uint8Array([251, 255, 191]))).toBe('-_-_');
    expect(base64url(new Uint8Array([1]))).toBe('AQ');
  });

  it('sends the browser to the hosted sign-in with an S256 challenge of the verifier it keeps, and a fresh state', async () => {
    const url = new URL(await authorizeUrl(auth, sessionStorage));
    expect(url.origin + url.pathname).toBe('https://attune-test.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
    const stored = JSON.parse(sessionStorage.getItem(PKCE_KEY)!) as { verifier: string; state: string };
    expect(stored.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('code_challenge')).toBe(await codeChallenge(stored.verifier));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBe(stored.state);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe('client123');
    expect(url.searchParams.get('redirect_uri')).toBe('https://app.example.test/');
    expect(url.searchParams.get('scope')).toBe('openid email');
    const again = new URL(await authorizeUrl(auth, sessionStorage));
    expect(again.searchParams.get('state')).not.toBe(stored.state);
  });

  it('exchanges the code with the stored verifier and answers the ID token', async () => {
    await authorizeUrl(auth, sessionStorage);
    const { verifier, state } = JSON.parse(sessionStorage.getItem(PKCE_KEY)!) as { verifier: string; state: string };
    let sent: { url: string; body: URLSearchParams } | undefined;
    const doFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      sent = { url: String(input), body: new URLSearchParams(String(init?.body)) };
      return new Response(JSON.stringify({ id_token: 'id.tok.en', access_token: 'acc', token_type: 'Bearer' }), { status: 200 });
    }) as typeof fetch;
    const token = await completeSignIn(auth, `?code=abc&state=${state}`, sessionStorage, doFetch);
    expect(token).toBe('id.tok.en');
    expect(sent?.url).toBe('https://attune-test.auth.eu-west-1.amazoncognito.com/oauth2/token');
    expect(Object.fromEntries(sent!.body)).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client123',
      code: 'abc',
      redirect_uri: 'https://app.example.test/',
      code_verifier: verifier,
    });
    expect(sessionStorage.getItem(PKCE_KEY)).toBeNull();
  });

  it('refuses an answer whose state is not the one this tab sent, without calling the token endpoint', async () => {
    await authorizeUrl(auth, sessionStorage);
    let called = false;
    const doFetch = (async () => {
      called = true;
      return new Response('{}');
    }) as typeof fetch;
    await expect(completeSignIn(auth, '?code=abc&state=someone-elses', sessionStorage, doFetch)).rejects.toThrow(SignInError);
    expect(called).toBe(false);
    // The verifier is gone: the same answer cannot be replayed with the right state later either.
    expect(sessionStorage.getItem(PKCE_KEY)).toBeNull();
  });

  it('refuses an answer when no sign-in was started in this tab', async () => {
    await expect(completeSignIn(auth, '?code=abc&state=x', sessionStorage, fetch)).rejects.toThrow(/does not match/);
  });

  it("passes on the hosted sign-in's error", async () => {
    await expect(completeSignIn(auth, '?error=access_denied&error_description=User+cancelled', sessionStorage, fetch)).rejects.toThrow(
      'The sign-in was not completed (access_denied: User cancelled); sign in again.',
    );
  });

  it('names the logout address with the client and where to come back', () => {
    const url = new URL(logoutUrl(auth));
    expect(url.pathname).toBe('/logout');
    expect(url.searchParams.get('client_id')).toBe('client123');
    expect(url.searchParams.get('logout_uri')).toBe('https://app.example.test/');
  });
});
