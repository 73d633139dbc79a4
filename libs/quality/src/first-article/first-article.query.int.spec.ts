import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { EventStore } from '@lotstream/event-store';
import { createTestDatabase, type TestDatabase } from '@lotstream/testing';
import { firstArticleDue, type FirstArticleDue } from './first-article-due/first-article-due';
import { formFactsFromEvents, partFactsFromEvents, type StoredFact } from './first-article-facts/first-article-facts';
import { assembleFirstArticle } from './first-article-form/first-article-form';
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

/**
 * The forms as FirstArticleQuery answered them before the one-statement walk: whole streams read
 * level by level backward through consumptions, the promoted build and the gauges read whole.
 */
async function formsOverWholeStreams(store: EventStore, db: TestDatabase, query: FirstArticleQuery, lotNumber: string) {
  const whole = async (ids: string[]) => (ids.length === 0 ? new Map<string, StoredFact[]>() : await store.readStreams([...new Set(ids)]));
  const consumed = (events: StoredFact[]) => events.filter((e) => e.type === 'MaterialConsumed').map((e) => `lot-${e.data.inputLotNumber}`);
  const lotEvents = (await whole([`lot-${lotNumber}`])).get(`lot-${lotNumber}`) ?? [];
  const registered = lotEvents.find((e) => e.type === 'LotRegistered');
  if (!registered || registered.data.kind === 'material') return null;
  const reached = new Map<string, StoredFact[]>();
  let frontier = consumed(lotEvents);
  for (let depth = 0; frontier.length > 0 && depth < 50; depth++) {
    const level = await whole(frontier.filter((id) => !reached.has(id)));
    level.forEach((events, id) => reached.set(id, events));
    frontier = consumed([...level.values()].flat()).filter((id) => !reached.has(id));
  }
  const { rows } = await db.pool.query(
    `SELECT stream_id FROM events WHERE type = 'PrototypePromoted' AND data->>'partNumber' = $1 ORDER BY position DESC LIMIT 1`,
    [registered.data.partNumber],
  );
  const promotion: string | undefined = rows[0]?.stream_id;
  const prototypeEvents = promotion ? ((await whole([promotion])).get(promotion) ?? []) : [];
  const equipment = await whole(
    [...lotEvents, ...prototypeEvents].filter((e) => e.type.endsWith('InspectionRecorded')).map((e) => `equipment-${e.data.gaugeId}`),
  );
  const approvedHere = lotEvents.find((e) => e.type === 'FirstArticleApproved');
  const status = approvedHere ? null : await query.statusFromLots(registered.data.partNumber, ['*']);
  const reason = approvedHere ? undefined : status?.reasons.map((r) => r.detail).join('; ') || undefined;
  const facts = formFactsFromEvents({
    lotEvents,
    lotStreams: new Map([...reached].map(([id, events]) => [id.replace(/^lot-/, ''), events])),
    prototypeEvents,
    equipmentStreams: new Map([...equipment].map(([id, events]) => [id.replace(/^equipment-/, ''), events])),
    faiType: approvedHere ? approvedHere.data.type : (status?.suggestedType ?? 'full'),
    ...(reason ? { reason } : {}),
  });
  return facts ? { forms: assembleFirstArticle(facts), siteId: registered.data.siteId } : null;
}

interface WalkLot {
  material: boolean;
  /** Indexes of the lots it consumed from (any lot of the world: chains, diamonds and cycles). */
  consumes: number[];
  /** Events besides the registration and the consumptions, of the types the walk keeps and some it leaves. */
  extras: Array<'iqc' | 'ipqc' | 'receiving-ok' | 'receiving-rejected' | 'use-as-is' | 'rework' | 'step' | 'issued' | 'nc' | 'approved'>;
}

const walkLotArb: fc.Arbitrary<WalkLot> = fc.record({
  material: fc.boolean(),
  consumes: fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { maxLength: 3 }),
  extras: fc.array(fc.constantFrom('iqc', 'ipqc', 'receiving-ok', 'receiving-rejected', 'use-as-is', 'rework', 'step', 'issued', 'nc', 'approved'), {
    maxLength: 5,
  }),
});

/** Writes a genealogy world (lots, a promoted build, gauges with calibrations and studies); its lot numbers. */
async function writeWalkWorld(store: EventStore, lots: WalkLot[], promoted: boolean): Promise<string[]> {
  const prefix = randomBytes(4).toString('hex');
  const part = `PN-${prefix}`;
  const meta = { correlationId: `fai-walk-${prefix}` };
  let hour = 0;
  const next = () => new Date(Date.UTC(2024, 0, 1, ++hour)).toISOString();
  const append = (streamId: string, type: string, data: Record<string, unknown>) =>
    store.append({ streamId, expectedVersion: 'any', events: [{ type, data, occurredAt: next() }], metadata: meta });
  const characteristic = { id: 'D1', nominal: 10, lsl: 9.9, usl: 10.1, unit: 'mm' };
  const inspection = (inspectionId: string, stage: string, gauge: string) => ({
    inspectionId,
    stage,
    characteristic,
    measurements: [10.01, 9.98],
    gaugeId: `${prefix}-${gauge}`,
    inspectorId: 'QE-1',
    inspectedAt: next(),
    verdict: inspectionId.endsWith('1') ? 'fail' : 'pass',
  });
  for (const gauge of ['G1', 'G2']) {
    const stream = `equipment-${prefix}-${gauge}`;
    await append(stream, 'EquipmentRegistered', { equipmentId: `${prefix}-${gauge}`, kind: 'gauge' });
    await append(stream, 'CalibrationRecorded', {
      calibrationId: `C-${gauge}`,
      performedAt: next(),
      asFound: gauge === 'G1' ? 'in-tolerance' : 'out-of-tolerance',
      asLeft: 'in-tolerance',
      nextDueAt: '2030-01-01T00:00:00.000Z',
    });
    await append(stream, 'MsaStudyRecorded', {
      studyId: `MSA-${gauge}`,
      partNumber: part,
      characteristic,
      performedAt: next(),
      results: { verdict: 'acceptable', verdictBasis: 'tolerance', anova: { pctTolerance: { grr: 8.5 }, ndc: 7 } },
    });
  }
  if (promoted) {
    const build = `prototype-${prefix}-P1`;
    await append(build, 'PrototypeInspectionRecorded', inspection(`pi-${prefix}-0`, 'FAI', 'G2'));
    await append(build, 'PrototypePromoted', { partNumber: part, partRevision: 'B', routingRevision: 'R1', specialProcesses: ['heat-treat'] });
  }
  const lotNumber = (i: number) => `${prefix}-L${i}`;
  for (const [i, lot] of lots.entries()) {
    const stream = `lot-${lotNumber(i)}`;
    await append(
      stream,
      'LotRegistered',
      lot.material
        ? {
            lotNumber: lotNumber(i),
            partNumber: 'STEEL',
            partRevision: 'A',
            siteId: 'S1',
            kind: 'material',
            supplier: `SUP-${i % 2}`,
            certificateRefs: [`CERT-${i}`],
          }
        : { lotNumber: lotNumber(i), partNumber: part, partRevision: 'B', siteId: 'S1', kind: 'production' },
    );
    // Inputs past the end of the world are lots never registered: the walk reads them as empty.
    for (const input of lot.consumes) if (input !== i) await append(stream, 'MaterialConsumed', { inputLotNumber: lotNumber(input), quantity: 1, unit: 'kg' });
    for (const [k, extra] of lot.extras.entries()) {
      const id = `${prefix}-${i}-${k}`;
      if (extra === 'iqc') await append(stream, 'InspectionRecorded', inspection(`iqc-${id}`, 'IQC', 'G1'));
      if (extra === 'ipqc') await append(stream, 'InspectionRecorded', inspection(`ipqc-${id}`, 'IPQC', k % 2 ? 'G1' : 'G2'));
      if (extra === 'receiving-ok' || extra === 'receiving-rejected')
        await append(stream, 'ReceivingInspectionRecorded', {
          inspectionId: `rcv-${id}`,
          decision: extra === 'receiving-ok' ? 'accepted' : 'not-accepted',
          inspectedAt: next(),
          plan: { severity: 'normal', codeLetter: 'G', acceptNumber: 1, rejectNumber: 2 },
          sampleSize: 32,
          nonconforming: extra === 'receiving-ok' ? 0 : 3,
        });
      if (extra === 'use-as-is' || extra === 'rework') await append(stream, 'NonconformanceDispositioned', { ncId: `NC-${id}`, disposition: extra });
      if (extra === 'nc') await append(stream, 'NonconformanceRaised', { ncId: `NC-${id}`, description: 'burr' });
      if (extra === 'step')
        await append(stream, 'ProductionStepCompleted', {
          stepId: `OP${k}`,
          operation: 'turning',
          sopRevision: 'A',
          equipmentIds: [`${prefix}-M1`],
          operatorId: 'OP-1',
          completedAt: next(),
        });
      if (extra === 'issued') await append(stream, 'MaterialIssued', { quantity: 1, unit: 'kg' });
      if (extra === 'approved' && !lot.material)
        await append(stream, 'FirstArticleApproved', {
          faiId: `FAI-${id}`,
          type: 'partial',
          approvedBy: 'QE-1',
          partNumber: part,
          partRevision: 'B',
          characteristicIds: [],
        });
    }
  }
  return lots.map((_, i) => lotNumber(i));
}

describe('FirstArticleQuery.forms', () => {
  it('answers byte for byte as the level-by-level walk over whole streams did (chains, diamonds, cycles, unregistered inputs)', async () => {
    const query = new FirstArticleQuery(db.store, db.pool);
    let withMaterials = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(walkLotArb, { minLength: 1, maxLength: 8 }), fc.boolean(), async (lots, promoted) => {
        const lotNumbers = await writeWalkWorld(db.store, lots, promoted);
        for (const lotNumber of [...lotNumbers, `${lotNumbers[0]}-unknown`]) {
          const expected = await formsOverWholeStreams(db.store, db, query, lotNumber);
          if (expected?.forms.form2.materials.some((m) => m.depth > 1)) withMaterials++;
          expect(JSON.stringify(await query.forms(lotNumber))).toBe(JSON.stringify(expected));
        }
      }),
      { numRuns: 60 },
    );
    // The worlds reached material through intermediate lots, not only directly.
    expect(withMaterials).toBeGreaterThan(10);
  }, 180_000);
});
