import fc from 'fast-check';
import { issueTestKey, startTestApp, TestApp, TestKey } from '@lotstream/testing';
import { eventCount, inspection, post, step } from './recording-client';

jest.setTimeout(300_000);

// Every write route gets generated invalid bodies: never a 5xx, always problem+json, nothing stored.
describe('write routes under generated invalid bodies', () => {
  let app: TestApp;
  let key: TestKey;

  const routes: Array<{ path: string; valid: Record<string, unknown> }> = [
    { path: '/v1/lots', valid: { lotNumber: 'F-NEW', partNumber: 'PN-1', partRevision: 'A', quantity: 10, unit: 'pcs', siteId: 'SITE-A' } },
    { path: '/v1/lots/F-1/consumptions', valid: { inputLotNumber: 'F-M', quantity: 1, unit: 'pcs' } },
    { path: '/v1/lots/F-1/splits', valid: { childLotNumber: 'F-1.B', quantity: 1 } },
    { path: '/v1/lots/F-1/steps', valid: step('OP10', 10, { quantityIn: 10, quantityGood: 10, quantityScrapped: 0 }) },
    { path: '/v1/lots/F-1/inspections', valid: inspection('I-1', 'IPQC', [25]) },
    { path: '/v1/lots/F-1/nonconformances', valid: { ncId: 'NC-1', description: 'x', quantityAffected: 1 } },
    { path: '/v1/lots/F-1/nonconformances/NC-0/disposition', valid: { disposition: 'scrap', authorizedBy: 'MRB' } },
    { path: '/v1/lots/F-1/shipments', valid: { shipmentId: 'SH-1', customer: 'C', quantity: 1, shippedAt: '2026-11-28T16:00:00Z' } },
    { path: '/v1/equipment', valid: { equipmentId: 'G-NEW', kind: 'gauge', description: 'x', siteId: 'SITE-A', calibrationIntervalDays: 30 } },
    {
      path: '/v1/equipment/GAUGE-1/calibrations',
      valid: {
        calibrationId: 'C-1',
        performedAt: '2026-01-01T00:00:00Z',
        asFound: 'in-tolerance',
        asLeft: 'in-tolerance',
        nextDueAt: '2026-06-01T00:00:00Z',
        certificateRef: 'c',
        performedBy: 'p',
      },
    },
    { path: '/v1/prototypes', valid: { buildId: 'PB-NEW', partNumber: 'PN-1', designRevision: 'D0', siteId: 'SITE-A', requestedBy: 'r', purpose: 'p' } },
    { path: '/v1/prototypes/PB-F/steps', valid: step('OP10', 10, { quantityIn: 1, quantityGood: 1, quantityScrapped: 0 }) },
    { path: '/v1/prototypes/PB-F/inspections', valid: inspection('I-1', 'FAI', [25]) },
    { path: '/v1/prototypes/PB-F/notes', valid: { kind: 'issue', text: 'x' } },
    { path: '/v1/prototypes/PB-F/completion', valid: { outcome: 'accepted' } },
    { path: '/v1/prototypes/PB-F/promotion', valid: { partRevision: 'A', routingRevision: 'R1' } },
    { path: '/v1/batch', valid: { commands: [{ type: 'RecordPrototypeNote', payload: { buildId: 'PB-F', kind: 'issue', text: 'x' } }] } },
  ];

  // Values of a JSON type other than the field's (null included: required fields are not optional).
  const wrongTypeFor = (value: unknown): fc.Arbitrary<unknown> => {
    const options: fc.Arbitrary<unknown>[] = [fc.constant(null), fc.boolean()];
    if (typeof value !== 'string') options.push(fc.string({ maxLength: 30 }));
    if (typeof value !== 'number') options.push(fc.double(), fc.integer());
    if (!Array.isArray(value)) options.push(fc.array(fc.jsonValue(), { maxLength: 3 }));
    if (typeof value !== 'object' || Array.isArray(value)) options.push(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 3 }));
    return fc.oneof(...options);
  };

  const invalidBody = (valid: Record<string, unknown>): fc.Arbitrary<string> => {
    const fields = Object.keys(valid);
    const strings = fields.filter((f) => typeof valid[f] === 'string');
    const numbers = fields.filter((f) => typeof valid[f] === 'number');
    return fc.oneof(
      // an unknown field
      fc
        .tuple(
          fc.string({ minLength: 1, maxLength: 20 }).filter((name) => !fields.includes(name)),
          fc.jsonValue(),
        )
        .map(([name, value]) => JSON.stringify({ ...valid, [name]: value })),
      // a required field missing
      fc.constantFrom(...fields).map((field) => {
        const { [field]: _dropped, ...rest } = valid;
        return JSON.stringify(rest);
      }),
      // a field of the wrong JSON type
      fc.constantFrom(...fields).chain((field) => wrongTypeFor(valid[field]).map((value) => JSON.stringify({ ...valid, [field]: value }))),
      // a string that no string field accepts: empty, over 2000 characters, or holding NUL
      fc
        .constantFrom(...(strings.length ? strings : fields))
        .chain((field) => fc.constantFrom('', 'x'.repeat(2001), 'a\u0000b').map((value) => JSON.stringify({ ...valid, [field]: value }))),
      // not an object at all, or not JSON
      fc.oneof(
        fc
          .jsonValue()
          .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
          .map((v) => JSON.stringify(v)),
        fc.constant('{"a":'),
        fc.constant('[]'),
      ),
      // numbers out of bounds
      ...(numbers.length
        ? [
            fc
              .constantFrom(...numbers)
              .chain((field) => fc.constantFrom(-1, 1e15, 1.5e9, 1e308, -1e308).map((value) => JSON.stringify({ ...valid, [field]: value }))),
          ]
        : []),
    );
  };

  beforeAll(async () => {
    app = await startTestApp();
    key = await issueTestKey(app.baseUrl, 'integration', ['SITE-A']);
    const setup: Array<[string, unknown]> = [
      ['/v1/lots', { lotNumber: 'F-1', partNumber: 'PN-1', partRevision: 'A', quantity: 10, unit: 'pcs', siteId: 'SITE-A' }],
      ['/v1/lots', { lotNumber: 'F-M', partNumber: 'RAW', partRevision: 'A', quantity: 10, unit: 'pcs', siteId: 'SITE-A', kind: 'material' }],
      ['/v1/equipment', { equipmentId: 'GAUGE-1', kind: 'gauge', description: 'x', siteId: 'SITE-A', calibrationIntervalDays: 30 }],
      ['/v1/prototypes', { buildId: 'PB-F', partNumber: 'PN-1', designRevision: 'D0', siteId: 'SITE-A', requestedBy: 'r', purpose: 'p' }],
    ];
    for (const [path, body] of setup) expect((await post(app.baseUrl, path, body, key.headers)).status).toBe(201);
  });
  afterAll(() => app?.close());

  for (const route of routes.filter((r) => r.path !== '/v1/batch')) {
    it(`POST ${route.path} answers 4xx problem+json and stores nothing`, async () => {
      const before = await eventCount(app.db.pool);
      await fc.assert(
        fc.asyncProperty(invalidBody(route.valid), async (body) => {
          const reply = await post(app.baseUrl, route.path, body, key.headers, true);
          expect(reply.status).toBeGreaterThanOrEqual(400);
          expect(reply.status).toBeLessThan(500);
          expect(reply.contentType).toContain('application/problem+json');
        }),
        { numRuns: 30 },
      );
      expect(await eventCount(app.db.pool)).toBe(before);
    });
  }

  it('answers a body that is not JSON with 400 malformed-json', async () => {
    const before = await eventCount(app.db.pool);
    for (const path of ['/v1/lots', '/v1/batch']) {
      const reply = await post(app.baseUrl, path, '{"lotNumber": "L-1",', key.headers, true);
      expect(reply).toMatchObject({ status: 400, contentType: expect.stringContaining('application/problem+json') });
      expect(reply.body.type).toMatch(/malformed-json$/);
    }
    expect(await eventCount(app.db.pool)).toBe(before);
  });

  it('POST /v1/batch answers each generated invalid item with a 4xx problem and stores nothing', async () => {
    const before = await eventCount(app.db.pool);
    const item = { buildId: 'PB-F', kind: 'issue', text: 'x' };
    await fc.assert(
      fc.asyncProperty(fc.array(invalidBody(item), { minLength: 1, maxLength: 20 }), async (payloads) => {
        const commands = payloads.map((raw) => ({ type: 'RecordPrototypeNote', payload: JSON.parse(raw.startsWith('{"a":') ? '"broken"' : raw) }));
        const reply = await post(app.baseUrl, '/v1/batch', { commands }, key.headers);
        expect(reply.status).toBe(200);
        for (const result of reply.body.results) {
          expect(result.status).toBeGreaterThanOrEqual(400);
          expect(result.status).toBeLessThan(500);
          expect(result.problem).toMatchObject({ status: result.status, type: expect.any(String) });
        }
      }),
      { numRuns: 30 },
    );
    // Found by this property once: keys named like Object.prototype members inside an item.
    const reserved = await post(
      app.baseUrl,
      '/v1/batch',
      '{"commands": [{"type": "RecordPrototypeNote", "payload": {"buildId": "PB-F", "kind": "issue", "text": "x", "prototype": null}}]}',
      key.headers,
      true,
    );
    expect(reserved.body).toMatchObject({ results: [{ status: 400 }] });
    const broken = await post(app.baseUrl, '/v1/batch', '{"commands": 3}', key.headers, true);
    expect(broken).toMatchObject({ status: 400, contentType: expect.stringContaining('application/problem+json') });
    expect(await eventCount(app.db.pool)).toBe(before);
  });
});
