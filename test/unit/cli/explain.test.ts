import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, fromRoot, jsonLines, PROJECT_ROOT as ROOT, runCli as run } from '../../helpers/cli.js';

// DESIGN §9 (contract): `alert-router explain [--config FILE] [--json] FILE...`, driven in-process through `main`.

const EVENTS = fromRoot('events');
const CONFIG = fromRoot('events/config.example.yaml');
/** Deliberately malformed events, kept out of the story in events/ so that `npm start` exits 0. */
const MALFORMED = fromRoot('malformed-events');

// The closed sets of DESIGN §3/§9, written out here so that a change of the model cannot silently widen them.
const SOURCES = ['guardduty', 'securityhub', 'health', 'inspector', 'config', 'cloudwatch', 'signin'];
const CATEGORIES = ['security', 'compliance', 'health', 'application'];
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
const STATUSES = ['open', 'resolved'];
const OWNERS = ['team', 'asp'];
const AUDIENCES = ['team', 'asp', 'municipality'];
const ALERT_KEYS = [
  'accountId',
  'category',
  'escalates',
  'file',
  'fingerprint',
  'flags',
  'notify',
  'owner',
  'reasons',
  'severity',
  'source',
  'status',
];

type Target = { audience: string; receiver: string };
type AlertLine = {
  file: string;
  index?: number;
  fingerprint: string;
  source: string;
  category: string;
  accountId: string;
  severity: string;
  status: string;
  owner: string;
  notify: Target[];
  escalates: boolean;
  flags: string[];
  reasons: string[];
};
type Line =
  | AlertLine
  | { file: string; index?: number; ignored: string }
  | { file: string; index?: number; error: string };

const isAlert = (line: Line): line is AlertLine => 'fingerprint' in line;
const sortedKeys = (line: object): string[] => Object.keys(line).sort();
/** The keys of a line without the optional `index` an element of a JSON array file carries. */
const keysWithoutIndex = (line: object): string[] => sortedKeys(line).filter((key) => key !== 'index');

/** The alert lines of one sample (by its path under events/). */
const alertsOf = (lines: readonly Line[], sample: string): AlertLine[] =>
  lines.filter(isAlert).filter((line) => line.file === join(EVENTS, sample));

const onlyAlertOf = (lines: readonly Line[], sample: string): AlertLine => {
  const found = alertsOf(lines, sample);
  expect(found, `one alert line for ${sample}`).toHaveLength(1);
  return found[0]!;
};

const receivers = (line: AlertLine): string[] => line.notify.map((target) => target.receiver).sort();

describe('explain --json over the sample events', () => {
  let result: CliRun;
  let lines: Line[];

  beforeAll(async () => {
    result = await run(['explain', '--json', '--config', CONFIG, EVENTS]);
    lines = jsonLines<Line>(result.stdout);
  });

  it('prints only JSON objects, one per line, and nothing on stderr', () => {
    // Assess
    expect(lines.length).toBeGreaterThan(40);
    for (const line of lines) expect(typeof line).toBe('object');
    expect(result.stderr).toBe('');
  });

  it('exits with status 0: the story in events/ holds no malformed file', () => {
    expect(result.status).toBe(0);
    expect(lines.filter((line) => 'error' in line)).toEqual([]);
  });

  it('gives every sample file at least one line', () => {
    // Prepare
    const files = new Set(lines.map((line) => line.file));

    // Assess
    for (const sample of [
      'cloudwatch/zeimu-batch-errors-alarm.json',
      'guardduty/high-exfiltration-1st.json',
      'health/ec2-tokyo-outage-kyodo-zeimu.json',
      'signin/root-console-login-no-mfa.json',
    ])
      expect(files).toContain(join(EVENTS, sample));
  });

  it('gives alert lines exactly the DESIGN §9 keys, with values from the allowed sets', () => {
    const alerts = lines.filter(isAlert);
    expect(alerts.length).toBeGreaterThan(30);
    for (const line of alerts) {
      expect(keysWithoutIndex(line), line.file).toEqual(ALERT_KEYS);
      if ('index' in line) expect(Number.isInteger(line.index)).toBe(true);
      expect(SOURCES).toContain(line.source);
      expect(CATEGORIES).toContain(line.category);
      expect(SEVERITIES).toContain(line.severity);
      expect(STATUSES).toContain(line.status);
      expect(OWNERS).toContain(line.owner);
      expect(line.fingerprint).toMatch(/^[a-z]+:\S/);
      expect(line.accountId).toMatch(/^\d{12}$/);
      expect(typeof line.escalates).toBe('boolean');
      expect(Array.isArray(line.flags)).toBe(true);
      for (const flag of line.flags) expect(flag).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(Array.isArray(line.notify)).toBe(true);
      for (const target of line.notify) {
        expect(sortedKeys(target)).toEqual(['audience', 'receiver']);
        expect(AUDIENCES).toContain(target.audience);
        expect(target.receiver).toMatch(/\S/);
      }
      expect(line.reasons.length, `${line.file} has reasons`).toBeGreaterThan(0);
      for (const reason of line.reasons) {
        expect(typeof reason).toBe('string');
        expect(reason).toMatch(/\S/);
      }
    }
  });

  it('gives ignored lines exactly {file, ignored} with a reason', () => {
    const ignored = lines.filter((line) => 'ignored' in line);
    expect(ignored.length).toBeGreaterThan(0);
    for (const line of ignored) {
      expect(keysWithoutIndex(line)).toEqual(['file', 'ignored']);
      expect((line as { ignored: string }).ignored).toMatch(/\S{3}/);
    }
  });

  it('gives error lines exactly {file, error}, one per malformed file, each naming the reason, and exits 1', async () => {
    // Act
    const malformed = await run(['explain', '--json', '--config', CONFIG, MALFORMED]);

    // Prepare
    const errors = jsonLines<Line>(malformed.stdout).filter((line) => 'error' in line) as {
      file: string;
      error: string;
    }[];
    const byFile = new Map(errors.map((line) => [line.file, line.error]));

    // Assess
    expect(malformed.status).toBe(1);
    for (const line of errors) expect(keysWithoutIndex(line)).toEqual(['error', 'file']);
    expect([...byFile.keys()].sort()).toEqual(
      ['account-not-12-digits.json', 'missing-detail.json', 'not-json.json'].map((f) => join(MALFORMED, f)),
    );
    expect(byFile.get(join(MALFORMED, 'account-not-12-digits.json'))).toMatch(/\baccount\b/);
    expect(byFile.get(join(MALFORMED, 'missing-detail.json'))).toMatch(/\bdetail\b/);
    expect(byFile.get(join(MALFORMED, 'not-json.json'))).toMatch(/^not valid JSON at line \d+, column \d+: /);
    for (const error of byFile.values()) expect(error).not.toMatch(/internal error/);
  });

  it('never tells anyone about a resolved alert (judged as if no earlier state existed)', () => {
    const resolved = lines.filter(isAlert).filter((line) => line.status === 'resolved');
    expect(resolved.length).toBeGreaterThan(3);
    for (const line of resolved) expect(line.notify, line.file).toEqual([]);
  });

  it('never tells a municipality about anything but an outage (category health)', () => {
    for (const line of lines.filter(isAlert)) {
      const municipal = line.notify.filter((target) => target.audience === 'municipality');
      if (line.category !== 'health') expect(municipal, line.file).toEqual([]);
    }
  });

  it('gives one line per element of a JSON array file, with its index', () => {
    // Prepare
    const operator = lines.filter(
      (line) => line.file === join(EVENTS, 'operator/story-acknowledgements.json'),
    );
    const array = JSON.parse(readFileSync(join(ROOT, 'events/operator/story-acknowledgements.json'), 'utf8'));

    // Assess
    expect(operator.map((line) => line.index)).toEqual(array.map((_: unknown, i: number) => i));
  });

  describe('decisions on named samples (DESIGN §3–§5)', () => {
    it.each([
      [
        'an EC2 outage in the shared account reaches both of its municipalities, the team and the ASP',
        'health/ec2-tokyo-outage-kyodo-zeimu.json',
        {
          category: 'health',
          severity: 'HIGH',
          owner: 'team',
          escalates: true,
          receivers: ['asp-b', 'city-sakura', 'team-oncall', 'town-midori'],
        },
      ],
      [
        'an outage of a single-use account reaches only its own municipality',
        'health/ec2-tokyo-outage-aoba-juki.json',
        { category: 'health', receivers: ['asp-a', 'city-aoba', 'team-oncall'] },
      ],
      [
        'a CRITICAL attack sequence goes to the team and the ASP and escalates',
        'guardduty/critical-attack-sequence.json',
        { severity: 'CRITICAL', owner: 'team', escalates: true, receivers: ['asp-c', 'team-oncall'] },
      ],
      [
        'a LOW GuardDuty finding is recorded, not sent',
        'guardduty/low-portprobe-string-numbers.json',
        { severity: 'LOW', status: 'open', escalates: false, receivers: [] },
      ],
      [
        'a finding whose account the envelope account does not report for goes to the team only',
        'guardduty/account-mismatch-not-allowed.json',
        { owner: 'team', receivers: ['team-oncall'], flag: 'account-mismatch' },
      ],
      [
        'a finding relayed by an account that reports for it is about the workload account',
        'guardduty/relayed-by-reporting-account.json',
        { accountId: '222222222222', receivers: ['asp-b', 'team-oncall'], flag: 'reports-for' },
      ],
      [
        'a risk notice from Health is a security finding, never an outage notice',
        'health/risk-credentials-exposed-kyodo-zeimu.json',
        { source: 'health', category: 'security', severity: 'HIGH', receivers: ['asp-b', 'team-oncall'] },
      ],
      [
        'a scheduled change is the ASP’s, without paging the team',
        'health/ec2-retirement-scheduled-aoba-juki.json',
        { owner: 'asp', escalates: false, receivers: ['asp-a'] },
      ],
      [
        'an application alarm goes to the ASP of the account only',
        'cloudwatch/zeimu-batch-errors-alarm.json',
        { category: 'application', owner: 'asp', escalates: false, receivers: ['asp-b'] },
      ],
      [
        'an alarm whose owner suppressed its actions is recorded, not sent',
        'cloudwatch/fukushi-composite-actions-suppressed.json',
        { receivers: [], flag: 'actions-suppressed' },
      ],
      [
        'an alarm inside a maintenance window is silenced',
        'cloudwatch/kokuho-stg-latency-alarm-during-maintenance.json',
        { receivers: [], flag: 'silenced' },
      ],
      [
        'an unknown severity label goes to the team as MEDIUM, flagged unrecognized',
        'securityhub/unknown-severity-label.json',
        { severity: 'MEDIUM', status: 'open', receivers: ['team-oncall'], flag: 'unrecognized' },
      ],
      [
        'a staging finding tells the team but not the ASP (config route)',
        'guardduty/medium-sample-finding-staging.json',
        { severity: 'MEDIUM', receivers: ['team-oncall'] },
      ],
      [
        'a resolved outage tells nobody when judged alone',
        'health/ec2-tokyo-outage-recovered.json',
        { status: 'resolved', escalates: false, receivers: [] },
      ],
    ] as const)('%s (%s)', (_behaviour, sample, expected) => {
      // Act
      const line = onlyAlertOf(lines, sample);

      // Assess
      const {
        receivers: wanted,
        flag,
        ...fields
      } = expected as typeof expected & {
        receivers: readonly string[];
        flag?: string;
      };
      expect(line).toMatchObject(fields);
      expect(receivers(line)).toEqual([...wanted].sort());
      if (flag !== undefined) expect(line.flags).toContain(flag);
    });

    it('gives the GuardDuty finding and its Security Hub (ASFF) copy the same fingerprint', () => {
      const native = onlyAlertOf(lines, 'guardduty/high-exfiltration-1st.json');
      const imported = onlyAlertOf(lines, 'securityhub/imported-guardduty-exfiltration.json');
      expect(native.source).toBe('guardduty');
      expect(imported.source).toBe('securityhub');
      expect(imported.fingerprint).toBe(native.fingerprint);
    });

    it('gives an Inspector finding and its Security Hub copy the same fingerprint', () => {
      const native = onlyAlertOf(lines, 'inspector/package-vulnerability-high-active.json');
      const imported = onlyAlertOf(lines, 'securityhub/imported-inspector-package-vulnerability.json');
      expect(imported.fingerprint).toBe(native.fingerprint);
    });

    it('gives the same control failing under two standards one fingerprint', () => {
      const cis = onlyAlertOf(lines, 'securityhub/control-s3-8-cis-failed.json');
      const fsbp = onlyAlertOf(lines, 'securityhub/control-s3-8-fsbp-failed.json');
      expect(cis.fingerprint).toBe(fsbp.fingerprint);
      expect(cis.fingerprint).toMatch(/^control:111111111111:ap-northeast-1:S3\.8:/);
    });

    it('gives re-publications and a duplicate delivery of a GuardDuty finding one fingerprint', () => {
      const fingerprints = new Set(
        [
          'high-exfiltration-1st.json',
          'high-exfiltration-1st-duplicate-delivery.json',
          'high-exfiltration-republished-count-3.json',
          'high-exfiltration-republished-count-7.json',
          'high-exfiltration-archived.json',
        ].map((file) => onlyAlertOf(lines, `guardduty/${file}`).fingerprint),
      );
      expect([...fingerprints]).toEqual([
        'guardduty:111111111111:ap-northeast-1:b6c2f0e4a8d14e7c9f3a5b7d1e9c2a40',
      ]);
    });

    it('gives each finding of a Security Hub custom action its own line, flagged custom-action', () => {
      const alerts = alertsOf(lines, 'securityhub/custom-action-two-findings.json');
      expect(alerts).toHaveLength(2);
      expect(new Set(alerts.map((line) => line.fingerprint)).size).toBe(2);
      for (const line of alerts) expect(line.flags).toContain('custom-action');
    });

    it.each([
      ['cloudwatch/alarm-configuration-delete-ignored.json', /configuration/],
      ['config/configuration-item-change-ignored.json', /compliance/],
      ['inspector/scan-initial-complete-ignored.json', /not a finding/],
      ['signin/assumed-role-console-login-ignored.json', /root/],
    ])('ignores %s with the reason', (sample, reason) => {
      const found = lines.filter((line) => line.file === join(EVENTS, sample));
      expect(found).toHaveLength(1);
      expect(found[0]).toEqual({ file: join(EVENTS, sample), ignored: expect.stringMatching(reason) });
    });
  });
});

describe('explain on files written for the test', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'alert-router-explain-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const sample = (path: string): Record<string, any> =>
    JSON.parse(readFileSync(join(ROOT, 'events', path), 'utf8'));

  it('tells the team about a LOW finding a person sent to a custom action', async () => {
    // Prepare: the custom-action sample with its first finding lowered to LOW
    const event = sample('securityhub/custom-action-two-findings.json');
    const finding = event.detail.findings[0];
    finding.Severity = { Label: 'LOW', Normalized: 1, Original: 'LOW' };
    finding.FindingProviderFields.Severity = { Label: 'LOW', Original: 'LOW' };
    event.detail.findings = [finding];
    const file = join(dir, 'custom-action-low.json');
    writeFileSync(file, JSON.stringify(event));

    // Act
    const { status, stdout } = await run(['explain', '--json', '--config', CONFIG, file]);

    // Assess
    const [line, ...rest] = jsonLines<Line>(stdout);
    expect(status).toBe(0);
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ severity: 'LOW', status: 'open', owner: 'team', escalates: false });
    expect((line as AlertLine).notify).toEqual([{ audience: 'team', receiver: 'team-oncall' }]);
    expect((line as AlertLine).flags).toContain('custom-action');
  });

  it('gives one line per event of a JSON array file, indexed in order', async () => {
    // Prepare
    const events = [
      sample('cloudwatch/zeimu-batch-errors-alarm.json'),
      sample('cloudwatch/alarm-configuration-delete-ignored.json'),
      { ...sample('guardduty/high-exfiltration-1st.json'), account: '12345' },
      sample('health/ec2-tokyo-outage-aoba-juki.json'),
    ];
    const file = join(dir, 'array.json');
    writeFileSync(file, JSON.stringify(events));

    // Act
    const { status, stdout } = await run(['explain', '--json', '--config', CONFIG, file]);

    // Assess
    const lines = jsonLines<Line>(stdout);
    expect(lines.map((line) => [line.file, line.index])).toEqual([
      [file, 0],
      [file, 1],
      [file, 2],
      [file, 3],
    ]);
    expect(lines[0]).toMatchObject({
      source: 'cloudwatch',
      notify: [{ audience: 'asp', receiver: 'asp-b' }],
    });
    expect(lines[1]).toEqual({ file, index: 1, ignored: expect.any(String) });
    expect(lines[2]).toEqual({ file, index: 2, error: expect.stringMatching(/account/) });
    expect(lines[3]).toMatchObject({ source: 'health', accountId: '111111111111' });
    expect(status).toBe(1);
  });

  it('reports a path that does not exist as an error line and still explains the other files', async () => {
    // Prepare
    const missing = join(dir, 'does-not-exist.json');
    const alarm = fromRoot('events/cloudwatch/zeimu-batch-errors-alarm.json');

    // Act
    const { status, stdout } = await run(['explain', '--json', '--config', CONFIG, missing, alarm]);

    // Assess
    const [first, second, ...rest] = jsonLines<Line>(stdout);
    expect(first).toEqual({ file: missing, error: expect.stringMatching(/\S/) });
    expect(second).toMatchObject({ file: alarm, source: 'cloudwatch', accountId: '222222222222' });
    expect(rest).toEqual([]);
    expect(status).toBe(1);
  });
});

describe('explain exit status', () => {
  it('is 0 for a folder without malformed files', async () => {
    const { status, stdout } = await run([
      'explain',
      '--json',
      '--config',
      CONFIG,
      fromRoot('events/guardduty'),
    ]);
    const lines = jsonLines<Line>(stdout);
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.filter((line) => 'error' in line)).toEqual([]);
    expect(status).toBe(0);
  });

  it('is 2 with one line on stderr when the config file does not exist', async () => {
    // Act
    const { status, stdout, stderr } = await run([
      'explain',
      '--json',
      '--config',
      join(tmpdir(), 'alert-router-no-such-config.yaml'),
      fromRoot('events/guardduty'),
    ]);

    // Assess
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^[^\n]*alert-router-no-such-config\.yaml[^\n]*\n$/);
  });
});

describe('explain human output', () => {
  it('names each file and prints every reason, with no stack trace', async () => {
    // Prepare: the JSON lines say what the human text must contain
    const json = jsonLines<Line>(
      (await run(['explain', '--json', '--config', CONFIG, MALFORMED, EVENTS])).stdout,
    );

    // Act
    const { status, stdout, stderr } = await run(['explain', '--config', CONFIG, MALFORMED, EVENTS]);

    // Assess
    expect(json.filter((line) => 'error' in line)).toHaveLength(3);
    expect(status).toBe(1);
    expect(stdout.trimStart().startsWith('{')).toBe(false);
    for (const line of json) {
      expect(stdout).toContain(line.file);
      if (isAlert(line)) for (const reason of line.reasons) expect(stdout).toContain(reason);
      if ('ignored' in line) expect(stdout).toContain(line.ignored);
      if ('error' in line) expect(stdout).toContain(line.error);
    }
    expect(`${stdout}${stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(`${stdout}${stderr}`).not.toMatch(/internal error/);
  });
});
