import type { Severity } from '../../model.js';
import type { Notification } from '../../ports.js';
import { plain } from '../words.js';

/** Severity at a glance in chat: a coloured circle before the word. */
export const SEVERITY_EMOJI: Record<Severity, string> = {
  CRITICAL: '🔴',
  HIGH: '🟠',
  MEDIUM: '🟡',
  LOW: '🔵',
  INFORMATIONAL: '⚪',
};

const RESOLVED_EMOJI = '✅';

const ACKNOWLEDGED = { ja: '確認済み', en: 'ACKNOWLEDGED' } as const;

/** The emoji of a notice: green when it reports a resolve, else its severity's colour. */
export const emojiOf = (n: Notification): string =>
  n.card.state === 'resolved' ? RESOLVED_EMOJI : SEVERITY_EMOJI[n.severity];

/**
 * The line that says at a glance how bad it is and what this notice is: `🔴 CRITICAL · 発生`, `✅ HIGH · 解消`,
 * `🟠 HIGH · リマインド · 確認済み`. A municipal notice shows its report (`🔴 第1報・障害発生`), never the English
 * severity code.
 */
export const glanceOf = (n: Notification): string => {
  const acknowledged = n.card.state === 'acknowledged' ? [ACKNOWLEDGED[n.language]] : [];
  const words = n.audience === 'municipality' ? [n.card.label] : [n.severity, n.card.label, ...acknowledged];
  return `${emojiOf(n)} ${words.map(safeLine).join(' · ')}`;
};

/**
 * Card text made safe line by line: event text is already defused by the renderer (`plain`), and config text
 * (account, ASP and system names) is not, so every line goes through `plain` again here (it leaves defused text as
 * it is). Line breaks are kept: chat shows paragraphs.
 */
export const safeLine = (text: string): string =>
  text
    .split('\n')
    .map((line) => plain(line))
    .join('\n');

/** A link a chat can open: an https URL we built. `{{ackUrl}}` (no signer locally) is shown as text instead. */
export const isOpenable = (url: string): boolean => {
  if (!url.startsWith('https://')) return false;
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
};
