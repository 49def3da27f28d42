import type { FirstResponseEntry } from '../schema.js';
import { t } from './bilingual.js';

/**
 * AWS Health risk and abuse notices (`AWS_RISK_*`, `AWS_ABUSE_*`): AWS telling the account that its credentials
 * leaked or that its resources are reported for abuse. They are security matters, not outages (DESIGN §3). Keys:
 * `health:{eventTypeCode}`, then `health:AWS_RISK` / `health:AWS_ABUSE`, then `health:event`. When AWS finds an
 * exposed key it attaches a quarantine managed policy (AWSCompromisedKeyQuarantine…) to the user and opens a support
 * case; the steps leave that policy in place until the case says otherwise.
 */

export const healthEntries: readonly FirstResponseEntry[] = [
  {
    id: 'health:AWS_RISK_CREDENTIALS_EXPOSED',
    title: t('アクセスキーの漏えいを AWS が検知しました', 'AWS found an exposed access key'),
    meaning: t(
      'このアカウントの IAM アクセスキーが、公開のコードリポジトリなどインターネット上で見つかったと AWS から通知がありました。誰でもそのキーを使える状態です。',
      'AWS reports that an IAM access key of this account was found on the internet, for example in a public code repository. Anyone could use it.',
    ),
    steps: [
      t(
        '通知に書かれたアクセスキー ID から、持ち主の IAM ユーザーと使っている処理を特定する',
        'Find the IAM user that owns the access key ID in the notice, and the processes that use it',
      ),
      t(
        '新しいキーに差し替えてから、漏えいしたキーを無効化して削除する（AWS が付けた隔離用ポリシーはサポートケースの指示があるまで外さない）',
        'Switch to a new key, then deactivate and delete the exposed one (leave the quarantine policy AWS attached until the support case says otherwise)',
      ),
      t(
        'CloudTrail でそのキーによる操作を確認し、作成されたインスタンス、ユーザー、キーなどを削除する',
        'Review the calls made with the key in CloudTrail and remove the instances, users, keys and other resources it created',
      ),
      t(
        '公開された場所からキーを削除し、コードに認証情報を書かない仕組み（IAM ロール、Secrets Manager）に改める',
        'Remove the key from where it was published, and stop keeping credentials in code (use IAM roles or Secrets Manager)',
      ),
      t('AWS サポートのケースに対応内容を回答する', 'Reply to the AWS Support case with what was done'),
    ],
    who: 'asp',
    docUrl: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
  },
  {
    id: 'health:AWS_RISK',
    title: t('アカウントのセキュリティリスクの通知', 'A security risk notice for the account'),
    meaning: t(
      'AWS から、このアカウントの認証情報や設定にセキュリティ上のリスクがあると通知がありました。',
      "AWS reports a security risk in this account's credentials or settings.",
    ),
    steps: [
      t(
        'AWS Health ダッシュボードで通知の本文と対象のリソースを確認する',
        'Read the notice and the affected resources in the AWS Health Dashboard',
      ),
      t(
        '認証情報が関係する場合は、該当の認証情報を無効化して新しいものに差し替える',
        'If credentials are involved, deactivate them and switch to new ones',
      ),
      t(
        '通知の推奨事項に沿って対応し、サポートケースがあれば回答する',
        'Follow the recommendations in the notice, and reply to the support case if there is one',
      ),
    ],
    who: 'asp',
    docUrl: 'https://docs.aws.amazon.com/health/latest/ug/aws-health-concepts-and-terms.html',
  },
  {
    id: 'health:AWS_ABUSE',
    title: t('AWS から不正利用の報告がありました', 'AWS received an abuse report about the account'),
    meaning: t(
      'このアカウントのリソース（EC2 インスタンスなど）が、スパム送信、攻撃、不正なコンテンツの配信などに使われているという報告が AWS に届きました。放置するとリソースが止められることがあります。',
      "AWS received a report that this account's resources (an EC2 instance, for example) are sending spam, attacking others or serving illicit content. Left alone, AWS may stop the resources.",
    ),
    steps: [
      t(
        'AWS Health ダッシュボードで報告の内容と対象のリソース（IP アドレスなど）を確認する',
        'Read the report and the resources named in it (IP addresses and so on) in the AWS Health Dashboard',
      ),
      t(
        '報告された動きが業務によるものか確認し、そうでなければリソースを隔離して乗っ取りとして調べる',
        'Check whether the reported activity is the workload’s own; if not, isolate the resource and investigate it as a takeover',
      ),
      t(
        '原因を取り除いた後、期限までに AWS へ対応内容を回答する（回答は統合運用チームと調整する）',
        'Once the cause is removed, reply to AWS with what was done before the deadline (agree the reply with the operations team)',
      ),
    ],
    who: 'asp',
    docUrl: 'https://docs.aws.amazon.com/health/latest/ug/aws-health-concepts-and-terms.html',
  },
  {
    id: 'health:event',
    title: t('AWS Health の通知', 'An AWS Health notice'),
    meaning: t(
      'AWS から、このアカウントに関係するサービスの障害、予定された変更、またはお知らせが届きました。',
      'AWS sent a notice about a service issue, a scheduled change or other news that concerns this account.',
    ),
    steps: [
      t(
        'AWS Health ダッシュボードで通知の本文と影響を受けるリソースを確認する',
        'Read the notice and the affected resources in the AWS Health Dashboard',
      ),
      t(
        '業務への影響を確認し、必要な関係者に共有する',
        'Work out the impact on the business and share it with those who need to know',
      ),
      t(
        '通知に推奨の対応（再起動、移行など）があれば、期限までに実施する',
        'If the notice recommends an action (a restart, a migration), do it before the deadline',
      ),
    ],
    who: 'asp',
    docUrl: 'https://docs.aws.amazon.com/health/latest/ug/aws-health-concepts-and-terms.html',
  },
];
