import { issueTestKey, startTestApp, TestApp, TestKey } from '@lotstream/testing';
import { eventCount, post, step } from './recording-client';

jest.setTimeout(120_000);

describe('Idempotency-Key, If-Match and POST /v1/batch', () => {
  let app: TestApp;
  let mes: TestKey;
  let otherMes: TestKey;
  const lot = (lotNumber: string, quantity = 100) => ({ lotNumber, partNumber: 'PN-1', partRevision: 'A', quantity, unit: 'pcs', siteId: 'SITE-A' });

  beforeAll(async () => {
    app = await startTestApp();
    [mes, otherMes] = await Promise.all([issueTestKey(app.baseUrl, 'integration', ['SITE-A']), issueTestKey(app.baseUrl, 'integration', ['SITE-A'])]);
  });
  afterAll(() => app?.close());

  it('answers a replay with the original response and appends nothing; another body with the key is 409', async () => {
    const headers = { ...mes.headers, 'idempotency-key': 'mes-0001' };
    const first = await post(app.baseUrl, '/v1/lots', lot('I-1'), headers);
    expect(first.status).toBe(201);
    const count = await eventCount(app.db.pool);
    const replay = await post(app.baseUrl, '/v1/lots', lot('I-1'), headers);
    expect(replay).toEqual(first);
    expect(await eventCount(app.db.pool)).toBe(count);
    const other = await post(app.baseUrl, '/v1/lots', lot('I-1', 99), headers);
    expect(other).toMatchObject({ status: 409, contentType: expect.stringContaining('application/problem+json') });
    // Without the key the same registration is refused by the rule "a lot number is registered once".
    expect((await post(app.baseUrl, '/v1/lots', lot('I-1'), mes.headers)).status).toBe(409);
    // Keys are per API key: another integration may use the same key for its own request.
    expect((await post(app.baseUrl, '/v1/lots', lot('I-2'), { ...otherMes.headers, 'idempotency-key': 'mes-0001' })).status).toBe(201);
    // A consumption (two streams) replays too.
    await post(app.baseUrl, '/v1/lots', { ...lot('I-M'), kind: 'material' }, mes.headers);
    const consume = { inputLotNumber: 'I-M', quantity: 10, unit: 'pcs' };
    const c1 = await post(app.baseUrl, '/v1/lots/I-1/consumptions', consume, { ...mes.headers, 'idempotency-key': 'mes-0002' });
    const c2 = await post(app.baseUrl, '/v1/lots/I-1/consumptions', consume, { ...mes.headers, 'idempotency-key': 'mes-0002' });
    expect(c1.status).toBe(201);
    expect(c2).toEqual(c1);
    expect(await eventCount(app.db.pool)).toBe(count + 1 + 1 + 2);
    expect((await post(app.baseUrl, '/v1/lots', lot('I-3'), { ...mes.headers, 'idempotency-key': 'x'.repeat(201) })).status).toBe(400);
  });

  it('answers 409 when If-Match names a version the lot has moved past', async () => {
    await post(app.baseUrl, '/v1/lots', lot('V-1'), mes.headers);
    const ok = await post(app.baseUrl, '/v1/lots/V-1/steps', step('OP10', 10, { quantityIn: 100, quantityGood: 100, quantityScrapped: 0 }), {
      ...mes.headers,
      'if-match': '1',
    });
    expect(ok).toMatchObject({ status: 201, body: { streamVersion: 2 } });
    const count = await eventCount(app.db.pool);
    const stale = await post(app.baseUrl, '/v1/lots/V-1/steps', step('OP20', 20, { quantityIn: 100, quantityGood: 100, quantityScrapped: 0 }), {
      ...mes.headers,
      'if-match': '1',
    });
    expect(stale).toMatchObject({ status: 409, contentType: expect.stringContaining('application/problem+json') });
    expect((await post(app.baseUrl, '/v1/lots/V-1/steps', step('OP20', 20), { ...mes.headers, 'if-match': 'soon' })).status).toBe(400);
    expect(await eventCount(app.db.pool)).toBe(count);
    expect(
      (
        await post(app.baseUrl, '/v1/lots/V-1/steps', step('OP20', 20, { quantityIn: 100, quantityGood: 100, quantityScrapped: 0 }), {
          ...mes.headers,
          'if-match': '"2"',
        })
      ).status,
    ).toBe(201);
  });

  it('runs batch items independently and in order, each with the status it would have alone', async () => {
    const count = await eventCount(app.db.pool);
    const reply = await post(
      app.baseUrl,
      '/v1/batch',
      {
        commands: [
          { type: 'RegisterLot', idempotencyKey: 'b-1', payload: lot('B-1') },
          { type: 'RecordProductionStep', payload: { ...step('OP10', 10, { quantityIn: 100, quantityGood: 99, quantityScrapped: 1 }), lotNumber: 'B-1' } },
          { type: 'RecordProductionStep', payload: { ...step('OP20', 20), lotNumber: 'B-1', bogus: 1 } },
          { type: 'RecordProductionStep', payload: { ...step('OP20', 20, { quantityGood: 600 }), lotNumber: 'B-1' } },
          { type: 'RegisterLot', idempotencyKey: 'b-1', payload: lot('B-1', 5) },
          { type: 'Teleport', payload: {} },
          { type: 'RegisterLot', payload: lot('B-1') },
          { type: 'RegisterLot', idempotencyKey: 'b-1', payload: lot('B-1') },
          { type: 'RegisterLot', payload: { ...lot('B-M'), kind: 'material' } },
          { type: 'ConsumeMaterial', payload: { lotNumber: 'B-1', inputLotNumber: 'B-M', quantity: 3, unit: 'pcs' } },
          { type: 'RecordProductionStep', payload: { ...step('OP30', 30, { quantityIn: 99, quantityGood: 99, quantityScrapped: 0 }), lotNumber: 'B-1' } },
          { type: 'RecordProductionStep', payload: { ...step('OP40', 40), lotNumber: 'B-404' } },
          { type: 'RegisterEquipment', payload: { equipmentId: 'G-B', kind: 'gauge', description: 'Gauge', siteId: 'SITE-A', calibrationIntervalDays: 30 } },
        ],
      },
      mes.headers,
    );
    expect(reply.status).toBe(200);
    expect(reply.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201, 400, 422, 409, 400, 409, 201, 201, 201, 201, 404, 201]);
    expect(reply.body.results[1]).toEqual({ index: 1, status: 201, streamId: 'lot-B-1', streamVersion: 2 });
    expect(reply.body.results[7]).toEqual({ ...reply.body.results[0], index: 7 });
    expect(reply.body.results[10]).toMatchObject({ streamVersion: 4 });
    expect(reply.body.results[2].problem).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'bogus' })] });
    expect(await eventCount(app.db.pool)).toBe(count + 1 + 1 + 1 + 2 + 1 + 1);
    // A replayed batch appends nothing and answers the keyed items the same way.
    const again = await post(app.baseUrl, '/v1/batch', { commands: [{ type: 'RegisterLot', idempotencyKey: 'b-1', payload: lot('B-1') }] }, mes.headers);
    expect(again.body.results[0]).toMatchObject({ status: 201, streamId: 'lot-B-1', streamVersion: 1 });
  });

  it('takes 1,000 commands in one request, refuses 1,001, and refuses writers without the role per item', async () => {
    const commands = [{ type: 'RegisterLot', payload: lot('BIG-1', 1000) }];
    for (let i = 1; i < 1000; i++)
      commands.push({
        type: 'RecordProductionStep',
        payload: { ...step(`S${i}`, i, { quantityIn: 1, quantityGood: 1, quantityScrapped: 0 }), lotNumber: 'BIG-1' } as never,
      });
    const reply = await post(app.baseUrl, '/v1/batch', { commands }, mes.headers);
    expect(reply.status).toBe(200);
    expect(reply.body.results.every((r: { status: number }) => r.status === 201)).toBe(true);
    expect(reply.body.results[999]).toMatchObject({ streamVersion: 1000 });
    expect((await post(app.baseUrl, '/v1/batch', { commands: [...commands, commands[1]] }, mes.headers)).status).toBe(400);
    const quality = await issueTestKey(app.baseUrl, 'quality', ['SITE-A']);
    const mixed = await post(app.baseUrl, '/v1/batch', { commands: [{ type: 'RegisterLot', payload: lot('Q-1') }] }, quality.headers);
    expect(mixed.body.results[0]).toMatchObject({ status: 403 });
  });
});
