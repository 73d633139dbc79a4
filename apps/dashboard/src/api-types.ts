// The API's own answer types, imported from the libs that produce them (type-only: nothing of the
// server is bundled). An API change breaks `npm run typecheck` here.
export type { LotSummary } from '../../../libs/traceability/src/lot-summary/lot-summary.query';
export type { LotHistory, HistoryEntry } from '../../../libs/traceability/src/lot-history/lot-history.query';
export type { Genealogy, GenealogyNode, GenealogyEdge } from '../../../libs/traceability/src/lot-genealogy/lot-genealogy.query';
export type { CapabilityAnswer, CapabilityPoint } from '../../../libs/repeatability/src/characteristic-capability/characteristic-capability.query';
export type { RuleViolation } from '../../../libs/repeatability/src/spc/types';
export type { AuditVerifyResult } from '../../../libs/audit/src/verify/audit-verifier';
export type { StepFacts } from '../../../libs/production/src/lot/lot.events';
export type { EquipmentStatusView } from '../../../libs/traceability/src/equipment-calibration/equipment-status.query';
export type { CalibrationImpact } from '../../../libs/traceability/src/calibration-impact/calibration-impact.query';
export type { PrototypeBuildRecord } from '../../../libs/traceability/src/prototype-build-record/prototype-build.query';
export type { PersonView, PersonImpact, PerformedStep } from '../../../libs/traceability/src/work-conditions/people.query';
export type { DocumentView, TrainingGaps } from '../../../libs/traceability/src/work-conditions/documents.query';
export type { ConsistencyAnswer, LotConsistency } from '../../../libs/repeatability/src/part-consistency/part-consistency.evaluate';
export type { StreamAsOf } from '../../../libs/audit/src/replay/stream-replay';
import type { supplierAnswer } from '../../../libs/suppliers/src/supplier/supplier-queries/supplier-answers';
export type SupplierAnswer = ReturnType<typeof supplierAnswer>;
export type { FirstArticleForms, Form3Row } from '../../../libs/quality/src/first-article/first-article-form/first-article-form';
export type { FirstArticleDue } from '../../../libs/quality/src/first-article/first-article-due/first-article-due';
import type { MsaStudyView } from '../../../libs/traceability/src/measurement-systems/msa-studies.query';
import type { GaugeRrResult } from '../../../libs/metrology/src/msa/gauge-rr';
/** GET /v1/equipment/{id}/msa-studies/{studyId}: the study as recorded with both AIAG methods' results. */
export type GaugeStudyAnswer = MsaStudyView & Omit<GaugeRrResult, 'verdict' | 'verdictBasis'> & { method: string; analysis: string | null };
