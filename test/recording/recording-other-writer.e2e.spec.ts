import { PostgresEventStore } from '@lotstream/event-store';
import { EVENT_STORE } from '@lotstream/platform';
import { issueTestKey, startTestApp, TestApp, TestKey } from '@lotstream/testing';
import { post, storedEvents, step } from './recording-client';

jest.setTimeout(120_000);

// The command side remembers the streams it wrote last and decides the next command on one without
// reading it again. Another process (a second command-api) may move the stream in between: every
// answer must still be the one the stream as stored gives.
describe('single writes on a lot another process writes too', () => {
  let app: TestApp;
  let mes: TestKey;
  let other: PostgresEventStore;
  const metadata = { actor: { keyId: 'other-process', role: 'integration', label: 'second command-api' }, siteId: 'SITE-A', correlationId: 'other' };
  const otherStep = (stepId: string, sequence: number) => ({
    type: 'ProductionStepCompleted',
    data: step(stepId, sequence, { quantityIn: 100, quantityGood: 100, quantityScrapped: 0 }),
    occurredAt: '2026-11-25T09:00:00Z',
  });

  beforeAll(async () => {
    app = await startTestApp();
    mes = await issueTestKey(app.baseUrl, 'integration', ['SITE-A']);
    other = new PostgresEventStore(app.db.pool);
  });
  afterAll(() => app?.close());

  it('records on the stored stream, not on the one this process last wrote', async () => {
    const lot = { lotNumber: 'OW-1', partNumber: 'PN-1', partRevision: 'A', quantity: 100, unit: 'pcs', siteId: 'SITE-A' };
    expect((await post(app.baseUrl, '/v1/lots', lot, mes.headers)).status).toBe(201);
    const first = await post(app.baseUrl, '/v1/lots/OW-1/steps', step('OP10', 10, { quantityIn: 100, quantityGood: 100, quantityScrapped: 0 }), mes.headers);
    expect(first).toMatchObject({ status: 201, body: { streamVersion: 2 } });

    // The other process records OP20: this one's next step lands after it, at version 4, not as a 409.
    await other.append({ streamId: 'lot-OW-1', expectedVersion: 2, events: [otherStep('OP20', 20)], metadata });
    const third = await post(app.baseUrl, '/v1/lots/OW-1/steps', step('OP30', 30, { quantityIn: 100, quantityGood: 100, quantityScrapped: 0 }), mes.headers);
    expect(third).toMatchObject({ status: 201, body: { streamVersion: 4 } });

    // A step the other process recorded meanwhile is a duplicate here too.
    await other.append({ streamId: 'lot-OW-1', expectedVersion: 4, events: [otherStep('OP40', 40)], metadata });
    const duplicate = await post(
      app.baseUrl,
      '/v1/lots/OW-1/steps',
      step('OP40', 40, { quantityIn: 100, quantityGood: 100, quantityScrapped: 0 }),
      mes.headers,
    );
    expect(duplicate).toMatchObject({ status: 409, body: { type: expect.stringContaining('step-already-recorded') } });

    // Shipped by the other process: no more steps, although this process last saw the lot open.
    expect(
      (await post(app.baseUrl, '/v1/lots/OW-1/steps', step('OP50', 50, { quantityIn: 100, quantityGood: 100, quantityScrapped: 0 }), mes.headers)).status,
    ).toBe(201);
    await other.append({
      streamId: 'lot-OW-1',
      expectedVersion: 6,
      events: [
        {
          type: 'LotShipped',
          data: { shipmentId: 'SH-1', customer: 'C-1', quantity: 100, shippedAt: '2026-11-26T08:00:00Z' },
          occurredAt: '2026-11-26T08:00:00Z',
        },
      ],
      metadata,
    });
    const afterShipping = await post(
      app.baseUrl,
      '/v1/lots/OW-1/steps',
      step('OP60', 60, { quantityIn: 100, quantityGood: 100, quantityScrapped: 0 }),
      mes.headers,
    );
    expect(afterShipping).toMatchObject({ status: 422, body: { type: expect.stringContaining('lot-shipped') } });

    const stored = await storedEvents(app.db.pool, 'lot-OW-1');
    expect(stored.map((e) => [e.stream_version, e.type, e.data.stepId ?? null])).toEqual([
      [1, 'LotRegistered', null],
      [2, 'ProductionStepCompleted', 'OP10'],
      [3, 'ProductionStepCompleted', 'OP20'],
      [4, 'ProductionStepCompleted', 'OP30'],
      [5, 'ProductionStepCompleted', 'OP40'],
      [6, 'ProductionStepCompleted', 'OP50'],
      [7, 'LotShipped', null],
    ]);
  });

  it('answers a retry that raced its original with the original answer, not a conflict', async () => {
    const lot = { lotNumber: 'OW-2', partNumber: 'PN-1', partRevision: 'A', quantity: 100, unit: 'pcs', siteId: 'SITE-A' };
    expect((await post(app.baseUrl, '/v1/lots', lot, mes.headers)).status).toBe(201);
    const body = step('OP10', 10, { quantityIn: 100, quantityGood: 100, quantityScrapped: 0 });
    const headers = { ...mes.headers, 'idempotency-key': 'mes-race-1' };
    // The retry looks its key up before the original has committed; the original then lands first.
    const store = app.app.get<PostgresEventStore>(EVENT_STORE);
    const lookup = store.findIdempotent.bind(store);
    let original: Awaited<ReturnType<typeof post>> | undefined;
    const spy = jest.spyOn(store, 'findIdempotent').mockImplementationOnce(async (key, db) => {
      const before = await lookup(key, db);
      original = await post(app.baseUrl, '/v1/lots/OW-2/steps', body, headers);
      return before;
    });
    try {
      const retry = await post(app.baseUrl, '/v1/lots/OW-2/steps', body, headers);
      expect(original).toMatchObject({ status: 201, body: { streamVersion: 2 } });
      expect(retry).toEqual(original);
    } finally {
      spy.mockRestore();
    }
    expect((await storedEvents(app.db.pool, 'lot-OW-2')).map((e) => e.stream_version)).toEqual([1, 2]);
  });
  // No If-Match: the client asked for no version check, so a stream moved by another writer between
  // the decision and the append is decided again on the stream as it now stands, not answered 409.
  it('decides again when another writer wins the race to the append, instead of answering 409', async () => {
    const lot = { lotNumber: 'OW-3', partNumber: 'PN-1', partRevision: 'A', quantity: 100, unit: 'pcs', siteId: 'SITE-A' };
    expect((await post(app.baseUrl, '/v1/lots', lot, mes.headers)).status).toBe(201);
    const store = app.app.get<PostgresEventStore>(EVENT_STORE);
    const append = store.append.bind(store);
    let raced = 0;
    // The other writer lands a step just before each of this process's first three appends.
    const spy = jest.spyOn(store, 'append').mockImplementation(async (request, ...rest) => {
      if (request.streamId === 'lot-OW-3' && raced < 3) {
        raced++;
        const stored = await storedEvents(app.db.pool, 'lot-OW-3');
        await other.append({ streamId: 'lot-OW-3', expectedVersion: stored.length, events: [otherStep(`OTHER-${raced}`, 10 * raced)], metadata });
      }
      return append(request, ...rest);
    });
    try {
      const answer = await post(app.baseUrl, '/v1/lots/OW-3/steps', step('OP90', 90, { quantityIn: 100, quantityGood: 100, quantityScrapped: 0 }), mes.headers);
      expect(raced).toBe(3);
      expect(answer).toMatchObject({ status: 201, body: { streamVersion: 5 } });
    } finally {
      spy.mockRestore();
    }
    expect((await storedEvents(app.db.pool, 'lot-OW-3')).map((e) => e.data.stepId ?? e.type)).toEqual([
      'LotRegistered',
      'OTHER-1',
      'OTHER-2',
      'OTHER-3',
      'OP90',
    ]);
  });

  it('lands every one of many concurrent steps on one lot (no If-Match), each once', async () => {
    const lot = { lotNumber: 'OW-4', partNumber: 'PN-1', partRevision: 'A', quantity: 100, unit: 'pcs', siteId: 'SITE-A' };
    expect((await post(app.baseUrl, '/v1/lots', lot, mes.headers)).status).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, k) =>
        post(app.baseUrl, '/v1/lots/OW-4/steps', step(`OP${k + 1}`, 10 * (k + 1), { quantityIn: 100, quantityGood: 100, quantityScrapped: 0 }), {
          ...mes.headers,
          'idempotency-key': `ow4-${k}`,
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    const stored = await storedEvents(app.db.pool, 'lot-OW-4');
    expect(stored.map((e) => e.stream_version)).toEqual(Array.from({ length: 13 }, (_, k) => k + 1));
    expect(new Set(stored.slice(1).map((e) => e.data.stepId)).size).toBe(12);
  });
  it('decides a batch item again when another writer moved its lot before the batch was written', async () => {
    const lot = { lotNumber: 'OW-5', partNumber: 'PN-1', partRevision: 'A', quantity: 100, unit: 'pcs', siteId: 'SITE-A' };
    expect((await post(app.baseUrl, '/v1/lots', lot, mes.headers)).status).toBe(201);
    const store = app.app.get<PostgresEventStore>(EVENT_STORE);
    const appendMany = store.appendMany.bind(store);
    let raced = false;
    const spy = jest.spyOn(store, 'appendMany').mockImplementation(async (requests, ...rest) => {
      if (!raced && requests.some((r) => r.streamId === 'lot-OW-5')) {
        raced = true;
        await other.append({ streamId: 'lot-OW-5', expectedVersion: 1, events: [otherStep('OTHER-B', 5)], metadata });
      }
      return appendMany(requests, ...rest);
    });
    const item = (stepId: string, sequence: number) => ({
      type: 'RecordProductionStep',
      idempotencyKey: `ow5-${stepId}`,
      payload: { ...step(stepId, sequence, { quantityIn: 100, quantityGood: 100, quantityScrapped: 0 }), lotNumber: 'OW-5' },
    });
    try {
      const reply = await post(app.baseUrl, '/v1/batch', { commands: [item('OP10', 10), item('OP20', 20)] }, mes.headers);
      expect(raced).toBe(true);
      expect(reply.status).toBe(200);
      expect(reply.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201]);
    } finally {
      spy.mockRestore();
    }
    expect((await storedEvents(app.db.pool, 'lot-OW-5')).map((e) => e.data.stepId ?? e.type)).toEqual(['LotRegistered', 'OTHER-B', 'OP10', 'OP20']);
  });
});
