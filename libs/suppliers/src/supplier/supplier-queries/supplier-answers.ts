// The answers of GET /v1/suppliers/{supplierId} and …/sampling, computed from the folded supplier
// stream (pure: the time of "now" comes in as an argument).
import { Rejection, reject } from '@lotstream/domain';
import { MAX_LOT_SIZE, samplingPlan } from '../../sampling/iso2859-sampling';
import type { SupplierState } from '../supplier.state';
import { isSuspendedAt } from '../supplier.state';

export interface SamplingAnswer {
  standard: 'ISO 2859-1';
  partNumber: string;
  lotSize: number;
  inspectionLevel: string;
  aql: number;
  severity: string;
  codeLetter: string | null;
  sampleSize: number | null;
  acceptNumber: number | null;
  rejectNumber: number | null;
  hundredPercent: boolean;
  switchingScore: number;
  history: string[];
}

export function samplingAnswer(state: SupplierState, partNumber: string, lotSize: number): SamplingAnswer | Rejection {
  const part = state.plans.get(partNumber);
  if (!part) return reject('not-found', 'sampling-plan-not-found', `No sampling plan for part ${partNumber} from this supplier.`, 'partNumber');
  if (!Number.isInteger(lotSize) || lotSize < 2 || lotSize > MAX_LOT_SIZE) {
    return reject('rule', 'lot-size-out-of-range', `lotSize must be a whole number of pieces, 2 … ${MAX_LOT_SIZE}.`, 'lotSize');
  }
  const base = {
    standard: 'ISO 2859-1' as const,
    partNumber,
    lotSize,
    inspectionLevel: part.inspectionLevel,
    aql: part.aql,
    severity: part.switching.severity,
    switchingScore: part.switching.switchingScore,
    history: part.switching.history,
  };
  // Discontinued (9.4): no plan applies until a resumption is recorded.
  if (part.switching.severity === 'discontinued') {
    return { ...base, codeLetter: null, sampleSize: null, acceptNumber: null, rejectNumber: null, hundredPercent: false };
  }
  const plan = samplingPlan({ lotSize, inspectionLevel: part.inspectionLevel, aql: part.aql, severity: part.switching.severity });
  return {
    ...base,
    codeLetter: plan.planCodeLetter,
    sampleSize: plan.sampleSize,
    acceptNumber: plan.acceptNumber,
    rejectNumber: plan.rejectNumber,
    hundredPercent: plan.hundredPercent,
  };
}

export function supplierAnswer(state: SupplierState, now: string) {
  const t = Date.parse(now);
  const suspended = isSuspendedAt(state, now);
  return {
    supplierId: state.registered?.supplierId,
    name: state.registered?.name,
    siteIds: state.registered?.siteIds ?? [],
    suspended,
    suspensions: state.suspensions,
    approvals: state.approvals.map((a) => ({
      ...a,
      status: suspended
        ? 'suspended'
        : t < Date.parse(a.validFrom)
          ? 'not-yet-valid'
          : a.validUntil !== undefined && t >= Date.parse(a.validUntil)
            ? 'expired'
            : 'approved',
    })),
    samplingPlans: [...state.plans.values()].map((p) => ({
      partNumber: p.partNumber,
      inspectionLevel: p.inspectionLevel,
      aql: p.aql,
      severity: p.switching.severity,
      switchingScore: p.switching.switchingScore,
    })),
  };
}
