import { fold } from '@lotstream/domain';
import { prototypeDecider } from '../prototype.state';
import { buildCompleted, buildStarted } from '../prototype.test-events';
import { decideRecordPrototypeStep, RecordPrototypeStep } from './record-prototype-step';

const command: RecordPrototypeStep = {
  buildId: 'B1',
  stepId: 'OP10',
  operation: 'milling',
  sequence: 10,
  workCenter: 'WC-P',
  equipmentIds: ['MILL-1'],
  operatorId: 'O1',
  sopRevision: 'draft',
  startedAt: '2026-01-01T08:00:00Z',
  completedAt: '2026-01-01T09:00:00Z',
  quantityIn: 2,
  quantityGood: 1,
  quantityScrapped: 1,
};

describe('RecordPrototypeStep', () => {
  it('records a step on the build stream with the production step shape', () => {
    const { buildId: _b, ...data } = command;
    expect(decideRecordPrototypeStep(command, fold(prototypeDecider, [buildStarted]))).toEqual([{ type: 'PrototypeStepRecorded', data }]);
  });
  it('applies the step rules of production (422)', () => {
    expect(decideRecordPrototypeStep({ ...command, quantityGood: 2 }, fold(prototypeDecider, [buildStarted]))).toMatchObject({ code: 'step-quantities' });
  });
  it('refuses steps on a completed build (422), answers 404 for an unknown build', () => {
    expect(decideRecordPrototypeStep(command, fold(prototypeDecider, [buildStarted, buildCompleted('accepted')]))).toMatchObject({ code: 'build-completed' });
    expect(decideRecordPrototypeStep(command, prototypeDecider.initialState)).toMatchObject({ kind: 'not-found' });
  });
});
