import { type Context, Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { html } from 'hono/html';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { type Incident, LEAK_KNOWN, type LeakKnown } from '../../shared/incident.js';
import { localParts } from '../../shared/local-time.js';
import { ALERT_SOURCES, type AlertSource, SEVERITIES, type Severity } from '../../shared/model.js';
import { operate } from '../../shared/pipeline/operator.js';
import type { Ports } from '../../shared/ports.js';
import {
  addSignIn,
  type ConsoleAuth,
  csrfToken,
  type LoginRefusal,
  readSession,
  type Session,
  signOut,
  validCsrfToken,
} from './auth.js';
import { confirmBody, detailBody, type ListFilters, listBody } from './incident-pages.js';
import { type Html, notice, page } from './layout.js';
import { findVisible, incidentsPage } from './queries.js';
import { reportDocument } from './report-page.js';
import { allowedActions, CONSOLE_ACTIONS, type ConsoleAction, type Viewer, viewerOf } from './viewer.js';
import { ACTION_JA } from './words.js';

/**
 * The incident console (DESIGN §14): server-rendered pages for the team, each ASP and each municipality, from a
 * Lambda function URL on AWS and from `alert-router console` locally, the same app. Every action goes through the
 * same operator step as the CLI (`shared/pipeline/operator.ts`), with the signed-in user as `by`.
 */
export type ConsoleDeps = {
  /** Store, notifier, bus, timers, clock and config: what an operator action needs (as for the CLI's ack). */
  readonly ports: Ports;
  readonly auth: ConsoleAuth;
  /** The ports an action runs with, when they differ per call (on AWS: ack links signed with the secret of now). */
  readonly actionPorts?: () => Promise<Ports>;
  /** Incidents per list page (default 50). */
  readonly pageSize?: number;
};

type Env = {
  Variables: { secureHeadersNonce?: string; documentCsp?: string; session: Session; viewer: Viewer };
};

const FLASH: Record<ConsoleAction, string> = {
  ack: '確認 (ACK) しました。エスカレーションは止まりました。',
  resolve: '解消にしました。これまでに通知した宛先に解消を送りました。',
  share: '自治体へ共有しました。',
  update: '続報を送りました。',
};

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MESSAGE_MAX = 2000;

export const createConsoleApp = (deps: ConsoleDeps): Hono<Env> => {
  const { ports, auth } = deps;
  const { config, clock } = ports;
  const pageSize = deps.pageSize ?? 50;
  const app = new Hono<Env>();

  // Outermost: a page that carries a document we did not lay out (the report) replaces the CSP with its own.
  app.use(async (c, next) => {
    await next();
    const csp = c.get('documentCsp');
    if (csp !== undefined) c.res.headers.set('Content-Security-Policy', csp);
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'", NONCE],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'no-referrer',
      strictTransportSecurity: 'max-age=31536000; includeSubDomains',
    }),
  );
  app.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  // Origin / Sec-Fetch-Site check first; the per-session token is checked on every POST below as well.
  app.use(csrf());

  const nonceOf = (c: Context<Env>) => c.get('secureHeadersNonce') ?? '';
  const bare = (
    c: Context<Env>,
    status: 400 | 401 | 403 | 404 | 409 | 500,
    title: string,
    lines: (string | Html)[],
  ) => c.html(page({ title, nonce: nonceOf(c), body: notice(title, lines) }), status);
  const framed = (
    c: Context<Env>,
    title: string,
    body: Html,
    flash?: string,
    status: 200 | 400 | 403 | 409 = 200,
  ) => {
    const viewer = c.get('viewer');
    const session = c.get('session');
    const label = viewerLabel(viewer);
    const month = currentMonth(clock.now(), config.timezone);
    return c.html(
      page({
        title,
        nonce: nonceOf(c),
        user: { label, csrf: csrfToken(auth, session), reportHref: `/reports/${month}` },
        ...(flash === undefined ? {} : { flash }),
        body,
      }),
      status,
    );
  };
  const viewerLabel = (viewer: Viewer) => {
    const names = viewer.receivers.map((id) => config.receiversById.get(id)?.name ?? id);
    return `${[...new Set(names)].join('・')}　${viewer.name}`;
  };

  app.get('/', (c) => c.redirect('/incidents', 303));
  addSignIn(
    app,
    auth,
    clock,
    (c, why: LoginRefusal) =>
      bare(c as Context<Env>, 400, 'サインインできませんでした', [
        SIGN_IN_REFUSALS[why],
        html`<a href="/login">もう一度サインインする</a>`,
      ]),
    (id) => config.receiversById.has(id),
  );
  app.get('/signed-out', (c) =>
    bare(c, 200 as 400, 'サインアウトしました', [html`<a href="/login">もう一度サインインする</a>`]),
  );

  // Everything below needs a signed-in user whose groups name a receiver.
  const signedIn = async (c: Context<Env>, next: () => Promise<void>) => {
    const session = await readSession(c, auth, clock);
    if (session === undefined) {
      if (auth.cognito !== undefined && c.req.method === 'GET') return c.redirect('/login', 302);
      return bare(c, 401, 'サインインしてください', signInHints(auth, config));
    }
    const viewer = viewerOf(config, session);
    if (viewer === undefined)
      return bare(c, 403, 'このコンソールを使う権限がありません', [
        `${session.name} さんは、どの宛先（統合運用チーム、ASP、自治体）のグループにも属していません。`,
        '統合運用チームに、グループへの追加を依頼してください。',
      ]);
    c.set('session', session);
    c.set('viewer', viewer);
    // Every POST carries the session's CSRF token (forms put it in a hidden field).
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody();
      if (!validCsrfToken(auth, session, body.csrf))
        return bare(c, 403, '操作を受け付けられませんでした', [
          'フォームの有効期限が切れたか、別のサイトから送られた操作です。ページを開き直してください。',
        ]);
    }
    await next();
  };
  app.use('/incidents', signedIn);
  app.use('/incidents/*', signedIn);
  app.use('/reports/*', signedIn);
  app.use('/logout', signedIn);

  app.post('/logout', (c) => signOut(c, auth));

  app.get('/incidents', async (c) => {
    const viewer = c.get('viewer');
    const filters = readFilters(c);
    const month = c.req.query('month');
    const token = csrfToken(auth, c.get('session'));
    if (month !== undefined && month !== '' && !MONTH.test(month))
      return bare(c, 400, '月の指定が正しくありません', ['YYYY-MM の形で指定してください。']);
    const inMonth = month === undefined || month === '' ? undefined : month;
    const cursor = c.req.query('cursor');
    let found: Awaited<ReturnType<typeof incidentsPage>>;
    try {
      found = await incidentsPage(ports.store, config, viewer, filters, inMonth, {
        limit: pageSize,
        ...(cursor ? { cursor } : {}),
      });
    } catch (error) {
      // A cursor the store did not hand out (edited, or from another store) is the caller's mistake.
      if (!(error instanceof RangeError)) throw error;
      return bare(c, 400, 'ページの指定が正しくありません', [html`<a href="/incidents">一覧の最初へ</a>`]);
    }
    const query = new URLSearchParams(
      Object.entries({ ...filters, month: inMonth }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    const href = (next: string | undefined) => {
      const q = new URLSearchParams(query);
      if (next !== undefined) q.set('cursor', next);
      const text = q.toString();
      return `/incidents${text ? `?${text}` : ''}`;
    };
    return framed(
      c,
      inMonth === undefined ? 'インシデント' : `${inMonth} の解消済み`,
      listBody({
        viewer,
        config,
        incidents: found.incidents,
        filters,
        csrf: token,
        ...(inMonth === undefined ? {} : { month: inMonth }),
        ...(found.cursor === undefined ? {} : { nextHref: href(found.cursor) }),
        ...(cursor ? { firstHref: href(undefined) } : {}),
      }),
    );
  });

  const notFound = (c: Context<Env>) =>
    bare(c, 404, 'ページが見つかりません', [
      'インシデントが存在しないか、表示する権限がありません。',
      html`<a href="/incidents">一覧へ戻る</a>`,
    ]);

  app.get('/incidents/:id', async (c) => {
    const viewer = c.get('viewer');
    const incident = await findVisible(ports.store, config, viewer, c.req.param('id'));
    if (incident === undefined) return notFound(c);
    const done = c.req.query('done') as ConsoleAction | undefined;
    return framed(
      c,
      viewer.kind === 'municipality' ? 'お知らせ' : incident.id,
      detailBody({ viewer, config, incident, csrf: csrfToken(auth, c.get('session')) }),
      done !== undefined && CONSOLE_ACTIONS.includes(done) ? FLASH[done] : undefined,
    );
  });

  app.get('/incidents/:id/:action', async (c) => {
    const viewer = c.get('viewer');
    const action = c.req.param('action') as ConsoleAction;
    const incident = await findVisible(ports.store, config, viewer, c.req.param('id'));
    if (incident === undefined || !CONSOLE_ACTIONS.includes(action)) return notFound(c);
    if (action === 'ack') return c.redirect(`/incidents/${incident.id}`, 303);
    if (!allowed(viewer, incident, action)) return refusedAction(c, incident.id, action);
    return framed(
      c,
      ACTION_JA[action],
      confirmBody(incident, action, csrfToken(auth, c.get('session')), config),
    );
  });

  const allowed = (viewer: Viewer, incident: Incident, action: ConsoleAction) =>
    allowedActions(config, viewer, incident).includes(action);
  const refusedAction = (c: Context<Env>, id: string, action: ConsoleAction) =>
    framed(
      c,
      'この操作はできません',
      notice('この操作はできません', [
        `「${ACTION_JA[action]}」は、あなたの権限またはインシデントの今の状態ではできません。`,
        html`<a href="/incidents/${id}">インシデントへ戻る</a>`,
      ]),
      undefined,
      403,
    );

  app.post('/incidents/:id/:action', async (c) => {
    const viewer = c.get('viewer');
    const action = c.req.param('action') as ConsoleAction;
    const incident = await findVisible(ports.store, config, viewer, c.req.param('id'));
    if (incident === undefined || !CONSOLE_ACTIONS.includes(action)) return notFound(c);
    if (!allowed(viewer, incident, action)) return refusedAction(c, incident.id, action);
    // An action names one episode: a later episode of the same finding is another incident.
    if ((await ports.store.get(incident.fingerprint))?.id !== incident.id)
      return framed(
        c,
        '操作できません',
        notice('操作できません', [`${incident.id} はすでに次の発生に置き換わっています。`]),
        undefined,
        409,
      );
    const body = await c.req.parseBody();
    if (action !== 'ack' && body.confirm !== 'yes')
      return framed(
        c,
        ACTION_JA[action],
        html`<p class="warn" role="alert">「内容を確認しました」にチェックしてから送ってください。</p>${confirmBody(incident, action, csrfToken(auth, c.get('session')), config)}`,
        undefined,
        400,
      );
    const by = viewer.name;
    const id = incident.id;
    const acting = deps.actionPorts === undefined ? deps.ports : await deps.actionPorts();
    const said = readCommunication(body);
    const done = await operate(action, incident.fingerprint, { by, ...said, expectedId: id }, acting);
    if (done.result === 'refused' || done.result === 'stale')
      return framed(
        c,
        '操作できませんでした',
        notice('操作できませんでした', [
          'インシデントの状態が変わったか、この操作の条件を満たしていません。何も送っていません。',
          html`<span class="muted">${done.reasons[0] ?? ''}</span>`,
          html`<a href="/incidents/${id}">インシデントへ戻る</a>`,
        ]),
        undefined,
        409,
      );
    return c.redirect(`/incidents/${id}?done=${action}`, 303);
  });

  app.get('/reports/:month', async (c) => {
    const month = c.req.param('month');
    if (!MONTH.test(month)) return notFound(c);
    const report = await reportDocument(ports.store, config, c.get('viewer'), month);
    c.set('documentCsp', report.csp);
    return c.html(report.html);
  });

  app.notFound((c) =>
    bare(c as Context<Env>, 404, 'ページが見つかりません', [html`<a href="/incidents">一覧へ戻る</a>`]),
  );
  app.onError((error, c) => {
    if ('getResponse' in error && typeof error.getResponse === 'function') return error.getResponse();
    console.error(JSON.stringify({ message: 'console error', error: error.message }));
    return bare(c as Context<Env>, 500, 'エラーが発生しました', ['時間をおいてもう一度お試しください。']);
  });
  return app;
};

const SIGN_IN_REFUSALS: Record<LoginRefusal, string> = {
  'no-login': 'サインインの手続きが見つからないか、期限が切れました。',
  state: 'サインインの応答が、このブラウザーで始めた手続きと一致しません。',
  'token-endpoint': '認証サーバーからトークンを受け取れませんでした。',
  token: '認証サーバーのトークンを検証できませんでした。',
};

const signInHints = (auth: ConsoleAuth, config: Ports['config']): (string | Html)[] => {
  if (auth.devLogin !== true) return ['このページを見るにはサインインが必要です。'];
  return [
    '開発用サインイン（--dev-login）: 宛先を選んでください。',
    html`<ul>${[...config.receiversById.values()].map(
      (receiver) =>
        html`<li><a href="/dev-login?as=${encodeURIComponent(receiver.id)}">${receiver.name}（${receiver.id}）</a></li>`,
    )}</ul>`,
  ];
};

const readFilters = (c: Context): ListFilters => {
  const severity = c.req.query('severity');
  const source = c.req.query('source');
  const asp = c.req.query('asp');
  const system = c.req.query('system');
  return {
    ...(severity && (SEVERITIES as readonly string[]).includes(severity)
      ? { severity: severity as Severity }
      : {}),
    ...(source && (ALERT_SOURCES as readonly string[]).includes(source)
      ? { source: source as AlertSource }
      : {}),
    ...(asp ? { asp } : {}),
    ...(system ? { system } : {}),
  };
};

/** What a share or update says, read from its form: the message (bounded), the leak, the next report in minutes. */
const readCommunication = (body: Record<string, unknown>) => {
  const message = typeof body.message === 'string' ? body.message.trim().slice(0, MESSAGE_MAX) : '';
  const leak =
    typeof body.leak === 'string' && (LEAK_KNOWN as readonly string[]).includes(body.leak)
      ? (body.leak as LeakKnown)
      : undefined;
  const minutes = typeof body.next === 'string' ? Number.parseInt(body.next, 10) : Number.NaN;
  return {
    ...(message === '' ? {} : { message }),
    ...(leak === undefined ? {} : { leak }),
    ...(Number.isInteger(minutes) && minutes >= 5 && minutes <= 1440 ? { nextMs: minutes * 60_000 } : {}),
  };
};

/** `YYYY-MM` of a moment in the config's time zone. */
const currentMonth = (now: number, timeZone: string): string => {
  const { year, month } = localParts(now, timeZone);
  return `${year}-${month}`;
};
