import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Context, Env, Hono } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { Clock } from '../../shared/ports.js';

/**
 * Sign-in for the console (DESIGN §14). On AWS: Cognito managed login, authorization code + PKCE; the ID token
 * is verified with aws-jwt-verify (signature against the pool's JWKS, issuer = the pool, audience = the app
 * client, token use `id`, expiry) and its `cognito:groups` become the session's groups. Locally, with
 * `devLogin`, `GET /dev-login?as=RECEIVER` signs in as that receiver instead. Either way the session is a signed
 * cookie (HMAC-SHA256 with `sessionSecret`): HttpOnly, Secure, SameSite=Strict, short-lived.
 */
export type CognitoLogin = {
  /** The managed login domain, e.g. `https://example.auth.ap-northeast-1.amazoncognito.com`. */
  readonly domain: string;
  readonly userPoolId: string;
  /** A public app client (no secret): PKCE protects the code. */
  readonly clientId: string;
  /**
   * What users open (`console.url`, no trailing slash): Cognito sends the browser back to its `/callback` after
   * sign-in and to its `/signed-out` after sign-out, the URLs the app client allows. Default: the request's origin
   * (the function URL).
   */
  readonly publicUrl?: string;
  /** Keys to trust without fetching them (tests sign tokens with local keys); default: the pool's JWKS. */
  readonly jwks?: { readonly keys: readonly Record<string, unknown>[] };
  /** The token endpoint is called with this (tests answer it in-process); default: the platform's fetch. */
  readonly fetch?: typeof fetch;
};

export type ConsoleAuth = {
  /** HMAC key of the session, login and CSRF values (≥ 32 characters). */
  readonly sessionSecret: string;
  readonly cognito?: CognitoLogin;
  /** `GET /dev-login?as=RECEIVER` (the local console only); otherwise that path is 404. */
  readonly devLogin?: boolean;
  /** Secure cookies (default true). Only the local console over http://127.0.0.1 may turn it off. */
  readonly secureCookies?: boolean;
  /** How long a session lasts (default 1 hour): a stolen cookie is worth little for long. */
  readonly sessionSeconds?: number;
};

/** A signed-in user as the session cookie carries it. */
export type Session = {
  /** Session id: the CSRF token is derived from it. */
  readonly sid: string;
  readonly name: string;
  readonly groups: readonly string[];
  /** Epoch seconds. */
  readonly exp: number;
};

const SESSION_SECONDS = 3600;
const LOGIN_SECONDS = 600;

const base64url = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64url');
const encode = (value: unknown) => base64url(JSON.stringify(value));
const decode = (text: string): unknown => {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
};

/** The names of the cookies: `__Host-` binds them to this origin, path `/`, Secure. */
const cookieNames = (secure: boolean) =>
  secure
    ? { session: '__Host-console-session', login: '__Host-console-login' }
    : { session: 'console-session', login: 'console-login' };

export const checkSessionSecret = (secret: string): string => {
  if (secret.length < 32)
    throw new Error('alert-router console: the session secret must be at least 32 characters');
  return secret;
};

/** The session of a request, if its cookie is ours, well-formed and not expired. */
export const readSession = async (
  c: Context,
  auth: ConsoleAuth,
  clock: Clock,
): Promise<Session | undefined> => {
  const names = cookieNames(auth.secureCookies !== false);
  const value = await getSignedCookie(c, auth.sessionSecret, names.session);
  if (typeof value !== 'string') return undefined;
  const session = decode(value) as Partial<Session> | undefined;
  if (
    session === undefined ||
    typeof session.sid !== 'string' ||
    typeof session.name !== 'string' ||
    !Array.isArray(session.groups) ||
    !session.groups.every((group) => typeof group === 'string') ||
    typeof session.exp !== 'number' ||
    session.exp * 1000 <= clock.now()
  )
    return undefined;
  return session as Session;
};

const startSession = async (
  c: Context,
  auth: ConsoleAuth,
  clock: Clock,
  user: { name: string; groups: readonly string[] },
) => {
  const seconds = auth.sessionSeconds ?? SESSION_SECONDS;
  const session: Session = {
    sid: base64url(randomBytes(18)),
    name: user.name,
    groups: [...user.groups],
    exp: Math.floor(clock.now() / 1000) + seconds,
  };
  const secure = auth.secureCookies !== false;
  await setSignedCookie(c, cookieNames(secure).session, encode(session), auth.sessionSecret, {
    httpOnly: true,
    secure,
    sameSite: 'Strict',
    path: '/',
    maxAge: seconds,
  });
};

/** The CSRF token of a session: an HMAC of its id, so it needs no storage and dies with the session. */
export const csrfToken = (auth: ConsoleAuth, session: Session): string =>
  createHmac('sha256', auth.sessionSecret).update(`csrf:${session.sid}`).digest('base64url');

export const validCsrfToken = (auth: ConsoleAuth, session: Session, given: unknown): boolean => {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(csrfToken(auth, session));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
};

/** The login in progress: state, PKCE verifier and nonce, in a signed cookie that lives 10 minutes. */
type Login = {
  readonly state: string;
  readonly verifier: string;
  readonly nonce: string;
  readonly exp: number;
};

/** Why a sign-in failed; the page says it in Japanese, the log names the reason. */
export type LoginRefusal = 'no-login' | 'state' | 'token-endpoint' | 'token';

/**
 * Adds `/login`, `/callback` and `/dev-login` to the app. `refused` renders a failed sign-in (400).
 */
export const addSignIn = <E extends Env>(
  app: Hono<E>,
  auth: ConsoleAuth,
  clock: Clock,
  refused: (c: Context, why: LoginRefusal) => Response | Promise<Response>,
  knownReceiver: (id: string) => boolean,
) => {
  const secure = auth.secureCookies !== false;
  const names = cookieNames(secure);
  const cognito = auth.cognito;
  const verifier =
    cognito === undefined
      ? undefined
      : CognitoJwtVerifier.create({
          userPoolId: cognito.userPoolId,
          clientId: cognito.clientId,
          tokenUse: 'id',
        });
  if (verifier !== undefined && cognito?.jwks !== undefined)
    verifier.cacheJwks(cognito.jwks as unknown as Parameters<typeof verifier.cacheJwks>[0]);
  const redirectUri = (c: Context) => `${publicUrlOf(c, cognito)}/callback`;

  app.get('/login', async (c) => {
    if (cognito === undefined) return c.redirect('/', 303);
    const login: Login = {
      state: base64url(randomBytes(18)),
      verifier: base64url(randomBytes(32)),
      nonce: base64url(randomBytes(18)),
      exp: Math.floor(clock.now() / 1000) + LOGIN_SECONDS,
    };
    await setSignedCookie(c, names.login, encode(login), auth.sessionSecret, {
      httpOnly: true,
      secure,
      // Lax: the browser comes back from the Cognito domain with a top-level GET that must carry it.
      sameSite: 'Lax',
      path: '/',
      maxAge: LOGIN_SECONDS,
    });
    const authorize = new URL('/oauth2/authorize', cognito.domain);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: cognito.clientId,
      redirect_uri: redirectUri(c),
      scope: 'openid email profile',
      state: login.state,
      nonce: login.nonce,
      code_challenge: base64url(createHash('sha256').update(login.verifier).digest()),
      code_challenge_method: 'S256',
    }).toString();
    return c.redirect(authorize.toString(), 302);
  });

  app.get('/callback', async (c) => {
    if (cognito === undefined || verifier === undefined) return c.notFound();
    const raw = await getSignedCookie(c, auth.sessionSecret, names.login);
    deleteCookie(c, names.login, { path: '/', secure });
    const login = typeof raw === 'string' ? (decode(raw) as Login | undefined) : undefined;
    if (login === undefined || typeof login.state !== 'string' || login.exp * 1000 <= clock.now())
      return refused(c, 'no-login');
    const code = c.req.query('code');
    if (c.req.query('state') !== login.state || code === undefined || code === '') return refused(c, 'state');
    let idToken: unknown;
    try {
      const response = await (cognito.fetch ?? fetch)(new URL('/oauth2/token', cognito.domain), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: cognito.clientId,
          code,
          redirect_uri: redirectUri(c),
          code_verifier: login.verifier,
        }).toString(),
      });
      if (!response.ok) return refused(c, 'token-endpoint');
      idToken = ((await response.json()) as { id_token?: unknown }).id_token;
    } catch {
      return refused(c, 'token-endpoint');
    }
    if (typeof idToken !== 'string') return refused(c, 'token-endpoint');
    let claims: Record<string, unknown>;
    try {
      claims = (await verifier.verify(idToken)) as Record<string, unknown>;
    } catch {
      return refused(c, 'token');
    }
    if (claims.nonce !== login.nonce) return refused(c, 'token');
    const groups = claims['cognito:groups'];
    const name = [claims.email, claims['cognito:username'], claims.sub].find(
      (value): value is string => typeof value === 'string' && value !== '',
    );
    await startSession(c, auth, clock, {
      name: name ?? 'unknown',
      groups: Array.isArray(groups) ? groups.filter((group) => typeof group === 'string') : [],
    });
    return c.redirect('/incidents', 303);
  });

  app.get('/dev-login', async (c) => {
    if (auth.devLogin !== true) return c.notFound();
    const as = c.req.query('as') ?? '';
    if (!knownReceiver(as)) return refused(c, 'no-login');
    await startSession(c, auth, clock, { name: `dev:${as}`, groups: [as] });
    return c.redirect('/incidents', 303);
  });
};

/** Where users reach the console: `console.url` when it is set, else the origin this request came to. */
const publicUrlOf = (c: Context, cognito: CognitoLogin | undefined): string =>
  cognito?.publicUrl?.replace(/\/+$/, '') ?? new URL(c.req.url).origin;

/** Ends the session; on AWS also the Cognito one (its logout endpoint comes back to `/signed-out`). */
export const signOut = (c: Context, auth: ConsoleAuth): Response => {
  const secure = auth.secureCookies !== false;
  deleteCookie(c, cookieNames(secure).session, { path: '/', secure });
  const cognito = auth.cognito;
  if (cognito === undefined) return c.redirect('/signed-out', 303);
  const logout = new URL('/logout', cognito.domain);
  logout.search = new URLSearchParams({
    client_id: cognito.clientId,
    logout_uri: `${publicUrlOf(c, cognito)}/signed-out`,
  }).toString();
  return c.redirect(logout.toString(), 303);
};
