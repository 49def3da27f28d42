import { describe, expect, it } from 'vitest';
import { explainAlert } from '../../../shared/pipeline/explain.js';
import { anAlert } from '../../helpers/alerts.js';
import { aConfig } from '../../helpers/config.js';

const config = aConfig({
  routes: [],
  silences: [
    {
      name: 'juki-maintenance',
      match: { account: '111111111111', source: 'guardduty' },
      startsAt: '2026-11-27T10:00:00+09:00',
      endsAt: '2026-11-27T12:00:00+09:00',
    },
  ],
});

describe('silences and maintenance windows', () => {
  it.each([
    ['just before the window', '2026-11-27T00:59:59Z', false],
    ['at its start (inclusive)', '2026-11-27T01:00:00Z', true],
    ['inside it', '2026-11-27T02:30:00Z', true],
    ['at its end (exclusive)', '2026-11-27T03:00:00Z', false],
  ])('%s: silenced %s', (_when, time, silenced) => {
    const decision = explainAlert(anAlert({ time }), config);

    expect(decision.flags.includes('silenced')).toBe(silenced);
    expect(decision.notify.length === 0).toBe(silenced);
  });

  it('says which silence muted the alert and until when, in JST', () => {
    const decision = explainAlert(anAlert({ time: '2026-11-27T02:00:00Z' }), config);

    expect(decision.reasons).toContain(
      'silenced by juki-maintenance until 2026-11-27 12:00 JST: recorded, not sent; sent then if still open and unacknowledged',
    );
  });

  it('does not silence an alert its matchers do not cover', () => {
    const decision = explainAlert(anAlert({ time: '2026-11-27T02:00:00Z', source: 'inspector' }), config);

    expect(decision.flags).not.toContain('silenced');
    expect(decision.notify.map((t) => t.receiver)).toEqual(['team-oncall', 'asp-a']);
  });
});
