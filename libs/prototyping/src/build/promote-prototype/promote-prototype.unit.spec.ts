import { fold } from '@lotstream/domain';
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
  it('accepts only bounded operation → revision maps', () => {
    expect(isRevisionMap({ turning: 'A' })).toBe(true);
    expect(isRevisionMap({ turning: 3 })).toBe(false);
    expect(isRevisionMap(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`op${i}`, 'A'])))).toBe(false);
  });
});
