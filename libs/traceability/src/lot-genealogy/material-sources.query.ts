import { Queryable, SiteScope, sees } from '../query-context';

/**
 * Where the material of one lot came from, as its backward genealogy (through intermediate lots and
 * splits) shows it to a caller.
 */
export interface MaterialSources {
  /** Registered suppliers (`supplierId`) of the material lots reached, sorted. */
  supplierIds: string[];
  /** Free-text `supplier` names of material lots registered without a `supplierId` (unverified), sorted. */
  unverifiedSuppliers: string[];
  /**
   * True when an origin of the walk — a visible lot with no recorded inputs — names no supplier at
   * all (a material lot booked without one, or a lot, possibly the lot itself, whose inputs were
   * never recorded).
   */
  withoutSupplier: boolean;
  /** Lots reached that belong to sites out of the caller's scope: not looked at. */
  hiddenLots: number;
}

/** One (root, reached lot) pair of the walk, with what the read model knows of the reached lot. */
export interface MaterialWalkRow {
  root: string;
  lotNumber: string;
  kind: string | null;
  siteId: string | null;
  supplierId: string | null;
  supplier: string | null;
  hasInputs: boolean;
}

/** Pure: the walk's rows → the material sources of each root the scope may see. */
export function materialSourcesFromWalk(roots: readonly string[], rows: readonly MaterialWalkRow[], scope: SiteScope): Map<string, MaterialSources> {
  const found = new Map<string, { verified: Set<string>; unverified: Set<string>; without: boolean; hidden: number }>();
  for (const root of roots) found.set(root, { verified: new Set(), unverified: new Set(), without: false, hidden: 0 });
  for (const row of rows) {
    const sources = found.get(row.root);
    if (!sources) continue;
    if (row.siteId !== null && !sees(scope, row.siteId)) {
      sources.hidden++;
      continue;
    }
    const material = row.kind === 'material';
    if (material && row.supplierId) sources.verified.add(row.supplierId);
    else if (material && row.supplier) sources.unverified.add(row.supplier);
    else if (!row.hasInputs) sources.without = true;
  }
  return new Map(
    [...found].map(([root, s]) => [
      root,
      { supplierIds: [...s.verified].sort(), unverifiedSuppliers: [...s.unverified].sort(), withoutSupplier: s.without, hiddenLots: s.hidden },
    ]),
  );
}

/**
 * The material sources of many lots at once: one recursive walk up the edge table per root (UNION
 * on (root, lot) visits each lot once per root, and ends whatever the data holds), then each lot
 * reached is looked up once — its registration in `trace_lots`, its `supplierId` on its
 * LotRegistered (the lot-history facts), and whether any input of it is recorded.
 */
export async function materialSourcesOf(db: Queryable, schema: string, lotNumbers: readonly string[], scope: SiteScope): Promise<Map<string, MaterialSources>> {
  const roots = [...new Set(lotNumbers)];
  if (roots.length === 0) return new Map();
  const { rows } = await db.query(
    `WITH RECURSIVE walk (root, lot_number) AS (
       SELECT root, root FROM unnest($1::text[]) AS root
       UNION
       SELECT w.root, e.from_lot
       FROM walk w CROSS JOIN LATERAL (
         SELECT from_lot FROM ${schema}.trace_genealogy_edges WHERE to_lot = w.lot_number OFFSET 0
       ) e
     ), reached AS (
       SELECT r.lot_number, l.kind, l.site_id, l.supplier, registered.supplier_id,
              EXISTS (SELECT 1 FROM ${schema}.trace_genealogy_edges i WHERE i.to_lot = r.lot_number) AS has_inputs
       FROM (SELECT DISTINCT lot_number FROM walk) r
       LEFT JOIN LATERAL (
         SELECT kind, site_id, supplier FROM ${schema}.trace_lots WHERE lot_number = r.lot_number LIMIT 1
       ) l ON true
       LEFT JOIN LATERAL (
         SELECT data->>'supplierId' AS supplier_id FROM ${schema}.trace_lot_events
         WHERE lot_number = r.lot_number AND type = 'LotRegistered' ORDER BY stream_version LIMIT 1
       ) registered ON true
     )
     SELECT w.root, w.lot_number, r.kind, r.site_id, r.supplier, r.supplier_id, r.has_inputs
     FROM walk w JOIN reached r ON r.lot_number = w.lot_number
     ORDER BY w.root, w.lot_number`,
    [roots],
  );
  return materialSourcesFromWalk(
    roots,
    rows.map((row) => ({
      root: row.root,
      lotNumber: row.lot_number,
      kind: row.kind ?? null,
      siteId: row.site_id ?? null,
      supplierId: row.supplier_id ?? null,
      supplier: row.supplier ?? null,
      hasInputs: row.has_inputs === true,
    })),
    scope,
  );
}
