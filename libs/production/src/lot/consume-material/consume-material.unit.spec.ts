import { foldLot } from '../lot.state';
import { lotRegistered, lotSplit, materialIssued } from '../lot.test-events';
import { ConsumeMaterial, decideConsumeMaterial } from './consume-material';

const consumer = foldLot([lotRegistered({ lotNumber: 'P1' })]);
const input = (...more: Parameters<typeof foldLot>[0]) => foldLot([lotRegistered({ lotNumber: 'M1', kind: 'material', quantity: 50, unit: 'kg' }), ...more]);
const command: ConsumeMaterial = { lotNumber: 'P1', inputLotNumber: 'M1', quantity: 20, unit: 'kg' };
const none = new Set<string>();

describe('ConsumeMaterial', () => {
  it('records the edge on both lots: consumed here, issued on the input', () => {
    expect(decideConsumeMaterial({ ...command, stepId: 'OP10' }, { consumer, input: input(), downstreamOfConsumer: none })).toEqual({
      consumer: [{ type: 'MaterialConsumed', data: { inputLotNumber: 'M1', quantity: 20, unit: 'kg', stepId: 'OP10' } }],
      input: [{ type: 'MaterialIssued', data: { toLotNumber: 'P1', quantity: 20, unit: 'kg' } }],
    });
  });

  it('allows consuming exactly what remains, with decimal quantities', () => {
    const remaining = input(materialIssued('P0', 29.9, 'kg'), lotSplit('M1.B', 0.1));
    expect(decideConsumeMaterial(command, { consumer, input: remaining, downstreamOfConsumer: none })).toHaveProperty('consumer');
  });

  it('refuses over-consumption: more than registered − issued − split off (422)', () => {
    const remaining = input(materialIssued('P0', 30, 'kg'), lotSplit('M1.B', 0.5));
    expect(decideConsumeMaterial(command, { consumer, input: remaining, downstreamOfConsumer: none })).toMatchObject({
      kind: 'rule',
      code: 'over-consumption',
    });
  });

  it('refuses an unknown input lot (422, the path lot exists)', () => {
    expect(decideConsumeMaterial(command, { consumer, input: foldLot([]), downstreamOfConsumer: none })).toMatchObject({
      kind: 'rule',
      code: 'input-lot-unknown',
    });
  });

  it('answers 404 when the consuming lot does not exist', () => {
    expect(decideConsumeMaterial(command, { consumer: foldLot([]), input: input(), downstreamOfConsumer: none })).toMatchObject({ kind: 'not-found' });
  });

  it('refuses a lot consuming itself', () => {
    expect(decideConsumeMaterial({ ...command, inputLotNumber: 'P1' }, { consumer, input: consumer, downstreamOfConsumer: none })).toMatchObject({
      kind: 'rule',
      code: 'genealogy-cycle',
    });
  });

  it('refuses consuming a lot made from this one (the genealogy stays acyclic)', () => {
    expect(decideConsumeMaterial(command, { consumer, input: input(), downstreamOfConsumer: new Set(['X', 'M1']) })).toMatchObject({
      kind: 'rule',
      code: 'genealogy-cycle',
    });
  });

  it("refuses a unit other than the input lot's", () => {
    expect(decideConsumeMaterial({ ...command, unit: 'pcs' }, { consumer, input: input(), downstreamOfConsumer: none })).toMatchObject({
      code: 'unit-mismatch',
    });
  });
});
