import { fold } from '@lotstream/domain';
import { prototypeDecider } from '../prototype.state';
import { buildStarted } from '../prototype.test-events';
import { decideRecordPrototypeInspection, RecordPrototypeInspection } from './record-prototype-inspection';

const command: RecordPrototypeInspection = {
  buildId: 'B1',
  inspectionId: 'PI1',
  stage: 'FAI',
  characteristic: { id: 'WALL', lsl: 1.15, usl: 1.25, unit: 'mm' },
  measurements: [1.3],
  gaugeId: 'G1',
  inspectorId: 'Q1',
  inspectedAt: '2026-01-01T10:00:00Z',
};
const build = fold(prototypeDecider, [buildStarted]);

describe('RecordPrototypeInspection', () => {
  it('records the inspection with its computed verdict, without a part number for SPC', () => {
    const { buildId: _b, ...fields } = command;
    expect(decideRecordPrototypeInspection(command, { build, gauge: { registered: true, kind: 'gauge' } })).toEqual([
      { type: 'PrototypeInspectionRecorded', data: { ...fields, verdict: 'fail' } },
    ]);
  });
  it('checks the gauge like a lot inspection (422)', () => {
    expect(decideRecordPrototypeInspection(command, { build, gauge: { registered: false } })).toMatchObject({ code: 'gauge-unknown' });
  });
});
