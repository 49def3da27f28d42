import { createHash, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { aConsole } from './console-fixture.js';

// Cognito sign-in (DESIGN §14): authorization code + PKCE, the ID token verified by the real aws-jwt-verify
// against keys made here (its JWKS cache is filled with them, so nothing is fetched). Forged, expired,
// other-pool and other-client tokens are refused, and so is a callback that does not match the login it answers.

const POOL = 'ap-northeast-1_Console1';
const CLIENT = 'console-client-1';
const DOMAIN = 'https://alert-router.auth.ap-northeast-1.amazoncognito.com';
const ISSUER = `https://cognito-idp.ap-northeast-1.amazonaws.com/${POOL}`;
const KID = 'test-key-1';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = {
  ...(keys.publicKey.export({ format: 'jwk' }) as Record<string, unknown>),
  kid: KID,
  alg: 'RS256',
  use: 'sig',
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const signJwt = (claims: Record<string, unknown>, key: KeyObject = keys.privateKey): string => {
  const head = `${b64({ alg: 'RS256', kid: KID, typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createSign('RSA-SHA256').update(head).sign(key).toString('base64url')}`;
};

type TokenClaims = Record<string, unknown>;
const now = () => Math.floor(Date.now() / 1000);
const claimsFor = (nonce: string, changes: TokenClaims = {}): TokenClaims => ({
  sub: '1b2c3d4e',
  iss: ISSUER,
  aud: CLIENT,
  token_use: 'id',
  auth_time: now(),
  iat: now(),
  exp: now() + 3600,
  email: 'sato@example.jp',
  'cognito:username': 'sato',
  'cognito:groups': ['team-oncall'],
  nonce,
  ...changes,
});

describe('Cognito sign-in with PKCE', () => {
  let c: Awaited<ReturnType<typeof aConsole>>;
  /** What the token endpoint answers next, and the requests it got. */
  let answer: (form: URLSearchParams) => Response;
  const tokenRequests: URLSearchParams[] = [];

  beforeAll(async () => {
    c = await aConsole({
      auth: {
        devLogin: false,
        cognito: {
          domain: DOMAIN,
          userPoolId: POOL,
          clientId: CLIENT,
          jwks: { keys: [jwk] },
          fetch: (async (url: string | URL | Request, init?: RequestInit) => {
            expect(String(url)).toBe(`${DOMAIN}/oauth2/token`);
            const form = new URLSearchParams(String(init?.body));
            tokenRequests.push(form);
            return answer(form);
          }) as typeof fetch,
        },
      },
    });
  });

  /** Starts a login: the redirect's parameters and the login cookie. */
  const startLogin = async () => {
    const response = await c.get('/login');
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') as string);
    const cookie = (response.headers.get('set-cookie') as string).split(';')[0] as string;
    return { location, params: location.searchParams, cookie };
  };

  /** Completes a login whose token endpoint returns the token `make` builds from the login's nonce. */
  const completeLogin = async (make: (nonce: string) => string, stateChange?: string) => {
    const { params, cookie } = await startLogin();
    answer = () => Response.json({ id_token: make(params.get('nonce') as string), token_type: 'Bearer' });
    const state = stateChange ?? (params.get('state') as string);
    return c.get(`/callback?code=the-code&state=${encodeURIComponent(state)}`, cookie);
  };
  const sessionOf = (response: Response) =>
    (response.headers.get('set-cookie') ?? '')
      .split(/,(?=\s*__Host-)/)
      .map((part) => part.trim().split(';')[0] as string)
      .find((part) => part.startsWith('__Host-console-session=') && part !== '__Host-console-session=');

  it('sends the browser to the managed login with state, nonce and an S256 code challenge', async () => {
    const { location, params, cookie } = await startLogin();
    expect(`${location.origin}${location.pathname}`).toBe(`${DOMAIN}/oauth2/authorize`);
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe(CLIENT);
    expect(params.get('redirect_uri')).toBe('http://localhost/callback');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(cookie).toMatch(/^__Host-console-login=/);
  });

  it('exchanges the code with its PKCE verifier and signs in with the groups of a verified token', async () => {
    const { params, cookie } = await startLogin();
    answer = () => Response.json({ id_token: signJwt(claimsFor(params.get('nonce') as string)) });
    const response = await c.get(`/callback?code=the-code&state=${params.get('state')}`, cookie);
    expect(response.status).toBe(303);
    const sent = tokenRequests.at(-1) as URLSearchParams;
    expect(sent.get('grant_type')).toBe('authorization_code');
    expect(sent.get('code')).toBe('the-code');
    const challenge = createHash('sha256')
      .update(sent.get('code_verifier') as string)
      .digest('base64url');
    expect(challenge).toBe(params.get('code_challenge'));
    const session = sessionOf(response);
    expect(session).toBeDefined();
    const page = await c.get('/incidents', session);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('sato@example.jp');
  });

  it.each([
    ['a forged signature', (nonce: string) => signJwt(claimsFor(nonce), otherKeys.privateKey)],
    [
      'an expired token',
      (nonce: string) => signJwt(claimsFor(nonce, { iat: now() - 7200, exp: now() - 3600 })),
    ],
    [
      'a token of another user pool',
      (nonce: string) =>
        signJwt(
          claimsFor(nonce, { iss: 'https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_Other' }),
        ),
    ],
    [
      'a token of another app client',
      (nonce: string) => signJwt(claimsFor(nonce, { aud: 'another-client' })),
    ],
    ['an access token', (nonce: string) => signJwt(claimsFor(nonce, { token_use: 'access' }))],
    ['a token for another login (nonce)', () => signJwt(claimsFor('someone-elses-nonce'))],
    ['a token that is not a JWT', () => 'not-a-token'],
  ])('refuses %s: no session', async (_case, make) => {
    const response = await completeLogin(make);
    expect(response.status).toBe(400);
    expect(sessionOf(response)).toBeUndefined();
  });

  it('refuses a callback whose state is not the login’s, before calling the token endpoint', async () => {
    const before = tokenRequests.length;
    const response = await completeLogin((nonce) => signJwt(claimsFor(nonce)), 'forged-state');
    expect(response.status).toBe(400);
    expect(tokenRequests.length).toBe(before);
  });

  it('refuses a callback without the login cookie', async () => {
    const response = await c.get('/callback?code=x&state=y');
    expect(response.status).toBe(400);
  });

  it('refuses a signed-in user whose groups are not receivers (403)', async () => {
    const response = await completeLogin((nonce) =>
      signJwt(claimsFor(nonce, { 'cognito:groups': ['admins'] })),
    );
    const page = await c.get('/incidents', sessionOf(response));
    expect(page.status).toBe(403);
  });

  it('sends a visitor without a session to the sign-in, and has no dev login', async () => {
    const response = await c.get('/incidents');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login');
    expect((await c.get('/dev-login?as=team-oncall')).status).toBe(404);
  });
});

describe('the console behind a URL of its own (console.url)', () => {
  /** A console signed in through Cognito, reached at `publicUrl` (or at the request's origin without it). */
  const consoleAt = (publicUrl?: string) =>
    aConsole({
      auth: {
        devLogin: false,
        cognito: {
          domain: DOMAIN,
          userPoolId: POOL,
          clientId: CLIENT,
          jwks: { keys: [jwk] },
          ...(publicUrl === undefined ? {} : { publicUrl }),
          // The token endpoint answers with a token for the login in progress.
          fetch: (async () => Response.json({ id_token: signJwt(claimsFor(pendingNonce)) })) as typeof fetch,
        },
      },
    });
  let pendingNonce = '';
  /** Signs in through the managed login; the redirect parameters and the session cookie. */
  const signIn = async (c: Awaited<ReturnType<typeof aConsole>>) => {
    const login = await c.get('/login');
    const location = new URL(login.headers.get('location') as string);
    pendingNonce = location.searchParams.get('nonce') as string;
    const loginCookie = (login.headers.get('set-cookie') as string).split(';')[0] as string;
    const back = await c.get(`/callback?code=x&state=${location.searchParams.get('state')}`, loginCookie);
    const session = (back.headers.get('set-cookie') ?? '')
      .split(/,(?=\s*__Host-)/)
      .map((part) => part.trim().split(';')[0] as string)
      .find((part) => part.startsWith('__Host-console-session=') && part !== '__Host-console-session=');
    return { redirectUri: location.searchParams.get('redirect_uri'), session: session as string };
  };
  const logoutUriOf = async (c: Awaited<ReturnType<typeof aConsole>>, session: string) => {
    const out = await c.post('/logout', session, { csrf: await c.csrfOf(session) });
    expect(out.status).toBe(303);
    const location = new URL(out.headers.get('location') as string);
    expect(`${location.origin}${location.pathname}`).toBe(`${DOMAIN}/logout`);
    expect(location.searchParams.get('client_id')).toBe(CLIENT);
    return location.searchParams.get('logout_uri');
  };

  it('comes back to console.url after sign-in and after sign-out, the URLs its app client allows', async () => {
    const c = await consoleAt('https://console.example.lg.jp/');
    const { redirectUri, session } = await signIn(c);
    expect(redirectUri).toBe('https://console.example.lg.jp/callback');
    expect(await logoutUriOf(c, session)).toBe('https://console.example.lg.jp/signed-out');
  });

  it('comes back to the origin it was reached at without one (the function URL)', async () => {
    const c = await consoleAt();
    const { redirectUri, session } = await signIn(c);
    expect(redirectUri).toBe('http://localhost/callback');
    expect(await logoutUriOf(c, session)).toBe('http://localhost/signed-out');
  });
});
