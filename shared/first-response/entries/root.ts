import type { FirstResponseEntry } from '../schema.js';
import { t } from './bilingual.js';

/**
 * Root user activity (source `signin`, DESIGN §3): the alert's type is `{service}:{eventName}`, e.g.
 * `signin:ConsoleLogin` or `s3:CreateBucket`. Keys: `root:{type}`, then `root:{service}`, then `root:activity`.
 * In Government Cloud accounts the root user is kept by the operations team and used only for the few tasks that
 * need it, so any use it did not plan is treated as a possible takeover.
 */

const ROOT_GUIDE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html';

const checkPlanned = t(
  'ルートユーザーの利用が、申請・承認された作業によるものか確認する',
  'Check whether the root use was part of requested and approved work',
);

const secureRoot = t(
  '計画外であれば、ルートユーザーのパスワードを変更し、MFA デバイスとアカウントの連絡先メールアドレスを確認する',
  "If it was not planned, change the root password and check the MFA devices and the account's contact email address",
);

const reviewRootActions = t(
  'CloudTrail でルートユーザーが行った操作をすべて確認し、不審な変更を元に戻す',
  'Review everything the root user did in CloudTrail and revert suspicious changes',
);

export const rootEntries: readonly FirstResponseEntry[] = [
  {
    id: 'root:signin:ConsoleLogin',
    title: t('ルートユーザーでコンソールにサインイン', 'Console sign-in as the root user'),
    meaning: t(
      'アカウントのルートユーザーで AWS マネジメントコンソールへのサインイン（または失敗）がありました。ルートユーザーは通常の運用では使いません。',
      "Someone signed in (or tried to) to the AWS Management Console as the account's root user. Root is not used in normal operations.",
    ),
    steps: [
      checkPlanned,
      t(
        'サインインの接続元 IP アドレスと MFA の使用有無を確認する',
        'Check the source IP address of the sign-in and whether MFA was used',
      ),
      secureRoot,
      reviewRootActions,
    ],
    who: 'team',
    docUrl: ROOT_GUIDE,
  },
  {
    id: 'root:iam:CreateAccessKey',
    title: t('ルートユーザーのアクセスキーが作成されました', 'An access key was created for the root user'),
    meaning: t(
      'ルートユーザーのアクセスキーが作成されました。このキーが漏えいすると、アカウントのすべてを操作されます。',
      'An access key was created for the root user. If it leaks, the whole account can be operated with it.',
    ),
    steps: [
      checkPlanned,
      t(
        '計画外であれば、作成されたルートのアクセスキーをすぐに無効化して削除する',
        'If it was not planned, deactivate and delete the new root access key at once',
      ),
      secureRoot,
      reviewRootActions,
    ],
    who: 'team',
    docUrl: ROOT_GUIDE,
  },
  {
    id: 'root:iam',
    title: t('ルートユーザーによる IAM の変更', 'IAM changes made by the root user'),
    meaning: t(
      'ルートユーザーが、ユーザー、ロール、認証情報、MFA などの IAM の設定を変更しました。乗っ取りの後に足場を作る操作の可能性があります。',
      'The root user changed IAM settings such as users, roles, credentials or MFA. After a takeover, such changes build a foothold.',
    ),
    steps: [
      checkPlanned,
      t(
        'CloudTrail で変更の内容（作成されたユーザーやキー、外された MFA など）を確認する',
        'See what changed in CloudTrail (users or keys created, MFA removed, and so on)',
      ),
      secureRoot,
      t(
        '計画外の変更を元に戻し、作成されたユーザーやキーを無効化する',
        'Revert the unplanned changes and deactivate the users and keys that were created',
      ),
    ],
    who: 'team',
    docUrl: ROOT_GUIDE,
  },
  {
    id: 'root:activity',
    title: t('ルートユーザーによる操作', 'Activity by the root user'),
    meaning: t(
      'アカウントのルートユーザーで API の呼び出しが行われました。ルートユーザーは通常の運用では使わないため、計画外であれば乗っ取りの可能性があります。',
      "The account's root user made API calls. Root is not used in normal operations, so unplanned use may mean the account has been taken over.",
    ),
    steps: [checkPlanned, secureRoot, reviewRootActions],
    who: 'team',
    docUrl: ROOT_GUIDE,
  },
];
