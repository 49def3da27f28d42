import { type PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { createAcknowledgeHandler } from '../../functions/acknowledge/handler.js';
import { createRouteHandler } from '../../functions/route/handler.js';
import { signAckToken } from '../../shared/ack-token.js';
import { createSnsNotifier } from '../../shared/adapters/aws/sns-notifier.js';
import type { Notification } from '../../shared/ports.js';
import { channelPayload } from '../../shared/render/channels/index.js';
import { plain } from '../../shared/render/words.js';
import { aConfig, exampleConfigObject } from '../helpers/config.js';
import { type EventCopy, loadEvent, withChanges } from '../helpers/events.js';
import { aHarness } from '../helpers/harness.js';
import { aLambdaContext, anAckRequest, anSqsBatch, quietTelemetry } from '../helpers/lambda.js';
import { aGuardDutyFinding, GUARDDUTY_FINGERPRINT } from '../helpers/story-events.js';

/**
 * Trust and content safety (issue 6, item 5): whatever text an event carries, the messages we send stay plain
 * text that no mail client or chat bridge turns into a link, a mention or markup; our own links stay clean AWS
 * console links; every message fits SNS; an acknowledge link acts on its own incident only.
 *
 * "Escaped" for our plain-text SNS bodies means (see `plain` in shared/render/words.ts): no `<` or `>` from an
 * event (HTML, Slack `<url|text>` links and `<!channel>` mentions, Markdown autolinks), no Markdown `](` link,
 * no `@channel`/`@here`/`@everyone`, no `scheme://` of any scheme, no `mailto:`-like or `ms-msdt:`-like link, no
 * UNC path (`\\host\share`), no `www.` that a client would link (defanged to `hxxp://`, `smb[:]//`, `mailto[:]`,
 * `＼＼host`, `www[.]`), no control, bidi or other format character (a zero-width space hides a link from a
 * filter, never from a mail client). The only live links are the ones we build.
 */

const config = aConfig();
const ACK_BASE = 'https://ack.example/';

/** Routes events through the route handler, with signed-looking ack links, and returns what was sent. */
const routed = async (...events: unknown[]) => {
  const h = aHarness(config);
  const ackLinks = (incidentId: string, receiver: string) =>
    `${ACK_BASE}?t=${encodeURIComponent(`${incidentId}.${receiver}`)}`;
  const handler = createRouteHandler(async () => ({ ...h.ports, ackLinks }), quietTelemetry());
  const response = await handler(anSqsBatch(events), aLambdaContext());
  return { h, response, sent: h.notifier.sent() };
};

const everything = (n: Notification): string => `${n.subject}\n${n.body}\n${n.short}`;

/**
 * Hosts our own links may point to: the AWS console, the Health dashboard, the acknowledge endpoint, and the AWS
 * documentation page of a first-response entry (from our catalogue, never from the event).
 */
const isOurLink = (url: string): boolean => {
  const parsed = new URL(url);
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    (parsed.hostname === 'console.aws.amazon.com' ||
      /^[a-z]{2}(-[a-z]+)+-\d{1,2}\.console\.aws\.amazon\.com$/.test(parsed.hostname) ||
      parsed.hostname === 'health.aws.amazon.com' ||
      parsed.hostname === 'docs.aws.amazon.com' ||
      url.startsWith(ACK_BASE))
  );
};

/**
 * A link a client would make live: a URL of any scheme, a scheme that needs no `//` (`mailto:`, `ms-msdt:`), a UNC
 * path, or `www.` (the usual autolink triggers).
 */
const LIVE_LINK =
  /(?<![\w+.-])(?!hxxps?:|fxp:)[a-z][a-z0-9+.-]*:\/\/[^\s]*|(?<![\w:.-])(?:mailto|tel|sms|javascript|vbscript|data|file|smb|news|callto|sip|[a-z]+(?:-[a-z]+)+):[^\s]+|\\\\[^\s\\]+|\bwww\.[^\s]*/gi;

/** What must not appear in anything we send, whatever the event said. */
const expectInert = (n: Notification) => {
  const text = everything(n);
  expect(text).not.toMatch(/[<>]/);
  expect(text).not.toContain('](');
  expect(text).not.toMatch(/@(channel|here|everyone)\b/i);
  expect(text.replaceAll('\n', ' ')).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
  for (const link of text.match(LIVE_LINK) ?? []) expect(isOurLink(link), link).toBe(true);
};

/** A GuardDuty finding (its type heads the subject) with hostile text in its title, description and resource. */
const guardDutyWith = (text: string) =>
  withChanges(aGuardDutyFinding('2026-11-27T01:00:00Z', { severity: 8.5 }), (event) => {
    event.detail.type = `Recon:EC2/${text}`;
    event.detail.title = text;
    event.detail.description = `Investigate: ${text}`;
    event.detail.resource.accessKeyDetails.userName = text;
  });

/** A Security Hub finding (its title heads the subject) with hostile text in title, description and resource. */
const securityHubWith = (text: string) =>
  withChanges(loadEvent('securityhub/control-s3-8-fsbp-failed.json'), (event) => {
    const finding = event.detail.findings[0] as EventCopy;
    finding.Title = text;
    finding.Description = `Investigate: ${text}`;
    finding.Resources[0].Id = text;
  });

const INJECTIONS: readonly [string, string][] = [
  ['an HTML script', '<script>alert(document.cookie)</script>'],
  ['an HTML link', '<a href="http://evil.example/login">open the console</a>'],
  ['an HTML image', '<img src=x onerror=alert(1)>'],
  ['a Slack link', '<http://evil.example/login|AWS console>'],
  ['a Slack channel mention', '<!channel> please approve'],
  ['a Slack here mention and user mention', '<!here> <@U0123ABCD> <!subteam^S0123>'],
  ['a Markdown link', '[open the AWS console](http://evil.example/login)'],
  ['a Markdown image', '![status](https://evil.example/pixel.png)'],
  ['a Markdown autolink', '<https://evil.example/login>'],
  ['broadcast mentions', '@channel @here @everyone @Channel'],
  ['a bare URL', 'Reset your password at https://evil.example/reset?u=admin'],
  ['an upper-case URL', 'HTTPS://EVIL.EXAMPLE/'],
  ['a www address', 'see www.evil.example/help'],
  ['a very long URL', `https://evil.example/${'a'.repeat(20_000)}?next=https://evil.example`],
  ['a forged line', 'x\nコンソール: https://evil.example/\r\n確認（ACK）: https://evil.example/ack'],
  ['a terminal hyperlink escape', '\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007'],
  ['a right-to-left override', 'invoice\u202Efdp.exe'],
  ['a zero-width space inside a URL scheme', 'h\u200bttps://evil.example/login'],
  ['a zero-width joiner inside a mention', '@\u200dhere @\u200bchannel @\u2060everyone'],
  ['a soft hyphen and a BOM inside a www address', 'w\u00adww\ufeff.evil.example'],
  ['a file URL', 'open file:///C:/Users/Public/invoice.pdf.lnk'],
  ['a file URL to a share', 'file://evil.example/share/invoice.exe'],
  ['a UNC path', 'copy from \\\\evil.example\\share\\tool.exe'],
  ['a UNC path with an IP address', '\\\\203.0.113.9@SSL\\DavWWWRoot\\x.lnk'],
  ['a mailto link', 'write to mailto:security@evil.example?subject=reset'],
  ['an SMB URL', 'smb://evil.example/share'],
  ['a Windows protocol handler', 'ms-msdt:/id PCWDiagnostic /skip force'],
  ['a Windows search handler', 'search-ms:query=invoice&crumb=location:\\\\evil.example\\share'],
  ['a javascript URL', 'javascript:alert(document.cookie)'],
  ['an upper-case scheme', 'SMB://EVIL.EXAMPLE/SHARE and MAILTO:x@evil.example'],
];

describe('text from events, in every message we send', () => {
  it.each(INJECTIONS)('neutralises %s in a GuardDuty finding', async (_name, text) => {
    // Act
    const { sent } = await routed(guardDutyWith(text));

    // Assess
    expect(sent.map((n) => n.receiver)).toEqual(['team-oncall', 'asp-a']);
    for (const n of sent) expectInert(n);
  });

  it.each(INJECTIONS)('neutralises %s in a Security Hub finding', async (_name, text) => {
    // Act
    const { sent } = await routed(securityHubWith(text));

    // Assess
    expect(sent.length).toBeGreaterThan(0);
    for (const n of sent) expectInert(n);
  });

  it('keeps the words readable: defused, not deleted', () => {
    expect(plain('<script>alert(1)</script>')).toBe('＜script＞alert(1)＜/script＞');
    expect(plain('[click](http://evil.example)')).toBe('[click] (hxxp://evil.example)');
    expect(plain('<!channel> @here see https://evil.example or www.evil.example')).toBe(
      '＜!channel＞ ＠here see hxxps://evil.example or www[.]evil.example',
    );
    expect(plain('user@example.com, S3.8, 東京')).toBe('user@example.com, S3.8, 東京');
  });

  it('drops format characters, then defangs what they were hiding', () => {
    expect(plain('h\u200bttps://evil.example @\u200bhere')).toBe('hxxps://evil.example ＠here');
    expect(plain('ev\u00adil\ufeff')).toBe('evil');
  });

  it('defangs every scheme and UNC path, and leaves finding types, ARNs and times alone', () => {
    expect(plain('file:///etc/passwd smb://evil.example/share')).toBe(
      'file[:]///etc/passwd smb[:]//evil.example/share',
    );
    expect(plain('mailto:x@evil.example ms-msdt:/id PCWDiagnostic')).toBe(
      'mailto[:]x@evil.example ms-msdt[:]/id PCWDiagnostic',
    );
    expect(plain('copy \\\\evil.example\\share\\tool.exe')).toBe('copy ＼＼evil.example\\share\\tool.exe');
    const ordinary = [
      'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
      'arn:aws:securityhub:ap-northeast-1::product/aws/guardduty',
      'arn:aws-us-gov:s3:::bucket-name',
      'arn:aws:cloudwatch:us-east-1:123456789012:alarm:EC2 CPU Utilization Anomaly',
      'CVE-2022-3171: protobuf-java, fixed in 3.16.3',
      '09:30 JST, fe80::1, 2001:db8::1',
    ];
    for (const text of ordinary) expect(plain(text)).toBe(text);
  });

  it('tells a municipality nothing an event wrote: its notice is built from our own words', async () => {
    // Prepare
    const outage = withChanges(loadEvent('health/ec2-tokyo-outage-kyodo-zeimu.json'), (event) => {
      event.detail.eventDescription = [
        { language: 'en_US', latestDescription: '<!channel> [login](https://evil.example) @everyone' },
      ];
      event.detail.eventTypeCode = 'AWS_EC2_<script>_ISSUE';
    });

    // Act
    const { sent } = await routed(outage);

    // Assess
    const notices = sent.filter((n) => n.audience === 'municipality');
    expect(notices.length).toBeGreaterThan(0);
    for (const n of sent) expectInert(n);
    for (const n of notices) expect(everything(n)).not.toMatch(/evil|script|login/);
  });
});

describe('the console links we build', () => {
  const hostile = [
    'a#b?c=d&e',
    '../../../iam/home#/users',
    '@evil.example/',
    'x\n確認（ACK）: https://evil.example',
    'javascript:alert(1)',
    '"><script>alert(1)</script>',
    '%0d%0aSet-Cookie: x=1',
    '\ud800 lone surrogate',
  ];
  const hostileRegions = [
    'evil.example/',
    'ap-northeast-1.evil.example#',
    'ap-northeast-1@evil.example',
    'ap-northeast-1\n',
    'global',
  ];

  it.each(hostile)('stay AWS console links with an encoded finding id: %j', async (id) => {
    // Act
    const { sent, h } = await routed(
      withChanges(aGuardDutyFinding('2026-11-27T01:00:00Z'), (event) => {
        event.detail.id = id;
      }),
    );

    // Assess
    const [incident] = h.store.incidents();
    const url = incident?.subject.consoleUrl ?? '';
    expect(url).toMatch(
      /^https:\/\/ap-northeast-1\.console\.aws\.amazon\.com\/guardduty\/home\?region=ap-northeast-1#/,
    );
    expect(url).toMatch(/^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/);
    expect(isOurLink(url)).toBe(true);
    expect(decodeURIComponent(new URL(url).hash)).toContain(id.replace('\ud800', '\ufffd'));
    for (const n of sent)
      expect(n.body.split('\n')).toContain(`${n.language === 'en' ? 'Console' : 'コンソール'}: ${url}`);
  });

  it.each(hostileRegions)('never take their host from the event region: %j', async (region) => {
    // Act
    const { h } = await routed(
      withChanges(aGuardDutyFinding('2026-11-27T01:00:00Z'), (event) => {
        event.detail.region = region;
      }),
    );

    // Assess
    const url = h.store.incidents()[0]?.subject.consoleUrl ?? '';
    expect(new URL(url).hostname).toBe('console.aws.amazon.com');
    expect(isOurLink(url)).toBe(true);
  });

  it('point to the service page, not a 100 KB deep link, when the id is huge', async () => {
    // Act
    const { h } = await routed(
      withChanges(aGuardDutyFinding('2026-11-27T01:00:00Z'), (event) => {
        event.detail.id = 'f'.repeat(100_000);
      }),
    );

    // Assess
    expect(h.store.incidents()[0]?.subject.consoleUrl).toBe(
      'https://ap-northeast-1.console.aws.amazon.com/guardduty/home?region=ap-northeast-1',
    );
  });
});

/** Publishes through the real SNS adapter and the real SDK serializer, answering as SNS would. */
const published = async (notification: Notification) => {
  const inputs: PublishCommandInput[] = [];
  const bodies: string[] = [];
  const client = new SNSClient({
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
    requestHandler: {
      handle: async (request: { body?: unknown }) => {
        bodies.push(String(request.body));
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'text/xml' },
            body: Buffer.from(
              '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>',
            ),
          },
        };
      },
    },
  });
  const send = client.send.bind(client);
  client.send = ((command: PublishCommand) => {
    inputs.push(command.input);
    return send(command);
  }) as typeof client.send;
  await createSnsNotifier({
    client,
    topicArnFor: () => 'arn:aws:sns:ap-northeast-1:123456789012:alert-router-team',
  }).send(notification);
  return { input: inputs[0]!, request: bodies[0]! };
};

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const SNS_MESSAGE_MAX_BYTES = 262_144;

describe('message size and subjects', () => {
  const huge = (text: string) =>
    withChanges(securityHubWith(text), (event) => {
      const finding = event.detail.findings[0] as EventCopy;
      finding.Types = [`Software and Configuration Checks/${text}`];
      finding.GeneratorId = text;
    });

  it.each([
    ['1 MB of ASCII', 'A'.repeat(1024 * 1024)],
    ['1 MB of Japanese (3 bytes a character in UTF-8)', '不'.repeat(1024 * 1024)],
    ['100,000 emoji (surrogate pairs)', '🚨'.repeat(100_000)],
    ['lone surrogates', `${'\ud800x'.repeat(200)}\udfff`],
  ])('fit SNS whatever the size of the event text: %s', async (_name, text) => {
    // Act
    const { sent, response } = await routed(huge(text), guardDutyWith(text));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(sent.length).toBeGreaterThan(2);
    for (const n of sent) {
      expect([...n.subject].length).toBeLessThanOrEqual(100);
      expect(
        bytes(JSON.stringify({ default: `${n.subject}\n\n${n.body}`, email: n.body, sms: n.short })),
      ).toBeLessThan(SNS_MESSAGE_MAX_BYTES);
      const { input, request } = await published(n);
      expect(input.Subject?.length).toBeLessThanOrEqual(99);
      expect(input.Subject).not.toMatch(/[\p{Cc}\p{Zl}\p{Zp}]/u);
      expect(bytes(input.Message ?? '')).toBeLessThan(SNS_MESSAGE_MAX_BYTES);
      expect(request).toContain('Action=Publish');
    }
  });

  it('keeps the account name in a subject that a long title had to cut', async () => {
    // Act
    const { sent } = await routed(
      securityHubWith('S3 general purpose buckets should block public access '.repeat(5)),
    );

    // Assess
    for (const n of sent.filter((n) => n.audience !== 'municipality')) {
      expect([...n.subject].length).toBeLessThanOrEqual(100);
      expect(n.subject).toMatch(/… — aoba-juki-prod$/);
    }
  });
});

describe('an acknowledge link acts on its own incident only', () => {
  const SECRET = 'test-secret-that-is-long-enough-for-hmac-0123456789';
  const OTHER_FINDING = 'c0ffee00c0ffee00c0ffee00c0ffee00';
  const OTHER_FINGERPRINT = `guardduty:111111111111:ap-northeast-1:${OTHER_FINDING}`;

  const twoIncidents = async () => {
    const h = aHarness(config);
    await h.send(aGuardDutyFinding('2026-11-27T03:00:00Z', { severity: 9.5 }));
    await h.send(aGuardDutyFinding('2026-11-27T03:00:00Z', { severity: 9.5, id: OTHER_FINDING }));
    const a = await h.store.get(GUARDDUTY_FINGERPRINT);
    const b = await h.store.get(OTHER_FINGERPRINT);
    if (!a || !b) throw new Error('both incidents must be open');
    const handler = createAcknowledgeHandler(
      async () => ({ ports: h.ports, secret: SECRET }),
      quietTelemetry(),
    );
    const tokenFor = (incidentId: string) =>
      signAckToken(
        {
          incidentId,
          receiver: 'team-oncall',
          action: 'ack',
          expiresAt: Math.floor(h.clock.now() / 1000) + 3600,
        },
        SECRET,
      );
    return { h, a, b, handler, tokenFor };
  };

  it("acknowledging incident A leaves incident B open and B's escalation running", async () => {
    // Prepare
    const { h, a, b, handler, tokenFor } = await twoIncidents();

    // Act
    const response = await handler(anAckRequest('POST', tokenFor(a.id)));

    // Assess
    expect(response.statusCode).toBe(200);
    expect((await h.store.get(GUARDDUTY_FINGERPRINT))?.state).toBe('acknowledged');
    expect((await h.store.get(OTHER_FINGERPRINT))?.state).toBe('open');
    expect(
      h.escalationTimers().map((timer) => ('incidentId' in timer ? timer.incidentId : timer.name)),
    ).toEqual([b.id]);
  });

  it("A's token shows A's confirmation page, never B's", async () => {
    // Prepare
    const { a, b, handler, tokenFor } = await twoIncidents();

    // Act
    const page = await handler(anAckRequest('GET', tokenFor(a.id)));

    // Assess
    expect(page.body).toContain(a.id);
    expect(page.body).not.toContain(b.id);
  });

  it('a link to an earlier episode cannot acknowledge the finding when it comes back as a new incident', async () => {
    // Prepare: episode 1 opens and is archived; the finding comes back as episode 2.
    const h = aHarness(config);
    await h.send(aGuardDutyFinding('2026-11-27T03:00:00Z', { severity: 9.5 }));
    const first = await h.store.get(GUARDDUTY_FINGERPRINT);
    await h.send(aGuardDutyFinding('2026-11-27T03:05:00Z', { severity: 9.5, archived: true }));
    await h.send(aGuardDutyFinding('2026-11-27T04:00:00Z', { severity: 9.5 }));
    const second = await h.store.get(GUARDDUTY_FINGERPRINT);
    expect(second?.id).not.toBe(first?.id);
    const handler = createAcknowledgeHandler(
      async () => ({ ports: h.ports, secret: SECRET }),
      quietTelemetry(),
    );
    const stillValid = signAckToken(
      {
        incidentId: first?.id ?? '',
        receiver: 'team-oncall',
        action: 'ack',
        expiresAt: Math.floor(h.clock.now() / 1000) + 3600,
      },
      SECRET,
    );

    // Act
    const response = await handler(anAckRequest('POST', stillValid));

    // Assess
    expect(response.statusCode).toBe(404);
    expect((await h.store.get(GUARDDUTY_FINGERPRINT))?.state).toBe('open');
  });
});

/**
 * Issue 14: the chat channels. Amazon Q renders `client-markdown`, Slack `mrkdwn` (where `<!channel>`, `<@U…>` and
 * `<url|text>` are live), Teams Adaptive Card markdown (`[text](url)`): whatever an event wrote, no payload lets
 * it form a mention or a link; the only links are the AWS console, the acknowledge link and AWS documentation.
 */
describe('text from events, in every chat payload we send', () => {
  /** Every string value of a JSON payload, with its key. */
  const strings = (value: unknown, key = ''): { key: string; text: string }[] => {
    if (typeof value === 'string') return [{ key, text: value }];
    if (Array.isArray(value)) return value.flatMap((item) => strings(item, key));
    if (value !== null && typeof value === 'object')
      return Object.entries(value).flatMap(([k, v]) => strings(v, k));
    return [];
  };

  const expectChatInert = (n: Notification) => {
    // Amazon Q: text of the notification, links only as bare URLs we built.
    const chatbot = channelPayload(n, 'chatbot');
    for (const { text } of strings(chatbot.content)) {
      expect(text).not.toMatch(/[<>]/);
      expect(text).not.toContain('](');
      expect(text).not.toMatch(/@(channel|here|everyone)\b/i);
      for (const link of text.match(LIVE_LINK) ?? []) expect(isOurLink(link), link).toBe(true);
    }
    // Slack: mrkdwn escaped (`&` `<` `>` only as entities), so no control sequence can open; buttons are ours.
    const slack = channelPayload(n, 'slack');
    for (const { key, text } of strings(slack)) {
      if (key === 'url') {
        expect(isOurLink(text), text).toBe(true);
        continue;
      }
      expect(text).not.toMatch(/[<>]/);
      expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
      expect(text).not.toMatch(/@(channel|here|everyone)\b/i);
      for (const link of text.match(LIVE_LINK) ?? []) expect(isOurLink(link), link).toBe(true);
    }
    // Teams: no bracket left to open a markdown link, no angle bracket; actions are ours.
    const teams = channelPayload(n, 'teams');
    for (const { key, text } of strings(teams.attachments[0].content)) {
      if (key === 'url') {
        expect(isOurLink(text), text).toBe(true);
        continue;
      }
      if (key === '$schema' || key === 'type') continue;
      expect(text).not.toMatch(/[<>[\]]/);
      expect(text).not.toMatch(/@(channel|here|everyone)\b/i);
      for (const link of text.match(LIVE_LINK) ?? []) expect(isOurLink(link), link).toBe(true);
    }
  };

  it.each(INJECTIONS)('neutralises %s in a GuardDuty finding', async (_name, text) => {
    // Act
    const { sent } = await routed(guardDutyWith(text));

    // Assess
    expect(sent.length).toBe(2);
    for (const n of sent) expectChatInert(n);
  });

  it.each(INJECTIONS)('neutralises %s in a Security Hub finding', async (_name, text) => {
    // Act
    const { sent } = await routed(securityHubWith(text));

    // Assess
    expect(sent.length).toBeGreaterThan(0);
    for (const n of sent) expectChatInert(n);
  });

  it('keeps names from the config inert too (an account named like a mention)', async () => {
    // Prepare
    const raw = exampleConfigObject();
    const accounts = (raw.accounts as Record<string, unknown>[]).map((account) => ({
      ...account,
      name: '<!channel> [x](https://evil.example)',
      system: '@here <https://evil.example|click>',
    }));
    const h = aHarness(aConfig({ accounts }));

    // Act
    await h.send(guardDutyWith('ordinary title'));

    // Assess
    expect(h.notifier.sent().length).toBe(2);
    for (const n of h.notifier.sent()) expectChatInert(n);
  });
});
