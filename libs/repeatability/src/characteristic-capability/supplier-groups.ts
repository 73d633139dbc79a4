/**
 * Capability by supplier: which groups a production lot's subgroups belong to, from where the lot's
 * material came (its backward genealogy). Pure: the caller reads the material sources and computes
 * each group's capability with the same function as the ungrouped answer.
 */

/** Where one production lot's material came from (the traceability read model's MaterialSources). */
export interface LotMaterialSources {
  supplierIds: readonly string[];
  unverifiedSuppliers: readonly string[];
  withoutSupplier: boolean;
}

/**
 * `supplier`: material lots booked with this registered `supplierId`; `unverified`: material lots
 * booked with a free-text `supplier` only; `no-supplier`: an origin of the lot's genealogy names no
 * supplier (material booked without one, or no consumption recorded), or none the caller may see does.
 */
export type SupplierGroupSource = 'supplier' | 'unverified' | 'no-supplier';

export interface SupplierPartition<R> {
  source: SupplierGroupSource;
  /** The registered supplier; null for `unverified` and `no-supplier`. */
  supplierId: string | null;
  /** `unverified`: the free-text supplier names met; empty otherwise. */
  unverifiedSuppliers: string[];
  /** Production lots whose subgroups are in the group, in order of their first subgroup. */
  lots: string[];
  /** Those of `lots` that also count in another group (material of more than one origin). */
  mixedLots: string[];
  /** The group's subgroups, in the order given. */
  rows: R[];
}

const NONE: LotMaterialSources = { supplierIds: [], unverifiedSuppliers: [], withoutSupplier: true };

const keyOf = (source: SupplierGroupSource, supplierId: string | null): string => (source === 'supplier' ? `supplier\u0000${supplierId}` : source);

/** The group keys one lot counts in: each registered supplier, unverified material, no supplier. */
function groupsOfLot(sources: LotMaterialSources): Array<{ source: SupplierGroupSource; supplierId: string | null }> {
  const groups: Array<{ source: SupplierGroupSource; supplierId: string | null }> = sources.supplierIds.map((supplierId) => ({
    source: 'supplier',
    supplierId,
  }));
  if (sources.unverifiedSuppliers.length > 0) groups.push({ source: 'unverified', supplierId: null });
  if (sources.withoutSupplier || groups.length === 0) groups.push({ source: 'no-supplier', supplierId: null });
  return groups;
}

const ORDER: Record<SupplierGroupSource, number> = { supplier: 0, unverified: 1, 'no-supplier': 2 };

/**
 * Splits subgroups (in time order) by the supplier(s) of their lot's material. A lot of material
 * from several origins counts in each of their groups (and is listed in each group's `mixedLots`).
 * Groups come registered suppliers first (by supplierId), then `unverified`, then `no-supplier`.
 */
export function partitionBySupplier<R extends { lotNumber: string }>(
  rows: readonly R[],
  sourcesOf: ReadonlyMap<string, LotMaterialSources>,
): SupplierPartition<R>[] {
  const partitions = new Map<string, { partition: SupplierPartition<R>; lots: Set<string>; names: Set<string> }>();
  for (const row of rows) {
    const sources = sourcesOf.get(row.lotNumber) ?? NONE;
    const groups = groupsOfLot(sources);
    for (const { source, supplierId } of groups) {
      const key = keyOf(source, supplierId);
      let entry = partitions.get(key);
      if (!entry) {
        entry = { partition: { source, supplierId, unverifiedSuppliers: [], lots: [], mixedLots: [], rows: [] }, lots: new Set(), names: new Set() };
        partitions.set(key, entry);
      }
      entry.partition.rows.push(row);
      if (!entry.lots.has(row.lotNumber)) {
        entry.lots.add(row.lotNumber);
        entry.partition.lots.push(row.lotNumber);
        if (groups.length > 1) entry.partition.mixedLots.push(row.lotNumber);
      }
      if (source === 'unverified') for (const name of sources.unverifiedSuppliers) entry.names.add(name);
    }
  }
  const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...partitions.values()]
    .map(({ partition, names }) => ({ ...partition, unverifiedSuppliers: [...names].sort(compare) }))
    .sort((a, b) => ORDER[a.source] - ORDER[b.source] || compare(a.supplierId ?? '', b.supplierId ?? ''));
}
