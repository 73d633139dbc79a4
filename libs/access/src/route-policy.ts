import type { Role } from './actor';

/**
 * Who may call what (docs/api.md, Roles). `admin` manages keys and rebuilds and never reads or
 * writes production data; `auditor` reads everything of its sites and the audit routes and writes
 * nothing; every other role reads its sites and writes the commands of its trade.
 */
export const READ_ROLES: readonly Role[] = ['integration', 'operator', 'quality', 'metrology', 'engineering', 'auditor'];
export const ADMIN_ROLES: readonly Role[] = ['admin'];
export const AUDIT_ROLES: readonly Role[] = ['auditor'];
/** Lots, consumptions, splits, steps, shipments. */
export const PRODUCTION_WRITERS: readonly Role[] = ['integration', 'operator'];
/** Inspections, nonconformances, dispositions. */
export const QUALITY_WRITERS: readonly Role[] = ['integration', 'quality'];
/** Equipment, calibrations. */
export const METROLOGY_WRITERS: readonly Role[] = ['integration', 'metrology'];
/** Gauge R&R studies: run by metrology, often by quality engineers. */
export const MSA_STUDY_WRITERS: readonly Role[] = ['integration', 'metrology', 'quality'];
/** Prototype builds. */
export const PROTOTYPE_WRITERS: readonly Role[] = ['integration', 'engineering'];
/** People, qualifications, trainings. */
export const PERSONNEL_WRITERS: readonly Role[] = ['integration', 'quality'];
/** Revoking a qualification is a quality decision, never an integration's. */
export const PERSONNEL_REVOKERS: readonly Role[] = ['quality'];
/** Suppliers: registration, approvals, suspensions, sampling plans, receiving inspections. */
export const SUPPLIER_WRITERS: readonly Role[] = ['integration', 'quality'];
/** Resuming discontinued inspection (ISO 2859-1 9.4) is a quality decision, never an integration's. */
export const SUPPLIER_RESUMERS: readonly Role[] = ['quality'];
/** Document revisions: released and obsoleted under document control. */
export const DOCUMENT_WRITERS: readonly Role[] = ['quality', 'engineering'];
/** Anyone who may write at least one command (the batch route; each item is then checked alone). */
export const WRITE_ROLES: readonly Role[] = ['integration', 'operator', 'quality', 'metrology', 'engineering'];

/**
 * The route table of the routes that are not write commands: `METHOD /path` (path parameters as
 * `{name}`, exactly as the controller declares them) → roles allowed. A write command's row is
 * derived from its definition (COMMAND_ROUTE_POLICY). Every non-public route needs a row: the route-matrix e2e test fails for a
 * route without one, and for a route whose `@Roles(...)` differ from its row. The guard uses
 * `@Roles` and falls back to this row; a route with neither is refused to everyone.
 */
export const ROUTE_POLICY: Record<string, readonly Role[]> = {
  // access (keys) and audit operations
  'POST /v1/admin/api-keys': ADMIN_ROLES,
  'GET /v1/admin/api-keys': ADMIN_ROLES,
  'POST /v1/admin/api-keys/{keyId}/revocation': ADMIN_ROLES,
  'POST /v1/admin/projections/rebuild': ADMIN_ROLES,
  'GET /v1/admin/projections': ADMIN_ROLES,

  // the write commands' routes come from their definitions (COMMAND_ROUTE_POLICY)
  'POST /v1/batch': WRITE_ROLES,
  'POST /v1/integrations/b2mml': ['integration'],

  // reads (site-scoped by the handlers: another site's resource is 404)
  'GET /v1/lots/{lotNumber}': READ_ROLES,
  'GET /v1/lots/{lotNumber}/history': READ_ROLES,
  'GET /v1/lots/{lotNumber}/genealogy': READ_ROLES,
  'GET /v1/lots/{lotNumber}/release-readiness': READ_ROLES,
  'GET /v1/equipment/{equipmentId}': READ_ROLES,
  'GET /v1/equipment/{equipmentId}/impact': READ_ROLES,
  'GET /v1/equipment/{equipmentId}/msa-studies/{studyId}': READ_ROLES,
  'GET /v1/parts/{partNumber}/characteristics/{characteristicId}/capability': READ_ROLES,
  'GET /v1/parts/{partNumber}/consistency': READ_ROLES,
  'GET /v1/parts/{partNumber}/first-article-status': READ_ROLES,
  'GET /v1/lots/{lotNumber}/first-article': READ_ROLES,
  'GET /v1/prototypes/{buildId}': READ_ROLES,
  'GET /v1/personnel/{personId}': READ_ROLES,
  'GET /v1/personnel/{personId}/impact': READ_ROLES,
  'GET /v1/suppliers/{supplierId}': READ_ROLES,
  'GET /v1/suppliers/{supplierId}/sampling': READ_ROLES,
  'GET /v1/suppliers/{supplierId}/scorecard': READ_ROLES,
  'GET /v1/documents/{documentId}': READ_ROLES,
  'GET /v1/documents/{documentId}/training-gaps': READ_ROLES,
  'GET /v1/sites/{siteId}/policy': [...ADMIN_ROLES, ...READ_ROLES],

  // audit
  'GET /v1/audit/events': AUDIT_ROLES,
  'GET /v1/audit/streams/{streamId}': AUDIT_ROLES,
  'GET /v1/audit/verify': AUDIT_ROLES,
  'GET /v1/audit/checkpoints': AUDIT_ROLES,
  'POST /v1/admin/audit/checkpoints': ADMIN_ROLES,
};

/** The rows of the write commands' routes, derived from the command definitions (the command catalog). */
export interface CommandRoutePolicy {
  routePolicy(): Record<string, readonly Role[]>;
}

export const COMMAND_ROUTE_POLICY = Symbol('COMMAND_ROUTE_POLICY');

/** `GET /v1/lots/{lotNumber}` from a method and a path written either `:name` (Express) or `{name}`. */
export function policyKey(method: string, path: string): string {
  const normalized = `/${path}`
    .replace(/\/+/g, '/')
    .replace(/(.)\/$/, '$1')
    .replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  return `${method.toUpperCase()} ${normalized}`;
}
