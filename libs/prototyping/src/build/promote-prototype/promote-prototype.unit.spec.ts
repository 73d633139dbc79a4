import { fold } from '@lotstream/domain';
import type { PrototypeEvent } from '../prototype.events';
import { prototypeDecider } from '../prototype.state';
import { buildCompleted, buildStarted } from '../prototype.test-events';
import { isRevisionMap } from './promote-prototype.dto';
import { decidePromotePrototype, PromotePrototype } from './promote-prototype';

const command: PromotePrototype = { buildId: 'B1', partRevision: 'A', routingRevision: 'R1', sopRevisions: { milling: 'SOP-3 A' } };

describe('PromotePrototype', () => {
  it('promotes an accepted build to the baseline of its part', () => {
    expect(decidePromotePrototype(command, fold(prototypeDecider, [buildStarted, buildCompleted('accepted')]))).toEqual([
      { type: 'PrototypePromoted', data: { partNumber: 'PN-1', partRevision: 'A', routingRevision: 'R1', sopRevisions: { milling: 'SOP-3 A' } } },
    ]);
  });
  it('refuses a build not completed, or rejected (422)', () => {
    expect(decidePromotePrototype(command, fold(prototypeDecider, [buildStarted]))).toMatchObject({ kind: 'rule', code: 'build-not-accepted' });
    expect(decidePromotePrototype(command, fold(prototypeDecider, [buildStarted, buildCompleted('rejected')]))).toMatchObject({ kind: 'rule' });
  });
  it('answers 409 when promoted already', () => {
    const promoted = decidePromotePrototype(command, fold(prototypeDecider, [buildStarted, buildCompleted('accepted')])) as never[];
    expect(decidePromotePrototype(command, fold(prototypeDecider, [buildStarted, buildCompleted('accepted'), ...promoted]))).toMatchObject({
      kind: 'conflict',
    });
  });
  it('records the special processes, each an operation a step of the build ran or sopRevisions names; refuses any other (422)', () => {
    const heatTreat: PrototypeEvent = {
      type: 'PrototypeStepRecorded',
      data: {
        stepId: 'S1',
        operation: 'heat-treat',
        sequence: 20,
        workCenter: 'HT',
        equipmentIds: ['F1'],
        operatorId: 'OP-1',
        sopRevision: 'SOP-30 B',
        startedAt: '2026-01-01T08:00:00Z',
        completedAt: '2026-01-01T09:00:00Z',
        quantityIn: 1,
        quantityGood: 1,
        quantityScrapped: 0,
      },
    };
    const accepted = fold(prototypeDecider, [buildStarted, heatTreat, buildCompleted('accepted')]);
    expect(decidePromotePrototype({ ...command, specialProcesses: ['heat-treat', 'milling'] }, accepted)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ specialProcesses: ['heat-treat', 'milling'] }) }),
    ]);
    // near miss: a plating step never ran and no SOP revision names it
    expect(decidePromotePrototype({ ...command, specialProcesses: ['heat-treat', 'plating'] }, accepted)).toMatchObject({
      kind: 'rule',
      code: 'special-process-unknown',
      field: 'specialProcesses',
    });
  });
  it('accepts only bounded operation → revision maps', () => {
    expect(isRevisionMap({ turning: 'A' })).toBe(true);
    expect(isRevisionMap({ turning: 3 })).toBe(false);
    expect(isRevisionMap(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`op${i}`, 'A'])))).toBe(false);
  });
});
