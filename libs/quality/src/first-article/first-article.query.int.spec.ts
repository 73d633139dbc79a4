import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { EventStore } from '@lotstream/event-store';
import { createTestDatabase, type TestDatabase } from '@lotstream/testing';
import { firstArticleDue, type FirstArticleDue } from './first-article-due/first-article-due';
import { partFactsFromEvents, type StoredFact } from './first-article-facts/first-article-facts';
import { FirstArticleQuery } from './first-article.query';

// The part's first-article status as FirstArticleQuery answers it (indexes, typed reads, the one-fact
// answer when nothing was approved) against the rule over every whole stream of the part's lots,
// found by scanning the events: on the same store, the two answers are equal.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  await db.close();
}, 60_000);

/** The rule over whole streams: every event of every production lot of the part, its inputs and its equipment. */
async function statusOverWholeStreams(store: EventStore, db: TestDatabase, partNumber: string, sites: readonly string[]): Promise<FirstArticleDue | null> {
  const { rows } = await db.pool.query(
    `SELECT stream_id FROM events
      WHERE type = 'LotRegistered' AND data->>'partNumber' = $1 AND data->>'kind' <> 'material'
        AND ($2::boolean OR data->>'siteId' = ANY($3::text[]))
      ORDER BY position`,
    [partNumber, sites.includes('*'), [...sites]],
  );
  const whole = async (ids: string[]) => (ids.length === 0 ? new Map<string, StoredFact[]>() : await store.readStreams([...new Set(ids)]));
  const lots = await whole(rows.map((r: { stream_id: string }) => r.stream_id));
  if (lots.size === 0) return null;
  const lotEvents = [...lots.values()].flat();
  const inputs = await whole(lotEvents.filter((e) => e.type === 'MaterialConsumed').map((e) => `lot-${e.data.inputLotNumber}`));
  const equipment = await whole(
    lotEvents.filter((e) => e.type === 'ProductionStepCompleted').flatMap((e) => (e.data.equipmentIds as string[]).map((id) => `equipment-${id}`)),
  );
  const supplierOf = (lotNumber: string) => inputs.get(`lot-${lotNumber}`)?.find((e) => e.type === 'LotRegistered')?.data.supplier ?? null;
  const isMachine = (id: string) => equipment.get(`equipment-${id}`)?.find((e) => e.type === 'EquipmentRegistered')?.data.kind !== 'gauge';
  return firstArticleDue(partFactsFromEvents(lotEvents, supplierOf, isMachine));
}

interface Lot {
  part: 0 | 1;
  site: 'S1' | 'S2';
  /** A step recorded on the lot's stream before its registration (the stream then does not open with LotRegistered). */
  stepFirst: boolean;
  steps: Array<{ operation: 'turning' | 'milling'; sop: 'A' | 'B'; machines: number[] }>;
  consumes: number[];
  approved: boolean;
  /** Production years after 2020 (a gap of two makes a lapse). */
  year: number;
}

const lotArb: fc.Arbitrary<Lot> = fc.record({
  part: fc.constantFrom<0 | 1>(0, 1),
  site: fc.constantFrom<'S1' | 'S2'>('S1', 'S2'),
  stepFirst: fc.constantFrom(false, false, false, true),
  steps: fc.array(
    fc.record({
      operation: fc.constantFrom<'turning' | 'milling'>('turning', 'milling'),
      sop: fc.constantFrom<'A' | 'B'>('A', 'A', 'B'),
      machines: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 2 }),
    }),
    { maxLength: 3 },
  ),
  consumes: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
  approved: fc.constantFrom(false, false, true),
  year: fc.integer({ min: 0, max: 4 }),
});

const ALL_SITES: ReadonlyArray<readonly string[]> = [['*'], ['S1'], ['S2'], ['S3']];

/** Writes a world under a fresh prefix; the part numbers it wrote. */
async function write(store: EventStore, lots: Lot[], materialLater: boolean): Promise<string[]> {
  const prefix = randomBytes(4).toString('hex');
  const parts = [`PN-${prefix}-0`, `PN-${prefix}-1`];
  const meta = { correlationId: `fai-${prefix}` };
  const at = (year: number, hour: number) => new Date(Date.UTC(2020 + year, 0, 1, hour)).toISOString();
  const append = (streamId: string, type: string, data: Record<string, unknown>, occurredAt: string) =>
    store.append({ streamId, expectedVersion: 'any', events: [{ type, data, occurredAt }], metadata: meta });
  // Equipment 0 and 2 are machines, 1 a gauge, 3 never registered. Material lots of two suppliers.
  await append(`equipment-${prefix}-E0`, 'EquipmentRegistered', { equipmentId: `${prefix}-E0`, kind: 'machine' }, at(0, 0));
  await append(`equipment-${prefix}-E1`, 'EquipmentRegistered', { equipmentId: `${prefix}-E1`, kind: 'gauge' }, at(0, 0));
  await append(`equipment-${prefix}-E2`, 'EquipmentRegistered', { equipmentId: `${prefix}-E2`, kind: 'machine' }, at(0, 0));
  const materials = async () => {
    for (let m = 0; m < 3; m++) {
      const lotNumber = `${prefix}-M${m}`;
      await append(
        `lot-${lotNumber}`,
        'LotRegistered',
        { lotNumber, partNumber: 'STEEL', partRevision: 'A', siteId: 'S1', kind: 'material', supplier: `SUP-${m % 2}` },
        at(0, 1),
      );
    }
  };
  if (!materialLater) await materials();
  for (const [i, lot] of lots.entries()) {
    const lotNumber = `${prefix}-L${i}`;
    const stream = `lot-${lotNumber}`;
    const when = at(lot.year, 2 + i);
    if (lot.stepFirst) await append(stream, 'ProductionStepCompleted', { stepId: 'OP0', operation: 'turning', sopRevision: 'A', equipmentIds: [] }, when);
    await append(
      stream,
      'LotRegistered',
      { lotNumber, partNumber: parts[lot.part], partRevision: lot.year > 2 ? 'B' : 'A', siteId: lot.site, kind: 'production' },
      when,
    );
    for (const m of lot.consumes) await append(stream, 'MaterialConsumed', { inputLotNumber: `${prefix}-M${m}`, quantity: 1, unit: 'kg' }, when);
    for (const [s, step] of lot.steps.entries()) {
      await append(
        stream,
        'ProductionStepCompleted',
        { stepId: `OP${s}`, operation: step.operation, sopRevision: step.sop, equipmentIds: step.machines.map((k) => `${prefix}-E${k}`) },
        when,
      );
    }
    if (lot.approved) {
      await append(
        stream,
        'FirstArticleApproved',
        {
          faiId: `FAI-${lotNumber}`,
          type: 'full',
          approvedBy: 'QE-1',
          partNumber: parts[lot.part],
          partRevision: lot.year > 2 ? 'B' : 'A',
          characteristicIds: [],
        },
        when,
      );
    }
  }
  if (materialLater) await materials();
  return [...parts, `PN-${prefix}-none`];
}

describe('FirstArticleQuery.status', () => {
  it('answers as the rule over every whole stream of the part does, at every site selection', async () => {
    const query = new FirstArticleQuery(db.store, db.pool);
    await fc.assert(
      fc.asyncProperty(fc.array(lotArb, { minLength: 1, maxLength: 8 }), fc.boolean(), async (lots, materialLater) => {
        const parts = await write(db.store, lots, materialLater);
        for (const part of parts) {
          for (const sites of ALL_SITES) {
            const expected = await statusOverWholeStreams(db.store, db, part, sites);
            expect(await query.status(part, sites)).toEqual(expected);
          }
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('answers byte for byte as the path from the list of lots does (one statement vs the lots, their approvals and the first stream read apart)', async () => {
    const query = new FirstArticleQuery(db.store, db.pool);
    const fromLots = jest.spyOn(query, 'statusFromLots');
    let oneStatement = 0;
    let fallbacks = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(lotArb, { minLength: 1, maxLength: 6 }), fc.boolean(), async (lots, materialLater) => {
        const parts = await write(db.store, lots, materialLater);
        for (const part of parts) {
          for (const sites of ALL_SITES) {
            fromLots.mockClear();
            const answer = JSON.stringify(await query.status(part, sites));
            if (fromLots.mock.calls.length === 0) oneStatement++;
            else fallbacks++;
            expect(answer).toBe(JSON.stringify(await query.statusFromLots(part, sites)));
          }
        }
      }),
      { numRuns: 80 },
    );
    fromLots.mockRestore();
    // Both paths were exercised: parts answered by the statement alone, and parts with a late registration or an approval.
    expect(oneStatement).toBeGreaterThan(50);
    expect(fallbacks).toBeGreaterThan(50);
  }, 120_000);

  it('names the first registered lot when nothing was approved, and the reasons since the approval otherwise', async () => {
    const query = new FirstArticleQuery(db.store, db.pool);
    const step = { operation: 'turning' as const, sop: 'A' as const, machines: [0] };
    const base: Lot = { part: 0, site: 'S1', stepFirst: false, steps: [step], consumes: [0], approved: false, year: 0 };
    const [part] = await write(db.store, [base, { ...base, site: 'S2' }, { ...base, steps: [{ ...step, machines: [2] }] }], false);
    const none = await query.status(part, ['*']);
    expect(none).toMatchObject({ due: true, suggestedType: 'full', lastApproved: null });
    expect(none!.reasons).toEqual([
      expect.objectContaining({ kind: 'no-approved-first-article', causedBy: expect.objectContaining({ type: 'LotRegistered' }) }),
    ]);
    expect(none!.reasons[0].causedBy!.lotNumber).toMatch(/-L0$/);
    expect((await query.status(part, ['S2']))!.reasons[0].causedBy!.lotNumber).toMatch(/-L1$/);

    const [approvedPart] = await write(
      db.store,
      [
        { ...base, approved: true },
        { ...base, steps: [{ ...step, machines: [2] }] },
      ],
      false,
    );
    const since = await query.status(approvedPart, ['*']);
    expect(since).toMatchObject({ due: true, suggestedType: 'partial' });
    expect(since!.lastApproved!.lotNumber).toMatch(/-L0$/);
    expect(since!.reasons.map((r) => r.kind)).toEqual(['new-machine']);
    expect(await query.status(`${approvedPart}-unknown`, ['*'])).toBeNull();
  }, 60_000);
});
