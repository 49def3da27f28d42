import type { Config, Receiver } from '../config/registry.js';
import { AdapterError } from '../errors.js';
import { jstMonth, previousMonth } from '../month.js';
import type { Clock, IncidentStore, Notification, Notifier, ReportMarks } from '../ports.js';
import { buildMonthlyReport, renderReportSummary, reportEpisodes } from '../report/index.js';
import { onEveryTransport } from './publish.js';

/**
 * A claim older than this belongs to a run that died between claim and send: a later run may send. Longer than
 * the monthly function may run (its timeout must stay below it), so a live run is never overtaken.
 */
export const REPORT_CLAIM_LEASE_MS = 10 * 60_000;

export type MonthlyReportPorts = {
  readonly store: Pick<IncidentStore, 'incidentsForMonth'> & ReportMarks;
  readonly notifier: Notifier;
  readonly config: Config;
  readonly clock: Clock;
};

/** What happened to one receiver's summary. */
export type ReportSend = {
  readonly receiver: string;
  /** `in-progress`: another run claimed it less than the lease ago (or died doing so): retried later. */
  readonly result: 'sent' | 'already-sent' | 'in-progress' | 'failed';
};

/**
 * The scheduled monthly report (DESIGN §15): for a JST month (by default the one before "now"), each receiver's
 * report (`buildMonthlyReport`, its own numbers only) summarised (`renderReportSummary`) and sent on its channels
 * through the notifier, with a link to the console's report page when the console's address is known.
 *
 * Idempotent: a receiver's send is claimed first (a conditional write of `REPORT#<month>` / `RECEIVER#<id>`), then
 * sent, then marked sent. A re-run sends nothing already sent or claimed. A run that dies between claim and mark
 * leaves the claim `sending`: after {@link REPORT_CLAIM_LEASE_MS} a later run claims it again and sends, so a crash
 * never loses a summary (it may, if it came after the send, repeat it: at-least-once, like every notification).
 * The run throws (retryable) while any receiver is not done, so the schedule's retries finish the month.
 */
export const sendMonthlyReports = async (
  ports: MonthlyReportPorts,
  options: { readonly month?: string; readonly consoleUrl?: string } = {},
): Promise<{ readonly month: string; readonly sends: readonly ReportSend[] }> => {
  const now = ports.clock.now();
  const month = options.month ?? previousMonth(jstMonth(now));
  const { incidents, previous } = await reportEpisodes(ports.store, month);
  const sends: ReportSend[] = [];
  const failures: unknown[] = [];
  for (const receiver of ports.config.receiversById.values()) {
    const report = buildMonthlyReport({
      incidents,
      previous,
      config: ports.config,
      month,
      receiver: receiver.id,
    });
    const summary = renderReportSummary(report, options.consoleUrl);
    const base = reportNotification(receiver, month, now, summary, options.consoleUrl);
    // One claim per transport (the topic, each webhook), as the outbox has one entry per channel: a failed
    // webhook is sent again alone, the topic's summary is not repeated.
    for (const notification of onEveryTransport(base, ports.config)) {
      const claimKey = `${receiver.id}${notification.deliveryId.slice(base.deliveryId.length)}`;
      const claim = await ports.store.claimReport(month, claimKey, now, now - REPORT_CLAIM_LEASE_MS);
      if (claim !== 'claimed') {
        sends.push({ receiver: claimKey, result: claim.state === 'sent' ? 'already-sent' : 'in-progress' });
        continue;
      }
      try {
        await ports.notifier.send(notification);
      } catch (error) {
        // The claim stays `sending`: a run after the lease sends it.
        failures.push(error);
        sends.push({ receiver: claimKey, result: 'failed' });
        continue;
      }
      await ports.store.markReportSent(month, claimKey);
      sends.push({ receiver: claimKey, result: 'sent' });
    }
  }
  const unfinished = sends.filter((send) => send.result === 'failed' || send.result === 'in-progress');
  if (unfinished.length > 0) {
    throw new AdapterError(
      `monthly report ${month}: ${unfinished.length} receivers not done (${unfinished
        .map((send) => `${send.receiver}: ${send.result}`)
        .join(', ')})`,
      true,
      { cause: failures[0] },
    );
  }
  return { month, sends };
};

/** The summary as a notification on the receiver's channels: not an incident, so ids name the month. */
const reportNotification = (
  receiver: Receiver,
  month: string,
  at: number,
  summary: { readonly subject: string; readonly body: string; readonly short: string },
  consoleUrl: string | undefined,
): Notification => {
  const ja = receiver.language !== 'en';
  const link = consoleUrl === undefined ? undefined : `${consoleUrl.replace(/\/+$/, '')}/reports/${month}`;
  return {
    deliveryId: `REPORT-${month}/${receiver.id}`,
    at,
    incidentId: `REPORT-${month}`,
    fingerprint: `report:${month}`,
    audience: receiver.audience,
    receiver: receiver.id,
    kind: 'report',
    severity: 'INFORMATIONAL',
    language: receiver.language,
    subject: summary.subject,
    body: summary.body,
    short: summary.short,
    attributes: { audience: receiver.audience, receiver: receiver.id, kind: 'report', month },
    card: {
      title: summary.subject,
      severity: 'INFORMATIONAL',
      state: 'resolved',
      kind: 'report',
      label: ja ? '月次報告' : 'Monthly report',
      text: summary.body.split('\n\n').filter((paragraph) => paragraph.trim() !== ''),
      facts: [],
      nextSteps: [],
      links:
        link === undefined
          ? []
          : [{ kind: 'console', label: ja ? '月次報告書を開く' : 'Open the report', url: link }],
      threadId: `report-${month}`,
      summary: summary.short,
      keywords: ['report', month],
    },
  };
};
