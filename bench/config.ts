import { parseConfig } from '../shared/config/load.js';
import type { Config } from '../shared/config/registry.js';

/** The accounts of `events/config.example.yaml`, which the sample events name. */
export const SAMPLE_ACCOUNTS = [
  '111111111111',
  '222222222222',
  '333333333333',
  '444444444444',
  '555555555555',
];

/** Account `n` (0-based) of the bench registry: 12 digits, never one of the sample accounts. */
export const benchAccount = (n: number): string => String(700_000_000_000 + n * 1_013);

export type BenchConfigOptions = {
  /** Number of spoke accounts (default 200). */
  readonly accounts?: number;
  /** Number of ASPs the accounts are spread over (default 20). */
  readonly asps?: number;
  /** Number of municipalities (default 60). */
  readonly municipalities?: number;
};

/**
 * A registry the size of a real hub, built in code: 200 accounts of 20 ASPs serving 60 municipalities (every
 * fifth account 共同利用, serving two), every tenth a staging account, every ASP's fifth account aggregating
 * Security Hub for the one before it, the example's two routes and one silence.
 */
export const benchConfigObject = ({
  accounts = 200,
  asps = 20,
  municipalities = 60,
}: BenchConfigOptions = {}) => {
  const aspId = (n: number) => `asp-${String(n).padStart(2, '0')}`;
  const cityId = (n: number) => `city-${String(n).padStart(3, '0')}`;
  return {
    version: 1,
    timezone: 'Asia/Tokyo',
    team: { name: '統合運用チーム', levels: ['team-oncall', 'team-lead'] },
    asps: Array.from({ length: asps }, (_, n) => ({
      id: aspId(n),
      name: `ASP ${n} 株式会社`,
      ...(n % 7 === 3 ? { language: 'en' } : {}),
    })),
    municipalities: Array.from({ length: municipalities }, (_, n) => ({ id: cityId(n), name: `自治体${n}` })),
    accounts: Array.from({ length: accounts }, (_, n) => ({
      id: benchAccount(n),
      name: `account-${n}`,
      asp: aspId(n % asps),
      municipalities:
        n % 5 === 0
          ? [cityId(n % municipalities), cityId((n + 1) % municipalities)]
          : [cityId(n % municipalities)],
      system: `システム${n % 12}`,
      environment: n % 10 === 9 ? 'staging' : 'production',
      ...(n % 5 === 4 && n >= asps ? { reportsFor: [benchAccount(n - asps)] } : {}),
    })),
    routes: [
      {
        name: 'staging-no-asp-page',
        match: { environment: 'staging', category: ['security', 'compliance'] },
        notify: { asp: false },
        escalates: false,
      },
      {
        name: 'asp-03-wants-medium',
        match: { asp: aspId(3), category: 'security' },
        thresholds: { asp: 'MEDIUM' },
      },
    ],
    silences: [
      {
        name: 'maintenance',
        match: { account: benchAccount(accounts - 1), source: 'cloudwatch' },
        startsAt: '2026-11-27T18:00:00+09:00',
        endsAt: '2026-11-27T22:00:00+09:00',
        comment: '定期メンテナンス',
      },
    ],
    repeatInterval: '24h',
    escalation: { CRITICAL: { ackWithin: '15m', repeat: 3 }, HIGH: { ackWithin: '30m', repeat: 3 } },
  };
};

/** The bench registry, validated and indexed exactly as the CLI and the Lambda functions load theirs. */
export const benchConfig = (options: BenchConfigOptions = {}): Config =>
  parseConfig(JSON.stringify(benchConfigObject(options)), 'json');
