import { Decision, reject } from '@lotstream/domain';
import type { LotKind, LotRegistered } from '../lot.events';
import type { LotState } from '../lot.state';

/** Register a lot (production order, or received material) under a number used once, ever. */
export interface RegisterLot {
  lotNumber: string;
  partNumber: string;
  partRevision: string;
  quantity: number;
  unit: string;
  siteId: string;
  kind?: LotKind;
  supplier?: string;
  supplierLotNumber?: string;
  supplierId?: string;
  receivedAt?: string;
  /** Material lots: certificates of conformance / analysis received with the delivery. */
  certificateRefs?: string[];
  routingRevision?: string;
  occurredAt?: string;
}

export interface RegisterLotSituation {
  lot: LotState;
  /** A prototype build already uses this number. */
  prototypeBuildExists: boolean;
  /** For a material lot naming supplierId: the supplier's approval for the part at receivedAt, as the handler read it. */
  supplierCheck?: { registered: boolean; approved: boolean; refuse: boolean; receivedAt: string };
}

export function decideRegisterLot(command: RegisterLot, { lot, prototypeBuildExists, supplierCheck }: RegisterLotSituation): Decision<LotRegistered> {
  if (lot.registered) {
    return reject('conflict', 'lot-already-registered', `Lot ${command.lotNumber} is already registered.`, 'lotNumber');
  }
  if (prototypeBuildExists) {
    return reject('rule', 'number-is-prototype-build', `${command.lotNumber} is a prototype build id; production lots need their own numbers.`, 'lotNumber');
  }
  if (command.supplierId !== undefined && (command.kind ?? 'production') !== 'material') {
    return reject('rule', 'supplier-on-production-lot', 'supplierId is for material lots (kind: material).', 'supplierId');
  }
  if (command.certificateRefs !== undefined && (command.kind ?? 'production') !== 'material') {
    return reject('rule', 'certificates-on-production-lot', 'certificateRefs are for material lots (kind: material).', 'certificateRefs');
  }
  if (command.supplierId !== undefined && supplierCheck) {
    if (!supplierCheck.registered) return reject('rule', 'supplier-not-registered', `Supplier ${command.supplierId} is not registered.`, 'supplierId');
    if (!supplierCheck.approved && supplierCheck.refuse) {
      return reject(
        'rule',
        'supplier-not-approved',
        `Supplier ${command.supplierId} is not approved for part ${command.partNumber} at ${supplierCheck.receivedAt}.`,
        'supplierId',
      );
    }
  }
  return [
    {
      type: 'LotRegistered',
      data: {
        lotNumber: command.lotNumber,
        partNumber: command.partNumber,
        partRevision: command.partRevision,
        quantity: command.quantity,
        unit: command.unit,
        siteId: command.siteId,
        kind: command.kind ?? 'production',
        ...(command.supplier !== undefined ? { supplier: command.supplier } : {}),
        ...(command.supplierLotNumber !== undefined ? { supplierLotNumber: command.supplierLotNumber } : {}),
        ...(command.supplierId !== undefined && supplierCheck
          ? { supplierId: command.supplierId, receivedAt: supplierCheck.receivedAt, supplierApproved: supplierCheck.approved }
          : {}),
        ...(command.certificateRefs !== undefined ? { certificateRefs: [...command.certificateRefs] } : {}),
        ...(command.routingRevision !== undefined ? { routingRevision: command.routingRevision } : {}),
      },
    },
  ];
}
