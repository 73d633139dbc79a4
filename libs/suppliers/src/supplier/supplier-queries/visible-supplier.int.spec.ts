import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { Actor } from '@lotstream/access';
import { PostgresEventStore, type ReadStreamOptions } from '@lotstream/event-store';
import { createTestDatabase, type TestDatabase } from '@lotstream/testing';
import { supplierStreamId, type SupplierEvent } from '../supplier.events';
import { evolveSupplier, initialSupplierState, type SupplierState } from '../supplier.state';
import { samplingAnswer } from './supplier-answers';
import { SUPPLIER_CACHE_LIMIT, visibleSupplier } from './visible-supplier';

const READER: Actor = { keyId: 'k-read', role: 'quality', label: 'reader', sites: ['*'] } as Actor;
const meta = { actor: { keyId: 'k1', role: 'integration' }, siteId: 'SITE-A' };
const at = '2026-03-01T08:00:00.000Z';

const inspection = (n: number, accepted: boolean): SupplierEvent => ({
  type: 'ReceivingInspectionRecorded',
  data: {
    inspectionId: `INS-${n}`,
    lotNumber: `M-${n}`,
    partNumber: 'BAR-42',
    lotSize: 1000,
    sampleSize: 80,
    nonconforming: accepted ? 0 : 5,
    inspectedAt: at,
    inspectorId: 'IQC-1',
    plan: {
      standard: 'ISO 2859-1',
      inspectionLevel: 'II',
      aql: 1,
      severity: 'normal',
      codeLetter: 'J',
      sampleSize: 80,
      acceptNumber: 2,
      rejectNumber: 3,
      hundredPercent: false,
    },
    decision: accepted ? 'accepted' : 'not-accepted',
    acceptedOneStepTighter: accepted,
  },
});

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(4);
});
afterAll(async () => {
  await db.close();
});

/** The real store, with each readStream's options noted. */
const noting = (store: PostgresEventStore) => {
  const reads: ReadStreamOptions[] = [];
  return { reads, readStream: (streamId: string, options: ReadStreamOptions = {}) => (reads.push(options), store.readStream(streamId, options)) };
};
const append = async (store: PostgresEventStore, supplierId: string, events: SupplierEvent[]) => {
  const streamId = supplierStreamId(supplierId);
  const head = (await store.readStream(streamId)).length;
  await store.append({ streamId, expectedVersion: head === 0 ? 'no-stream' : head, events: events.map((e) => ({ ...e, occurredAt: at })), metadata: meta });
};
/** The supplier as the route folded it before the cache: the whole stream through evolveSupplier. */
const wholeFold = async (supplierId: string): Promise<SupplierState> =>
  (await db.store.readStream(supplierStreamId(supplierId))).reduce((s, e) => evolveSupplier(s, e as unknown as SupplierEvent), initialSupplierState);
const plain = (state: SupplierState) => JSON.parse(JSON.stringify({ ...state, plans: [...state.plans], inspections: [...state.inspections] }));

describe('visibleSupplier (the supplier read routes fold, kept per process)', () => {
  it('answers an event appended by any process on the very next read, reading only the events after the version it holds', async () => {
    const supplierId = `SUP-${randomUUID().slice(0, 8)}`;
    await append(db.store, supplierId, [
      { type: 'SupplierRegistered', data: { supplierId, name: 'Acme Bar Stock', siteIds: ['SITE-A'] } },
      { type: 'SamplingPlanSet', data: { partNumber: 'BAR-42', inspectionLevel: 'II', aql: 1, severity: 'normal' } },
    ]);
    const reader = noting(db.store);
    const first = await visibleSupplier(reader, READER, supplierId);
    expect(plain(first)).toEqual(plain(await wholeFold(supplierId)));
    const firstAsRead = plain(first);

    // Another process (its own pool and store) records two lots not accepted: normal → tightened.
    const otherPool = new Pool({ connectionString: db.url, max: 1 });
    await append(new PostgresEventStore(otherPool), supplierId, [inspection(1, false), inspection(2, false)]).finally(() => otherPool.end());
    const second = await visibleSupplier(reader, READER, supplierId);
    expect(plain(second)).toEqual(plain(await wholeFold(supplierId)));
    expect(samplingAnswer(second, 'BAR-42', 2000)).toMatchObject({ severity: 'tightened', history: ['M-1', 'M-2'] });
    expect(reader.reads).toEqual([{}, { afterVersion: 2 }]);
    // The state handed out before is left as it was.
    expect(plain(first)).toEqual(firstAsRead);

    // Nothing new: the held fold, after a read of no event.
    expect(plain(await visibleSupplier(reader, READER, supplierId))).toEqual(plain(second));
    expect(reader.reads[2]).toEqual({ afterVersion: 4 });

    // asOf folds what was recorded by then, whatever is held.
    const registeredAt = (await db.store.readStream(supplierStreamId(supplierId)))[1].recordedAt;
    expect(samplingAnswer(await visibleSupplier(reader, READER, supplierId, registeredAt), 'BAR-42', 2000)).toMatchObject({ severity: 'normal', history: [] });
  });

  it('answers 404 for a supplier with no stream, and the supplier once it is registered', async () => {
    const supplierId = `SUP-${randomUUID().slice(0, 8)}`;
    const reader = noting(db.store);
    await expect(visibleSupplier(reader, READER, supplierId)).rejects.toMatchObject({ problem: { status: 404 } });
    await append(db.store, supplierId, [{ type: 'SupplierRegistered', data: { supplierId, name: 'Late', siteIds: ['SITE-A'] } }]);
    expect((await visibleSupplier(reader, READER, supplierId)).registered?.name).toBe('Late');
    expect(reader.reads).toEqual([{}, {}]);
  });

  it('drops the least recently read supplier beyond its limits, and reads it whole again', async () => {
    const [a, b] = [`SUP-${randomUUID().slice(0, 8)}`, `SUP-${randomUUID().slice(0, 8)}`];
    for (const supplierId of [a, b])
      await append(db.store, supplierId, [{ type: 'SupplierRegistered', data: { supplierId, name: supplierId, siteIds: ['SITE-A'] } }]);
    const limit = { ...SUPPLIER_CACHE_LIMIT };
    SUPPLIER_CACHE_LIMIT.suppliers = 1;
    try {
      const reader = noting(db.store);
      for (const supplierId of [a, a, b, a]) expect((await visibleSupplier(reader, READER, supplierId)).registered?.name).toBe(supplierId);
      expect(reader.reads).toEqual([{}, { afterVersion: 1 }, {}, {}]);
    } finally {
      Object.assign(SUPPLIER_CACHE_LIMIT, limit);
    }
  });
});
