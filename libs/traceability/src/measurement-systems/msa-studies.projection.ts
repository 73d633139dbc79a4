import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { FactTable, factReadModel, type ReadModel } from '@lotstream/messaging';
import { equipmentIdOf, instantOrNull } from '../facts';

const STUDIES = new FactTable(
  'trace_msa_studies',
  [
    ['equipment_id', 'text'],
    ['study_id', 'text'],
    ['part_number', 'text'],
    ['characteristic_id', 'text'],
    ['performed_at', 'timestamptz'],
    ['verdict', 'text'],
    ['stream_version', 'integer'],
    ['study', 'jsonb'],
  ],
  ['equipment_id', 'study_id'],
  [{ name: 'trace_msa_studies_characteristic', on: ['part_number', 'characteristic_id', 'equipment_id', 'performed_at'] }],
);

/**
 * Gauge R&R studies (MsaStudyRecorded on equipment streams) with the results the write side
 * computed and stored in the event: the answer is the recorded verdict, never a recomputation.
 * The equipment's site comes from trace_equipment (same stream, so it is there first).
 */
export const msaStudiesReadModel: ReadModel = factReadModel('msa-studies', [STUDIES], applyMsaStudies);

export const MSA_STUDIES_TABLES = msaStudiesReadModel.tables;

async function applyMsaStudies(tx: PoolClient, events: RecordedEvent[]): Promise<void> {
  const studies = STUDIES.rows();
  for (const event of events) {
    if (event.type !== 'MsaStudyRecorded') continue;
    const equipmentId = equipmentIdOf(event);
    const d = event.data;
    const performedAt = instantOrNull(d.performedAt);
    const results = d.results;
    // The write side guarantees these; a malformed historical event must not stop the projector.
    if (equipmentId === undefined || !performedAt || typeof d.studyId !== 'string' || !results || typeof results !== 'object') continue;
    const characteristic = d.characteristic ?? {};
    const study = {
      studyId: d.studyId,
      gaugeId: equipmentId,
      partNumber: d.partNumber,
      characteristicId: characteristic.id,
      characteristic,
      method: d.method,
      performedAt,
      analysis: d.analysis ?? null,
      ...results,
    };
    studies.add([equipmentId, d.studyId, String(d.partNumber), String(characteristic.id), performedAt, String(results.verdict), event.streamVersion, study]);
  }
  await studies.flush(tx);
}
