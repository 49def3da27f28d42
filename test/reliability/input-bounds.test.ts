import { describe, expect, it } from 'vitest';
import { consoleUrl, healthDashboardUrl } from '../../shared/console-url.js';
import { boundedKey } from '../../shared/sources/bounds.js';
import { normalizeEvent } from '../../shared/sources/index.js';
import { clip, toIsoTime } from '../../shared/sources/read.js';
import { loadEvent, withChanges } from '../helpers/events.js';
import { aGuardDutyFinding } from '../helpers/story-events.js';

/**
 * The crashes and limit breaches the route fuzzer found (test/reliability/fuzz-route.test.ts), one case each,
 * so a regression names its cause without a fuzz run.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const alertOf = (change: (event: Record<string, any>) => void) => {
  const normalized = normalizeEvent(withChanges(aGuardDutyFinding('2026-11-27T01:00:00Z'), change));
  if (normalized.kind !== 'alerts') throw new Error(normalized.reason);
  return normalized.alerts[0]!;
};

describe('input the fuzzer broke the router with', () => {
  it('a lone surrogate (valid JSON, not UTF-8) becomes U+FFFD instead of failing encodeURIComponent', () => {
    // Act
    const alert = alertOf((event) => {
      event.detail.id = 'abc\ud800def';
      event.detail.title = 'x\udfff';
    });

    // Assess
    expect(alert.consoleUrl).toContain(encodeURIComponent('abc\ufffddef'));
    expect(alert.title).toBe('x\ufffd');
  });

  it.each([
    1e21,
    -1e21,
    1e308,
    8.64e15 + 1,
  ])('a number of milliseconds past the Date range (%d) is no time', (value) => {
    expect(toIsoTime(value)).toBeUndefined();
  });

  it('clip never cuts an emoji in half', () => {
    // Act
    const clipped = clip(`${'a'.repeat(8)}🚨🚨`, 10);

    // Assess
    expect(clipped).toBe(`${'a'.repeat(8)}…`);
    expect(clipped).not.toMatch(LONE_SURROGATE);
  });

  it('a huge finding id gives a fingerprint DynamoDB can key, still one per id', () => {
    // Act
    const a = alertOf((event) => {
      event.detail.id = `${'f'.repeat(100_000)}a`;
    });
    const b = alertOf((event) => {
      event.detail.id = `${'f'.repeat(100_000)}b`;
    });

    // Assess
    expect(Buffer.byteLength(`FP#${a.fingerprint}`)).toBeLessThanOrEqual(2_048);
    expect(a.fingerprint).not.toBe(b.fingerprint);
    expect(a.fingerprint.startsWith('guardduty:111111111111:ap-northeast-1:ffff')).toBe(true);
  });

  it('leaves a real identifier as it is', () => {
    expect(boundedKey('guardduty:111111111111:ap-northeast-1:b6c2f0e4a8d14e7c9f3a5b7d1e9c2a40')).toBe(
      'guardduty:111111111111:ap-northeast-1:b6c2f0e4a8d14e7c9f3a5b7d1e9c2a40',
    );
  });

  it('huge type, resource, region and event id are cut to sizes a message and an item can hold', () => {
    // Act
    const alert = alertOf((event) => {
      event.id = 'e'.repeat(1_000_000);
      event.detail.type = 't'.repeat(1_000_000);
      event.detail.region = 'r'.repeat(1_000_000);
      event.detail.resource.accessKeyDetails.userName = 'u'.repeat(1_000_000);
    });

    // Assess
    expect(alert.eventId.length).toBeLessThanOrEqual(512);
    expect(alert.type.length).toBeLessThanOrEqual(300);
    expect(alert.region.length).toBeLessThanOrEqual(64);
    expect(alert.resource.length).toBeLessThanOrEqual(2_048);
    expect(alert.fingerprint.length).toBeLessThanOrEqual(512);
  });

  it('an event with 10,000 bad items is rejected with a reason of ten problems, not 10,000', () => {
    // Prepare
    const findings = withChanges(loadEvent('securityhub/custom-action-two-findings.json'), (copy) => {
      copy.detail.findings = Array.from({ length: 10_000 }, () => ({
        ...copy.detail.findings[0],
        Region: true,
      }));
    });

    // Act
    const reason = (() => {
      try {
        normalizeEvent(findings);
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    })();

    // Assess
    expect(reason).toMatch(/; and 9990 more problems$/);
    expect(reason.length).toBeLessThan(2_000);
  });

  it('a console link never grows past 2,048 characters: a huge id links to the service page', () => {
    expect(consoleUrl('ap-northeast-1', 'guardduty', `/findings?fId=${'f'.repeat(5_000)}`)).toBe(
      'https://ap-northeast-1.console.aws.amazon.com/guardduty/home?region=ap-northeast-1',
    );
    expect(healthDashboardUrl('a'.repeat(5_000))).toBe(
      'https://health.aws.amazon.com/health/home#/account/event-log',
    );
  });
});
