import { EquipmentUseView, equipmentUse, loadCalibrationTimelines } from '../equipment-calibration/calibration-timeline';
import { equipmentIdsOf } from '../lot-history/lot-history.query';
import { iso, Queryable, SiteScope, sees } from '../query-context';

interface Recorded {
  streamVersion: number;
  occurredAt: string;
  recordedAt: string;
  actor: { keyId: string; role: string; label?: string } | null;
}

export interface PrototypeBuildRecord {
  buildId: string;
  partNumber: string;
  designRevision: string;
  siteId: string;
  requestedBy: string;
  purpose: string;
  startedAt: string;
  status: 'in-progress' | 'accepted' | 'rejected';
  steps: Array<Recorded & Record<string, unknown> & { equipment: EquipmentUseView[] }>;
  inspections: Array<Recorded & Record<string, unknown> & { equipment: EquipmentUseView[] }>;
  notes: Array<Recorded & { kind: string; text: string }>;
  outcome: { outcome: 'accepted' | 'rejected'; completedAt: string } | null;
  promotion: (Recorded & { partNumber: string; partRevision: string; routingRevision: string; sopRevisions?: Record<string, string> }) | null;
  streamVersion: number;
}

/** The record of a prototype build, folded from its own stream. Undefined when unknown or out of scope. */
export async function prototypeBuildRecord(db: Queryable, schema: string, buildId: string, scope: SiteScope): Promise<PrototypeBuildRecord | undefined> {
  const { rows } = await db.query(
    `SELECT stream_version, type, data, metadata, occurred_at, recorded_at
     FROM ${schema}.trace_prototype_events WHERE build_id = $1 ORDER BY stream_version`,
    [buildId],
  );
  const started = rows.find((row) => row.type === 'PrototypeBuildStarted');
  if (!started || !sees(scope, started.data.siteId)) return undefined;
  const timelines = await loadCalibrationTimelines(
    db,
    schema,
    rows.flatMap((row) => equipmentIdsOf(row.type, row.data)),
  );
  const record: PrototypeBuildRecord = {
    buildId,
    partNumber: started.data.partNumber,
    designRevision: started.data.designRevision,
    siteId: started.data.siteId,
    requestedBy: started.data.requestedBy,
    purpose: started.data.purpose,
    startedAt: iso(started.occurred_at)!,
    status: 'in-progress',
    steps: [],
    inspections: [],
    notes: [],
    outcome: null,
    promotion: null,
    streamVersion: rows[rows.length - 1].stream_version,
  };
  for (const row of rows) {
    const recorded: Recorded = {
      streamVersion: row.stream_version,
      occurredAt: iso(row.occurred_at)!,
      recordedAt: iso(row.recorded_at)!,
      actor: row.metadata?.actor ?? null,
    };
    const d = row.data;
    switch (row.type) {
      case 'PrototypeStepRecorded':
        record.steps.push({
          ...d,
          ...recorded,
          equipment: equipmentIdsOf(row.type, d).map((id) => equipmentUse(timelines, id, d.startedAt, d.completedAt)),
        });
        break;
      case 'PrototypeInspectionRecorded':
        record.inspections.push({ ...d, ...recorded, equipment: equipmentIdsOf(row.type, d).map((id) => equipmentUse(timelines, id, d.inspectedAt)) });
        break;
      case 'PrototypeNoteAdded':
        record.notes.push({ ...recorded, kind: d.kind, text: d.text });
        break;
      case 'PrototypeBuildCompleted':
        record.outcome = { outcome: d.outcome, completedAt: recorded.occurredAt };
        record.status = d.outcome;
        break;
      case 'PrototypePromoted':
        record.promotion = {
          ...recorded,
          partNumber: d.partNumber,
          partRevision: d.partRevision,
          routingRevision: d.routingRevision,
          ...(d.sopRevisions ? { sopRevisions: d.sopRevisions } : {}),
        };
        break;
      default:
        break;
    }
  }
  return record;
}
