import type { FirstResponseEntry } from '../schema.js';
import { t } from './bilingual.js';

/**
 * Amazon Inspector, by finding kind (package vulnerability, code vulnerability, network reachability), and for
 * package vulnerabilities by the scanned resource (EC2 instance, ECR image, Lambda function), since the fix differs.
 * Keys: `inspector:{KIND}:{EC2|ECR|Lambda}`, then `inspector:{KIND}`, then `inspector:finding`. Facts from the Inspector
 * User Guide (finding types); the wording is ours.
 */

const GUIDE = 'https://docs.aws.amazon.com/inspector/latest/user';

const prioritise = t(
  '検出結果の Inspector スコア、悪用の有無（エクスプロイトの有無）、外部から到達できるかを確認して優先度を決める',
  'Set the priority from the Inspector score, whether an exploit is known, and whether the resource is reachable from outside',
);

const confirmClosed = t(
  '対応後、再スキャンで検出結果が「クローズ」になることを確認する',
  'After the fix, check that the finding becomes "Closed" at the next scan',
);

export const inspectorEntries: readonly FirstResponseEntry[] = [
  {
    id: 'inspector:PACKAGE_VULNERABILITY:EC2',
    title: t('EC2 インスタンスのソフトウェアに脆弱性', 'A vulnerable software package on an EC2 instance'),
    meaning: t(
      'EC2 インスタンスにインストールされているパッケージに、既知の脆弱性（CVE）があります。修正版への更新が必要です。',
      'A package installed on an EC2 instance has a known vulnerability (CVE) and needs updating to a fixed version.',
    ),
    steps: [
      prioritise,
      t(
        '検出結果で脆弱なパッケージと修正されたバージョンを確認する',
        'Find the vulnerable packages and the fixed versions in the finding',
      ),
      t(
        'Systems Manager Patch Manager などで、メンテナンスウィンドウにパッチを適用する',
        'Apply the patches in a maintenance window, with Systems Manager Patch Manager or similar',
      ),
      t(
        '同じ AMI から作ったインスタンスがあれば、AMI も更新する',
        'If other instances come from the same AMI, update the AMI as well',
      ),
      confirmClosed,
    ],
    who: 'asp',
    docUrl: `${GUIDE}/findings-types.html#findings-types-package`,
  },
  {
    id: 'inspector:PACKAGE_VULNERABILITY:ECR',
    title: t('コンテナイメージのソフトウェアに脆弱性', 'A vulnerable software package in a container image'),
    meaning: t(
      'ECR に保存されたコンテナイメージのパッケージに、既知の脆弱性（CVE）があります。イメージを作り直す必要があります。',
      'A package in a container image stored in ECR has a known vulnerability (CVE); the image has to be rebuilt.',
    ),
    steps: [
      prioritise,
      t(
        'そのイメージを使っているサービスやタスクを確認する',
        'Find the services and tasks that run the image',
      ),
      t(
        'ベースイメージやパッケージを修正版に更新して、イメージをビルドし直す',
        'Update the base image or packages to fixed versions and rebuild the image',
      ),
      t(
        '新しいイメージでサービスをデプロイし直し、古いイメージは使わないようにする',
        'Redeploy the services with the new image and stop using the old one',
      ),
      confirmClosed,
    ],
    who: 'asp',
    docUrl: `${GUIDE}/findings-types.html#findings-types-package`,
  },
  {
    id: 'inspector:PACKAGE_VULNERABILITY:Lambda',
    title: t('Lambda 関数のライブラリに脆弱性', 'A vulnerable library in a Lambda function'),
    meaning: t(
      'Lambda 関数やそのレイヤーに含まれるライブラリに、既知の脆弱性（CVE）があります。',
      'A library bundled in a Lambda function or its layers has a known vulnerability (CVE).',
    ),
    steps: [
      prioritise,
      t(
        '検出結果で脆弱なライブラリと修正されたバージョンを確認する',
        'Find the vulnerable library and the fixed version in the finding',
      ),
      t(
        '依存ライブラリ（またはレイヤー）を修正版に更新して、関数をデプロイし直す',
        'Update the dependency (or layer) to the fixed version and redeploy the function',
      ),
      confirmClosed,
    ],
    who: 'asp',
    docUrl: `${GUIDE}/findings-types.html#findings-types-package`,
  },
  {
    id: 'inspector:PACKAGE_VULNERABILITY',
    title: t('ソフトウェアパッケージに脆弱性', 'A vulnerable software package'),
    meaning: t(
      'スキャンしたリソースのソフトウェアパッケージに、既知の脆弱性（CVE）が見つかりました。放置すると、攻撃に悪用される恐れがあります。',
      'A software package on the scanned resource has a known vulnerability (CVE). Left alone, it can be used in an attack.',
    ),
    steps: [
      prioritise,
      t(
        '検出結果で脆弱なパッケージと修正されたバージョンを確認する',
        'Find the vulnerable packages and the fixed versions in the finding',
      ),
      t(
        'パッケージを修正版に更新する（更新できるまでは通信の制限などの回避策をとる）',
        'Update the package to the fixed version (until then, restrict traffic or apply another workaround)',
      ),
      confirmClosed,
    ],
    who: 'asp',
    docUrl: `${GUIDE}/findings-types.html#findings-types-package`,
  },
  {
    id: 'inspector:CODE_VULNERABILITY',
    title: t('アプリケーションのコードに脆弱性', 'A vulnerability in application code'),
    meaning: t(
      'Lambda 関数などのコードに、埋め込まれた認証情報、インジェクション、弱い暗号など、悪用できる書き方が見つかりました。',
      'Code in a Lambda function or similar has exploitable patterns such as embedded credentials, injection flaws or weak cryptography.',
    ),
    steps: [
      t(
        '検出結果で該当のファイル、行、問題の種類（CWE）を確認する',
        'Find the file, line and kind of problem (CWE) in the finding',
      ),
      t(
        'コードに認証情報が埋め込まれていた場合は、その認証情報をすぐに無効化して変更する',
        'If credentials were embedded in the code, deactivate and replace them at once',
      ),
      t(
        'コードを修正し（認証情報は Secrets Manager などに移す）、関数をデプロイし直す',
        'Fix the code (move credentials to Secrets Manager or similar) and redeploy the function',
      ),
      confirmClosed,
    ],
    who: 'asp',
    docUrl: `${GUIDE}/findings-types.html#findings-types-code`,
  },
  {
    id: 'inspector:NETWORK_REACHABILITY',
    title: t('インターネットから届くポートがある', 'A port can be reached from the internet'),
    meaning: t(
      'セキュリティグループ、ネットワーク ACL、インターネットゲートウェイなどの組み合わせにより、EC2 インスタンスのポートがインターネットから到達できる状態です。',
      'Security groups, network ACLs, internet gateways and the like combine so that a port on an EC2 instance can be reached from the internet.',
    ),
    steps: [
      t(
        '検出結果で到達できるポートと、その経路（セキュリティグループなど）を確認する',
        'Find the reachable port and the path to it (security groups and so on) in the finding',
      ),
      t(
        'そのポートを外部に公開する必要があるか、用途を確認する',
        'Check what the port is for and whether it has to be open to the outside',
      ),
      t(
        '不要であれば、セキュリティグループのルールを削除するか、接続元を限定する',
        'If not, delete the security group rule or limit its source',
      ),
      confirmClosed,
    ],
    who: 'asp',
    docUrl: `${GUIDE}/findings-types.html#findings-types-network`,
  },
  {
    id: 'inspector:finding',
    title: t('Inspector の検出結果', 'An Inspector finding'),
    meaning: t(
      'Amazon Inspector がリソースに問題を見つけました。この種類に合わせた手順はまだカタログにないため、共通の手順を示します。',
      'Amazon Inspector found a problem on a resource. The catalogue has no steps for this kind yet, so these are the common ones.',
    ),
    steps: [
      t(
        'Inspector コンソールで検出結果を開き、対象のリソースと修復の説明を確認する',
        'Open the finding in the Inspector console and read the resource and the remediation text',
      ),
      prioritise,
      t('修復の説明に沿って対応する', 'Fix it as the remediation text describes'),
      confirmClosed,
    ],
    who: 'asp',
    docUrl: `${GUIDE}/findings-types.html`,
  },
];
