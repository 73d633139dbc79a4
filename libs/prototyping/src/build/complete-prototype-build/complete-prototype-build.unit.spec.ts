import { fold } from '@lotstream/domain';
import { prototypeDecider } from '../prototype.state';
import { buildCompleted, buildStarted } from '../prototype.test-events';
import { decideCompletePrototypeBuild } from './complete-prototype-build';

describe('CompletePrototypeBuild', () => {
  it('completes a running build with its outcome', () => {
    expect(decideCompletePrototypeBuild({ buildId: 'B1', outcome: 'accepted' }, fold(prototypeDecider, [buildStarted]))).toEqual([buildCompleted('accepted')]);
  });
  it('answers 409 when the build is completed already', () => {
    const build = fold(prototypeDecider, [buildStarted, buildCompleted('rejected')]);
    expect(decideCompletePrototypeBuild({ buildId: 'B1', outcome: 'accepted' }, build)).toMatchObject({ kind: 'conflict' });
  });
});
