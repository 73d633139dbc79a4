import fc from 'fast-check';
import { inspection, step } from './recording-client';

/**
 * The generated invalid bodies of every write route (recording-fuzz.e2e.spec.ts sends them to the
 * app; compiled-validation.unit.spec.ts judges them with both validators).
 */
export const routes: Array<{ path: string; valid: Record<string, unknown> }> = [
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
export const wrongTypeFor = (value: unknown): fc.Arbitrary<unknown> => {
  const options: fc.Arbitrary<unknown>[] = [fc.constant(null), fc.boolean()];
  if (typeof value !== 'string') options.push(fc.string({ maxLength: 30 }));
  if (typeof value !== 'number') options.push(fc.double(), fc.integer());
  if (!Array.isArray(value)) options.push(fc.array(fc.jsonValue(), { maxLength: 3 }));
  if (typeof value !== 'object' || Array.isArray(value)) options.push(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 3 }));
  return fc.oneof(...options);
};

export const invalidBody = (valid: Record<string, unknown>): fc.Arbitrary<string> => {
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
