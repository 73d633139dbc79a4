import { Decision, reject } from '@lotstream/domain';
import type { ApprovalBasis, SupplierApproved } from '../supplier.events';
import type { SupplierState } from '../supplier.state';

/** Approve a supplier for parts (or a commodity) from a date, until a date or open-ended. */
export interface ApproveSupplier {
  supplierId: string;
  approvalId: string;
  partNumbers?: string[];
  commodity?: string;
  validFrom: string;
  validUntil?: string;
  basis: ApprovalBasis;
  evidenceRef?: string;
  approvedBy: string;
}

export function decideApproveSupplier(command: ApproveSupplier, supplier: SupplierState): Decision<SupplierApproved> {
  if (supplier.approvals.some((a) => a.approvalId === command.approvalId)) {
    return reject('conflict', 'approval-already-recorded', `Approval ${command.approvalId} is already recorded.`, 'approvalId');
  }
  const hasParts = (command.partNumbers?.length ?? 0) > 0;
  if (hasParts === (command.commodity !== undefined)) {
    return reject('rule', 'approval-scope', 'An approval names either partNumbers or a commodity, not both and not neither.', 'partNumbers');
  }
  if (command.validUntil !== undefined && Date.parse(command.validUntil) <= Date.parse(command.validFrom)) {
    return reject('rule', 'valid-until-not-after-valid-from', 'validUntil must be after validFrom.', 'validUntil');
  }
  const { approvalId, partNumbers, commodity, validFrom, validUntil, basis, evidenceRef, approvedBy } = command;
  return [
    {
      type: 'SupplierApproved',
      data: {
        approvalId,
        ...(hasParts ? { partNumbers: [...new Set(partNumbers)] } : { commodity }),
        validFrom,
        ...(validUntil !== undefined ? { validUntil } : {}),
        basis,
        ...(evidenceRef !== undefined ? { evidenceRef } : {}),
        approvedBy,
      },
    },
  ];
}
