/**
 * Roles of docs/api.md. `admin` manages keys and rebuilds and writes no events. `keyless` is no
 * key's role (ROLES does not list it, so no key is issued with it): the caller of a key-optional
 * route that presented no API key (see KEYLESS_ACTOR).
 */
export type Role = 'admin' | 'integration' | 'operator' | 'quality' | 'metrology' | 'engineering' | 'auditor' | 'keyless';

export const ROLES: readonly Role[] = ['admin', 'integration', 'operator', 'quality', 'metrology', 'engineering', 'auditor'];

/** The authenticated caller: taken from the API key, never from a request body. */
export interface Actor {
  keyId: string;
  role: Role;
  label: string;
  /** Site ids the key may see and write, or ['*'] for all. */
  sites: string[];
}

/**
 * The caller of a key-optional route (@KeyOptional) that sent no API key: the route's own credential
 * in the body decides (an enrolment token names one person), so it is not limited to a site; event
 * metadata records keyId `none`.
 */
export const KEYLESS_ACTOR: Actor = Object.freeze({ keyId: 'none', role: 'keyless', label: 'no API key', sites: ['*'] }) as Actor;

export function canSeeSite(actor: Actor, siteId: string): boolean {
  return actor.sites.includes('*') || actor.sites.includes(siteId);
}
