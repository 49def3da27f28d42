import type { Owner } from '../../model.js';
import type { Bilingual, FirstResponseEntry } from '../schema.js';
import { t } from './bilingual.js';

/**
 * Security Hub, by control (AWS Foundational Security Best Practices and CIS AWS Foundations Benchmark, the
 * standards Government Cloud templates turn on), then by the control's service (the prefix before the dot), then by
 * the ASFF type namespace for findings that are not control checks. Facts (titles, severities, CIS mappings) from the
 * Security Hub controls reference; the wording is ours.
 *
 * `who`: the team owns the account-wide guardrails (root user, password policy, CloudTrail, Config, GuardDuty,
 * CIS alarms, account-level S3 Block Public Access); the ASP owns the resources its workload uses.
 */

const GUIDE = 'https://docs.aws.amazon.com/securityhub/latest/userguide';

/** The control's own section of its service page: `controlDoc('s3', 8)` → `…/s3-controls.html#s3-8`. */
const controlDoc = (service: string, number: number): string =>
  `${GUIDE}/${service}-controls.html#${service}-${number}`;

const confirmPasses = t(
  '変更後、次回の評価で Security Hub のコントロールが「成功」になることを確認する',
  'After the change, check that the Security Hub control shows "Passed" at its next evaluation',
);

const recordException = t(
  '業務上どうしても変更できない場合は、理由を記録して統合運用チームに例外（抑制）を相談する',
  'If the business really cannot make the change, record why and ask the operations team about an exception (suppression)',
);

// ── Controls ─────────────────────────────────────────────────────────────────────────────────────────

const iam: readonly FirstResponseEntry[] = [
  {
    id: 'securityhub:control:IAM.1',
    title: t('全権限（"*"）を与える IAM ポリシー', 'An IAM policy grants full "*" administrative rights'),
    meaning: t(
      '作成した IAM ポリシーに、すべてのリソースへのすべての操作を許可する記述（"Action": "*" と "Resource": "*"）があります。このポリシーを持つ利用者は何でもできてしまいます。',
      'A customer-made IAM policy allows every action on every resource ("Action": "*" with "Resource": "*"). Whoever holds it can do anything.',
    ),
    steps: [
      t(
        '検出されたポリシーと、それがアタッチされているユーザー、グループ、ロールを確認する',
        'Identify the policy and the users, groups and roles it is attached to',
      ),
      t(
        '業務に必要な操作だけを許可するポリシーに置き換える（IAM Access Analyzer で利用実績から生成できます）',
        'Replace it with a policy that allows only the actions the work needs (IAM Access Analyzer can generate one from past activity)',
      ),
      t(
        '管理者権限が本当に必要な場合は、対象者と理由を記録して統合運用チームの承認を得る',
        "If administrator rights are truly needed, record who and why and get the operations team's approval",
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('iam', 1),
  },
  {
    id: 'securityhub:control:IAM.3',
    title: t(
      'アクセスキーが 90 日以上更新されていない',
      'An access key has not been rotated for 90 days or more',
    ),
    meaning: t(
      'IAM ユーザーのアクセスキーが 90 日以上同じまま使われています。長く使うほど、漏えいしたときの被害が大きくなります。',
      "An IAM user's access key has stayed the same for 90 days or more. The longer a key lives, the more harm a leak can do.",
    ),
    steps: [
      t(
        '対象のユーザーとアクセスキー、その最終使用日時を確認する',
        'Identify the user and the access key, and when the key was last used',
      ),
      t(
        '新しいアクセスキーを作成してアプリケーションの設定を差し替え、古いキーを無効化してから削除する',
        'Create a new access key, switch the application to it, then deactivate and delete the old key',
      ),
      t(
        'できれば、アクセスキーをやめて IAM ロールなどの一時的な認証情報に移行する',
        'Where possible, stop using access keys and move to temporary credentials such as IAM roles',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('iam', 3),
  },
  {
    id: 'securityhub:control:IAM.4',
    title: t('ルートユーザーにアクセスキーがある', 'The root user has an access key'),
    meaning: t(
      'アカウントのルートユーザーにアクセスキーが作成されています。ルートユーザーは何でもできるため、このキーが漏えいするとアカウント全体を失います。',
      'An access key exists for the root user. Root can do anything, so a leak of this key would lose the whole account.',
    ),
    steps: [
      t(
        'IAM の認証情報レポートで、ルートのアクセスキーの最終使用日時を確認する',
        'Check when the root access key was last used, in the IAM credential report',
      ),
      t(
        'キーを使っている処理があれば IAM ロールに移し、ルートのアクセスキーを無効化してから削除する',
        'Move any process that uses the key to an IAM role, then deactivate and delete the root access key',
      ),
      t(
        'ルートユーザーのパスワードと MFA の管理状況をあわせて確認する',
        "Check at the same time how the root user's password and MFA are kept",
      ),
    ],
    who: 'team',
    docUrl: controlDoc('iam', 4),
  },
  {
    id: 'securityhub:control:IAM.5',
    also: ['securityhub:control:IAM.19'],
    title: t('IAM ユーザーに MFA が設定されていない', 'An IAM user has no MFA'),
    meaning: t(
      'IAM ユーザー（コンソールのパスワードを持つユーザーなど）に多要素認証（MFA）が設定されていません。パスワードだけでサインインできてしまいます。',
      'An IAM user (for example one with a console password) has no multi-factor authentication (MFA). A password alone is enough to sign in.',
    ),
    steps: [
      t('対象の IAM ユーザーと利用者を確認する', 'Identify the IAM user and the person who uses it'),
      t('利用者本人に MFA デバイスを登録してもらう', 'Have that person register an MFA device'),
      t(
        '使われていないユーザーであれば、コンソールのパスワードを削除するか、ユーザー自体を削除する',
        'If the user is not in use, remove its console password or delete the user',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('iam', 5),
  },
  {
    id: 'securityhub:control:IAM.6',
    also: ['securityhub:control:IAM.9'],
    title: t('ルートユーザーの MFA が不十分', 'The root user lacks proper MFA'),
    meaning: t(
      'ルートユーザーに MFA が設定されていない、またはハードウェア MFA ではありません。パスワードが漏れるとアカウントを乗っ取られます。',
      'The root user has no MFA, or not a hardware MFA device. A leaked password would give the account away.',
    ),
    steps: [
      t(
        'ルートユーザーの MFA の状態と、ルートの認証情報を管理している担当者を確認する',
        "Check the root user's MFA status and who keeps the root credentials",
      ),
      t(
        'ハードウェア MFA デバイス（または方針で認められたデバイス）をルートユーザーに登録する',
        'Register a hardware MFA device (or a device the policy allows) for the root user',
      ),
      t(
        'MFA デバイスの保管者と、紛失時の手順を記録する',
        'Record who keeps the MFA device and what to do if it is lost',
      ),
    ],
    who: 'team',
    docUrl: controlDoc('iam', 6),
  },
  {
    id: 'securityhub:control:IAM.7',
    also: [
      'securityhub:control:IAM.10',
      'securityhub:control:IAM.11',
      'securityhub:control:IAM.12',
      'securityhub:control:IAM.13',
      'securityhub:control:IAM.14',
      'securityhub:control:IAM.15',
      'securityhub:control:IAM.16',
      'securityhub:control:IAM.17',
    ],
    title: t('IAM のパスワードポリシーが弱い', 'The IAM password policy is weak'),
    meaning: t(
      'アカウントのパスワードポリシーが、長さ、文字の種類、再利用の禁止、有効期限などの推奨を満たしていません。推測されやすいパスワードが使えてしまいます。',
      "The account's password policy misses recommended settings for length, character types, reuse or expiry, so easily guessed passwords are allowed.",
    ),
    steps: [
      t(
        'IAM コンソールでアカウントのパスワードポリシーを確認する',
        "Open the account's password policy in the IAM console",
      ),
      t(
        '運用の方針に合わせて、最小の長さ（14 文字以上）、文字の種類、再利用の禁止を設定する',
        'Set the minimum length (14 or more), character types and reuse prevention to match the operating policy',
      ),
      t(
        '人のサインインは、できるだけ IAM Identity Center などに集約する',
        'Where possible, bring people’s sign-in together under IAM Identity Center or similar',
      ),
    ],
    who: 'team',
    docUrl: controlDoc('iam', 7),
  },
  {
    id: 'securityhub:control:IAM.8',
    also: ['securityhub:control:IAM.22'],
    title: t('使われていない IAM 認証情報が残っている', 'Unused IAM credentials are still active'),
    meaning: t(
      '長い間使われていないパスワードやアクセスキーが有効なまま残っています。退職者や不要になった処理の認証情報が悪用される恐れがあります。',
      'Passwords or access keys that have not been used for a long time are still active. Credentials of people who left, or of retired processes, could be misused.',
    ),
    steps: [
      t(
        'IAM の認証情報レポートで、対象のユーザーと最終使用日時を確認する',
        'Find the users and when their credentials were last used, in the IAM credential report',
      ),
      t(
        '不要なパスワードとアクセスキーを無効化し、影響がないことを確かめてから削除する',
        'Deactivate the unneeded passwords and access keys, and delete them once nothing breaks',
      ),
      t('IAM ユーザーの棚卸しを定期的に行う手順を決める', 'Agree a regular review of IAM users'),
    ],
    who: 'asp',
    docUrl: controlDoc('iam', 8),
  },
];

const s3: readonly FirstResponseEntry[] = [
  {
    id: 'securityhub:control:S3.1',
    title: t(
      'アカウント全体の S3 パブリックアクセスブロックが無効',
      'Account-wide S3 Block Public Access is off',
    ),
    meaning: t(
      'アカウント単位の S3 ブロックパブリックアクセスが有効になっていません。どれかのバケットの設定を誤ると、データが公開されてしまいます。',
      'S3 Block Public Access is not turned on for the account. One wrong bucket setting could make data public.',
    ),
    steps: [
      t(
        '公開が必要なバケットがアカウント内にあるか、ASP に確認する',
        'Ask the ASP whether any bucket in the account has to be public',
      ),
      t(
        'アカウント単位のブロックパブリックアクセスの 4 項目をすべて有効にする',
        'Turn on all four account-level Block Public Access settings',
      ),
      t(
        '公開が必要な場合は CloudFront 経由の配信などを検討し、例外として記録する',
        'Where public content is needed, consider serving it through CloudFront and record it as an exception',
      ),
    ],
    who: 'team',
    docUrl: controlDoc('s3', 1),
  },
  {
    id: 'securityhub:control:S3.2',
    also: ['securityhub:control:S3.3'],
    title: t('S3 バケットを誰でも読める・書ける', 'An S3 bucket can be read or written by anyone'),
    meaning: t(
      'バケットポリシーまたは ACL により、インターネット上の誰でもバケットのデータを読めるか、書き込める状態です。',
      "The bucket policy or ACLs let anyone on the internet read the bucket's data, or write to it.",
    ),
    steps: [
      t(
        'バケットポリシーと ACL で、公開の許可を出している記述を確認する',
        'Find the statements in the bucket policy and ACLs that grant public access',
      ),
      t(
        '業務上の公開でなければ公開の許可を削除し、バケットのブロックパブリックアクセスを有効にする',
        'Unless the business publishes this data, remove the public grants and turn on Block Public Access for the bucket',
      ),
      t(
        'アクセスログで、公開中に外部から読み取り・書き込みがなかったか確認する',
        'Check the access logs for reads or writes by outsiders while the bucket was open',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('s3', 2),
  },
  {
    id: 'securityhub:control:S3.5',
    title: t(
      'S3 バケットが暗号化されていない通信を受け付ける',
      'An S3 bucket accepts unencrypted connections',
    ),
    meaning: t(
      'バケットポリシーで HTTPS 以外のリクエストを拒否していません。通信の途中でデータが読まれる恐れがあります。',
      'The bucket policy does not refuse requests that are not made over HTTPS, so data could be read in transit.',
    ),
    steps: [
      t('対象バケットのバケットポリシーを確認する', 'Open the bucket policy of the bucket'),
      t(
        '"aws:SecureTransport" が false のリクエストを拒否する記述を追加する',
        'Add a statement that denies requests where "aws:SecureTransport" is false',
      ),
      t(
        'バケットを使うアプリケーションが HTTPS で接続していることを確認する',
        'Check that the applications using the bucket connect over HTTPS',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('s3', 5),
  },
  {
    id: 'securityhub:control:S3.6',
    title: t(
      '他の AWS アカウントに強い権限を与えている',
      'A bucket policy gives other AWS accounts broad rights',
    ),
    meaning: t(
      'バケットポリシーで、他の AWS アカウントにポリシーの変更や削除などの強い操作を許可しています。',
      'The bucket policy lets other AWS accounts perform powerful actions such as changing the policy or deleting data.',
    ),
    steps: [
      t(
        '許可している相手のアカウントと操作を確認する',
        'Identify the other accounts and the actions the policy allows them',
      ),
      t(
        '必要な操作（読み取りなど）だけに絞り、不要な許可を削除する',
        'Narrow the grant to the actions needed (reading, for example) and remove the rest',
      ),
      t(
        '相手のアカウントが信頼できるものか、統合運用チームに確認する',
        'Check with the operations team that the other accounts are trusted',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('s3', 6),
  },
  {
    id: 'securityhub:control:S3.8',
    title: t('S3 バケットのパブリックアクセスブロックが無効', 'Block Public Access is off for an S3 bucket'),
    meaning: t(
      'このバケットでは S3 のブロックパブリックアクセスが有効になっていません。ポリシーや ACL の設定を誤ると、データが公開されてしまいます。',
      'S3 Block Public Access is not turned on for this bucket. One wrong policy or ACL would make its data public.',
    ),
    steps: [
      t(
        'このバケットを公開する必要があるか、用途を確認する',
        'Check what the bucket is for and whether it has to be public',
      ),
      t(
        '公開が不要であれば、バケットのブロックパブリックアクセスの 4 項目をすべて有効にする',
        'If it does not, turn on all four Block Public Access settings for the bucket',
      ),
      t(
        '公開が必要な場合は CloudFront 経由の配信などを検討し、理由を記録する',
        'If it does, consider serving it through CloudFront and record the reason',
      ),
      confirmPasses,
    ],
    who: 'asp',
    docUrl: controlDoc('s3', 8),
  },
  {
    id: 'securityhub:control:S3.9',
    title: t('S3 のサーバーアクセスログが無効', 'S3 server access logging is off'),
    meaning: t(
      'バケットへのアクセスの記録が残っていません。問題が起きたときに、誰がどのデータを取得したかを調べられません。',
      'Access to the bucket is not being recorded. After an incident, nobody could tell who fetched which data.',
    ),
    steps: [
      t(
        'ログの保存先として、別のバケット（ログ専用）を用意する',
        'Prepare a separate bucket to receive the logs',
      ),
      t(
        '対象バケットのサーバーアクセスログを有効にし、保存先を指定する',
        'Turn on server access logging for the bucket and point it at the log bucket',
      ),
      t(
        'ログの保存期間を、運用の方針に合わせてライフサイクルで設定する',
        'Set how long logs are kept with a lifecycle rule that matches the operating policy',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('s3', 9),
  },
];

const ec2: readonly FirstResponseEntry[] = [
  {
    id: 'securityhub:control:EC2.1',
    title: t('EBS スナップショットが公開されている', 'An EBS snapshot is public'),
    meaning: t(
      'EBS スナップショットが誰でも復元できる状態です。ディスクの中身（データや設定ファイル）を第三者が取得できます。',
      'An EBS snapshot can be restored by anyone, so outsiders can copy the disk contents (data, configuration files).',
    ),
    steps: [
      t('対象のスナップショットの共有設定を確認する', "Check the snapshot's sharing settings"),
      t('公開設定を解除してプライベートに戻す', 'Remove the public setting so the snapshot is private again'),
      t(
        '公開されていた期間とディスクの内容を確認し、含まれていた認証情報を変更する',
        'Work out how long it was public and what it held, and change any credentials that were on it',
      ),
      t(
        'アカウントで EBS スナップショットのパブリックアクセスのブロックを有効にする',
        'Turn on block public access for EBS snapshots in the account',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('ec2', 1),
  },
  {
    id: 'securityhub:control:EC2.2',
    title: t(
      'デフォルトのセキュリティグループが通信を許可している',
      'The default security group allows traffic',
    ),
    meaning: t(
      'VPC のデフォルトのセキュリティグループに、通信を許可するルールが残っています。意図せずこのグループを付けたリソースが、外部や他のリソースとつながってしまいます。',
      "The VPC's default security group still has rules that allow traffic. Resources that pick it up by mistake become reachable.",
    ),
    steps: [
      t(
        'デフォルトのセキュリティグループを使っているリソースを確認する',
        'Find the resources that use the default security group',
      ),
      t(
        'それらのリソースを、用途ごとに作成したセキュリティグループに付け替える',
        'Move them to security groups made for their purpose',
      ),
      t(
        'デフォルトのセキュリティグループから、インバウンドとアウトバウンドのルールをすべて削除する',
        'Remove every inbound and outbound rule from the default security group',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('ec2', 2),
  },
  {
    id: 'securityhub:control:EC2.3',
    also: ['securityhub:control:EC2.7'],
    title: t('EBS ボリュームが暗号化されていない', 'EBS volumes are not encrypted'),
    meaning: t(
      '使用中の EBS ボリュームが暗号化されていないか、リージョンの EBS のデフォルト暗号化が無効です。',
      "An attached EBS volume is not encrypted, or the Region's EBS encryption by default is off.",
    ),
    steps: [
      t(
        'リージョンの EBS デフォルト暗号化を有効にする（以後に作るボリュームが暗号化されます）',
        'Turn on EBS encryption by default for the Region (volumes created from now on are encrypted)',
      ),
      t(
        '既存のボリュームは、スナップショットを暗号化してコピーし、そこから作り直す',
        'For existing volumes, copy a snapshot with encryption and recreate the volume from it',
      ),
      t(
        '作り直しには停止が伴うため、業務への影響と作業日時を調整する',
        'Recreating means downtime, so agree the impact and the timing with the business',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('ec2', 3),
  },
  {
    id: 'securityhub:control:EC2.6',
    title: t('VPC フローログが無効', 'VPC Flow Logs are off'),
    meaning: t(
      'VPC の通信の記録（フローログ）が取られていません。不審な通信があっても後から調べられません。',
      'The VPC does not record its traffic (flow logs), so suspicious traffic could not be looked into later.',
    ),
    steps: [
      t('対象の VPC を確認する', 'Identify the VPC'),
      t(
        'フローログを作成し、CloudWatch Logs または S3 に出力する',
        'Create a flow log that delivers to CloudWatch Logs or S3',
      ),
      t(
        'ログの保存期間を運用の方針に合わせて設定する',
        'Set how long the logs are kept to match the operating policy',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('ec2', 6),
  },
  {
    id: 'securityhub:control:EC2.8',
    also: ['securityhub:control:AutoScaling.3'],
    title: t(
      'インスタンスメタデータが IMDSv2 必須になっていない',
      'Instance metadata does not require IMDSv2',
    ),
    meaning: t(
      'EC2 インスタンス（または起動設定）で、古い方式の IMDSv1 が使える状態です。アプリケーションの脆弱性を突かれると、インスタンスの認証情報を盗まれやすくなります。',
      'The EC2 instance (or launch configuration) still allows the older IMDSv1, which makes its credentials easier to steal through a flaw in the application.',
    ),
    steps: [
      t(
        'インスタンス上のソフトウェアや SDK が IMDSv2 に対応しているか確認する',
        'Check that the software and SDKs on the instance support IMDSv2',
      ),
      t(
        'インスタンスのメタデータオプションで、トークンを「必須」（HttpTokens = required）にする',
        "Set the instance's metadata options to require tokens (HttpTokens = required)",
      ),
      t(
        '起動テンプレートや Auto Scaling の設定も同じように変更する',
        'Make the same change in launch templates and Auto Scaling settings',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('ec2', 8),
  },
  {
    id: 'securityhub:control:EC2.9',
    title: t('EC2 インスタンスにパブリック IP がある', 'An EC2 instance has a public IP address'),
    meaning: t(
      'インスタンスにパブリック IPv4 アドレスが付いており、インターネットから直接届く可能性があります。',
      'The instance has a public IPv4 address and may be reachable straight from the internet.',
    ),
    steps: [
      t(
        'インスタンスがインターネットから直接接続される必要があるか確認する',
        'Check whether the instance really has to be reached directly from the internet',
      ),
      t(
        '不要であれば、パブリック IP を付けないサブネットや設定でインスタンスを作り直す',
        'If not, rebuild it in a subnet or with settings that give no public IP',
      ),
      t(
        '外部への公開はロードバランサー経由に、管理の接続は Session Manager にする',
        'Publish through a load balancer, and use Session Manager for admin access',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('ec2', 9),
  },
  {
    id: 'securityhub:control:EC2.13',
    also: ['securityhub:control:EC2.14', 'securityhub:control:EC2.21'],
    title: t('管理用ポートがインターネット全体に開いている', 'Admin ports are open to the whole internet'),
    meaning: t(
      'セキュリティグループまたはネットワーク ACL で、0.0.0.0/0 から SSH（22）や RDP（3389）への接続を許可しています。パスワードの総当たり攻撃を受けます。',
      'A security group or network ACL allows SSH (22) or RDP (3389) from 0.0.0.0/0, which invites password-guessing attacks.',
    ),
    steps: [
      t(
        '0.0.0.0/0（または ::/0）から 22 や 3389 を許可しているルールを確認する',
        'Find the rules that allow 22 or 3389 from 0.0.0.0/0 (or ::/0)',
      ),
      t(
        'ルールを削除するか、接続元を運用拠点の IP アドレスに限定する',
        "Delete the rules, or limit the source to the operators' own IP addresses",
      ),
      t(
        '管理の接続には、ポートを開けずに済む Systems Manager Session Manager を使う',
        'Use Systems Manager Session Manager for admin access, which needs no open port',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('ec2', 13),
  },
  {
    id: 'securityhub:control:EC2.18',
    title: t('許可されていないポートを無制限に公開している', 'Unapproved ports are open to everyone'),
    meaning: t(
      'セキュリティグループが、認められたポート（初期値は 80 と 443）以外を 0.0.0.0/0 に開けています。',
      'A security group opens ports other than the approved ones (80 and 443 by default) to 0.0.0.0/0.',
    ),
    steps: [
      t(
        '0.0.0.0/0 に開いているポートと、その用途を確認する',
        'Find which ports are open to 0.0.0.0/0 and what they are for',
      ),
      t(
        '不要なルールは削除し、必要なものは接続元を限定する',
        'Delete the rules that are not needed and limit the source of the rest',
      ),
      t(
        '公開が必要なポートであれば、統合運用チームと相談して許可するポートとして登録する',
        'If a port must stay public, agree with the operations team to register it as approved',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('ec2', 18),
  },
  {
    id: 'securityhub:control:EC2.19',
    title: t(
      '危険度の高いポートがインターネット全体に開いている',
      'High-risk ports are open to the whole internet',
    ),
    meaning: t(
      'セキュリティグループが、データベースやリモート管理などに使う危険度の高いポートを、接続元を限定せずに開けています。すぐに攻撃の対象になります。',
      'A security group opens high-risk ports, such as those used by databases or remote administration, to any source. They are attacked quickly.',
    ),
    steps: [
      t(
        '無制限に開いているポートと、対象のリソースを確認する',
        'Find the ports open to everyone and the resources behind them',
      ),
      t(
        'すぐにルールを削除するか、接続元を必要な範囲に限定する',
        'Delete the rules at once, or limit the source to what is needed',
      ),
      t(
        '開いていた間に、ログイン成功や不審な接続の記録がないか確認する',
        'Check for successful logins or suspicious connections while the ports were open',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('ec2', 19),
  },
];

const logging: readonly FirstResponseEntry[] = [
  {
    id: 'securityhub:control:CloudTrail.1',
    also: ['securityhub:control:CloudTrail.3'],
    title: t('CloudTrail で操作が記録されていない', 'CloudTrail is not recording activity'),
    meaning: t(
      '全リージョンの管理イベント（読み取りと書き込み）を記録する CloudTrail の証跡がありません。誰が何をしたかを後から追えません。',
      'No CloudTrail trail records management events (read and write) in every Region, so nobody could trace who did what.',
    ),
    steps: [
      t(
        '組織の証跡（統合運用チームが管理）がこのアカウントを対象にしているか確認する',
        'Check whether the organization trail (kept by the operations team) covers this account',
      ),
      t(
        '対象外であれば、全リージョンで管理イベントの読み取りと書き込みを記録する証跡を作成または修正する',
        'If it does not, create or fix a multi-Region trail that records read and write management events',
      ),
      t(
        '証跡が止められていた場合は、CloudTrail のイベント履歴で止めた主体を確認する',
        'If a trail was stopped, find who stopped it in the CloudTrail event history',
      ),
    ],
    who: 'team',
    docUrl: controlDoc('cloudtrail', 1),
  },
  {
    id: 'securityhub:control:CloudTrail.2',
    title: t('CloudTrail のログが KMS で暗号化されていない', 'CloudTrail logs are not encrypted with KMS'),
    meaning: t(
      '証跡のログファイルが KMS キーによるサーバー側暗号化（SSE-KMS）で保護されていません。',
      "The trail's log files are not protected with server-side encryption using a KMS key (SSE-KMS).",
    ),
    steps: [
      t(
        'ログ用の KMS キーを用意し、キーポリシーで CloudTrail による利用を許可する',
        'Prepare a KMS key for the logs and let CloudTrail use it in the key policy',
      ),
      t(
        '証跡の設定で、そのキーによる SSE-KMS 暗号化を有効にする',
        'Turn on SSE-KMS encryption with that key in the trail settings',
      ),
      t(
        'ログを読む担当者にキーの復号権限を付与する',
        'Give the people who read the logs permission to decrypt with the key',
      ),
    ],
    who: 'team',
    docUrl: controlDoc('cloudtrail', 2),
  },
  {
    id: 'securityhub:control:CloudTrail.4',
    title: t('CloudTrail のログファイルの検証が無効', 'CloudTrail log file validation is off'),
    meaning: t(
      '証跡のログファイルの整合性検証が有効になっていません。ログが改ざん・削除されても気付けません。',
      "The trail's log file integrity validation is off, so tampering with or deleting logs would go unnoticed.",
    ),
    steps: [
      t('対象の証跡を確認する', 'Identify the trail'),
      t(
        '証跡の設定で「ログファイルの検証」を有効にする',
        'Turn on log file validation in the trail settings',
      ),
      confirmPasses,
    ],
    who: 'team',
    docUrl: controlDoc('cloudtrail', 4),
  },
  {
    id: 'securityhub:control:CloudTrail.5',
    title: t('CloudTrail が CloudWatch Logs に送られていない', 'CloudTrail is not sent to CloudWatch Logs'),
    meaning: t(
      '証跡が CloudWatch Logs と連携していないため、操作をリアルタイムに監視・通知できません。',
      'The trail is not connected to CloudWatch Logs, so activity cannot be watched or alarmed on as it happens.',
    ),
    steps: [
      t(
        '送信先の CloudWatch Logs ロググループと、CloudTrail 用の IAM ロールを用意する',
        'Prepare a CloudWatch Logs log group and an IAM role for CloudTrail',
      ),
      t(
        '証跡の設定で CloudWatch Logs への送信を有効にする',
        'Turn on delivery to CloudWatch Logs in the trail settings',
      ),
      t(
        'ロググループの保存期間を運用の方針に合わせて設定する',
        'Set the log group retention to match the operating policy',
      ),
    ],
    who: 'team',
    docUrl: controlDoc('cloudtrail', 5),
  },
  {
    id: 'securityhub:control:CloudTrail.6',
    title: t('CloudTrail のログ用バケットが公開されている', 'The CloudTrail log bucket is public'),
    meaning: t(
      'CloudTrail のログを保存している S3 バケットが公開されています。アカウントの操作記録を第三者に読まれる恐れがあります。',
      "The S3 bucket holding the CloudTrail logs is public, so outsiders could read the account's activity records.",
    ),
    steps: [
      t(
        'バケットポリシーと ACL で公開の許可を確認する',
        'Find the public grants in the bucket policy and ACLs',
      ),
      t(
        '公開の許可を削除し、バケットのブロックパブリックアクセスを有効にする',
        'Remove them and turn on Block Public Access for the bucket',
      ),
      t(
        'アクセスログで、外部からログが取得されていないか確認する',
        'Check the access logs for logs fetched by outsiders',
      ),
    ],
    who: 'team',
    docUrl: controlDoc('cloudtrail', 6),
  },
  {
    id: 'securityhub:control:CloudTrail.7',
    title: t(
      'CloudTrail のログ用バケットのアクセスログが無効',
      'Access logging is off for the CloudTrail log bucket',
    ),
    meaning: t(
      'CloudTrail のログを保存するバケット自体へのアクセスが記録されていません。誰がログを読んだり消したりしたか分かりません。',
      'Access to the bucket that holds the CloudTrail logs is not recorded, so nobody could tell who read or deleted logs.',
    ),
    steps: [
      t(
        'ログ用バケットとは別に、アクセスログの保存先バケットを用意する',
        'Prepare another bucket to receive its access logs',
      ),
      t(
        'CloudTrail のログ用バケットでサーバーアクセスログを有効にする',
        'Turn on server access logging for the CloudTrail log bucket',
      ),
      confirmPasses,
    ],
    who: 'team',
    docUrl: controlDoc('cloudtrail', 7),
  },
  {
    id: 'securityhub:control:Config.1',
    title: t('AWS Config が有効になっていない', 'AWS Config is not turned on'),
    meaning: t(
      'AWS Config による構成の記録が行われていません。設定の変更履歴が残らず、Security Hub の多くのコントロールも評価できません。',
      'AWS Config is not recording resource configuration, so changes leave no history and many Security Hub controls cannot be evaluated.',
    ),
    steps: [
      t(
        'ガバメントクラウドのテンプレートで有効にした Config の設定が、このアカウントとリージョンで止まっていないか確認する',
        'Check whether the Config recorder set up by the Government Cloud template has been stopped in this account and Region',
      ),
      t(
        'サービスにリンクされたロールを使って、設定レコーダーを有効にする',
        'Turn the configuration recorder on, using the service-linked role',
      ),
      t(
        '止められていた場合は、CloudTrail で止めた主体を確認する',
        'If it had been stopped, find who stopped it in CloudTrail',
      ),
    ],
    who: 'team',
    docUrl: controlDoc('config', 1),
  },
  {
    id: 'securityhub:control:GuardDuty.1',
    title: t('GuardDuty が有効になっていない', 'GuardDuty is not turned on'),
    meaning: t(
      'このアカウントとリージョンで GuardDuty が有効ではありません。不正アクセスやマルウェアなどの脅威が検知されません。',
      'GuardDuty is not turned on in this account and Region, so threats such as break-ins or malware go undetected.',
    ),
    steps: [
      t(
        '組織の GuardDuty の自動有効化の設定と、このアカウントの状態を確認する',
        "Check the organization's GuardDuty auto-enable setting and this account's status",
      ),
      t(
        'GuardDuty を有効にし、テンプレートで定めた保護プランも有効にする',
        'Turn GuardDuty on, with the protection plans the template specifies',
      ),
      t(
        '無効にされていた場合は、CloudTrail で無効にした主体を確認する',
        'If it had been turned off, find who did it in CloudTrail',
      ),
    ],
    who: 'team',
    docUrl: controlDoc('guardduty', 1),
  },
  {
    id: 'securityhub:control:CloudWatch.1',
    also: Array.from({ length: 13 }, (_, index) => `securityhub:control:CloudWatch.${index + 2}`),
    title: t(
      'CIS で求める監視用のメトリクスフィルターとアラームがない',
      'A CIS monitoring metric filter and alarm is missing',
    ),
    meaning: t(
      'ルートユーザーの利用、許可されていない API 呼び出し、セキュリティグループの変更などを CloudTrail のログから検知するメトリクスフィルターとアラームがありません。',
      'There is no metric filter and alarm on the CloudTrail logs for events such as root use, unauthorised API calls or security group changes.',
    ),
    steps: [
      t(
        'CloudTrail が CloudWatch Logs に送られていることを確認する（CloudTrail.5）',
        'Check that CloudTrail is delivered to CloudWatch Logs (CloudTrail.5)',
      ),
      t(
        'コントロールの説明にあるパターンでメトリクスフィルターを作成し、アラームを設定する',
        'Create the metric filter with the pattern given in the control, and set an alarm on it',
      ),
      t(
        'アラームの通知先を統合運用チームの SNS トピックにする',
        "Send the alarm to the operations team's SNS topic",
      ),
    ],
    who: 'team',
    docUrl: controlDoc('cloudwatch', 1),
  },
];

const data: readonly FirstResponseEntry[] = [
  {
    id: 'securityhub:control:KMS.1',
    also: ['securityhub:control:KMS.2'],
    title: t('すべての KMS キーでの復号を許可するポリシー', 'A policy allows decryption with every KMS key'),
    meaning: t(
      'IAM ポリシーが、すべての KMS キーに対する復号などの操作を許可しています。本来見せるべきでない暗号化データまで読めてしまいます。',
      'An IAM policy allows decryption (and similar actions) on all KMS keys, so its holder can read encrypted data they should not see.',
    ),
    steps: [
      t(
        '対象のポリシーと、それを持つユーザーやロールを確認する',
        'Identify the policy and the users or roles that hold it',
      ),
      t(
        '"Resource" を実際に使う KMS キーの ARN だけに絞る',
        'Narrow "Resource" to the ARNs of the KMS keys actually used',
      ),
      confirmPasses,
    ],
    who: 'asp',
    docUrl: controlDoc('kms', 1),
  },
  {
    id: 'securityhub:control:KMS.3',
    title: t('KMS キーが削除予定になっている', 'A KMS key is scheduled for deletion'),
    meaning: t(
      'KMS キーが削除予定になっています。削除されると、そのキーで暗号化したデータは二度と読めなくなります。',
      'A KMS key is scheduled for deletion. Once it is gone, data encrypted with it can never be read again.',
    ),
    steps: [
      t(
        'そのキーで暗号化されたデータやリソースがまだないか確認する',
        'Check whether any data or resources are still encrypted with the key',
      ),
      t(
        '意図しない削除であれば、待機期間中に削除をキャンセルする',
        'If the deletion was not intended, cancel it while the waiting period lasts',
      ),
      t('CloudTrail で削除を予定した主体を確認する', 'Find who scheduled the deletion, in CloudTrail'),
    ],
    who: 'asp',
    docUrl: controlDoc('kms', 3),
  },
  {
    id: 'securityhub:control:KMS.4',
    title: t('KMS キーの自動ローテーションが無効', 'Automatic rotation is off for a KMS key'),
    meaning: t(
      'カスタマー管理の KMS キーで、鍵の自動ローテーションが有効になっていません。',
      'Automatic key rotation is not turned on for a customer managed KMS key.',
    ),
    steps: [
      t('対象のキーと用途を確認する', 'Identify the key and what it is used for'),
      t('キーの設定で自動ローテーションを有効にする', "Turn on automatic rotation in the key's settings"),
      confirmPasses,
    ],
    who: 'asp',
    docUrl: controlDoc('kms', 4),
  },
  {
    id: 'securityhub:control:RDS.1',
    title: t('RDS のスナップショットが公開されている', 'An RDS snapshot is public'),
    meaning: t(
      'RDS のスナップショットが誰でも復元できる状態です。データベースの中身を第三者が取得できます。',
      "An RDS snapshot can be restored by anyone, so outsiders can copy the database's contents.",
    ),
    steps: [
      t(
        'スナップショットの共有設定で公開を解除する',
        "Remove the public setting in the snapshot's sharing settings",
      ),
      t(
        '公開されていた期間と、含まれていたデータ（個人情報を含むか）を確認する',
        'Work out how long it was public and what data it held (including personal data)',
      ),
      t(
        '個人情報などが含まれていた場合は、統合運用チームにすぐ報告する',
        'If it held personal or similar data, report to the operations team at once',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('rds', 1),
  },
  {
    id: 'securityhub:control:RDS.2',
    title: t('RDS の DB インスタンスが公開されている', 'An RDS DB instance is publicly accessible'),
    meaning: t(
      'DB インスタンスの「パブリックアクセス可能」が有効です。セキュリティグループ次第で、インターネットからデータベースに接続できてしまいます。',
      "The DB instance's PubliclyAccessible setting is on; depending on its security groups, the database can be reached from the internet.",
    ),
    steps: [
      t(
        'インターネットからの接続が必要か、アプリケーションの構成を確認する',
        'Check the application design for any need to connect from the internet',
      ),
      t(
        '不要であれば、DB インスタンスの「パブリックアクセス可能」を無効にする',
        'If there is none, turn PubliclyAccessible off for the DB instance',
      ),
      t(
        'セキュリティグループの接続元をアプリケーションのサブネットなどに限定する',
        "Limit the security group's sources to the application's subnets or similar",
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('rds', 2),
  },
  {
    id: 'securityhub:control:RDS.3',
    also: ['securityhub:control:RDS.4'],
    title: t('RDS のデータやスナップショットが暗号化されていない', 'RDS data or snapshots are not encrypted'),
    meaning: t(
      'DB インスタンス、クラスターのスナップショット、または DB のスナップショットが保存時に暗号化されていません。',
      'A DB instance, a cluster snapshot or a DB snapshot is not encrypted at rest.',
    ),
    steps: [
      t(
        '対象のインスタンスやスナップショットを確認する（作成後に暗号化を有効にはできません）',
        'Identify the instance or snapshot (encryption cannot be turned on after creation)',
      ),
      t(
        'スナップショットを暗号化してコピーし、そこから暗号化された DB を復元する',
        'Copy a snapshot with encryption, and restore an encrypted database from it',
      ),
      t(
        '切り替えには停止が伴うため、業務への影響と作業日時を調整する',
        'Switching over means downtime, so agree the impact and the timing with the business',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('rds', 3),
  },
  {
    id: 'securityhub:control:RDS.13',
    title: t(
      'RDS の自動マイナーバージョンアップグレードが無効',
      'RDS automatic minor version upgrades are off',
    ),
    meaning: t(
      'DB インスタンスで、エンジンのマイナーバージョンの自動アップグレードが有効になっていません。セキュリティ修正が適用されないままになります。',
      'Automatic minor engine version upgrades are off for the DB instance, so security fixes are not applied.',
    ),
    steps: [
      t(
        '対象の DB インスタンスとメンテナンスウィンドウを確認する',
        'Identify the DB instance and its maintenance window',
      ),
      t('自動マイナーバージョンアップグレードを有効にする', 'Turn on automatic minor version upgrades'),
      t(
        'メンテナンスウィンドウを業務への影響が小さい時間帯に設定する',
        'Set the maintenance window to a time with little impact on the business',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('rds', 13),
  },
];

const compute: readonly FirstResponseEntry[] = [
  {
    id: 'securityhub:control:Lambda.1',
    title: t('Lambda 関数を誰でも呼び出せる', 'A Lambda function can be invoked by anyone'),
    meaning: t(
      'Lambda 関数のリソースベースポリシーが、アカウント外の誰にでも呼び出しを許可しています。',
      "The Lambda function's resource-based policy lets anyone outside the account invoke it.",
    ),
    steps: [
      t(
        '関数のリソースベースポリシーで、すべての主体（"*"）を許可している記述を確認する',
        'Find the statement in the function\'s resource-based policy that allows every principal ("*")',
      ),
      t(
        '呼び出し元を必要なサービスやアカウントに限定し、条件（送信元 ARN など）を付ける',
        'Limit the caller to the services or accounts that need it, with conditions such as the source ARN',
      ),
      t(
        'CloudTrail や関数のログで、不審な呼び出しがなかったか確認する',
        "Check CloudTrail and the function's logs for suspicious invocations",
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('lambda', 1),
  },
  {
    id: 'securityhub:control:Lambda.2',
    title: t('Lambda 関数のランタイムがサポート対象外', 'A Lambda function uses an unsupported runtime'),
    meaning: t(
      'Lambda 関数が、サポートが終了した（または終了間近の）ランタイムを使っています。セキュリティ修正が提供されません。',
      'A Lambda function uses a runtime whose support has ended (or is ending), so it gets no security fixes.',
    ),
    steps: [
      t('対象の関数と現在のランタイムを確認する', 'Identify the function and its current runtime'),
      t(
        'サポート中のランタイムでコードと依存ライブラリの動作を確認する',
        'Test the code and its libraries on a supported runtime',
      ),
      t('関数のランタイムを更新してデプロイする', 'Update the function to the new runtime and deploy it'),
    ],
    who: 'asp',
    docUrl: controlDoc('lambda', 2),
  },
  {
    id: 'securityhub:control:ELB.1',
    title: t(
      'ロードバランサーが HTTP を HTTPS に転送していない',
      'A load balancer does not redirect HTTP to HTTPS',
    ),
    meaning: t(
      'Application Load Balancer の HTTP リスナーが HTTPS へのリダイレクトを行っていません。利用者の通信が暗号化されないまま流れる恐れがあります。',
      "The Application Load Balancer's HTTP listener does not redirect to HTTPS, so users' traffic may travel unencrypted.",
    ),
    steps: [
      t(
        '対象のロードバランサーと HTTP リスナーを確認する',
        'Identify the load balancer and its HTTP listener',
      ),
      t(
        'HTTP リスナーのデフォルトアクションを、HTTPS（443）へのリダイレクトにする',
        "Change the HTTP listener's default action to a redirect to HTTPS (443)",
      ),
      t(
        '利用者の画面やシステム連携が HTTPS で動くことを確認する',
        'Check that user screens and system integrations work over HTTPS',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('elb', 1),
  },
  {
    id: 'securityhub:control:SSM.1',
    title: t(
      'EC2 インスタンスが Systems Manager で管理されていない',
      'An EC2 instance is not managed by Systems Manager',
    ),
    meaning: t(
      'インスタンスが Systems Manager のマネージドノードになっていません。パッチの適用状況やソフトウェアの棚卸しができません。',
      'The instance is not a Systems Manager managed node, so its patches and software cannot be tracked.',
    ),
    steps: [
      t(
        'インスタンスに SSM Agent が入って動いているか確認する',
        'Check that the SSM Agent is installed and running on the instance',
      ),
      t(
        'インスタンスプロファイルに AmazonSSMManagedInstanceCore 相当の権限を付ける',
        'Give the instance profile the permissions of AmazonSSMManagedInstanceCore or equivalent',
      ),
      t(
        'Systems Manager のエンドポイントへの通信（VPC エンドポイントなど）を確認する',
        'Check the network path to the Systems Manager endpoints (VPC endpoints, for example)',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('ssm', 1),
  },
  {
    id: 'securityhub:control:SSM.2',
    title: t('EC2 インスタンスのパッチが適用されていない', 'An EC2 instance is missing patches'),
    meaning: t(
      'Systems Manager のパッチ適用の結果、インスタンスが「非準拠」（必要なパッチが未適用）になっています。',
      'After patching, Systems Manager reports the instance as non-compliant: required patches are missing.',
    ),
    steps: [
      t(
        'Patch Manager で、未適用のパッチと失敗の理由を確認する',
        'See which patches are missing and why, in Patch Manager',
      ),
      t(
        '業務への影響を確認し、メンテナンスウィンドウでパッチを適用する',
        'Check the impact on the business and apply the patches in a maintenance window',
      ),
      t(
        '適用後、パッチの準拠状況が「準拠」になったことを確認する',
        'Afterwards, check that the patch compliance shows compliant',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('ssm', 2),
  },
  {
    id: 'securityhub:control:SSM.4',
    title: t('SSM ドキュメントが公開されている', 'An SSM document is public'),
    meaning: t(
      '作成した Systems Manager ドキュメントが公開されています。手順や設定の内容を第三者に読まれる恐れがあります。',
      'A Systems Manager document you created is public, so outsiders could read its procedures and settings.',
    ),
    steps: [
      t('対象のドキュメントの共有設定を確認する', "Check the document's sharing settings"),
      t(
        '公開をやめ、必要なアカウントだけに共有する',
        'Stop sharing it publicly and share it only with the accounts that need it',
      ),
      t(
        'ドキュメントに認証情報などが含まれていた場合は、それを変更する',
        'If the document held credentials or similar, change them',
      ),
    ],
    who: 'asp',
    docUrl: controlDoc('ssm', 4),
  },
];

// ── Service fallbacks: a control we have no entry for, by its service ───────────────────────────────

type Service = {
  readonly prefix: string;
  readonly name: Bilingual;
  readonly page: string;
  readonly who: Owner;
};

const SERVICES: readonly Service[] = [
  { prefix: 'IAM', name: t('IAM', 'IAM'), page: 'iam', who: 'asp' },
  { prefix: 'S3', name: t('S3 バケット', 'S3'), page: 's3', who: 'asp' },
  { prefix: 'EC2', name: t('EC2 や VPC', 'EC2 and VPC'), page: 'ec2', who: 'asp' },
  { prefix: 'CloudTrail', name: t('CloudTrail の証跡', 'CloudTrail'), page: 'cloudtrail', who: 'team' },
  { prefix: 'CloudWatch', name: t('CloudWatch', 'CloudWatch'), page: 'cloudwatch', who: 'team' },
  { prefix: 'KMS', name: t('KMS キー', 'KMS'), page: 'kms', who: 'asp' },
  { prefix: 'RDS', name: t('RDS データベース', 'RDS'), page: 'rds', who: 'asp' },
  { prefix: 'Lambda', name: t('Lambda 関数', 'Lambda'), page: 'lambda', who: 'asp' },
  { prefix: 'ELB', name: t('ロードバランサー', 'Elastic Load Balancing'), page: 'elb', who: 'asp' },
  { prefix: 'SSM', name: t('Systems Manager', 'Systems Manager'), page: 'ssm', who: 'asp' },
  {
    prefix: 'AutoScaling',
    name: t('Auto Scaling グループ', 'EC2 Auto Scaling'),
    page: 'autoscaling',
    who: 'asp',
  },
  { prefix: 'ECS', name: t('ECS', 'ECS'), page: 'ecs', who: 'asp' },
  { prefix: 'ECR', name: t('ECR リポジトリ', 'ECR'), page: 'ecr', who: 'asp' },
  { prefix: 'EKS', name: t('EKS クラスター', 'EKS'), page: 'eks', who: 'asp' },
  {
    prefix: 'SecretsManager',
    name: t('Secrets Manager のシークレット', 'Secrets Manager'),
    page: 'secretsmanager',
    who: 'asp',
  },
];

const serviceEntry = (service: Service): FirstResponseEntry => ({
  id: `securityhub:service:${service.prefix}`,
  title: t(
    `${service.name.ja}の設定が推奨と異なります`,
    `${service.name.en}: a setting differs from the recommendation`,
  ),
  meaning: t(
    `Security Hub のコントロールで、${service.name.ja}の設定がセキュリティのベストプラクティスを満たしていないと判定されました。`,
    `A Security Hub control found a setting in ${service.name.en} that does not meet the security best practice.`,
  ),
  steps: [
    t(
      'Security Hub コンソールでコントロールの説明と修復の手順を開き、対象のリソースを確認する',
      'Open the control in the Security Hub console, read its description and remediation, and identify the resource',
    ),
    t(
      '手順に沿って設定を推奨の値に変更する',
      'Change the setting to the recommended value, following the remediation',
    ),
    recordException,
    confirmPasses,
  ],
  who: service.who,
  docUrl: `${GUIDE}/${service.page}-controls.html`,
});

// ── Findings that are not control checks, by ASFF type namespace ─────────────────────────────────────

const TYPES_DOC = `${GUIDE}/securityhub-findings-format-type-taxonomy.html`;

const byType: readonly FirstResponseEntry[] = [
  {
    id: 'securityhub:type:Software and Configuration Checks/Vulnerabilities',
    title: t('ソフトウェアの脆弱性', 'A software vulnerability'),
    meaning: t(
      '脆弱性スキャナーが、リソース上のソフトウェアに既知の脆弱性（CVE など）を見つけました。',
      'A vulnerability scanner found known vulnerabilities (CVEs or similar) in software on the resource.',
    ),
    steps: [
      t(
        '検出結果で対象のリソース、脆弱性の ID、修正されたバージョンを確認する',
        'Check the resource, the vulnerability IDs and the fixed versions in the finding',
      ),
      t(
        '外部から到達できるリソースかどうかを確認し、対応の優先度を決める',
        'Check whether the resource can be reached from outside, and set the priority from that',
      ),
      t(
        '修正版へ更新するか、更新できるまで通信の制限などの回避策をとる',
        'Update to the fixed version, or restrict traffic or similar until you can',
      ),
    ],
    who: 'asp',
    docUrl: TYPES_DOC,
  },
  {
    id: 'securityhub:type:Software and Configuration Checks',
    title: t('設定や構成の問題', 'A configuration problem'),
    meaning: t(
      'セキュリティ製品が、リソースの設定や構成に問題（不要な公開、推奨と異なる設定など）を見つけました。',
      "A security product found a problem in the resource's settings, such as needless exposure or a setting that differs from the recommendation.",
    ),
    steps: [
      t(
        '検出結果で対象のリソースと、製品が示す問題点と推奨を確認する',
        'Check the resource, the problem and the recommendation the product gives in the finding',
      ),
      t('推奨に沿って設定を変更する', 'Change the setting as recommended'),
      recordException,
    ],
    who: 'asp',
    docUrl: TYPES_DOC,
  },
  {
    id: 'securityhub:type:Sensitive Data Identifications',
    title: t('機密データの検出', 'Sensitive data found'),
    meaning: t(
      'Macie などの製品が、個人情報や認証情報などの機密データを S3 などの保存場所で見つけました。',
      'Macie or a similar product found sensitive data, such as personal data or credentials, in S3 or another store.',
    ),
    steps: [
      t(
        '検出結果で保存場所とデータの種類を確認する',
        'Check where the data is and what kind of data it is, in the finding',
      ),
      t(
        'その保存場所が公開されていないか、誰が読めるかを確認する',
        'Check whether the store is public and who can read it',
      ),
      t(
        '置くべきでないデータは移動・削除し、必要なら統合運用チームに報告する',
        'Move or delete data that should not be there, and report to the operations team if needed',
      ),
    ],
    who: 'asp',
    docUrl: TYPES_DOC,
  },
  {
    id: 'securityhub:type:TTPs',
    also: ['securityhub:type:Effects', 'securityhub:type:Unusual Behaviors'],
    title: t('攻撃に関係する動きの検出', 'Activity linked to an attack'),
    meaning: t(
      'セキュリティ製品が、攻撃の手口や影響に当たる動き、または普段と異なる動きを検知しました。',
      'A security product saw activity that matches attack techniques or effects, or that is unusual for the resource.',
    ),
    steps: [
      t(
        '検出結果で対象のリソース、関係する認証情報、接続元を確認する',
        'Check the resource, the credentials involved and the source in the finding',
      ),
      t(
        '担当者に心当たりを確認し、なければ認証情報を無効化してリソースを隔離する',
        'Ask the owner whether it is expected; if not, deactivate the credentials and isolate the resource',
      ),
      t('統合運用チームに連絡し、対応を決める', 'Tell the operations team and agree the response'),
    ],
    who: 'asp',
    docUrl: TYPES_DOC,
  },
];

const sourceLevel: readonly FirstResponseEntry[] = [
  {
    id: 'securityhub:control',
    title: t('セキュリティ基準のチェックに失敗', 'A security standard check failed'),
    meaning: t(
      'Security Hub のコントロールで、リソースの設定がセキュリティ基準を満たしていないと判定されました。',
      'A Security Hub control found that a resource setting does not meet the security standard.',
    ),
    steps: [
      t(
        'Security Hub コンソールでコントロールの説明と修復の手順を開き、対象のリソースを確認する',
        'Open the control in the Security Hub console, read its description and remediation, and identify the resource',
      ),
      t(
        '手順に沿って設定を推奨の値に変更する',
        'Change the setting to the recommended value, following the remediation',
      ),
      recordException,
    ],
    who: 'asp',
    docUrl: `${GUIDE}/securityhub-controls-reference.html`,
  },
  {
    id: 'securityhub:finding',
    title: t('Security Hub の検出結果', 'A Security Hub finding'),
    meaning: t(
      'Security Hub に検出結果が届きました。この種類に合わせた手順はまだカタログにないため、共通の手順を示します。',
      'Security Hub received a finding. The catalogue has no steps for this kind yet, so these are the common ones.',
    ),
    steps: [
      t(
        'Security Hub コンソールで検出結果を開き、製品名、対象のリソース、修復の説明を確認する',
        'Open the finding in the Security Hub console and read the product, the resource and the remediation text',
      ),
      t(
        '対象リソースの担当者に、想定された状態か確認する',
        'Ask the owner of the resource whether this state is expected',
      ),
      t('統合運用チームと対応を決める', 'Agree the response with the operations team'),
    ],
    who: 'team',
    docUrl: TYPES_DOC,
  },
];

export const securityhubEntries: readonly FirstResponseEntry[] = [
  ...iam,
  ...s3,
  ...ec2,
  ...logging,
  ...data,
  ...compute,
  ...SERVICES.map(serviceEntry),
  ...byType,
  ...sourceLevel,
];
