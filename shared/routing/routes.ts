import type { RouteConfig } from '../config/schema.js';
import { matchSubject } from './matchers.js';
import type { Subject } from './subject.js';

/** One route tried: its position, whether it matched and went on, and why (`explain` prints this). */
export type RouteMatch = {
  readonly index: number;
  readonly name: string;
  readonly matched: boolean;
  readonly continued: boolean;
  readonly why: string;
};

/**
 * Ordered routes: the first that matches wins, unless it says `continue: true`, in which case later routes are
 * tried too. Returns every route tried, in order; the matched ones are the ones to apply.
 */
export const matchRoutes = (subject: Subject, routes: readonly RouteConfig[]): RouteMatch[] => {
  const trace: RouteMatch[] = [];
  for (const [index, route] of routes.entries()) {
    const { matched, why } = matchSubject(route.match, subject);
    const continued = matched && route.continue;
    trace.push({ index, name: route.name ?? `routes[${index}]`, matched, continued, why });
    if (matched && !continued) break;
  }
  return trace;
};
