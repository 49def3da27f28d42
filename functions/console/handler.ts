import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import * as z from 'zod/mini';
import { ackSecret, createAwsPorts, readEnvironment, withAckLinks } from '../aws-ports.js';
import { parseLambdaEnvironment } from '../lambda-environment.js';
import { createConsoleApp } from './app.js';
import { checkSessionSecret } from './auth.js';

/**
 * The console's Lambda (a function URL, DESIGN §14): the same app as `alert-router console`, wired to DynamoDB,
 * SNS, Scheduler and EventBridge like the other functions, with Cognito sign-in. Built once per container on the
 * first request (importing the module has no side effect), so the verifier keeps its JWKS cache.
 */
const consoleEnvironmentSchema = z.object({
  CONSOLE_USER_POOL_ID: z.string().check(z.regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'must be a user pool id')),
  /**
   * The app client id. The hub stack cannot set it (the client's callback URL is this function's URL: a cycle), so
   * there it travels in the console secret; set here, it wins.
   */
  CONSOLE_CLIENT_ID: z.optional(z.string().check(z.minLength(1))),
  /** The managed login domain, `https://….auth.<region>.amazoncognito.com` or a custom domain. */
  CONSOLE_LOGIN_DOMAIN: z.url().check(z.regex(/^https:\/\//, 'must be an https URL')),
  /** Secrets Manager secret: JSON `{clientId, sessionKey}` (the hub stack's), or the bare session key (≥ 32 characters). */
  CONSOLE_SESSION_SECRET_ARN: z.string().check(z.regex(/^arn:aws[a-z-]*:/, 'must be an ARN')),
  /** The console's own URL when it is not the function URL the request came to (a custom domain). */
  CONSOLE_URL: z.optional(z.url()),
});
export type ConsoleEnvironment = z.infer<typeof consoleEnvironmentSchema>;

export const readConsoleEnvironment = (env: NodeJS.ProcessEnv = process.env): ConsoleEnvironment =>
  parseLambdaEnvironment(consoleEnvironmentSchema, env, 'alert-router console');

const consoleSecretSchema = z.object({
  clientId: z.string().check(z.minLength(1)),
  sessionKey: z.string(),
});

/** The console secret's value: the hub stack's JSON `{clientId, sessionKey}`, or a bare session key. */
export const readConsoleSecret = (value: string): { sessionKey: string; clientId?: string } => {
  if (!value.trimStart().startsWith('{')) return { sessionKey: value };
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new Error('alert-router console: the console secret is not valid JSON');
  }
  const parsed = consoleSecretSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`alert-router console: the console secret lacks ${fields}`);
  }
  return parsed.data;
};

type ConsoleApp = ReturnType<typeof createConsoleApp>;

const buildApp = async (): Promise<ConsoleApp> => {
  const env = readEnvironment();
  const consoleEnv = readConsoleEnvironment();
  const ports = createAwsPorts(env);
  const secret = readConsoleSecret(String(await getSecret(consoleEnv.CONSOLE_SESSION_SECRET_ARN)));
  const sessionSecret = checkSessionSecret(secret.sessionKey);
  const clientId = consoleEnv.CONSOLE_CLIENT_ID ?? secret.clientId;
  if (clientId === undefined)
    throw new Error(
      'alert-router console: no app client id (CONSOLE_CLIENT_ID or clientId in the console secret)',
    );
  return createConsoleApp({
    ports,
    // Actions send notifications: team pages carry a signed ack link, signed with the secret of the moment.
    actionPorts: async () =>
      env.ACK_BASE_URL === undefined ? ports : withAckLinks(ports, env, await ackSecret(env)),
    auth: {
      sessionSecret,
      cognito: {
        domain: consoleEnv.CONSOLE_LOGIN_DOMAIN,
        userPoolId: consoleEnv.CONSOLE_USER_POOL_ID,
        clientId,
        ...(consoleEnv.CONSOLE_URL === undefined ? {} : { publicUrl: consoleEnv.CONSOLE_URL }),
      },
    },
  });
};

let app: Promise<ConsoleApp> | undefined;
// `hono/aws-lambda` is marked for removal in Hono 5 (moved to `@hono/aws-lambda`); it is what Hono 4.13 ships.
export const handler = async (event: LambdaEvent, context?: LambdaContext) => {
  app ??= buildApp().catch((error: unknown) => {
    app = undefined;
    throw error;
  });
  return handle(await app)(event, context);
};
