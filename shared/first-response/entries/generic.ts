import type { FirstResponseEntry } from '../schema.js';
import { t } from './bilingual.js';

/** The last fallback: steps that fit any alert, so a lookup never returns nothing. */
export const genericEntry: FirstResponseEntry = {
  id: 'generic',
  title: t('セキュリティに関する通知', 'A security notice'),
  meaning: t(
    'AWS のサービスが注意の必要な状態を検知しました。この種類に合わせた手順はカタログにないため、共通の手順を示します。',
    'An AWS service detected something that needs attention. The catalogue has no steps for this kind, so these are the common ones.',
  ),
  steps: [
    t(
      'コンソールのリンクから元の検出結果を開き、対象のリソースと内容を確認する',
      'Open the original finding from the console link and read what it says about the resource',
    ),
    t(
      '対象リソースの担当者に、想定された動きや設定か確認する',
      'Ask the owner of the resource whether the activity or setting is expected',
    ),
    t(
      '想定外であれば、関係する認証情報を無効化し、リソースを隔離または修正する',
      'If it is not, deactivate the credentials involved and isolate or fix the resource',
    ),
    t('統合運用チームと対応を決める', 'Agree the response with the operations team'),
  ],
  who: 'team',
  docUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/what-is-securityhub.html',
};
