import { fold } from '@lotstream/domain';
import { prototypeDecider } from '../prototype.state';
import { buildCompleted, buildStarted } from '../prototype.test-events';
import { decideRecordPrototypeNote } from './record-prototype-note';

describe('RecordPrototypeNote', () => {
  it('adds a note at any time of the build, even after completion', () => {
    const build = fold(prototypeDecider, [buildStarted, buildCompleted('rejected')]);
    expect(decideRecordPrototypeNote({ buildId: 'B1', kind: 'issue', text: 'Chatter at 1.0 mm' }, build)).toEqual([
      { type: 'PrototypeNoteAdded', data: { kind: 'issue', text: 'Chatter at 1.0 mm' } },
    ]);
  });
  it('answers 404 for an unknown build', () => {
    expect(decideRecordPrototypeNote({ buildId: 'B9', kind: 'issue', text: 'x' }, prototypeDecider.initialState)).toMatchObject({ kind: 'not-found' });
  });
});
