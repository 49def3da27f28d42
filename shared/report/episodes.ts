import type { Incident } from '../incident.js';
import { inMonth, monthBounds } from '../month.js';
import type { Store } from '../ports.js';
import { previousMonth } from './period.js';

/**
 * The episodes a month's report counts, its own and the previous month's (for the comparison), from one read of the
 * store: the two months share their open incidents and their later months, which two reads would fetch twice.
 */
export const reportEpisodes = async (
  store: Pick<Store, 'incidentsForMonth'>,
  month: string,
): Promise<{ readonly incidents: readonly Incident[]; readonly previous: readonly Incident[] }> => {
  const before = previousMonth(month);
  const both = await store.incidentsForMonth(before, month);
  const of = (m: string) => {
    const bounds = monthBounds(m);
    return both.filter((incident) => inMonth(incident, bounds));
  };
  return { incidents: of(month), previous: of(before) };
};
