import { fold } from '@lotstream/domain';
import { AIAG_MSA4_STUDY } from '../../msa/gauge-rr.fixture.spec';
import type { EquipmentEvent } from '../equipment.events';
import { equipmentDecider } from '../equipment.state';
import { decideRecordMsaStudy, RecordMsaStudy } from './record-msa-study';

const gauge: EquipmentEvent = {
  type: 'EquipmentRegistered',
  data: { equipmentId: 'G1', kind: 'gauge', description: 'Mic', siteId: 'S1', calibrationIntervalDays: 180 },
};
const command: RecordMsaStudy = {
  equipmentId: 'G1',
  studyId: 'MSA-1',
  partNumber: 'PN-1',
  characteristic: { id: 'D', unit: 'mm', lsl: -3, usl: 3 },
  method: 'crossed',
  performedAt: '2026-01-01T10:00:00Z',
  measurements: AIAG_MSA4_STUDY,
};
const given = (...events: EquipmentEvent[]) => fold(equipmentDecider, events);

describe('RecordMsaStudy', () => {
  it('records the study with both methods and the verdict computed by the service', () => {
    const decision = decideRecordMsaStudy(command, given(gauge));
    expect(decision).toEqual([
      {
        type: 'MsaStudyRecorded',
        data: expect.objectContaining({ studyId: 'MSA-1', partNumber: 'PN-1', method: 'crossed', measurements: AIAG_MSA4_STUDY }),
      },
    ]);
    const [event] = decision as Extract<typeof decision, unknown[]>;
    expect(event.data.results).toMatchObject({ parts: 10, appraisers: 3, trials: 3, verdictBasis: 'tolerance' });
    expect(event.data.results.averageRange.pctGrr).toBeCloseTo(26.68, 1);
  });

  it('answers 404 for equipment that is not registered', () => {
    expect(decideRecordMsaStudy(command, equipmentDecider.initialState)).toMatchObject({ kind: 'not-found' });
  });

  it('refuses a study of a machine (422)', () => {
    const machine: EquipmentEvent = { type: 'EquipmentRegistered', data: { ...gauge.data, kind: 'machine' } as never };
    expect(decideRecordMsaStudy(command, given(machine))).toMatchObject({ kind: 'rule', code: 'equipment-not-a-gauge' });
  });

  it('answers 409 for a study id already recorded', () => {
    const [recorded] = decideRecordMsaStudy(command, given(gauge)) as EquipmentEvent[];
    expect(decideRecordMsaStudy(command, given(gauge, recorded))).toMatchObject({ kind: 'conflict', field: 'studyId' });
  });

  it('refuses an unbalanced design (422) naming the missing part × appraiser × trial', () => {
    const measurements = AIAG_MSA4_STUDY.filter((m) => !(m.part === 'P3' && m.appraiser === 'C' && m.trial === 3));
    expect(decideRecordMsaStudy({ ...command, measurements }, given(gauge))).toMatchObject({
      kind: 'rule',
      code: 'msa-study-unbalanced',
      field: 'measurements',
      detail: expect.stringContaining('part P3 × appraiser C × trial 3'),
    });
  });

  it.each([
    ['one part', AIAG_MSA4_STUDY.filter((m) => m.part === 'P1')],
    ['one trial', AIAG_MSA4_STUDY.filter((m) => m.trial === 1)],
    ['31 parts', Array.from({ length: 31 }, (_, p) => [1, 2].map((trial) => ({ part: `P${p}`, appraiser: 'A', trial, value: p }))).flat()],
  ])('refuses a study with %s (422)', (_name, measurements) => {
    expect(decideRecordMsaStudy({ ...command, measurements }, given(gauge))).toMatchObject({ kind: 'rule', code: 'msa-study-size', field: 'measurements' });
  });

  it('refuses limits that are not ordered (422)', () => {
    expect(decideRecordMsaStudy({ ...command, characteristic: { id: 'D', unit: 'mm', lsl: 3, usl: 3 } }, given(gauge))).toMatchObject({
      kind: 'rule',
      field: 'characteristic.usl',
    });
  });
});
