import { ArnFormat, CfnOutput, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { ConsoleConfig } from '../../shared/config/schema.js';
import { type FunctionCode, RouterFunction } from './router-function.js';

/**
 * Where managed login sends the browser back: the app serves these paths (functions/console, DESIGN §14). Both
 * are registered on the app client; Cognito refuses any other `redirect_uri` or `logout_uri`.
 */
export const CONSOLE_AUTH_PATHS = { callback: '/callback', signedOut: '/signed-out' } as const;

/**
 * The console's secret, by a fixed name: `{"clientId": "…", "sessionKey": "…"}`. The app client's callback URL is the
 * function URL, so the function cannot be given the client id in its environment (function → client → URL →
 * function is a circular reference); it reads it here, with the key that signs its session cookies. The name, not
 * a reference, is what the function is given, for the same reason.
 */
export const CONSOLE_SECRET_NAME = 'alert-router/console';

/**
 * The console function URL is open to the internet (sign-in is the app's): a ceiling on its concurrency keeps a
 * flood of requests from taking the account's concurrency from route, escalate and sweeper.
 */
export const CONSOLE_RESERVED_CONCURRENCY = 10;

/**
 * The app keeps its own session (an hour) and never uses a refresh token: Cognito's shortest refresh token
 * validity limits what a stolen one is worth.
 */
const REFRESH_TOKEN_VALIDITY = Duration.hours(1);

/** Options of {@link IncidentConsole}. */
export type IncidentConsoleProps = {
  /** The config's `console:` section. */
  readonly config: ConsoleConfig;
  /** Every receiver id of the config: one user pool group each (a user's groups are the receivers it speaks for). */
  readonly receiverIds: readonly string[];
  readonly code: FunctionCode;
  /** The environment every router function gets (table, bus, topics, timers, ack links): the actions need it. */
  readonly environment: Readonly<Record<string, string>>;
  readonly logKey: kms.IKey;
};

/**
 * The incident console (DESIGN §14, issue 15) in AWS: a Cognito user pool (no self sign-up, MFA required with an
 * authenticator app, Plus feature plan with threat protection enforced, deletion-protected and retained), one
 * group per receiver id, the managed login domain, a public app client (authorization code with PKCE only) and
 * the `console` function behind a function URL.
 *
 * The function URL has no IAM auth: browsers reach it directly and the app signs users in with Cognito and
 * verifies their tokens (aws-jwt-verify); IAM auth would need a signing proxy in front. Its reserved concurrency
 * is a ceiling, like the acknowledge function's. The stack grants the function's table, topic, bus and timer
 * permissions (`function.role`); this construct grants only its own secret.
 */
export class IncidentConsole extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly function: RouterFunction;
  readonly functionUrl: lambda.FunctionUrl;
  /** What users open, without a trailing slash: `console.url`, or the function URL. */
  readonly url: string;
  readonly secret: secretsmanager.Secret;
  /** The console secret's own key: only Secrets Manager, on behalf of the console function, uses it. */
  readonly secretKey: kms.Key;

  constructor(scope: Construct, id: string, props: IncidentConsoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const secretArn = (suffix: string) =>
      stack.formatArn({
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: `${CONSOLE_SECRET_NAME}${suffix}`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });

    this.userPool = new cognito.UserPool(this, 'Users', {
      userPoolName: 'alert-router-console',
      // The team creates every user (docs/console.md): nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // TOTP only: SMS codes can be intercepted and need an SMS role and spending limit for the pool.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false, email: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus: threat protection (compromised credentials, risky sign-ins) for a console that acts on incidents of
      // every municipality. Billed per monthly active user, a few hundred staff at most (docs/console.md).
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: 'アラートルーター コンソールへの招待 / alert-router console invitation',
        emailBody:
          'ユーザー名: {username} / 仮パスワード: {####}<br>初回のサインインでパスワードを変更し、認証アプリ（TOTP）を登録してください。<br>' +
          'User name: {username} / temporary password: {####}. At the first sign-in, set a new password and register an authenticator app (TOTP).',
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Enforced threat protection: a sign-in with leaked credentials or a high-risk one is blocked.
    new cognito.CfnUserPoolRiskConfigurationAttachment(this, 'ThreatProtection', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' } },
      accountTakeoverRiskConfiguration: {
        actions: {
          highAction: { eventAction: 'BLOCK', notify: false },
          mediumAction: { eventAction: 'MFA_IF_CONFIGURED', notify: false },
          lowAction: { eventAction: 'NO_ACTION', notify: false },
        },
      },
    });
    for (const receiverId of props.receiverIds)
      this.userPool.addGroup(`Group-${receiverId}`, {
        groupName: receiverId,
        description: `alert-router console: acts for receiver ${receiverId}`,
      });

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.config.domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    this.secretKey = new kms.Key(this, 'SecretKey', {
      alias: 'alias/alert-router-console-secret',
      description: 'alert-router: the console session key and client id (Secrets Manager only)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.function = new RouterFunction(this, 'Function', {
      name: 'console',
      description: 'alert-router: the incident console (Cognito sign-in, server-rendered pages, actions)',
      code: props.code,
      environment: {
        ...props.environment,
        CONSOLE_USER_POOL_ID: this.userPool.userPoolId,
        CONSOLE_LOGIN_DOMAIN: this.domain.baseUrl(),
        // By name (GetSecretValue takes an ARN without the random suffix): see CONSOLE_SECRET_NAME.
        CONSOLE_SESSION_SECRET_ARN: secretArn(''),
        ...(props.config.url === undefined ? {} : { CONSOLE_URL: withoutTrailingSlash(props.config.url) }),
      },
      timeout: Duration.seconds(20),
      // Rendering a page of a thousand incidents is CPU-bound: more memory is more CPU.
      memorySize: 1024,
      logKey: props.logKey,
      reservedConcurrency: CONSOLE_RESERVED_CONCURRENCY,
    });
    this.functionUrl = this.function.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    // `https://<id>.lambda-url.<region>.on.aws/` → `https://<id>.lambda-url.<region>.on.aws`.
    this.url =
      props.config.url === undefined
        ? `https://${Fn.select(2, Fn.split('/', this.functionUrl.url))}`
        : withoutTrailingSlash(props.config.url);

    this.client = this.userPool.addClient('Client', {
      userPoolClientName: 'alert-router-console',
      // A public client: the code is redeemed with its PKCE verifier, which never leaves the function.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [`${this.url}${CONSOLE_AUTH_PATHS.callback}`],
        logoutUrls: [`${this.url}${CONSOLE_AUTH_PATHS.signedOut}`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: REFRESH_TOKEN_VALIDITY,
    });
    // Managed login shows a page only for a client with a style: Cognito's own look.
    new cognito.CfnManagedLoginBranding(this, 'Branding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    this.secret = new secretsmanager.Secret(this, 'Secret', {
      secretName: CONSOLE_SECRET_NAME,
      description:
        'alert-router: the console app client id and the key that signs its session cookies (JSON)',
      encryptionKey: this.secretKey,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ clientId: this.client.userPoolClientId }),
        generateStringKey: 'sessionKey',
        passwordLength: 64,
        excludePunctuation: true,
        includeSpace: false,
      },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The session key is rotated by hand (docs/console.md: put a new value; every user signs in again); a rotation Lambda would add a function and a schedule for a key whose sessions live 12 hours.',
    });
    // By name, not by reference: a reference would make the function depend on the client, which depends on the
    // function URL. Secrets Manager appends six characters to the name in the ARN.
    this.function.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadConsoleSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secretArn('-??????')],
      }),
    );
    this.function.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DecryptConsoleSecret',
        actions: ['kms:Decrypt'],
        resources: [this.secretKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
      }),
    );

    new CfnOutput(this, 'Url', {
      key: 'ConsoleUrl',
      description: 'The incident console (sign in with the user pool below)',
      value: this.url,
    });
    new CfnOutput(this, 'UserPoolId', {
      key: 'ConsoleUserPoolId',
      description: 'The console user pool: add users and groups here (docs/console.md)',
      value: this.userPool.userPoolId,
    });
  }
}

const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');
