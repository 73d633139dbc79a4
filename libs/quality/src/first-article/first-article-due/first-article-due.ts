/**
 * When a new first article inspection (FAI) is due for a part — pure: the part's recorded facts in,
 * the reasons out, each naming the event that caused it. No I/O, no clock.
 *
 * Glossary: a *first article* is the documented proof (AS9102) that the first production lot made by
 * a production process meets every characteristic of the design. AS9102 §4.6 asks for a new (full or
 * partial) one when, since the last approved one, the process changed: here the part revision, an
 * operation's SOP revision, a supplier of material new to the part, a machine new to an operation,
 * or a lapse of two years in production.
 */

/** Where a fact was recorded: the event a reason names. */
export interface FactSource {
  eventId: string;
  type: string;
  streamId: string;
  /** Global position in the store (a bigint as a decimal string): the order facts are walked in. */
  position: string;
  occurredAt: string;
}

export type PartFact =
  | { kind: 'lot-registered'; source: FactSource; lotNumber: string; partRevision: string }
  | {
      kind: 'step-completed';
      source: FactSource;
      lotNumber: string;
      operation: string;
      sopRevision: string;
      /** Machines the step ran on (equipment of kind machine; gauges are not part of the process). */
      machineIds: string[];
    }
  | { kind: 'material-consumed'; source: FactSource; lotNumber: string; inputLotNumber: string; supplier: string | null }
  | { kind: 'first-article-approved'; source: FactSource; lotNumber: string; faiId: string; faiType: 'full' | 'partial'; partRevision: string };

export type FirstArticleDueKind =
  'no-approved-first-article' | 'part-revision-changed' | 'sop-revision-changed' | 'new-supplier' | 'new-machine' | 'production-lapse';

export interface FirstArticleDueReason {
  kind: FirstArticleDueKind;
  detail: string;
  /** The event that made the FAI due (null only when the part has no fact at all yet). */
  causedBy: (FactSource & { lotNumber: string }) | null;
  operation?: string;
  from?: string | null;
  to?: string;
  supplier?: string;
  equipmentId?: string;
}

export interface LastApproved {
  faiId: string;
  lotNumber: string;
  faiType: 'full' | 'partial';
  partRevision: string;
  approvedAt: string;
  eventId: string;
}

export interface FirstArticleDue {
  due: boolean;
  reasons: FirstArticleDueReason[];
  lastApproved: LastApproved | null;
  /** Full when none was ever approved or production lapsed; otherwise partial (the changed characteristics). */
  suggestedType: 'full' | 'partial' | null;
}

/** Production lapse that makes an FAI due (AS9102 §4.6 e): two calendar years. */
export const LAPSE_YEARS = 2;

const byPosition = (a: PartFact, b: PartFact): number => {
  const x = BigInt(a.source.position);
  const y = BigInt(b.source.position);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The instant two calendar years after `iso` (UTC; 29 February rolls to 1 March). */
export function lapseEndsAt(iso: string): number {
  const at = new Date(Date.parse(iso));
  at.setUTCFullYear(at.getUTCFullYear() + LAPSE_YEARS);
  return at.getTime();
}

const isProduction = (fact: PartFact): boolean => fact.kind === 'lot-registered' || fact.kind === 'step-completed';

/** What the process was known to be: revisions, suppliers and machines seen so far. */
interface Known {
  partRevision: string | null;
  sopRevision: Map<string, string>;
  suppliers: Set<string>;
  machines: Map<string, Set<string>>;
  lastProductionAt: string | null;
}

function learn(known: Known, fact: PartFact): void {
  switch (fact.kind) {
    case 'lot-registered':
      known.partRevision = fact.partRevision;
      break;
    case 'step-completed': {
      known.sopRevision.set(fact.operation, fact.sopRevision);
      const machines = known.machines.get(fact.operation) ?? new Set<string>();
      fact.machineIds.forEach((id) => machines.add(id));
      known.machines.set(fact.operation, machines);
      break;
    }
    case 'material-consumed':
      if (fact.supplier !== null) known.suppliers.add(fact.supplier);
      break;
    case 'first-article-approved':
      known.partRevision = fact.partRevision;
      break;
  }
  if (isProduction(fact)) known.lastProductionAt = fact.source.occurredAt;
}

/** The reasons `fact` gives for a new FAI, judged against what was known before it. */
function reasonsFrom(known: Known, fact: PartFact): FirstArticleDueReason[] {
  const causedBy = { ...fact.source, lotNumber: fact.lotNumber };
  const reasons: FirstArticleDueReason[] = [];
  if (isProduction(fact) && known.lastProductionAt !== null && Date.parse(fact.source.occurredAt) >= lapseEndsAt(known.lastProductionAt)) {
    reasons.push({
      kind: 'production-lapse',
      detail: `no production of the part from ${known.lastProductionAt} to ${fact.source.occurredAt} (${LAPSE_YEARS} years or more)`,
      causedBy,
      from: known.lastProductionAt,
      to: fact.source.occurredAt,
    });
  }
  switch (fact.kind) {
    case 'lot-registered':
      if (known.partRevision !== null && fact.partRevision !== known.partRevision) {
        reasons.push({
          kind: 'part-revision-changed',
          detail: `lot ${fact.lotNumber} is of part revision ${fact.partRevision}, the first article was of ${known.partRevision}`,
          causedBy,
          from: known.partRevision,
          to: fact.partRevision,
        });
      }
      break;
    case 'step-completed': {
      const previous = known.sopRevision.get(fact.operation);
      if (previous !== undefined && previous !== fact.sopRevision) {
        reasons.push({
          kind: 'sop-revision-changed',
          detail: `operation ${fact.operation} ran under SOP revision ${fact.sopRevision} (was ${previous})`,
          causedBy,
          operation: fact.operation,
          from: previous,
          to: fact.sopRevision,
        });
      }
      const machines = known.machines.get(fact.operation);
      // An operation never seen before has no machines to compare with: no machine of it is "new".
      if (machines !== undefined) {
        for (const equipmentId of fact.machineIds.filter((id) => !machines.has(id))) {
          reasons.push({
            kind: 'new-machine',
            detail: `operation ${fact.operation} ran on machine ${equipmentId}, not used for it before`,
            causedBy,
            operation: fact.operation,
            equipmentId,
          });
        }
      }
      break;
    }
    case 'material-consumed':
      if (fact.supplier !== null && !known.suppliers.has(fact.supplier)) {
        reasons.push({
          kind: 'new-supplier',
          detail: `lot ${fact.lotNumber} consumed material lot ${fact.inputLotNumber} from supplier ${fact.supplier}, not used before for the part`,
          causedBy,
          supplier: fact.supplier,
        });
      }
      break;
    case 'first-article-approved':
      break;
  }
  return reasons;
}

/**
 * Walks the part's facts in store order. Everything up to the last approval is what the approved
 * first article proved; each later fact that departs from it is a reason (the first time only: a
 * second lot on the same new machine repeats the same reason).
 */
export function firstArticleDue(facts: readonly PartFact[]): FirstArticleDue {
  const ordered = [...facts].sort(byPosition);
  const lastApprovalIndex = ordered.map((fact) => fact.kind).lastIndexOf('first-article-approved');
  const known: Known = { partRevision: null, sopRevision: new Map(), suppliers: new Set(), machines: new Map(), lastProductionAt: null };

  if (lastApprovalIndex < 0) {
    const first = ordered.find(isProduction) ?? ordered[0];
    return {
      due: true,
      reasons: [
        {
          kind: 'no-approved-first-article',
          detail: 'no first article of the part was ever approved',
          causedBy: first ? { ...first.source, lotNumber: first.lotNumber } : null,
        },
      ],
      lastApproved: null,
      suggestedType: 'full',
    };
  }

  ordered.slice(0, lastApprovalIndex + 1).forEach((fact) => learn(known, fact));
  const approval = ordered[lastApprovalIndex] as Extract<PartFact, { kind: 'first-article-approved' }>;
  const reasons: FirstArticleDueReason[] = [];
  for (const fact of ordered.slice(lastApprovalIndex + 1)) {
    reasons.push(...reasonsFrom(known, fact));
    learn(known, fact);
  }
  return {
    due: reasons.length > 0,
    reasons,
    lastApproved: {
      faiId: approval.faiId,
      lotNumber: approval.lotNumber,
      faiType: approval.faiType,
      partRevision: approval.partRevision,
      approvedAt: approval.source.occurredAt,
      eventId: approval.source.eventId,
    },
    suggestedType: reasons.length === 0 ? null : reasons.some((r) => r.kind === 'production-lapse') ? 'full' : 'partial',
  };
}
