import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** The size of a registry: how many of each. */
export type RegistrySize = {
  readonly accounts: number;
  readonly municipalities: number;
  readonly asps: number;
  readonly teamLevels: number;
  /** Every n-th ASP registers its own bus for lifecycle events (0: none). */
  readonly aspBusEvery?: number;
  /**
   * Email addresses subscribed per receiver (`receivers.<id>.channels: [{email: {to}}]`, issue 17 phase 2); with
   * any, every team level also has an Amazon Q Slack channel. 0 or absent: no `receivers` section.
   */
  readonly emailsPerReceiver?: number;
};

/** The integrated operations vendor of issue 17: 2,000 accounts, 300 municipalities, 100 ASPs, 3 team levels. */
export const LARGE_REGISTRY: RegistrySize = {
  accounts: 2_000,
  municipalities: 300,
  asps: 100,
  teamLevels: 3,
  aspBusEvery: 10,
  emailsPerReceiver: 1,
};

/** The smallest registry the config accepts that still has an account. */
export const SMALLEST_REGISTRY: RegistrySize = { accounts: 1, municipalities: 1, asps: 1, teamLevels: 1 };

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const SYSTEMS = [
  '住民記録システム',
  '税務システム',
  '福祉システム',
  '国民健康保険システム',
  '介護保険システム',
];

/**
 * A registry of the given size as the config file's object (DESIGN §10), the same on every call: account i
 * belongs to ASP i mod asps and serves municipality i mod municipalities, every fifth one shared with the next
 * municipality (共同利用) and every fourth a staging system. Ids are 12 digits from 100000000000 on.
 */
export const generateRegistry = (size: RegistrySize): Record<string, unknown> => {
  const aspIds = Array.from({ length: size.asps }, (_, i) => `asp-${pad(i + 1, 3)}`);
  const municipalityIds = Array.from({ length: size.municipalities }, (_, i) => `city-${pad(i + 1, 3)}`);
  const levels = Array.from({ length: size.teamLevels }, (_, i) => `team-level-${i + 1}`);
  const every = size.aspBusEvery ?? 0;
  return {
    version: 1,
    timezone: 'Asia/Tokyo',
    team: { name: '統合運用チーム', levels },
    asps: aspIds.map((id, i) => ({
      id,
      name: `ASP${pad(i + 1, 3)}情報サービス株式会社`,
      ...(every > 0 && i % every === 0
        ? { eventBusArn: `arn:aws:events:ap-northeast-1:${200_000_000_000 + i}:event-bus/${id}-tickets` }
        : {}),
    })),
    municipalities: municipalityIds.map((id, i) => ({ id, name: `第${i + 1}市` })),
    accounts: Array.from({ length: size.accounts }, (_, i) => {
      const first = i % size.municipalities;
      const shared = i % 5 === 4 && size.municipalities > 1;
      return {
        id: String(100_000_000_000 + i),
        name: `account-${pad(i + 1, 4)}`,
        asp: aspIds[i % size.asps],
        municipalities: shared
          ? [municipalityIds[first], municipalityIds[(first + 1) % size.municipalities]]
          : [municipalityIds[first]],
        system: SYSTEMS[i % SYSTEMS.length],
        environment: i % 4 === 3 ? 'staging' : 'production',
      };
    }),
    ...receiversSection([...levels, ...aspIds, ...municipalityIds], levels, size.emailsPerReceiver ?? 0),
    routes: [
      {
        name: 'staging-no-asp-page',
        match: { environment: 'staging', category: ['security', 'compliance'] },
        notify: { asp: false },
        escalates: false,
      },
    ],
  };
};

/** `receivers`: n generated addresses per receiver (example.jp, RFC 6761-style), a Slack channel per team level. */
const receiversSection = (
  ids: readonly string[],
  levels: readonly string[],
  emails: number,
): Record<string, unknown> =>
  emails === 0
    ? {}
    : {
        receivers: Object.fromEntries(
          ids.map((id, i) => [
            id,
            {
              channels: [
                { email: { to: Array.from({ length: emails }, (_, n) => `${id}-${n + 1}@example.jp`) } },
                ...(levels.includes(id)
                  ? [
                      {
                        chatbot: {
                          slack: { workspaceId: 'T0EXAMPLE01', channelId: `C0LEVEL${pad(i + 1, 4)}` },
                        },
                      },
                    ]
                  : []),
              ],
            },
          ]),
        ),
      };

/** Writes the registry as YAML into a fresh temporary directory and returns the file's path (for `buildApp`). */
export const writeRegistry = (registry: Record<string, unknown>): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'alert-router-registry-')), 'config.yaml');
  writeFileSync(path, stringify(registry));
  return path;
};

// `npx tsx test/helpers/large-registry.ts FILE`: writes the large registry to FILE, for `npx cdk synth -c config=FILE`.
if (process.argv[1]?.endsWith('large-registry.ts') && process.argv[2] !== undefined)
  writeFileSync(process.argv[2], stringify(generateRegistry(LARGE_REGISTRY)));
