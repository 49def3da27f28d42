import { describe, expect, it } from 'vitest';
import { deliveryEntry } from '../../../shared/engine/timeline.js';
import { timelineNoteJa } from '../../../shared/render/timeline-words.js';
import { aDelivery } from '../../helpers/incidents.js';

// The engine writes its timeline notes in English (they are stable keys of `incidents show --json`, DESIGN §9); the
// CLI's table and the console show them in Japanese, from this one table.

describe('timeline notes in Japanese', () => {
  it.each([
    ['new', '新規'],
    ['severity MEDIUM → HIGH', '重大度 MEDIUM → HIGH'],
    ['step 2', '第 2 段階'],
    ['episode 3', '第 3 回目の発生'],
    ['a promised municipal report is overdue', '自治体への続報の予定時刻を過ぎています'],
  ])('%s → %s', (note, ja) => {
    expect(timelineNoteJa(note)).toBe(ja);
  });

  it("says the sweeper's reminder of an overdue municipal report in Japanese, as the engine writes it", () => {
    const { note } = deliveryEntry(aDelivery({ kind: 'update', reason: 'report-overdue' }));
    expect(note).toBeDefined();
    expect(timelineNoteJa(note as string)).toBe('自治体への続報の予定時刻を過ぎています');
  });

  it('leaves a note it does not know as written', () => {
    expect(timelineNoteJa('切り離しました')).toBe('切り離しました');
  });
});
