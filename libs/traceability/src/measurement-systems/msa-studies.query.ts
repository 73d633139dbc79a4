import { iso, Queryable, SiteScope, sees } from '../query-context';

export type StudyVerdict = 'acceptable' | 'conditional' | 'unacceptable';

/** A recorded study as GET /v1/equipment/{equipmentId}/msa-studies/{studyId} answers it (the stored results, verbatim). */
export interface MsaStudyView {
  studyId: string;
  gaugeId: string;
  partNumber: string;
  characteristicId: string;
  performedAt: string;
  verdict: StudyVerdict;
  verdictBasis: string;
  [figure: string]: unknown;
}

/** One study in brief: what GET /v1/equipment/{id} and the capability answer show of it. */
export interface StudySummary {
  studyId: string;
  gaugeId: string;
  partNumber: string;
  characteristicId: string;
  performedAt: string;
  verdict: StudyVerdict;
  verdictBasis: string;
  pctGrr: number | null;
  ndc: number | null;
  /** σ²_GRR (ANOVA), what a capability corrected for measurement variation subtracts. */
  varianceGrr: number | null;
}

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

function summaryOf(row: { study: any; performed_at: Date | string }): StudySummary {
  const s = row.study;
  const pctGrr = s.verdictBasis === 'tolerance' ? s.anova?.pctTolerance?.grr : s.anova?.pctStudyVariation?.grr;
  return {
    studyId: s.studyId,
    gaugeId: s.gaugeId,
    partNumber: s.partNumber,
    characteristicId: s.characteristicId,
    performedAt: iso(row.performed_at)!,
    verdict: s.verdict,
    verdictBasis: s.verdictBasis,
    pctGrr: numberOrNull(pctGrr),
    ndc: numberOrNull(s.anova?.ndc),
    varianceGrr: numberOrNull(s.anova?.variance?.grr),
  };
}

async function visibleEquipment(db: Queryable, schema: string, equipmentId: string, scope: SiteScope): Promise<boolean> {
  const row = (await db.query(`SELECT site_id FROM ${schema}.trace_equipment WHERE equipment_id = $1`, [equipmentId])).rows[0];
  return row !== undefined && sees(scope, row.site_id);
}

/** One study of a gauge; undefined when the gauge or the study is unknown, or the gauge is of a site out of scope. */
export async function msaStudy(db: Queryable, schema: string, equipmentId: string, studyId: string, scope: SiteScope): Promise<MsaStudyView | undefined> {
  if (!(await visibleEquipment(db, schema, equipmentId, scope))) return undefined;
  const row = (await db.query(`SELECT study FROM ${schema}.trace_msa_studies WHERE equipment_id = $1 AND study_id = $2`, [equipmentId, studyId])).rows[0];
  return row?.study;
}

/** The latest study of a gauge per part number × characteristic (by performedAt, then the later recorded). */
export async function latestStudiesOfGauge(db: Queryable, schema: string, equipmentId: string): Promise<StudySummary[]> {
  const { rows } = await db.query(
    `SELECT DISTINCT ON (part_number, characteristic_id) study, performed_at
       FROM ${schema}.trace_msa_studies
      WHERE equipment_id = $1
      ORDER BY part_number, characteristic_id, performed_at DESC, stream_version DESC`,
    [equipmentId],
  );
  return rows.map(summaryOf);
}

/** Every study of these gauges on one part number × characteristic, oldest first. */
export async function studiesOfCharacteristic(
  db: Queryable,
  schema: string,
  partNumber: string,
  characteristicId: string,
  gaugeIds: readonly string[],
): Promise<StudySummary[]> {
  if (gaugeIds.length === 0) return [];
  const { rows } = await db.query(
    `SELECT study, performed_at FROM ${schema}.trace_msa_studies
      WHERE part_number = $1 AND characteristic_id = $2 AND equipment_id = ANY($3::text[])
      ORDER BY performed_at, stream_version`,
    [partNumber, characteristicId, [...gaugeIds]],
  );
  return rows.map(summaryOf);
}
