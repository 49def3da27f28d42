import { createConsoleApp } from '../../../functions/console/app.js';
import type { ConsoleAuth } from '../../../functions/console/auth.js';
import { readEventInputs } from '../../../functions/event-files.js';
import { createMemoryIncidentStore } from '../../../shared/adapters/memory/incident-store.js';
import { createMemoryLifecycleBus } from '../../../shared/adapters/memory/lifecycle-bus.js';
import { createMemoryNotifier } from '../../../shared/adapters/memory/notifier.js';
import { createVirtualTimers, VirtualClock } from '../../../shared/adapters/memory/virtual-time.js';
import type { Config } from '../../../shared/config/registry.js';
import { type ReplayInput, replay } from '../../../shared/pipeline/replay.js';
import { PROJECT_ROOT } from '../../helpers/cli.js';
import { aConfig } from '../../helpers/config.js';

/** The console over a replay of events (by default the whole of events/, as `npm start` plays it). */
export const SESSION_SECRET = 'console-test-session-secret-0123456789abcdef';
export const ORIGIN = 'http://localhost';

export const aConsole = async (
  options: {
    config?: Config;
    inputs?: readonly ReplayInput[];
    auth?: Partial<ConsoleAuth>;
    pageSize?: number;
  } = {},
) => {
  const config = options.config ?? aConfig();
  const store = createMemoryIncidentStore();
  const notifier = createMemoryNotifier();
  const clock = new VirtualClock(Date.parse('2026-11-27T00:00:00Z'));
  const ports = {
    store,
    notifier,
    bus: createMemoryLifecycleBus(),
    timers: createVirtualTimers(),
    clock,
    config,
  };
  await replay(options.inputs ?? readEventInputs([`${PROJECT_ROOT}events/`]), ports, 2 * 3_600_000);
  const app = createConsoleApp({
    ports,
    auth: { sessionSecret: SESSION_SECRET, devLogin: true, ...options.auth },
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
  });
  const request = (path: string, init: RequestInit = {}) => app.request(`${ORIGIN}${path}`, init);
  /** Signs in with the dev login and returns the session cookie (`name=value`). */
  const signIn = async (as: string): Promise<string> => {
    const response = await request(`/dev-login?as=${encodeURIComponent(as)}`);
    const cookie = response.headers.get('set-cookie') ?? '';
    if (response.status !== 303 || cookie === '') throw new Error(`dev-login as ${as}: ${response.status}`);
    return cookie.split(';')[0] as string;
  };
  const get = (path: string, cookie?: string) =>
    request(path, cookie === undefined ? {} : { headers: { cookie } });
  const post = (
    path: string,
    cookie: string,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ) =>
    request(path, {
      method: 'POST',
      headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  /** The CSRF token a page's forms carry. */
  const csrfOf = async (cookie: string): Promise<string> => {
    const page = await (await get('/incidents', cookie)).text();
    const token = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
    if (token === undefined) throw new Error('no CSRF token on /incidents');
    return token;
  };
  return { app, ports, store, notifier, clock, config, request, signIn, get, post, csrfOf };
};

/** Every `data-incident` and `data-account` value of a page. */
export const hooks = (page: string) => ({
  incidents: [...page.matchAll(/data-incident="([^"]*)"/g)].map((m) => m[1] as string),
  accounts: [...page.matchAll(/data-account="([^"]*)"/g)].flatMap((m) =>
    (m[1] as string).split(' ').filter(Boolean),
  ),
});
