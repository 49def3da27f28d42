import { describe, expect, it } from 'vitest';
import { postUpdate, share } from '../../../shared/pipeline/operator.js';
import { sweepOverdue } from '../../../shared/pipeline/sweep.js';
import type { Notification } from '../../../shared/ports.js';
import { aConfig, exampleConfigObject } from '../../helpers/config.js';
import { withChanges } from '../../helpers/events.js';
import { aHarness } from '../../helpers/harness.js';
import { aGuardDutyFinding, anOutageCopy, GUARDDUTY_FINGERPRINT } from '../../helpers/story-events.js';

// DESIGN §12: numbered reports to municipalities (第1報, 続報, final report), at most one per minInterval per
// municipality for AWS updates, every open-state report promising the next; the team's shares and updates; a
// promised report not sent reminds the team.

const OUTAGE =
  'health:arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_TOKYO_20261127';

/** The Tokyo outage from the shared account (桜川市, 緑町), as AWS updates its description. */
const update = (time: string, description: string, change: { closed?: boolean; account?: string } = {}) =>
  withChanges(anOutageCopy(change.account ?? '222222222222', time, { closed: change.closed }), (event) => {
    event.detail.eventDescription = [{ language: 'en_US', latestDescription: description }];
  });

const toMunicipalities = (h: ReturnType<typeof aHarness>) =>
  h.notifier.sent().filter((n) => n.audience === 'municipality');

const text = (n: Notification) => `${n.subject}\n${n.body}\n${n.short}`;

/** What a municipal clerk must never read: account ids, ARNs, finding types, Latin codes of ours. */
const expectPlainForMunicipality = (n: Notification) => {
  expect(text(n)).not.toMatch(/\d{12}/);
  expect(text(n)).not.toMatch(/arn:aws/i);
  expect(text(n)).not.toMatch(/AWS_|INC-|GuardDuty|Backdoor/);
};

const minutes = (a: number, b: number) => (b - a) / 60_000;

describe('an outage told in numbered reports', () => {
  const fourUpdates = async () => {
    const h = aHarness();
    await h.send(update('2026-11-27T00:05:00Z', 'We are investigating connectivity issues.'));
    await h.send(update('2026-11-27T00:20:00Z', 'We have identified the cause.'));
    await h.send(update('2026-11-27T00:50:00Z', 'We are applying a fix.'));
    await h.send(update('2026-11-27T01:10:00Z', 'Recovery is in progress.'));
    await h.send(update('2026-11-27T01:40:00Z', 'Most instances have recovered.'));
    await h.runUntil('2026-11-27T02:04:00Z');
    await h.send(update('2026-11-27T02:05:00Z', 'The issue has been resolved.', { closed: true }));
    await h.runUntil('2026-11-27T04:00:00Z');
    return h;
  };

  it('gives each municipality 第1報, numbered 続報 at least 30 min apart, and the final report', async () => {
    const h = await fourUpdates();

    for (const city of ['city-sakura', 'town-midori']) {
      const reports = toMunicipalities(h).filter((n) => n.receiver === city);
      const numbers = reports.map((n) => /【第(\d+)報・([^】]+)】/.exec(n.subject)?.slice(1, 3).join(' '));
      expect(numbers[0]).toBe('1 障害発生');
      expect(numbers.at(-1)).toBe(`${reports.length} 復旧（最終報）`);
      const middle = numbers.slice(1, -1);
      expect(middle.length).toBeGreaterThanOrEqual(1);
      expect(middle.length).toBeLessThanOrEqual(3);
      for (const [i, label] of middle.entries()) expect(label).toBe(`${i + 2} 続報`);
      const opens = reports.slice(0, -1);
      for (let i = 1; i < opens.length; i++) {
        expect(minutes(opens[i - 1]?.at ?? 0, opens[i]?.at ?? 0)).toBeGreaterThanOrEqual(30);
      }
    }
  });

  it('writes plain Japanese: no account id, ARN or code; every open-state report promises the next', async () => {
    const h = await fourUpdates();
    const reports = toMunicipalities(h);

    for (const n of reports) {
      expectPlainForMunicipality(n);
      if (n.kind === 'resolve') expect(n.body).not.toContain('次回は');
      else expect(n.body).toMatch(/次回は \d{2}:\d{2} ごろまでにお知らせします/);
    }
    const final = reports.find((n) => n.kind === 'resolve');
    expect(final?.body).toContain('■ 発生：2026年11月27日 9時01分ごろ');
    expect(final?.body).toMatch(/■ 影響のあった時間：約\d+時間\d*分?/);
  });

  it('pages the team and the ASP once: AWS updates are reports for municipalities only', async () => {
    const h = await fourUpdates();
    const paging = h.notifier.sent().filter((n) => n.audience !== 'municipality' && n.kind === 'update');

    // Only the team's reminders of promised reports may follow; never a re-page of the outage itself.
    expect(
      paging.every((n) => n.receiver === 'team-oncall' && n.subject.includes('自治体への続報期限')),
    ).toBe(true);
    expect(
      h.notifier
        .sent()
        .filter((n) => n.receiver === 'asp-b')
        .map((n) => n.kind),
    ).toEqual(['trigger', 'resolve']);
  });

  it('holds an update that comes within 30 min of the last report, and sends it when the interval has passed', async () => {
    const h = aHarness();
    await h.send(update('2026-11-27T00:05:00Z', 'We are investigating.'));
    await h.send(update('2026-11-27T00:15:00Z', 'We have identified the cause.'));
    expect(toMunicipalities(h).filter((n) => n.receiver === 'city-sakura')).toHaveLength(1);

    await h.runUntil('2026-11-27T00:35:00Z');

    const reports = toMunicipalities(h).filter((n) => n.receiver === 'city-sakura');
    expect(
      reports.map((n) => [new Date(n.at).toISOString().slice(11, 16), n.subject.split('】')[0]]),
    ).toEqual([
      ['00:05', '【第1報・障害発生'],
      ['00:35', '【第2報・続報'],
    ]);
  });

  it('names a newly affected system of the municipality in its next report, and the final report names both', async () => {
    // 青葉市 uses 111… (住民記録) and 333… (福祉): the outage reaches 福祉 40 min after 住民記録.
    const h = aHarness();
    await h.send(update('2026-11-27T00:05:00Z', 'Investigating.', { account: '111111111111' }));
    await h.send(update('2026-11-27T00:45:00Z', 'Investigating.', { account: '333333333333' }));
    await h.send(update('2026-11-27T02:00:00Z', 'Resolved.', { account: '111111111111', closed: true }));

    const toAoba = toMunicipalities(h).filter((n) => n.receiver === 'city-aoba');
    expect(toAoba.map((n) => n.subject.slice(0, 8))).toEqual([
      '【第1報・障害発',
      '【第2報・続報】',
      '【第3報・復旧（',
    ]);
    expect(toAoba[1]?.body).toContain('新たに福祉システムにも影響するおそれが出てきました。');
    expect(toAoba[2]?.body).toContain('■ 対象のシステム：住民記録システム、福祉システム');
  });

  it('reminds the team on-call, never the municipality, once, when a promised report did not go out', async () => {
    const h = aHarness();
    await h.send(update('2026-11-27T00:05:00Z', 'Investigating.'));
    await h.ack(OUTAGE);
    await h.runUntil('2026-11-27T03:00:00Z');

    const reminders = h.notifier.sent().filter((n) => n.subject.includes('自治体への続報期限'));
    expect(reminders.map((n) => [n.receiver, new Date(n.at).toISOString().slice(11, 16)])).toEqual([
      ['team-oncall', '01:05'],
    ]);
    expect(reminders[0]?.body).toContain('桜川市 第2報 10:05, 緑町 第2報 10:05');
    expect(toMunicipalities(h)).toHaveLength(2);
  });

  it('is reminded by the sweeper when the timer of the promise was lost, though the page was acknowledged', async () => {
    const h = aHarness();
    await h.send(update('2026-11-27T00:05:00Z', 'Investigating.'));
    await h.ack(OUTAGE);
    for (
      let timer = h.timers.takeDue(Number.POSITIVE_INFINITY);
      timer;
      timer = h.timers.takeDue(Number.POSITIVE_INFINITY)
    ) {
      // every schedule is lost
    }

    h.clock.advanceTo(Date.parse('2026-11-27T01:08:00Z'));
    await sweepOverdue(h.ports);

    const reminders = h.notifier.sent().filter((n) => n.subject.includes('自治体への続報期限'));
    expect(reminders.map((n) => n.receiver)).toEqual(['team-oncall']);
  });

  it('shows the contact of the config at the end of every report', async () => {
    const raw = exampleConfigObject();
    const config = aConfig({
      team: {
        ...(raw.team as object),
        contact: { name: '運用窓口', phone: '03-0000-0000', email: 'ops@example.jp' },
      },
    });
    const h = aHarness(config);
    await h.send(update('2026-11-27T00:05:00Z', 'Investigating.'));

    expect(toMunicipalities(h)[0]?.body).toContain(
      '■ お問い合わせ先：運用窓口（電話 03-0000-0000、メール ops@example.jp）',
    );
  });
});

describe('the team shares a security incident and posts updates', () => {
  /** A HIGH GuardDuty finding of the shared (共同利用) account 222…: 桜川市 and 緑町. */
  const shared = async () => {
    const h = aHarness();
    await h.send(aGuardDutyFinding('2026-11-27T01:00:00Z', { account: '222222222222' }));
    return { h, fingerprint: GUARDDUTY_FINGERPRINT.replace('111111111111', '222222222222') };
  };

  it('reaches exactly that account’s municipalities as 第1報, the update as 第2報, and nobody else', async () => {
    const { h, fingerprint } = await shared();
    const before = h.notifier.sent().length;

    const first = await share(
      fingerprint,
      { by: 'team-oncall', message: '通信を遮断しました。', leak: 'none' },
      h.ports,
    );
    const second = await postUpdate(
      fingerprint,
      { by: 'team-lead', message: '漏えいはありません。' },
      h.ports,
    );

    expect(first.result).toBe('updated');
    expect(second.result).toBe('updated');
    const after = h.notifier.sent().slice(before);
    expect(after.map((n) => `${n.receiver} ${n.subject.split('】')[0]}`)).toEqual([
      'city-sakura 【第1報・情報共有',
      'town-midori 【第1報・情報共有',
      'city-sakura 【第2報・続報',
      'town-midori 【第2報・続報',
    ]);
    for (const n of after) expectPlainForMunicipality(n);
    expect(after[0]?.body).toContain('■ 情報の漏えい：現時点で、情報の漏えいは確認されていません。');
    expect(after[0]?.body).toContain('通信を遮断しました。');
    expect(after[2]?.body).toContain('漏えいはありません。');
    const incident = await h.store.get(fingerprint);
    expect(incident?.timeline?.map((e) => e.what)).toContain('shared');
    expect(incident?.timeline?.map((e) => e.what)).toContain('update-posted');
    expect(h.bus.events().map((e) => e.detailType)).toContain('Incident Shared');
  });

  it.each([
    [
      'an unknown fingerprint',
      'guardduty:000000000000:nowhere:nothing',
      { by: 'team-oncall' },
      'no such incident',
    ],
    ['an ASP as `by`', undefined, { by: 'asp-b' }, 'only the team may do this; "asp-b" is an ASP'],
    ['a municipality as `by`', undefined, { by: 'city-sakura' }, 'is a municipality'],
  ])('refuses a share by %s, and sends nothing', async (_case, ref, input, why) => {
    const { h, fingerprint } = await shared();
    const before = h.notifier.sent().length;

    const done = await share(ref ?? fingerprint, input, h.ports);

    expect(done.result).toBe('refused');
    expect(done.reasons[0]).toContain(why);
    expect(h.notifier.sent()).toHaveLength(before);
  });

  it('refuses to share a resolved incident, an outage, or the same incident twice', async () => {
    const { h, fingerprint } = await shared();
    await share(fingerprint, { by: 'team-oncall' }, h.ports);
    const twice = await share(fingerprint, { by: 'team-oncall' }, h.ports);
    await h.send(update('2026-11-27T01:10:00Z', 'Investigating.'));
    const outage = await share(OUTAGE, { by: 'team-oncall' }, h.ports);
    await h.send(aGuardDutyFinding('2026-11-27T02:00:00Z', { account: '222222222222', archived: true }));
    const resolved = await postUpdate(fingerprint, { by: 'team-oncall', message: '続報' }, h.ports);

    expect(twice.reasons[0]).toContain('already shared');
    expect(outage.reasons[0]).toContain('only security and compliance incidents are shared');
    expect(resolved.reasons[0]).toContain('already resolved');
    expect([twice.result, outage.result, resolved.result]).toEqual(['refused', 'refused', 'refused']);
  });

  it('repeats what the team last said of a data leak in its updates, until it says otherwise', async () => {
    const { h, fingerprint } = await shared();
    await share(fingerprint, { by: 'team-oncall', leak: 'unknown' }, h.ports);
    await postUpdate(
      fingerprint,
      { by: 'team-oncall', message: '調査が終わりました。', leak: 'none' },
      h.ports,
    );
    await postUpdate(fingerprint, { by: 'team-oncall', message: 'サーバーを戻しました。' }, h.ports);

    const toSakura = toMunicipalities(h).filter((n) => n.receiver === 'city-sakura');
    expect(toSakura.map((n) => /■ 情報の漏えい：(.+)/.exec(n.body)?.[1])).toEqual([
      '情報の漏えいの有無は、現在調査しています。',
      '現時点で、情報の漏えいは確認されていません。',
      '現時点で、情報の漏えいは確認されていません。',
    ]);
  });

  it('refuses an empty update, and an update nobody in a municipality was told of', async () => {
    const { h, fingerprint } = await shared();
    const nobody = await postUpdate(fingerprint, { by: 'team-oncall', message: '状況です。' }, h.ports);
    await share(fingerprint, { by: 'team-oncall' }, h.ports);
    const before = h.notifier.sent().length;
    const empty = await postUpdate(fingerprint, { by: 'team-oncall', message: '  ' }, h.ports);

    expect(nobody.reasons[0]).toContain('no municipality has been told');
    expect(empty.reasons[0]).toContain('must not be empty');
    expect(h.notifier.sent()).toHaveLength(before);
  });
});
