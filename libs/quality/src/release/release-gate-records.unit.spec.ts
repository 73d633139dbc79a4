import type { RecordedEvent } from '@lotstream/event-store';
import { StoreView } from '@lotstream/recording';
import { loadReleaseGateRecords, RELEASE_WALK_MAX_LOTS } from './release-gate-records';

type E = { type: string; data: Record<string, unknown> };

/** A store serving streams from memory that counts its reads: one readStream per stream, one readStreams per batch. */
function storeOf(streams: Record<string, E[]>) {
  const calls = { readStream: 0, readStreams: 0 };
  const recorded = (streamId: string) =>
    (streams[streamId] ?? []).map((e, i) => ({ streamId, streamVersion: i + 1, type: e.type, data: e.data }) as unknown as RecordedEvent);
  return {
    calls,
    readStream: async (streamId: string) => {
      calls.readStream++;
      return recorded(streamId);
    },
    readStreams: async (streamIds: string[]) => {
      calls.readStreams++;
      return new Map(streamIds.map((id) => [id, recorded(id)]));
    },
  };
}

const registered = (kind: string, splitFrom?: string): E => ({ type: 'LotRegistered', data: { kind, siteId: 'SITE-A', ...(splitFrom ? { splitFrom } : {}) } });
const consumed = (inputLotNumber: string): E => ({ type: 'MaterialConsumed', data: { inputLotNumber } });
const step = (stepId: string, equipmentIds: string[], operatorId: string, sopRevision: string): E => ({
  type: 'ProductionStepCompleted',
  data: { stepId, operation: 'TURN', equipmentIds, operatorId, sopRevision, startedAt: '2026-12-02T08:00:00Z', completedAt: '2026-12-02T10:00:00Z' },
});
const calibration = (calibrationId: string): E => ({
  type: 'CalibrationRecorded',
  data: { calibrationId, performedAt: '2026-11-01T08:00:00Z', nextDueAt: '2027-05-01T08:00:00Z', asFound: 'in-tolerance', asLeft: 'in-tolerance' },
});

// P consumes A and B; A consumes material M (inspected) and the unregistered X; B was split from material C.
// P's steps name a lathe (calibrated twice, an MSA study between), an unregistered machine, a registered
// and an unregistered operator, a claimed revision and an unclaimed one; its inspection names a gauge.
const lot = [
  registered('production'),
  consumed('A'),
  consumed('B'),
  step('S1', ['LATHE-1', 'MILL-9'], 'OP-1', 'SOP-1-A'),
  step('S2', ['LATHE-1'], 'OP-2', 'SOP-2-A'),
  { type: 'InspectionRecorded', data: { inspectionId: 'I1', gaugeId: 'GA-1', inspectedAt: '2026-12-02T11:00:00Z' } },
];
const streams: Record<string, E[]> = {
  'lot-P': lot,
  'lot-A': [registered('production'), consumed('M'), consumed('X')],
  'lot-B': [registered('material', 'C')],
  'lot-C': [registered('material'), { type: 'ReceivingInspectionRecorded', data: { decision: 'not-accepted' } }],
  'lot-M': [registered('material'), { type: 'ReceivingInspectionRecorded', data: { decision: 'accepted' } }],
  'equipment-LATHE-1': [
    { type: 'EquipmentRegistered', data: { equipmentId: 'LATHE-1', kind: 'machine', siteId: 'SITE-A' } },
    calibration('CAL-1'),
    { type: 'MsaStudyRecorded', data: { studyId: 'MSA-1' } },
    calibration('CAL-2'),
  ],
  'equipment-GA-1': [{ type: 'EquipmentRegistered', data: { equipmentId: 'GA-1', kind: 'gauge', siteId: 'SITE-A' } }, calibration('CAL-3')],
  'person-OP-1': [{ type: 'PersonRegistered', data: { personId: 'OP-1', name: 'One', siteId: 'SITE-A' } }],
  'revision-SOP-1-A': [{ type: 'RevisionIdClaimed', data: { revisionId: 'SOP-1-A', documentId: 'DOC-1', revision: 'A' } }],
  'document-DOC-1': [
    {
      type: 'DocumentRevisionReleased',
      data: {
        documentId: 'DOC-1',
        revision: 'A',
        revisionId: 'SOP-1-A',
        kind: 'sop',
        siteId: 'SITE-A',
        operations: ['TURN'],
        effectiveFrom: '2026-01-01T00:00:00Z',
      },
    },
  ],
};

/** The same streams read one at a time (a view that cannot read ahead): what the records must equal. */
const streamByStream = (store: ReturnType<typeof storeOf>) => {
  const view = new StoreView(store);
  return { load: (streamId: string) => view.load(streamId) };
};

describe('loadReleaseGateRecords', () => {
  it('reads the named streams and each level of the walk together, and loads what reading them one by one loads', async () => {
    const store = storeOf(streams);
    const records = await loadReleaseGateRecords(new StoreView(store), 'P', lot);
    const single = storeOf(streams);
    const expected = await loadReleaseGateRecords(streamByStream(single), 'P', lot);

    expect(records).toEqual(expected);
    expect([...records.equipment.keys()].sort()).toEqual(['GA-1', 'LATHE-1']);
    expect(records.equipment.get('LATHE-1')!.map((c) => [c.calibrationId, c.recorded])).toEqual([
      ['CAL-1', 2],
      ['CAL-2', 4],
    ]);
    expect([...records.persons.keys()]).toEqual(['OP-1']);
    expect([...records.documents.keys()]).toEqual(['SOP-1-A']);
    expect([...records.lots.keys()].sort()).toEqual(['A', 'B', 'C', 'M', 'P', 'X']);
    expect(records.missingLots).toEqual(['X']);
    expect(records.walkTruncated).toBe(false);
    // Named streams, their documents, and walk levels {A, B} and {M, X, C}: four reads, none stream by stream.
    expect(store.calls).toEqual({ readStream: 0, readStreams: 4 });
    expect(single.calls.readStream).toBe(Object.keys(streams).length - 1 + ['MILL-9', 'OP-2', 'SOP-2-A', 'X'].length);
  });

  it('stops the walk at its bound and says so, as reading stream by stream does', async () => {
    const inputs = Array.from({ length: RELEASE_WALK_MAX_LOTS + 5 }, (_, i) => `IN-${i}`);
    const big = [registered('production'), ...inputs.map(consumed)];
    const many: Record<string, E[]> = { 'lot-BIG': big };
    for (const input of inputs) many[`lot-${input}`] = [registered('material'), { type: 'ReceivingInspectionRecorded', data: { decision: 'accepted' } }];
    const store = storeOf(many);
    const records = await loadReleaseGateRecords(new StoreView(store), 'BIG', big);
    const expected = await loadReleaseGateRecords(streamByStream(storeOf(many)), 'BIG', big);

    expect(records).toEqual(expected);
    expect(records.walkTruncated).toBe(true);
    expect(records.lots.size).toBe(RELEASE_WALK_MAX_LOTS);
    expect(store.calls.readStream).toBe(0);
  });
});
