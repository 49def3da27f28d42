import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createMemoryLifecycleBus } from '../../shared/adapters/memory/lifecycle-bus.js';
import { createVirtualTimers } from '../../shared/adapters/memory/virtual-time.js';
import type { Config } from '../../shared/config/registry.js';
import type { Clock, Notifier } from '../../shared/ports.js';
import { createConsoleApp } from '../console/app.js';
import type { Io } from './io.js';
import { openStore, type StoreChoice } from './store-option.js';

/** The local console listens on the loopback interface only: it is a developer's tool, never a server. */
export const CONSOLE_HOST = '127.0.0.1';

export type ConsoleOptions = {
  readonly port: number;
  readonly devLogin: boolean;
  readonly store: StoreChoice;
  /** Resolves when the server should stop (SIGINT/SIGTERM by default). */
  readonly until?: Promise<void>;
};

/**
 * `alert-router console [--port N] [--dev-login]` (DESIGN §9, §14): the console app of the Lambda, served on
 * 127.0.0.1 over the chosen store. Actions write the store (a `--state` file is saved after each, like `ack`) and
 * print the notifications they cause instead of sending them: the CLI has no channels. The session key is new on
 * every start, so a restart signs everyone out.
 */
export const consoleCommand = async (
  options: ConsoleOptions,
  config: Config,
  clock: Clock,
  io: Io,
): Promise<number> => {
  const store = await openStore(options.store, config);
  const notifier: Notifier = {
    send: async (n) => {
      io.stdout.write(`  → ${n.receiver} (${n.audience}) ${n.kind}: ${n.subject}\n`);
    },
  };
  const app = createConsoleApp({
    ports: { store, notifier, bus: createMemoryLifecycleBus(), timers: createVirtualTimers(), clock, config },
    auth: {
      sessionSecret: randomBytes(32).toString('base64url'),
      devLogin: options.devLogin,
      // Chromium and Firefox keep Secure cookies for http://127.0.0.1 (a potentially trustworthy origin).
      secureCookies: true,
    },
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: CONSOLE_HOST, port: options.port }, () =>
      resolve(started),
    );
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${CONSOLE_HOST}:${port}/`;
  io.stdout.write(`alert-router console: ${url}\n`);
  if (options.devLogin)
    io.stdout.write(`  sign in as a receiver: ${url}dev-login?as=${config.team.levels[0] ?? ''}\n`);
  else
    io.stdout.write('  no sign-in is configured locally: start with --dev-login to sign in as a receiver\n');
  await (options.until ?? signalled());
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return 0;
};

const signalled = () =>
  new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
