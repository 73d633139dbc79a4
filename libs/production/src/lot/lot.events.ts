/**
 * Events of a lot's stream (`lot-<lotNumber>`). Persisted names are stable strings, never class
 * names; data shapes change only with a new schemaVersion and an upcaster.
 * Glossary: a *lot* is a quantity of one part made (or received, for material) together and
 * traced as one; its *genealogy* is which lots went into it and which lots it went into.
 */
export type LotKind = 'production' | 'material';

export interface LotRegistered {
  type: 'LotRegistered';
  data: {
    lotNumber: string;
    partNumber: string;
    partRevision: string;
    quantity: number;
    unit: string;
    siteId: string;
    kind: LotKind;
    supplier?: string;
    supplierLotNumber?: string;
    /** A registered supplier (material lots); `supplier` alone is free text, shown as unverified. */
    supplierId?: string;
    /** When the material was received (default: when it was recorded). */
    receivedAt?: string;
    /** Whether the supplier was approved for the part at receivedAt (libs/suppliers). */
    supplierApproved?: boolean;
    /** Material lots: certificates of conformance / analysis that came with the delivery. */
    certificateRefs?: string[];
    routingRevision?: string;
    /** Set when the lot was created by splitting another lot. */
    splitFrom?: string;
  };
}

/** This lot consumed material from an input lot (genealogy edge input → this lot). */
export interface MaterialConsumed {
  type: 'MaterialConsumed';
  data: { inputLotNumber: string; quantity: number; unit: string; stepId?: string };
}

/** Recorded on the input lot in the same transaction as MaterialConsumed: its remaining quantity drops. */
export interface MaterialIssued {
  type: 'MaterialIssued';
  data: { toLotNumber: string; quantity: number; unit: string };
}

/** Part of this lot became a new child lot (registered in the same transaction). */
export interface LotSplit {
  type: 'LotSplit';
  data: { childLotNumber: string; quantity: number };
}

/** What one operation at a work centre did: the same facts for a lot's step and a prototype's. */
// A type alias, not an interface: event data must stay assignable to Record<string, unknown>.
export type StepFacts = {
  stepId: string;
  operation: string;
  sequence: number;
  workCenter: string;
  equipmentIds: string[];
  operatorId: string;
  sopRevision: string;
  startedAt: string;
  completedAt: string;
  quantityIn: number;
  quantityGood: number;
  quantityScrapped: number;
  parameters?: Record<string, number | string>;
};

export interface ProductionStepCompleted {
  type: 'ProductionStepCompleted';
  data: StepFacts;
}

export interface LotShipped {
  type: 'LotShipped';
  data: { shipmentId: string; customer: string; quantity: number; shippedAt: string };
}

/**
 * The lot is on hold (containment, ISO 9001 8.7): it may not be consumed, split or shipped until the
 * hold is released. A forward hold puts the same hold on every unshipped lot reached forward from
 * `heldFrom`, in one atomic append; the origin lot's event lists them (`heldLots`).
 */
export interface LotHeld {
  type: 'LotHeld';
  data: { holdId: string; reason: string; scope: 'lot' | 'forward'; heldFrom: string; heldLots?: string[]; shippedLots?: string[] };
}

/** A hold lifted by a signed decision (the RecordSigned event follows it on the same stream). */
export interface LotHoldReleased {
  type: 'LotHoldReleased';
  data: { holdId: string; reason: string; releasedBy: string };
}

export type LotEvent = LotRegistered | MaterialConsumed | MaterialIssued | LotSplit | ProductionStepCompleted | LotShipped | LotHeld | LotHoldReleased;

export const LOT_EVENT_TYPES = [
  'LotRegistered',
  'MaterialConsumed',
  'MaterialIssued',
  'LotSplit',
  'ProductionStepCompleted',
  'LotShipped',
  'LotHeld',
  'LotHoldReleased',
] as const;

export const lotStreamId = (lotNumber: string): string => `lot-${lotNumber}`;
