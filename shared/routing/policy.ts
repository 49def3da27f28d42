import { atLeast, type Owner, type Severity } from '../model.js';
import type { TrustedAlert } from './trust.js';

/** Which audiences the default policy tells, who owns the alert, and whether it escalates (DESIGN §4). */
export type Policy = {
  readonly owner: Owner;
  readonly team: boolean;
  readonly asp: boolean;
  readonly municipalities: boolean;
  readonly escalates: boolean;
  /** The row of the §4 table that applied, in words. */
  readonly row: string;
};

/** The lowest severity of a security or compliance alert that each audience is told. */
export type Thresholds = { readonly team: Severity; readonly asp: Severity };
export const DEFAULT_THRESHOLDS: Thresholds = { team: 'MEDIUM', asp: 'HIGH' };

const OUTAGE_CATEGORIES = new Set(['issue', 'investigation']);
const ASP_HEALTH_CATEGORIES = new Set(['scheduledchange', 'accountnotification']);

/** Only a production account's outage concerns residents (DESIGN §12): `environment` production or unset. */
export const isProduction = (account: { readonly environment?: string | undefined }): boolean =>
  account.environment === undefined || account.environment === 'production';

/**
 * The default policy table of DESIGN §4, as one pure function of the trusted alert and its (possibly
 * overridden) severity. Routes adjust its result; they do not replace it.
 */
export const defaultPolicy = (alert: TrustedAlert, severity: Severity, thresholds: Thresholds): Policy => {
  const serious = atLeast(severity, 'HIGH');
  if (alert.account === undefined) {
    return {
      owner: 'team',
      team: true,
      asp: false,
      municipalities: false,
      escalates: serious,
      row: 'account not trusted for this alert → team only, escalates as its severity',
    };
  }
  if (alert.flags.includes('unrecognized')) {
    return {
      owner: 'team',
      team: true,
      asp: false,
      municipalities: false,
      escalates: false,
      row: 'unrecognized value → team as MEDIUM (tolerant reader)',
    };
  }
  switch (alert.category) {
    case 'security':
    case 'compliance': {
      const customAction = alert.flags.includes('custom-action');
      const team = atLeast(severity, thresholds.team) || customAction;
      const asp = atLeast(severity, thresholds.asp);
      const audience = team ? (asp ? 'team + ASP' : 'team') : 'recorded, not sent';
      return {
        owner: 'team',
        team,
        asp,
        municipalities: false,
        escalates: serious && team,
        row: `${alert.category} ${severity} → ${audience}${customAction && !atLeast(severity, thresholds.team) ? ' (custom action: the team is told whatever the severity)' : ''}${serious && team ? ', escalates' : ''}`,
      };
    }
    case 'health': {
      const category = alert.health?.eventTypeCategory ?? '';
      if (OUTAGE_CATEGORIES.has(category.toLowerCase())) {
        const production = isProduction(alert.account);
        return {
          owner: 'team',
          team: true,
          asp: true,
          municipalities: production,
          escalates: true,
          row: production
            ? `health ${category} → team + ASP + municipalities (outage notice), escalates`
            : `health ${category} → team + ASP, escalates; no outage notice (${alert.account.environment} is not production)`,
        };
      }
      if (ASP_HEALTH_CATEGORIES.has(category.toLowerCase())) {
        return {
          owner: 'asp',
          team: false,
          asp: true,
          municipalities: false,
          escalates: false,
          row: `health ${category} → ASP only`,
        };
      }
      return {
        owner: 'team',
        team: true,
        asp: false,
        municipalities: false,
        escalates: false,
        row: `health ${category} → team`,
      };
    }
    case 'application':
      return {
        owner: 'asp',
        team: false,
        asp: true,
        municipalities: false,
        escalates: false,
        row: 'application alarm → ASP only',
      };
  }
};
