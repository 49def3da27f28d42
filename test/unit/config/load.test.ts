import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { formatDuration, parseDuration } from '../../../shared/config/duration.js';
import { parseConfig } from '../../../shared/config/load.js';
import { ConfigInvalidError } from '../../../shared/errors.js';
import { exampleConfigObject } from '../../helpers/config.js';

const problemsOf = (text: string, format: 'yaml' | 'json' = 'yaml'): string[] => {
  try {
    parseConfig(text, format);
  } catch (error) {
    if (error instanceof ConfigInvalidError) return error.message.split('\n');
    throw error;
  }
  return [];
};
const withChange = (change: (config: Record<string, any>) => void): string => {
  const config = exampleConfigObject() as Record<string, any>;
  change(config);
  return stringify(config);
};

describe('loading the config file', () => {
  it('loads the example config with its defaults filled in', () => {
    const config = parseConfig(stringify(exampleConfigObject()));

    expect(config.accounts).toHaveLength(5);
    expect(config.accountsById.get('222222222222')?.municipalities).toEqual(['city-sakura', 'town-midori']);
    expect(config.receiversById.get('asp-c')).toMatchObject({ audience: 'asp', language: 'en' });
    expect(config.escalation.CRITICAL).toEqual({ ackWithin: 15 * 60_000, repeat: 3 });
    expect(config.repeatInterval).toBe(24 * 3_600_000);
  });

  it('reads the same config written as JSON', () => {
    const config = parseConfig(JSON.stringify(exampleConfigObject()), 'json');

    expect(config.team.levels).toEqual(['team-oncall', 'team-lead']);
  });

  it.each([
    [
      'an unknown ASP',
      (c: any) => {
        c.accounts[2].asp = 'asp-x';
      },
      'accounts[2].asp: unknown ASP "asp-x"',
    ],
    [
      'an unknown municipality',
      (c: any) => {
        c.accounts[1].municipalities[1] = 'town-x';
      },
      'accounts[1].municipalities[1]: unknown municipality "town-x"',
    ],
    [
      'an account id that is not 12 digits',
      (c: any) => {
        c.accounts[0].id = '12345';
      },
      'accounts[0].id: must be a 12-digit AWS account id (quote it in YAML: "012345678901")',
    ],
    [
      'an account listed twice',
      (c: any) => {
        c.accounts[1].id = '111111111111';
      },
      'accounts[1].id: account "111111111111" is already listed at accounts[0]',
    ],
    [
      'an account with no municipality',
      (c: any) => {
        c.accounts[0].municipalities = [];
      },
      'accounts[0].municipalities: must list at least one municipality (単独利用: one; 共同利用: several)',
    ],
    [
      'reportsFor an unknown account',
      (c: any) => {
        c.accounts[3].reportsFor = ['999999999999'];
      },
      'accounts[3].reportsFor[0]: unknown account "999999999999"',
    ],
    [
      'reportsFor an account of another ASP without saying so',
      (c: any) => {
        c.accounts[3].reportsFor = ['222222222222', '111111111111'];
      },
      'accounts[3].reportsFor[1]: account "111111111111" belongs to ASP "asp-a", not to this account\'s ASP "asp-b": relaying another ASP\'s findings shows them to asp-b; set reportsForOtherAsps: true on accounts[3] if that is intended',
    ],
    [
      'a reportsForOtherAsps that is not a boolean',
      (c: any) => {
        c.accounts[3].reportsForOtherAsps = 'yes';
      },
      'accounts[3].reportsForOtherAsps: must be true or false',
    ],
    [
      'a receiver id used twice',
      (c: any) => {
        c.municipalities[0].id = 'asp-a';
      },
      'municipalities[0].id: receiver id "asp-a" is already used at asps[0].id',
    ],
    [
      'an unknown field',
      (c: any) => {
        c.accounts[0].owner = 'x';
      },
      'accounts[0].owner: unknown field',
    ],
    [
      'a bad duration',
      (c: any) => {
        c.repeatInterval = '1 day';
      },
      'repeatInterval: must be a duration such as 30s, 15m, 24h or 1h30m',
    ],
    [
      'a bad severity in a route',
      (c: any) => {
        c.routes[0].match.severity = 'SEVERE';
      },
      'routes[0].match.severity[0]: must be one of CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL',
    ],
    [
      'a route to an unknown receiver',
      (c: any) => {
        c.routes[0].receivers = ['nobody'];
      },
      'routes[0].receivers[0]: unknown receiver "nobody"',
    ],
    [
      'a silence that ends before it starts',
      (c: any) => {
        c.silences[0].endsAt = '2026-11-27T17:00:00+09:00';
      },
      'silences[0].endsAt: must be after startsAt',
    ],
    [
      'a bad time zone',
      (c: any) => {
        c.timezone = 'Tokyo';
      },
      'timezone: must be an IANA time zone such as Asia/Tokyo',
    ],
    [
      'no team levels',
      (c: any) => {
        c.team.levels = [];
      },
      'team.levels: must list at least one receiver id',
    ],
  ])('reports %s with its path and reason', (_case, change, expected) => {
    expect(problemsOf(withChange(change))).toContain(expected);
  });

  it('reports every problem at once, one line each', () => {
    const problems = problemsOf(
      withChange((c) => {
        c.accounts[0].asp = 'asp-x';
        c.accounts[1].asp = 'asp-y';
      }),
    );

    expect(problems).toEqual([
      'accounts[0].asp: unknown ASP "asp-x"',
      'accounts[1].asp: unknown ASP "asp-y"',
    ]);
  });

  it('names the line of a YAML syntax error', () => {
    expect(problemsOf('version: 1\nteam: [\n')[0]).toMatch(/^line \d+: not valid YAML: /);
  });

  it('reports JSON that does not parse, with the line and column', () => {
    expect(problemsOf('{"version": 1,', 'json')[0]).toMatch(/^not valid JSON at line 1, column 15: /);
  });
});

describe('reportsFor across ASPs (issue 18 #8)', () => {
  it("accepts an account that reports for another ASP's account when the config says so explicitly", () => {
    // Act
    const config = parseConfig(
      withChange((c) => {
        c.accounts[3].reportsFor = ['222222222222', '111111111111'];
        c.accounts[3].reportsForOtherAsps = true;
      }),
    );

    // Assess
    expect(config.accountsById.get('444444444444')).toMatchObject({
      reportsFor: ['222222222222', '111111111111'],
      reportsForOtherAsps: true,
    });
  });

  it('accepts reportsFor within the same ASP as before, with reportsForOtherAsps false by default', () => {
    // Act
    const config = parseConfig(stringify(exampleConfigObject()));

    // Assess
    expect(config.accountsById.get('444444444444')).toMatchObject({
      reportsFor: ['222222222222'],
      reportsForOtherAsps: false,
    });
  });
});

describe('durations', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['500ms', 500],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    [30_000, '30s'],
    [5_400_000, '1h30m'],
    [86_400_000, '24h'],
    [172_800_000, '48h'],
    [0, '0s'],
  ])('writes %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each(['', '15', 'm', '1 day', '-5m', '1.5h'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
