import type { FirstResponseEntry } from '../schema.js';
import { t } from './bilingual.js';

/**
 * GuardDuty, by finding family. A finding type reads `ThreatPurpose:ResourceType/ThreatFamily.Mechanism!Artifact`;
 * the lookup tries the exact type, then `guardduty:{Purpose}:{ResourceType}`, then `guardduty:purpose:{Purpose}`,
 * then `guardduty:resource:{ResourceType}`, then `guardduty:finding`. Facts from the GuardDuty User Guide (finding
 * types by resource, attack sequences, remediation pages); the wording is ours.
 *
 * `who`: the ASP runs the workload (instances, buckets, databases, functions, the application's IAM principals) and
 * takes its first steps; the team takes account-wide ones (root, logging, attack sequences that need both parties).
 */

const GUIDE = 'https://docs.aws.amazon.com/guardduty/latest/ug';

const revokeRoleSessions = t(
  '該当の IAM ロールは、IAM コンソールで「アクティブなセッションの取り消し」を実行する',
  "For an IAM role, revoke its active sessions in the IAM console ('Revoke active sessions')",
);

const isolateInstance = t(
  'インスタンスを、通信をすべて拒否する調査用のセキュリティグループに付け替えて隔離する',
  'Isolate the instance by switching it to an investigation security group that denies all traffic',
);

const snapshotForInvestigation = t(
  '調査のため EBS ボリュームのスナップショットを取得する（インスタンスはまだ削除しない）',
  'Take snapshots of its EBS volumes for the investigation (do not delete the instance yet)',
);

const jointResponse = t(
  'ASP と統合運用チームで対応体制を組み、影響範囲（データ、他のアカウント）を確認する',
  'Set up a joint response between the ASP and the operations team and establish the impact (data, other accounts)',
);

export const guarddutyEntries: readonly FirstResponseEntry[] = [
  // ── IAM credentials ───────────────────────────────────────────────────────────────────────────────
  {
    id: 'guardduty:UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
    also: ['guardduty:UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS'],
    title: t(
      'EC2 のロール認証情報がインスタンスの外で使われています',
      'EC2 role credentials are being used away from their instance',
    ),
    meaning: t(
      'EC2 インスタンスに付けた IAM ロールの一時認証情報が、AWS の外の IP アドレス、または別の AWS アカウントから使われました。インスタンスから認証情報が盗まれた可能性があります。',
      'Temporary credentials of the IAM role attached to an EC2 instance were used from an IP address outside AWS or from another AWS account. They may have been stolen from the instance.',
    ),
    steps: [
      t(
        '検出結果から該当のインスタンスと IAM ロールを特定し、その接続元からの利用に心当たりがないか確認する',
        'Identify the instance and the IAM role from the finding, and check whether anyone expected use from that source',
      ),
      t(
        '心当たりがなければ、IAM コンソールで該当ロールの「アクティブなセッションの取り消し」を実行する',
        "If nobody did, revoke the role's active sessions in the IAM console",
      ),
      t(
        'CloudTrail でこのロールが実行した操作を確認し、作成・変更されたリソースを洗い出す',
        'Review in CloudTrail what the role did, and list the resources it created or changed',
      ),
      t(
        'インスタンス上のアプリケーション（SSRF などの脆弱性）を調べ、インスタンスメタデータを IMDSv2 必須にする',
        'Look for the way in on the instance (an SSRF flaw in the application, for example) and require IMDSv2 for instance metadata',
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/guardduty_finding-types-iam.html#unauthorizedaccess-iam-instancecredentialexfiltrationoutsideaws`,
  },
  {
    id: 'guardduty:UnauthorizedAccess:IAMUser',
    title: t('IAM 認証情報の不審な利用', 'Suspicious use of IAM credentials'),
    meaning: t(
      'IAM ユーザーまたはロールの認証情報が、悪意のある IP アドレスや Tor など、普段と異なる場所から使われました。認証情報が漏えいしている可能性があります。',
      'The credentials of an IAM user or role were used from an unusual place, such as a known malicious IP address or Tor. They may have leaked.',
    ),
    steps: [
      t(
        '検出結果のリソース欄でアクセスキー ID とユーザー名（またはロール名）を確認し、本人に利用の有無を確認する',
        "Find the access key ID and the user (or role) name in the finding's resource section, and ask the owner whether they made these calls",
      ),
      t(
        '本人の利用でなければ、該当の IAM アクセスキーを無効化する',
        'If the owner did not, deactivate the IAM access key',
      ),
      revokeRoleSessions,
      t(
        'CloudTrail でこの認証情報による操作を確認し、作成されたユーザー、キー、リソースを削除する',
        'Review the calls made with these credentials in CloudTrail and remove the users, keys and resources they created',
      ),
      t(
        '新しいアクセスキーを発行してアプリケーションの設定を差し替えてから、古いキーを削除する',
        'Issue a new access key, switch the application to it, then delete the old key',
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/compromised-creds.html`,
  },
  {
    id: 'guardduty:PrivilegeEscalation:IAMUser',
    also: ['guardduty:Persistence:IAMUser'],
    title: t('IAM 権限の不審な変更', 'Suspicious changes to IAM permissions'),
    meaning: t(
      'IAM のユーザー、ロール、ポリシーが普段と異なる形で作成・変更されました。攻撃者が権限を広げたり、後で再び入るための手段を残したりしている可能性があります。',
      'IAM users, roles or policies were created or changed in an unusual way. An attacker may be widening their rights or leaving a way back in.',
    ),
    steps: [
      t(
        'CloudTrail で、変更した主体と変更内容（ポリシーのアタッチ、ユーザーやアクセスキーの作成など）を確認する',
        'In CloudTrail, find who made the change and what changed (policies attached, users or access keys created)',
      ),
      t(
        '意図しない変更であれば、その主体のアクセスキーを無効化するか、ロールのセッションを取り消す',
        "If the change was not intended, deactivate that principal's access keys or revoke its role sessions",
      ),
      t(
        '追加されたポリシー、ユーザー、アクセスキーを元に戻すか削除する',
        'Revert or delete the policies, users and access keys that were added',
      ),
      t(
        '統合運用チームに連絡し、同じ主体による他のアカウントでの操作がないか確認を依頼する',
        'Tell the operations team and ask them to check for activity by the same principal in other accounts',
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/compromised-creds.html`,
  },
  {
    id: 'guardduty:Stealth:IAMUser',
    also: ['guardduty:DefenseEvasion:IAMUser'],
    title: t('ログ記録や監視が止められました', 'Logging or monitoring was turned off or weakened'),
    meaning: t(
      'CloudTrail のログ記録の停止やパスワードポリシーの緩和など、監視や防御を弱める操作が行われました。攻撃者が痕跡を隠そうとしている可能性があります。',
      'Someone stopped CloudTrail logging, relaxed the password policy or made a similar change that weakens monitoring or defences. An attacker may be covering their tracks.',
    ),
    steps: [
      t(
        'CloudTrail で操作した主体と時刻を確認し、計画された作業かどうか確かめる',
        'Find who made the change and when, in CloudTrail, and whether it was planned work',
      ),
      t(
        '計画外であれば、止められたログ記録や緩められた設定をすぐに元に戻す',
        'If it was not planned, restore the stopped logging or the relaxed setting at once',
      ),
      t(
        '操作した主体の認証情報を無効化し、同じ主体が行った他の操作を調べる',
        'Deactivate the credentials of that principal and review its other actions',
      ),
    ],
    who: 'team',
    docUrl: `${GUIDE}/guardduty_finding-types-iam.html`,
  },
  {
    id: 'guardduty:Policy:IAMUser',
    title: t('ルートユーザーの認証情報が使われました', 'Root user credentials were used'),
    meaning: t(
      'アカウントのルートユーザーで API の呼び出しやサインインが行われました。ルートユーザーは通常の運用では使わないため、計画外であればアカウントが乗っ取られている可能性があります。',
      "The account's root user made API calls or signed in. Root is not used in normal operations, so unplanned use may mean the account has been taken over.",
    ),
    steps: [
      t(
        'ルートユーザーの利用が、申請・承認された作業によるものか確認する',
        'Check whether the root use was part of requested and approved work',
      ),
      t(
        '計画外であれば、ルートユーザーのパスワードを変更し、登録済みの MFA デバイスを確認する',
        'If not, change the root password and check the registered MFA devices',
      ),
      t(
        'ルートユーザーのアクセスキーがあれば、無効化してから削除する',
        'If the root user has access keys, deactivate and then delete them',
      ),
      t(
        'CloudTrail でルートユーザーが行った操作を確認し、不審な変更を元に戻す',
        "Review the root user's actions in CloudTrail and revert suspicious changes",
      ),
    ],
    who: 'team',
    docUrl: `${GUIDE}/guardduty_finding-types-iam.html#policy-iam-rootcredentialusage`,
  },
  {
    id: 'guardduty:purpose:PenTest',
    title: t('侵入テスト用ツールからの操作', 'Calls from a penetration-testing tool'),
    meaning: t(
      'Kali Linux などの侵入テスト用 OS から、このアカウントの認証情報を使った API 呼び出しが行われました。許可された診断でなければ攻撃の可能性があります。',
      "API calls were made with this account's credentials from a penetration-testing system such as Kali Linux. Unless it is an authorised test, it may be an attack.",
    ),
    steps: [
      t(
        '脆弱性診断や侵入テストが予定されていたか、実施者と期間を確認する',
        'Check whether a vulnerability assessment or penetration test was scheduled, by whom and for when',
      ),
      t(
        '予定外であれば、検出結果に出ているアクセスキーを無効化する（ロールならセッションを取り消す）',
        'If not, deactivate the access key in the finding (for a role, revoke its sessions)',
      ),
      t(
        'CloudTrail でその認証情報による操作を確認し、影響を受けたリソースを洗い出す',
        'Review the calls made with those credentials in CloudTrail and list the resources affected',
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/guardduty_finding-types-iam.html`,
  },
  {
    id: 'guardduty:resource:IAMUser',
    title: t('IAM 認証情報による普段と異なる操作', 'Unusual activity with IAM credentials'),
    meaning: t(
      'IAM ユーザーまたはロールが、権限の調査、データの取得、リソースの削除など、普段と異なる API 呼び出しを行いました。認証情報が悪用されている可能性があります。',
      'An IAM user or role made API calls unlike its usual ones, such as probing permissions, reading data or deleting resources. Its credentials may be misused.',
    ),
    steps: [
      t(
        '検出結果から IAM エンティティと呼び出された API を特定し、担当者に心当たりを確認する',
        'Identify the IAM entity and the API calls from the finding, and ask the owner whether they are expected',
      ),
      t(
        '心当たりがなければ、該当のアクセスキーを無効化するか、ロールのセッションを取り消す',
        "If not, deactivate the access key or revoke the role's sessions",
      ),
      t(
        'CloudTrail で同じ認証情報による他の操作を確認し、変更されたリソースを元に戻す',
        'Review other calls made with the same credentials in CloudTrail and restore what was changed',
      ),
      t(
        '該当エンティティの権限を、業務に必要な最小限に見直す',
        "Reduce the entity's permissions to what the work needs",
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/compromised-creds.html`,
  },

  // ── EC2 instances ─────────────────────────────────────────────────────────────────────────────────
  {
    id: 'guardduty:Backdoor:EC2',
    also: ['guardduty:Trojan:EC2', 'guardduty:Impact:EC2'],
    title: t('EC2 インスタンスが乗っ取られている可能性', 'An EC2 instance may have been taken over'),
    meaning: t(
      'EC2 インスタンスが、攻撃者の指令サーバーとの通信、スパム送信、他者への DoS 攻撃など、乗っ取られたインスタンスに特有の通信を行っています。',
      'An EC2 instance is talking to a command-and-control server, sending spam, attacking others with denial of service or doing other traffic typical of a taken-over instance.',
    ),
    steps: [
      t('検出結果からインスタンスを特定する', 'Identify the instance from the finding'),
      isolateInstance,
      snapshotForInvestigation,
      t(
        'インスタンスの IAM ロールのセッションを取り消し、インスタンス上の認証情報やパスワードを変更する',
        "Revoke the sessions of the instance's IAM role and change the credentials and passwords kept on it",
      ),
      t(
        '侵入の原因（脆弱なソフトウェア、開いていたポートなど）を調べ、修正したイメージからインスタンスを作り直す',
        'Find how it got in (vulnerable software, an open port) and rebuild the instance from a fixed image',
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/compromised-ec2.html`,
  },
  {
    id: 'guardduty:CryptoCurrency:EC2',
    title: t(
      'EC2 インスタンスで暗号資産マイニングの疑い',
      'Possible cryptocurrency mining on an EC2 instance',
    ),
    meaning: t(
      'EC2 インスタンスが、暗号資産の取引やマイニングに関係するドメインや IP アドレスと通信しています。業務で使っていなければ、乗っ取られて不正に使われている可能性があります。',
      'An EC2 instance is talking to domains or IP addresses linked to cryptocurrency trading or mining. If the workload does not do this, the instance may have been taken over.',
    ),
    steps: [
      t(
        '業務で暗号資産に関係する通信を行うことがあるか確認する（通常はありません）',
        'Check whether the workload ever makes cryptocurrency-related connections (normally it does not)',
      ),
      isolateInstance,
      t(
        'スナップショットを取得してから、見覚えのないプロセスと侵入経路を調べる',
        'Take snapshots, then look for the unknown process and how it got onto the instance',
      ),
      t(
        '修正したイメージからインスタンスを作り直し、インスタンスが持っていた認証情報を変更する',
        'Rebuild the instance from a fixed image and change the credentials it held',
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/guardduty_finding-types-ec2.html`,
  },
  {
    id: 'guardduty:UnauthorizedAccess:EC2',
    also: ['guardduty:Recon:EC2'],
    title: t('インターネットから EC2 インスタンスへの攻撃', 'Attacks on an EC2 instance from the internet'),
    meaning: t(
      'インターネットからインスタンスに対して、SSH や RDP のパスワード総当たり、ポートスキャンなどが行われています。必要のないポートが外部に開いている可能性があります。',
      'The instance is being hit from the internet with SSH or RDP password guessing, port scans and the like. A port may be open that does not need to be.',
    ),
    steps: [
      t(
        '検出結果で狙われたポートと接続元を確認する',
        'Check the targeted port and the source in the finding',
      ),
      t(
        'セキュリティグループを見直し、管理用ポート（22、3389 など）を 0.0.0.0/0 に開けないようにする',
        'Review the security groups and stop exposing admin ports (22, 3389 and so on) to 0.0.0.0/0',
      ),
      t(
        '管理のための接続には、ポートを開けずに済む Systems Manager Session Manager などを使う',
        'Use Systems Manager Session Manager or another way that needs no open port for admin access',
      ),
      t(
        'OS のログでログイン成功の記録がないか確認し、あれば乗っ取られたインスタンスとして対応する',
        'Check the OS logs for successful logins; if there are any, handle it as a taken-over instance',
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/guardduty_finding-types-ec2.html`,
  },
  {
    id: 'guardduty:Execution:EC2',
    title: t('EC2 インスタンスでマルウェアを検出', 'Malware found on an EC2 instance'),
    meaning: t(
      'GuardDuty のマルウェアスキャンで、EC2 インスタンス（またはその上のコンテナ）の EBS ボリュームから悪意のあるファイルが見つかりました。',
      "GuardDuty's malware scan found a malicious file on the EBS volumes of an EC2 instance (or of a container running on it).",
    ),
    steps: [
      t(
        '検出結果の「検出された脅威」で、ファイル名、パス、脅威名を確認する',
        "Read the file names, paths and threat names in the finding's detected threats",
      ),
      isolateInstance,
      snapshotForInvestigation,
      t(
        'ファイルが持ち込まれた経路を調べ、同じイメージから作られた他のインスタンスも確認する',
        'Find how the file got there and check the other instances built from the same image',
      ),
      t(
        'クリーンなイメージからインスタンスを作り直し、インスタンスが持っていた認証情報を変更する',
        'Rebuild the instance from a clean image and change the credentials it held',
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/findings-malware-protection.html`,
  },
  {
    id: 'guardduty:Execution:EC2/MaliciousFile!Snapshot',
    also: [
      'guardduty:Execution:EC2/MaliciousFile!AMI',
      'guardduty:Execution:EC2/MaliciousFile!RecoveryPoint',
      'guardduty:Execution:S3/MaliciousFile!RecoveryPoint',
    ],
    title: t('バックアップやイメージにマルウェア', 'Malware in a backup or machine image'),
    meaning: t(
      'EBS スナップショット、AMI、または AWS Backup の復旧ポイントのスキャンで、悪意のあるファイルが見つかりました。そこから復元や起動をすると、感染を持ち込むことになります。',
      'A scan of an EBS snapshot, an AMI or an AWS Backup recovery point found a malicious file. Restoring or launching from it would bring the infection back.',
    ),
    steps: [
      t(
        '検出結果で対象のスナップショット、AMI、復旧ポイントと脅威名を確認する',
        'Identify the snapshot, AMI or recovery point and the threat names in the finding',
      ),
      t(
        '対象からの復元や起動を止め、他のアカウントへの共有があれば解除する',
        'Stop restoring or launching from it, and remove any sharing with other accounts',
      ),
      t(
        '元になったインスタンスやバケットが今も感染していないか確認する',
        'Check whether the source instance or bucket is still infected',
      ),
      t(
        '感染前のクリーンなバックアップを特定し、感染したバックアップは不要になった時点で削除する',
        'Find the last clean backup, and delete the infected ones once they are no longer needed',
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/findings-malware-protection-backup.html`,
  },
  {
    id: 'guardduty:resource:EC2',
    title: t('EC2 インスタンスに関する不審な動き', 'Suspicious activity involving an EC2 instance'),
    meaning: t(
      'EC2 インスタンスについて、侵入や悪用を示す可能性のある通信や動作が検知されました。',
      'GuardDuty saw traffic or behaviour around an EC2 instance that may mean it was broken into or misused.',
    ),
    steps: [
      t(
        '検出結果でインスタンスと通信の相手を確認し、業務として想定された動きか確かめる',
        'Identify the instance and the other party in the finding, and check whether the workload is expected to do this',
      ),
      isolateInstance,
      snapshotForInvestigation,
      t(
        '必要に応じて、修正したイメージからインスタンスを作り直す',
        'Where needed, rebuild the instance from a fixed image',
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/compromised-ec2.html`,
  },

  // ── S3 buckets and objects ────────────────────────────────────────────────────────────────────────
  {
    id: 'guardduty:Object:S3',
    title: t('S3 にアップロードされたファイルにマルウェア', 'Malware in a file uploaded to S3'),
    meaning: t(
      'S3 のマルウェア保護が、バケットに新しくアップロードされたオブジェクトを悪意のあるファイルと判定しました。',
      'Malware Protection for S3 judged an object newly uploaded to the bucket to be malicious.',
    ),
    steps: [
      t(
        '検出結果でバケット名、オブジェクトキー、脅威名を確認する',
        'Check the bucket, the object key and the threat name in the finding',
      ),
      t(
        '利用者や後続の処理が読み込まないよう、オブジェクトを隔離用の場所に移すか削除する',
        'Move the object to a quarantine location or delete it, so that no user or downstream process reads it',
      ),
      t(
        '誰がアップロードしたかを CloudTrail やアクセスログで確認し、アップロード元に連絡する',
        'Find who uploaded it, from CloudTrail or the access logs, and contact the uploader',
      ),
      t(
        'すでにそのファイルを読み込んだ処理や利用者がいないか確認する',
        'Check whether any process or user has already read the file',
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/compromised-s3object-malware-protection-gdu.html`,
  },
  {
    id: 'guardduty:Policy:S3',
    title: t('S3 バケットの公開設定が変更されました', "An S3 bucket's exposure settings were changed"),
    meaning: t(
      'バケットのパブリックアクセスブロックが無効にされたか、匿名のアクセスを許す設定が加えられました。データが誰でも読める状態になっている可能性があります。',
      'Block Public Access was turned off for a bucket, or a setting that allows anonymous access was added. The data may be readable by anyone.',
    ),
    steps: [
      t('CloudTrail で、変更した主体と変更内容を確認する', 'Find who changed what, in CloudTrail'),
      t(
        '公開が業務上必要でなければ、バケットのパブリックアクセスブロックを有効に戻す',
        'Unless the business needs the bucket public, turn Block Public Access back on for it',
      ),
      t(
        'バケットポリシーと ACL から、不要な公開許可を削除する',
        'Remove unneeded public grants from the bucket policy and the ACLs',
      ),
      t(
        '公開されていた間に外部から取得されたデータがないか、アクセスログで確認する',
        'Check the access logs for data taken by outsiders while the bucket was open',
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/compromised-s3.html`,
  },
  {
    id: 'guardduty:resource:S3',
    title: t('S3 バケットへの不審なアクセス', 'Unusual access to an S3 bucket'),
    meaning: t(
      'S3 バケットで、普段と異なる主体や場所からの一覧取得、読み取り、削除などが行われました。データの持ち出しや破壊の可能性があります。',
      'Listing, reading or deleting in an S3 bucket came from an unusual principal or place. Data may be being taken or destroyed.',
    ),
    steps: [
      t(
        '検出結果でバケットと操作した IAM エンティティを特定し、担当者に心当たりを確認する',
        'Identify the bucket and the IAM entity from the finding, and ask its owner whether the activity is expected',
      ),
      t(
        '心当たりがなければ、その認証情報を無効化するか、ロールのセッションを取り消す',
        "If not, deactivate those credentials or revoke the role's sessions",
      ),
      t(
        'バケットポリシーとパブリックアクセスの設定を確認し、不要なアクセスを閉じる',
        'Review the bucket policy and the public access settings and close access that is not needed',
      ),
      t(
        'CloudTrail のデータイベントやアクセスログで、読み取り・削除されたオブジェクトを洗い出す',
        'List the objects read or deleted, from CloudTrail data events or the access logs',
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/compromised-s3.html`,
  },

  // ── Containers: EKS audit logs, Runtime Monitoring, container malware ────────────────────────────
  {
    id: 'guardduty:resource:Kubernetes',
    title: t('EKS クラスターでの不審な操作', 'Suspicious activity in an EKS cluster'),
    meaning: t(
      'Kubernetes の監査ログに、匿名のアクセス、特権コンテナの起動、権限の不審な変更など、クラスターの乗っ取りにつながる操作が記録されています。',
      'The Kubernetes audit logs show anonymous access, privileged containers being started, suspicious permission changes or other actions that can lead to a cluster takeover.',
    ),
    steps: [
      t(
        '検出結果でクラスター、名前空間、ユーザー（サービスアカウント）、ポッドを確認する',
        'Check the cluster, namespace, user (service account) and pod in the finding',
      ),
      t(
        '心当たりのない操作であれば、該当ユーザーの RBAC 権限を外し、関係するポッドを停止する',
        "If the action is unexpected, remove the user's RBAC permissions and stop the pods involved",
      ),
      t(
        '匿名のアクセスを許す RoleBinding や、外部に公開されたエンドポイントがあれば閉じる',
        'Close any RoleBinding that lets anonymous users in, and any endpoint exposed to the outside',
      ),
      t(
        'ワーカーノードとコンテナイメージに侵入の痕跡がないか確認する',
        'Check the worker nodes and the container images for signs of intrusion',
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/guardduty-finding-types-eks-audit-logs.html`,
  },
  {
    id: 'guardduty:PrivilegeEscalation:Runtime',
    title: t('コンテナからホストへ抜け出そうとする動き', 'A container may be breaking out to its host'),
    meaning: t(
      'コンテナ内のプロセスが、Docker ソケットへのアクセスやホストのディレクトリのマウントなど、ホスト側の権限を得ようとする動きをしました。',
      "A process in a container tried to gain rights on the host, for example by opening the Docker socket or mounting the host's directories.",
    ),
    steps: [
      t(
        '検出結果でコンテナ、ポッド（タスク）、ノードを特定し、該当のワークロードをすぐに停止する',
        'Identify the container, pod (or task) and node from the finding and stop the workload at once',
      ),
      t(
        'ノード（ホスト）も侵害されたものとして隔離し、調査の後に作り直す',
        'Treat the node (host) as compromised: isolate it, and rebuild it after the investigation',
      ),
      t(
        '特権コンテナやホストパスのマウントを許している設定を見直す',
        'Review the settings that allow privileged containers or host path mounts',
      ),
      t(
        'ノードとワークロードの IAM ロールのセッションを取り消す',
        'Revoke the sessions of the node and workload IAM roles',
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/findings-runtime-monitoring.html`,
  },
  {
    id: 'guardduty:resource:Runtime',
    title: t('コンテナやインスタンス内での不審な動き', 'Suspicious behaviour inside a container or instance'),
    meaning: t(
      'GuardDuty のランタイム監視エージェントが、EKS、ECS、EC2 のワークロード内で、新しい実行ファイルの起動、リバースシェル、不審なドメインとの通信などを検知しました。',
      'The GuardDuty runtime agent saw a new binary start, a reverse shell, calls to suspicious domains or similar behaviour inside an EKS, ECS or EC2 workload.',
    ),
    steps: [
      t(
        '検出結果でクラスター、タスク、ポッド、インスタンスとプロセス名を確認する',
        'Identify the cluster, task, pod or instance and the process name in the finding',
      ),
      t(
        '想定外の動きであれば、該当のタスクやポッドを停止するか、インスタンスを隔離する',
        'If the behaviour is unexpected, stop the task or pod, or isolate the instance',
      ),
      t(
        '使われていたコンテナイメージに脆弱性や改ざんがないか確認し、修正したイメージで置き換える',
        'Check the container image for vulnerabilities or tampering and replace it with a fixed image',
      ),
      t(
        'ワークロードの IAM ロールのセッションを取り消し、シークレットを変更する',
        "Revoke the sessions of the workload's IAM role and rotate its secrets",
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/findings-runtime-monitoring.html`,
  },
  {
    id: 'guardduty:Execution:ECS/MaliciousFile',
    also: ['guardduty:Execution:Container/MaliciousFile', 'guardduty:Execution:Kubernetes/MaliciousFile'],
    title: t('コンテナでマルウェアを検出', 'Malware found in a container'),
    meaning: t(
      'マルウェアスキャンで、ECS のタスクや Kubernetes のコンテナなどのファイルシステムから悪意のあるファイルが見つかりました。',
      'A malware scan found a malicious file in the file system of an ECS task, a Kubernetes container or another container.',
    ),
    steps: [
      t(
        '検出結果でコンテナ、タスク（ポッド）、イメージと脅威名を確認する',
        'Identify the container, task (or pod), image and threat name in the finding',
      ),
      t(
        '該当のタスクやポッドを停止し、同じイメージを使う他のワークロードも確認する',
        'Stop the task or pod, and check the other workloads that use the same image',
      ),
      t(
        'イメージのビルド元にマルウェアが含まれていないか調べ、クリーンなイメージで作り直す',
        "Check the image's build sources for the malware and rebuild from a clean image",
      ),
      t(
        'ワークロードの認証情報（IAM ロールのセッション、シークレット）を変更する',
        "Rotate the workload's credentials (IAM role sessions, secrets)",
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/findings-malware-protection.html`,
  },

  // ── RDS and Lambda ────────────────────────────────────────────────────────────────────────────────
  {
    id: 'guardduty:resource:RDS',
    title: t('データベースへの不審なログイン', 'Suspicious logins to a database'),
    meaning: t(
      'Aurora などのデータベースで、普段と異なる場所からのログイン、ログイン失敗の急増、悪意のある IP アドレスからのログインが見られます。',
      'A database such as Aurora shows logins from unusual places, a burst of failed logins, or logins from known malicious IP addresses.',
    ),
    steps: [
      t(
        '検出結果でデータベース、ユーザー名、接続元を確認し、担当者に心当たりを確認する',
        'Check the database, user name and source in the finding, and ask the owner whether the logins are expected',
      ),
      t(
        '心当たりがなければ、該当のデータベースユーザーのパスワードを変更する',
        "If not, change the database user's password",
      ),
      t(
        'セキュリティグループなどで、接続できる相手をアプリケーションの範囲に絞る',
        "Limit who can connect (security groups and so on) to the application's own range",
      ),
      t(
        '監査ログで、そのユーザーが参照・変更したデータを確認する',
        'Review the audit logs for data that user read or changed',
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/guardduty-remediate-compromised-database-rds.html`,
  },
  {
    id: 'guardduty:resource:Lambda',
    title: t('Lambda 関数の不審な通信', 'Suspicious network traffic from a Lambda function'),
    meaning: t(
      'Lambda 関数が、暗号資産のマイニングや攻撃者の指令サーバーに関係する宛先と通信しています。関数のコードやライブラリが改ざんされている可能性があります。',
      "A Lambda function is talking to destinations linked to cryptocurrency mining or attackers' command servers. Its code or libraries may have been tampered with.",
    ),
    steps: [
      t(
        '検出結果で関数名とバージョンを確認し、コード、ライブラリ、レイヤーに見覚えのない変更がないか調べる',
        'Identify the function and version from the finding, and look for unknown changes in its code, libraries and layers',
      ),
      t(
        '想定外であれば、関数のトリガーを無効にして実行を止める',
        "If the traffic is unexpected, disable the function's triggers to stop it running",
      ),
      t(
        'CloudTrail で関数を更新した主体を確認し、その認証情報に問題がないか調べる',
        'Find in CloudTrail who last updated the function, and check their credentials',
      ),
      t(
        '確認済みのコードで関数をデプロイし直し、実行ロールの権限を見直す',
        "Redeploy the function from verified code and review the execution role's permissions",
      ),
    ],
    who: 'asp',
    docUrl: `${GUIDE}/remediate-lambda-protection-finding-types.html`,
  },

  // ── Attack sequences (Extended Threat Detection) ──────────────────────────────────────────────────
  {
    id: 'guardduty:AttackSequence:IAM/CompromisedCredentials',
    title: t('一連の攻撃を検知（認証情報の悪用）', 'Attack sequence: misuse of credentials'),
    meaning: t(
      '複数の不審な操作と検出結果のつながりから、盗まれた認証情報を使った攻撃が進行中、または最近行われたと GuardDuty が判断しました。最も緊急度の高い検出です。',
      'GuardDuty linked several suspicious actions and findings and concluded that an attack with stolen credentials is under way or happened recently. It is among the most urgent findings.',
    ),
    steps: [
      t(
        '検出結果の「シグナル」と「アクター」で、使われた認証情報、接続元、操作の流れを確認する',
        'Read the signals and actors in the finding to see which credentials, sources and sequence of actions were involved',
      ),
      t(
        '関係する IAM ユーザーのアクセスキーを無効化し、ロールのアクティブなセッションを取り消す',
        'Deactivate the access keys of the IAM users involved and revoke the active sessions of the roles',
      ),
      t(
        '攻撃者が作成したユーザー、キー、ロール、リソースを CloudTrail で洗い出して無効化する',
        'List, from CloudTrail, the users, keys, roles and resources the attacker created, and disable them',
      ),
      jointResponse,
    ],
    who: 'team',
    docUrl: `${GUIDE}/guardduty-attack-sequence-finding-types.html#attack-sequence-iam-compromised-credentials`,
  },
  {
    id: 'guardduty:AttackSequence:S3/CompromisedData',
    title: t('一連の攻撃を検知（S3 のデータ侵害）', 'Attack sequence: S3 data compromised'),
    meaning: t(
      '認証情報の悪用に続いて S3 のデータの持ち出し、削除、暗号化などが見られ、データを狙った攻撃（ランサムウェアを含む）が進行中の可能性があります。',
      'Misuse of credentials followed by S3 data being copied out, deleted or encrypted suggests an attack on the data, possibly ransomware, is under way.',
    ),
    steps: [
      t(
        '検出結果で対象のバケットと使われた認証情報を確認する',
        'Identify the buckets and the credentials used, from the finding',
      ),
      t(
        '使われた認証情報を無効化し、ロールのセッションを取り消す',
        'Deactivate the credentials used and revoke the role sessions',
      ),
      t(
        'バケットの公開設定とバケットポリシーを確認し、不要なアクセスを閉じる',
        'Check the public access settings and bucket policies and close access that is not needed',
      ),
      t(
        'バージョニングやバックアップから、削除・変更されたデータを復旧できるか確認する',
        'Check whether deleted or changed data can be restored from object versions or backups',
      ),
      jointResponse,
    ],
    who: 'team',
    docUrl: `${GUIDE}/guardduty-attack-sequence-finding-types.html#attack-sequence-s3-compromised-data`,
  },
  {
    id: 'guardduty:AttackSequence:EKS/CompromisedCluster',
    title: t('一連の攻撃を検知（EKS クラスターの侵害）', 'Attack sequence: EKS cluster compromised'),
    meaning: t(
      'EKS クラスター内の不審な動きと認証情報の悪用が続けて見られ、クラスターが乗っ取られている可能性があります。',
      'Suspicious behaviour inside an EKS cluster and misuse of credentials were seen one after the other; the cluster may have been taken over.',
    ),
    steps: [
      t(
        '検出結果でクラスター、ポッド、使われたサービスアカウントと IAM ロールを確認する',
        'Identify the cluster, pods, service accounts and IAM roles involved, from the finding',
      ),
      t(
        '関係するポッドを隔離または停止し、サービスアカウントの権限を外す',
        "Isolate or stop the pods involved and remove the service accounts' permissions",
      ),
      t(
        '関係する IAM ロールのセッションを取り消し、シークレットを変更する',
        'Revoke the sessions of the IAM roles involved and rotate the secrets',
      ),
      jointResponse,
    ],
    who: 'team',
    docUrl: `${GUIDE}/guardduty-attack-sequence-finding-types.html#attack-sequence-eks-compromised-cluster`,
  },
  {
    id: 'guardduty:AttackSequence:ECS/CompromisedCluster',
    title: t('一連の攻撃を検知（ECS クラスターの侵害）', 'Attack sequence: ECS cluster compromised'),
    meaning: t(
      'ECS のタスク内の不審な動きと認証情報の悪用が続けて見られ、クラスターが乗っ取られている可能性があります。',
      'Suspicious behaviour inside ECS tasks and misuse of credentials were seen one after the other; the cluster may have been taken over.',
    ),
    steps: [
      t(
        '検出結果でクラスター、サービス、タスク、使われたタスクロールを確認する',
        'Identify the cluster, services, tasks and task roles involved, from the finding',
      ),
      t(
        '関係するタスクを停止し、サービスの必要数を一時的に 0 にして再起動を防ぐ',
        'Stop the tasks involved and set the service’s desired count to 0 for now so they do not restart',
      ),
      t(
        'タスクロールのセッションを取り消し、タスクが使っていたシークレットを変更する',
        'Revoke the task role sessions and rotate the secrets the tasks used',
      ),
      jointResponse,
    ],
    who: 'team',
    docUrl: `${GUIDE}/guardduty-attack-sequence-finding-types.html#attack-sequence-ecs-compromised-cluster`,
  },
  {
    id: 'guardduty:AttackSequence:EC2/CompromisedInstanceGroup',
    title: t(
      '一連の攻撃を検知（複数の EC2 インスタンスの侵害）',
      'Attack sequence: group of EC2 instances compromised',
    ),
    meaning: t(
      '同じ役割を持つ複数の EC2 インスタンスで不審な動きが続けて見られ、インスタンス群がまとめて乗っ取られている可能性があります。',
      'Suspicious behaviour was seen across several EC2 instances that share a role; the group may have been taken over together.',
    ),
    steps: [
      t(
        '検出結果で関係するインスタンス、Auto Scaling グループ、IAM ロールを確認する',
        'Identify the instances, Auto Scaling group and IAM roles involved, from the finding',
      ),
      t(
        'インスタンスを隔離用のセキュリティグループに付け替え、調査用のスナップショットを取得する',
        'Move the instances to an isolation security group and take snapshots for the investigation',
      ),
      t(
        'インスタンスの IAM ロールのセッションを取り消し、起動テンプレートやイメージの改ざんを確認する',
        "Revoke the sessions of the instances' IAM role and check the launch template and image for tampering",
      ),
      jointResponse,
    ],
    who: 'team',
    docUrl: `${GUIDE}/guardduty-attack-sequence-finding-types.html#attack-sequence-ec2-compromised-instance-group`,
  },
  {
    id: 'guardduty:purpose:AttackSequence',
    title: t('一連の攻撃を検知', 'Attack sequence detected'),
    meaning: t(
      '複数の不審な操作と検出結果のつながりから、攻撃が進行中、または最近行われたと GuardDuty が判断しました。',
      'GuardDuty linked several suspicious actions and findings and concluded that an attack is under way or happened recently.',
    ),
    steps: [
      t(
        '検出結果の「シグナル」「アクター」「リソース」で、何がどの順に起きたかを確認する',
        'Read the signals, actors and resources in the finding to see what happened, in what order',
      ),
      t(
        '使われた認証情報を無効化し、関係するリソースを隔離する',
        'Deactivate the credentials used and isolate the resources involved',
      ),
      jointResponse,
    ],
    who: 'team',
    docUrl: `${GUIDE}/guardduty-attack-sequence-finding-types.html`,
  },

  // ── Custom Detection Rules and the source fallback ────────────────────────────────────────────────
  {
    id: 'guardduty:purpose:DefenseImpairment',
    title: t('監視や防御を弱める操作', 'Monitoring or defences weakened'),
    meaning: t(
      'このアカウントでは起きないはずと指定した操作（VPC フローログの削除、組織のポリシーの無効化など）を、GuardDuty のカスタム検出ルールが検知しました。',
      'A GuardDuty Custom Detection Rule saw an action declared unexpected in this account, such as deleting VPC Flow Logs or disabling an organization policy.',
    ),
    steps: [
      t(
        'CloudTrail で操作した主体と時刻を確認し、承認された変更かどうか確かめる',
        'Find who acted and when, in CloudTrail, and whether the change was approved',
      ),
      t(
        '承認されていなければ、削除・無効化された設定をすぐに元に戻す',
        'If it was not, restore the deleted or disabled setting at once',
      ),
      t(
        '操作した主体の認証情報を無効化し、同じ主体が行った他の操作を調べる',
        'Deactivate the credentials of that principal and review its other actions',
      ),
    ],
    who: 'team',
    docUrl: `${GUIDE}/findings-custom-detection-rules.html`,
  },
  {
    id: 'guardduty:finding',
    title: t('GuardDuty が脅威を検知しました', 'GuardDuty detected a threat'),
    meaning: t(
      'GuardDuty が不審な動きを検知しました。この種類に合わせた手順はまだカタログにないため、共通の手順を示します。',
      'GuardDuty detected suspicious activity. The catalogue has no steps for this kind yet, so these are the common ones.',
    ),
    steps: [
      t(
        'GuardDuty コンソールで検出結果を開き、対象リソースと「アクション」欄の内容を確認する',
        "Open the finding in the GuardDuty console and read the resource and the 'Action' section",
      ),
      t(
        '対象リソースの担当者に、その動きが想定されたものか確認する',
        'Ask the owner of the resource whether the activity is expected',
      ),
      t(
        '想定外であれば、関係する認証情報を無効化し、リソースを隔離する',
        'If it is not, deactivate the credentials involved and isolate the resource',
      ),
      t(
        '検出タイプの名前で AWS の修復手順を確認し、統合運用チームと対応を決める',
        'Look up the finding type in the AWS remediation guide and agree the response with the operations team',
      ),
    ],
    who: 'team',
    docUrl: `${GUIDE}/guardduty_remediate.html`,
  },
];
