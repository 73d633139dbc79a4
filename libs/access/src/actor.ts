/** Roles of docs/api.md. `admin` manages keys and rebuilds and writes no events. */
export type Role = 'admin' | 'integration' | 'operator' | 'quality' | 'metrology' | 'engineering' | 'auditor';

export const ROLES: readonly Role[] = ['admin', 'integration', 'operator', 'quality', 'metrology', 'engineering', 'auditor'];

/** The authenticated caller: taken from the API key, never from a request body. */
export interface Actor {
  keyId: string;
  role: Role;
  label: string;
  /** Site ids the key may see and write, or ['*'] for all. */
  sites: string[];
}

export function canSeeSite(actor: Actor, siteId: string): boolean {
  return actor.sites.includes('*') || actor.sites.includes(siteId);
}
