import { foldLot } from '../lot.state';
import { lotRegistered, lotShipped, materialIssued } from '../lot.test-events';
import { decideRecordProductionStep, RecordProductionStep } from './record-production-step';

const command: RecordProductionStep = {
  lotNumber: 'L1',
  stepId: 'OP10',
  operation: 'turning',
  sequence: 10,
  workCenter: 'WC1',
  equipmentIds: ['M1'],
  operatorId: 'O1',
  sopRevision: 'SOP-1 A',
  startedAt: '2026-01-01T08:00:00Z',
  completedAt: '2026-01-01T09:00:00+01:00',
  quantityIn: 100,
  quantityGood: 98,
  quantityScrapped: 2,
  parameters: { speed: 8000, coolant: 'on' },
};
const lot = foldLot([lotRegistered()]);

describe('RecordProductionStep', () => {
  it('records a completed step (an end time in another offset may equal the start)', () => {
    const { lotNumber: _lot, ...data } = command;
    expect(decideRecordProductionStep(command, lot)).toEqual([{ type: 'ProductionStepCompleted', data }]);
  });

  it('refuses a step that ends before it starts (422)', () => {
    expect(decideRecordProductionStep({ ...command, completedAt: '2026-01-01T07:59:59Z' }, lot)).toMatchObject({
      kind: 'rule',
      code: 'step-ends-before-start',
    });
  });

  it('refuses more good + scrapped pieces than went in (422)', () => {
    expect(decideRecordProductionStep({ ...command, quantityGood: 99 }, lot)).toMatchObject({ kind: 'rule', code: 'step-quantities' });
  });

  it('refuses a step without equipment (422)', () => {
    expect(decideRecordProductionStep({ ...command, equipmentIds: [] }, lot)).toMatchObject({ kind: 'rule', code: 'step-without-equipment' });
  });

  it('answers 409 for a step id already recorded on the lot', () => {
    const given = foldLot([lotRegistered(), ...(decideRecordProductionStep(command, lot) as never[])]);
    expect(decideRecordProductionStep(command, given)).toMatchObject({ kind: 'conflict' });
  });

  it('refuses steps on a lot shipped out (shipped ≥ remaining), accepts them while some is left', () => {
    expect(decideRecordProductionStep(command, foldLot([lotRegistered(), materialIssued('X', 40), lotShipped(60)]))).toMatchObject({
      kind: 'rule',
      code: 'lot-shipped',
    });
    expect(Array.isArray(decideRecordProductionStep(command, foldLot([lotRegistered(), lotShipped(60)])))).toBe(true);
  });

  it('answers 404 for an unknown lot', () => {
    expect(decideRecordProductionStep(command, foldLot([]))).toMatchObject({ kind: 'not-found' });
  });
});
