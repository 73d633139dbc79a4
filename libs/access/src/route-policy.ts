import type { Role } from './actor';

/**
 * Who may call what (CONTRACT.md, Roles). `admin` manages keys and rebuilds and never reads or
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
/** Prototype builds. */
export const PROTOTYPE_WRITERS: readonly Role[] = ['integration', 'engineering'];
/** Anyone who may write at least one command (the batch route; each item is then checked alone). */
export const WRITE_ROLES: readonly Role[] = ['integration', 'operator', 'quality', 'metrology', 'engineering'];

/**
 * The route table: `METHOD /path` (path parameters as `{name}`, exactly as the controller declares
 * them) → roles allowed. Every non-public route needs a row: the route-matrix e2e test fails for a
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

  // production writes
  'POST /v1/lots': PRODUCTION_WRITERS,
  'POST /v1/lots/{lotNumber}/consumptions': PRODUCTION_WRITERS,
  'POST /v1/lots/{lotNumber}/splits': PRODUCTION_WRITERS,
  'POST /v1/lots/{lotNumber}/steps': PRODUCTION_WRITERS,
  'POST /v1/lots/{lotNumber}/shipments': PRODUCTION_WRITERS,
  // quality writes
  'POST /v1/lots/{lotNumber}/inspections': QUALITY_WRITERS,
  'POST /v1/lots/{lotNumber}/nonconformances': QUALITY_WRITERS,
  'POST /v1/lots/{lotNumber}/nonconformances/{ncId}/disposition': QUALITY_WRITERS,
  // metrology writes
  'POST /v1/equipment': METROLOGY_WRITERS,
  'POST /v1/equipment/{equipmentId}/calibrations': METROLOGY_WRITERS,
  // prototype writes
  'POST /v1/prototypes': PROTOTYPE_WRITERS,
  'POST /v1/prototypes/{buildId}/steps': PROTOTYPE_WRITERS,
  'POST /v1/prototypes/{buildId}/inspections': PROTOTYPE_WRITERS,
  'POST /v1/prototypes/{buildId}/notes': PROTOTYPE_WRITERS,
  'POST /v1/prototypes/{buildId}/completion': PROTOTYPE_WRITERS,
  'POST /v1/prototypes/{buildId}/promotion': PROTOTYPE_WRITERS,
  'POST /v1/batch': WRITE_ROLES,

  // reads (site-scoped by the handlers: another site's resource is 404)
  'GET /v1/lots/{lotNumber}': READ_ROLES,
  'GET /v1/lots/{lotNumber}/history': READ_ROLES,
  'GET /v1/lots/{lotNumber}/genealogy': READ_ROLES,
  'GET /v1/equipment/{equipmentId}': READ_ROLES,
  'GET /v1/equipment/{equipmentId}/impact': READ_ROLES,
  'GET /v1/parts/{partNumber}/characteristics/{characteristicId}/capability': READ_ROLES,
  'GET /v1/parts/{partNumber}/consistency': READ_ROLES,
  'GET /v1/prototypes/{buildId}': READ_ROLES,

  // audit
  'GET /v1/audit/events': AUDIT_ROLES,
  'GET /v1/audit/streams/{streamId}': AUDIT_ROLES,
  'GET /v1/audit/verify': AUDIT_ROLES,
  'GET /v1/audit/checkpoints': AUDIT_ROLES,
  'POST /v1/admin/audit/checkpoints': ADMIN_ROLES,
};

/**
 * Who may run each write command by type (POST /v1/batch items and the Kafka MES intake), the same
 * roles as the command's own route.
 */
export const COMMAND_POLICY: Record<string, readonly Role[]> = {
  RegisterLot: PRODUCTION_WRITERS,
  ConsumeMaterial: PRODUCTION_WRITERS,
  SplitLot: PRODUCTION_WRITERS,
  RecordProductionStep: PRODUCTION_WRITERS,
  ShipLot: PRODUCTION_WRITERS,
  RecordInspection: QUALITY_WRITERS,
  RaiseNonconformance: QUALITY_WRITERS,
  DispositionNonconformance: QUALITY_WRITERS,
  RegisterEquipment: METROLOGY_WRITERS,
  RecordCalibration: METROLOGY_WRITERS,
  StartPrototypeBuild: PROTOTYPE_WRITERS,
  RecordPrototypeStep: PROTOTYPE_WRITERS,
  RecordPrototypeInspection: PROTOTYPE_WRITERS,
  RecordPrototypeNote: PROTOTYPE_WRITERS,
  CompletePrototypeBuild: PROTOTYPE_WRITERS,
  PromotePrototype: PROTOTYPE_WRITERS,
};

export function mayRunCommand(role: Role, commandType: string): boolean {
  return COMMAND_POLICY[commandType]?.includes(role) ?? false;
}

/** `GET /v1/lots/{lotNumber}` from a method and a path written either `:name` (Express) or `{name}`. */
export function policyKey(method: string, path: string): string {
  const normalized = `/${path}`
    .replace(/\/+/g, '/')
    .replace(/(.)\/$/, '$1')
    .replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  return `${method.toUpperCase()} ${normalized}`;
}
