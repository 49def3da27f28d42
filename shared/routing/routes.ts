import type { RouteConfig } from '../config/schema.js';
import { compileMatchers, type SubjectMatcher } from './matchers.js';
import type { Subject } from './subject.js';

/** A route of the config with its name settled and its matchers compiled (built once, with the config). */
export type CompiledRoute = {
  readonly route: RouteConfig;
  readonly name: string;
  readonly matches: SubjectMatcher;
};

export const compileRoutes = (routes: readonly RouteConfig[]): CompiledRoute[] =>
  routes.map((route, index) => ({
    route,
    name: route.name ?? `routes[${index}]`,
    matches: compileMatchers(route.match),
  }));

/** A route that matched: the route, whether it went on to later routes, and why it matched (`explain`). */
export type RouteMatch = {
  readonly route: RouteConfig;
  readonly name: string;
  readonly continued: boolean;
  readonly why: string;
};

/**
 * Ordered routes: the first that matches wins, unless it says `continue: true`, in which case later routes are
 * tried too. Returns the routes that matched, in order: the ones to apply.
 */
export const matchRoutes = (subject: Subject, routes: readonly CompiledRoute[]): RouteMatch[] => {
  const matched: RouteMatch[] = [];
  for (const { route, name, matches } of routes) {
    const { matched: applies, why } = matches(subject);
    if (!applies) continue;
    matched.push({ route, name, continued: route.continue, why });
    if (!route.continue) break;
  }
  return matched;
};
