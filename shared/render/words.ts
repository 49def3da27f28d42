/**
 * Words for places and services, for people who do not read AWS: region codes become city names, service codes
 * become what the service does. Unknown codes fall back to a plain phrase, never to the code itself, in the
 * municipality notice.
 */
const REGIONS_JA: Record<string, string> = {
  'ap-northeast-1': '東京',
  'ap-northeast-3': '大阪',
  'us-east-1': 'バージニア北部',
  'us-east-2': 'オハイオ',
  'us-west-2': 'オレゴン',
  'ap-southeast-1': 'シンガポール',
  'ap-southeast-2': 'シドニー',
  'eu-west-1': 'アイルランド',
  'eu-central-1': 'フランクフルト',
  global: '全リージョン共通',
};

const REGIONS_EN: Record<string, string> = {
  'ap-northeast-1': 'Tokyo',
  'ap-northeast-3': 'Osaka',
  'us-east-1': 'N. Virginia',
  'us-east-2': 'Ohio',
  'us-west-2': 'Oregon',
  'ap-southeast-1': 'Singapore',
  'ap-southeast-2': 'Sydney',
  'eu-west-1': 'Ireland',
  'eu-central-1': 'Frankfurt',
  global: 'all regions',
};

/** `東京 (ap-northeast-1)` for technical readers; an unknown region is event text, shown {@link plain}. */
export const regionLabel = (region: string, language: 'ja' | 'en'): string => {
  const name = Object.hasOwn(REGIONS_JA, region)
    ? (language === 'ja' ? REGIONS_JA : REGIONS_EN)[region]
    : undefined;
  return name === undefined ? plain(region) : `${name} (${region})`;
};

/** `東京` alone, for the municipality notice; an unknown region is described, not printed as a code. */
export const regionPlainJa = (region: string): string =>
  (Object.hasOwn(REGIONS_JA, region) ? REGIONS_JA[region] : undefined) ?? '海外または不明な地域';

const SERVICES_JA: Record<string, string> = {
  EC2: '仮想サーバー',
  EBS: '仮想ディスク',
  LAMBDA: 'プログラム実行基盤',
  RDS: 'データベース',
  AURORA: 'データベース',
  DYNAMODB: 'データベース',
  S3: 'ファイル保管',
  ELASTICLOADBALANCING: '通信の振り分け',
  ELB: '通信の振り分け',
  VPC: 'ネットワーク',
  DIRECTCONNECT: '専用回線',
  CLOUDFRONT: 'コンテンツ配信',
  ROUTE53: 'ドメイン名の管理',
  APIGATEWAY: '外部システム連携の窓口',
  SQS: 'システム間の連絡',
  SNS: '通知',
  WORKSPACES: '仮想デスクトップ',
  COGNITO: '利用者認証',
  IAM: 'アクセス権限の管理',
  EKS: 'コンテナ実行基盤',
  ECS: 'コンテナ実行基盤',
  FSX: 'ファイル共有',
  EFS: 'ファイル共有',
};

/** What a Health service code does, in words a clerk understands (`EC2` → `仮想サーバー`). */
export const servicePlainJa = (service: string): string =>
  SERVICES_JA[
    service
      .toUpperCase()
      .replace(/^AWS_|^AMAZON_/, '')
      .replace(/[^A-Z0-9]/g, '')
  ] ?? 'クラウドの基盤';

const SOURCE_LABELS: Record<string, string> = {
  guardduty: 'GuardDuty',
  securityhub: 'Security Hub',
  health: 'AWS Health',
  inspector: 'Inspector',
  config: 'AWS Config',
  cloudwatch: 'CloudWatch',
  // CloudTrail reported it; the title says what happened (`Root user ConsoleLogin …`): no `Root Root user`.
  signin: 'CloudTrail',
};

export const sourceLabel = (source: string): string => SOURCE_LABELS[source] ?? source;

/** A UTF-16 surrogate without its pair. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Event text is data, never markup: whoever can write a finding title (a resource tag, an alarm description, a
 * crafted domain name) must not be able to put a live link, a mention or a fake line into our messages. SNS
 * delivers plain text, but its readers are mail clients and chat bridges that turn some plain text into markup,
 * so the text is defused where they would act on it:
 * - format characters (`\p{Cf}`: zero-width spaces and joiners, soft hyphens, BOMs, tag characters) are dropped
 *   first, so that `h\u200bttps://` or `@\u200bhere` cannot hide what follows from the rules below (a mail client
 *   ignores them, a filter must too);
 * - control characters, line and paragraph separators (U+2028/2029) and bidi controls become one space: no
 *   forged lines, no subject that reads differently from what it says;
 * - `<` and `>` become full-width `＜` `＞`: no HTML tags, no Slack links (`<http://evil|click>`) or mentions
 *   (`<!channel>`, `<@U123>`), no Markdown autolinks (`<http://evil>`);
 * - `](` becomes `] (`: no Markdown link or image (`[click](http://evil)`);
 * - `@channel`, `@here`, `@everyone` get a full-width `＠`: no broadcast mention;
 * - every link is defanged (the security trade's practice): `http://`, `https://`, `ftp://` become `hxxp://`,
 *   `hxxps://`, `fxp://`; any other `scheme://` becomes `scheme[:]//` (`file[:]//`, `smb[:]//`); the schemes that
 *   need no `//` and that clients still act on (`mailto:`, `tel:`, `javascript:`, `data:`, `file:`, …, and the
 *   hyphenated Windows handlers `ms-msdt:`, `search-ms:`, `ms-officecmd:`) become `mailto[:]…`; a UNC path
 *   `\\host\share` starts with full-width `＼＼`; `www.` becomes `www[.]`. A mail client or chat then does not
 *   turn a malicious link from a finding into a click. The text stays readable for the analyst; our own links
 *   (console, acknowledge) are built from encoded values and never pass through here;
 * - a lone UTF-16 surrogate becomes U+FFFD: UTF-8 (SNS, DynamoDB) cannot carry one.
 * Bare domain names (`evil.example`) and words followed by a colon (`Recon:EC2/…`, ARNs, times) stay as they are:
 * some clients link bare domains, and defanging every dot or colon would make ordinary text unreadable.
 */
export const plain = (text: string): string =>
  // Most event text has nothing to neutralise: one scan decides, the replaces run only when needed.
  NEEDS_CARE.test(text) ? neutralise(text) : text.trim();

/** Bidi controls: shown as a space (they reorder what follows), unlike other format characters (dropped). */
const BIDI = '\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069';

/**
 * A scheme that a client acts on without `//`: the usual ones, and any hyphenated one (`ms-msdt:`, `search-ms:`,
 * how Windows names protocol handlers). It must start a word (not `arn:aws-us-gov:`, not `metadata:`) and be
 * followed by its target (not `Note: …`).
 */
const BARE_SCHEME =
  /(?<![\p{L}\p{N}_:.+-])(mailto|tel|sms|callto|sip|sips|im|xmpp|skype|javascript|vbscript|data|file|smb|news|nntp|telnet|ldap|jar|intent|[a-z]+(?:-[a-z]+)+):(?=[^\s:])/giu;

/** `scheme://` of any scheme, the scheme whole (`xhttps://` is one scheme, not `https://`). */
const ANY_SCHEME = /(?<![\p{L}\p{N}_+.-])([a-z][a-z0-9+.-]*):\/\//giu;

/** Two backslashes before a host name: a UNC path (`\\host\share`), which Windows mail clients link. */
const UNC = /(?<!\\)\\\\(?=[\p{L}\p{N}_.-])/gu;

/** Anything `neutralise` would change: control, format, bidi and separator characters, surrogates, markup, links. */
const NEEDS_CARE = new RegExp(
  `[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\uD800-\\uDFFF<>@]|\\]\\(|:\\/\\/|\\\\\\\\|www\\.|${BARE_SCHEME.source}`,
  'iu',
);

/** Control characters, separators and bidi controls, each run shown as one space. */
const BREAKING = new RegExp(`[\\p{Cc}\\p{Zl}\\p{Zp}${BIDI}]+`, 'gu');

/** The defanged forms themselves: text that went through `plain` once is left as it is. */
const DEFANGED = new Set(['hxxp', 'hxxps', 'fxp']);

const defangScheme = (match: string, scheme: string): string => {
  const lower = scheme.toLowerCase();
  if (DEFANGED.has(lower)) return match;
  if (lower === 'http' || lower === 'https') return `${scheme[0]}xx${scheme.slice(3)}://`;
  if (lower === 'ftp') return `${scheme[0]}xp://`;
  return `${scheme}[:]//`;
};

const neutralise = (text: string): string =>
  text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(BREAKING, ' ')
    .replace(/\p{Cf}+/gu, '')
    .replace(/</g, '＜')
    .replace(/>/g, '＞')
    .replace(/\]\(/g, '] (')
    .replace(/@(?=(?:channel|here|everyone)\b)/gi, '＠')
    .replace(ANY_SCHEME, defangScheme)
    .replace(BARE_SCHEME, '$1[:]')
    .replace(UNC, '＼＼')
    .replace(/\b(www)\./gi, '$1[.]')
    .trim();

/** Cuts text to `max` characters (not UTF-16 units), marking the cut. */
export const truncate = (text: string, max: number): string => {
  // A string of at most `max` UTF-16 units has at most `max` characters: nothing to cut, nothing to split.
  if (text.length <= max) return text;
  return characterCount(text) <= max ? text : `${text.slice(0, unitsOf(text, max - 1))}…`;
};

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/** Whether a surrogate pair (one character in two UTF-16 units) starts at `index`. */
const pairAt = (text: string, index: number): boolean =>
  isHighSurrogate(text.charCodeAt(index)) && isLowSurrogate(text.charCodeAt(index + 1));

/**
 * Characters (code points, as `[...text]` counts them: a lone surrogate is one), without building an array of
 * them: subjects and short texts are measured for every notification.
 */
export const characterCount = (text: string): number => {
  let count = 0;
  for (let index = 0; index < text.length; index += pairAt(text, index) ? 2 : 1) count++;
  return count;
};

/** The UTF-16 length of the first `characters` characters of `text`. */
const unitsOf = (text: string, characters: number): number => {
  let index = 0;
  for (let count = 0; count < characters && index < text.length; count++)
    index += pairAt(text, index) ? 2 : 1;
  return index;
};

/**
 * The line a technical summary adds when AWS did not produce the finding (flag `third-party-product`): the title
 * names the producer in brackets; this says what that means before anyone acts on it.
 */
export const producerNote = (flags: readonly string[], language: 'ja' | 'en'): string[] => {
  if (!flags.includes('third-party-product')) return [];
  return [
    language === 'en'
      ? 'Producer: not AWS. The product named in brackets in the title sent this finding to Security Hub; check it before acting.'
      : '発行元: AWS 以外の製品です。件名の [ ] 内の製品が Security Hub に送った検知です。対応の前に発行元を確認してください。',
  ];
};

const NAMED_BY_TYPE = new Set(['guardduty', 'health', 'cloudwatch', 'config']);

/**
 * The one phrase that names an alert in a subject: the finding type where it is meaningful on its own
 * (GuardDuty types, Health event codes, alarm and rule names), else the source's title (Security Hub and
 * Inspector types are broad categories; root activity reads better as a sentence).
 */
export const headline = (subject: { source: string; type: string; title: string }): string =>
  NAMED_BY_TYPE.has(subject.source) ? subject.type : subject.title;
