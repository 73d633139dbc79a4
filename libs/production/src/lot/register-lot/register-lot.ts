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
  routingRevision?: string;
  occurredAt?: string;
}

export interface RegisterLotSituation {
  lot: LotState;
  /** A prototype build already uses this number. */
  prototypeBuildExists: boolean;
}

export function decideRegisterLot(command: RegisterLot, { lot, prototypeBuildExists }: RegisterLotSituation): Decision<LotRegistered> {
  if (lot.registered) {
    return reject('conflict', 'lot-already-registered', `Lot ${command.lotNumber} is already registered.`, 'lotNumber');
  }
  if (prototypeBuildExists) {
    return reject('rule', 'number-is-prototype-build', `${command.lotNumber} is a prototype build id; production lots need their own numbers.`, 'lotNumber');
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
        ...(command.routingRevision !== undefined ? { routingRevision: command.routingRevision } : {}),
      },
    },
  ];
}
