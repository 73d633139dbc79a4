import { fold } from '@lotstream/domain';
import { prototypeDecider } from '../prototype.state';
import { buildStarted } from '../prototype.test-events';
import { decideStartPrototypeBuild, StartPrototypeBuild } from './start-prototype-build';

const command: StartPrototypeBuild = { buildId: 'B1', partNumber: 'PN-1', designRevision: 'D0', siteId: 'S1', requestedBy: 'R&D', purpose: 'Try it' };

describe('StartPrototypeBuild', () => {
  it('starts a new build', () => {
    expect(decideStartPrototypeBuild(command, { build: prototypeDecider.initialState, lotExists: false })).toEqual([buildStarted]);
  });
  it('answers 409 for a build id in use', () => {
    expect(decideStartPrototypeBuild(command, { build: fold(prototypeDecider, [buildStarted]), lotExists: false })).toMatchObject({ kind: 'conflict' });
  });
  it('refuses an id that is a production lot number (422)', () => {
    expect(decideStartPrototypeBuild(command, { build: prototypeDecider.initialState, lotExists: true })).toMatchObject({
      kind: 'rule',
      code: 'number-is-lot',
    });
  });
});
