import { Decision, reject } from '@lotstream/domain';
import type { LotShipped } from '../lot.events';
import { exceeds, holdRefusal, LotState, remainingQuantity } from '../lot.state';

/** Pieces of the lot left for a customer (the recall scope of a lot ends at its shipments). */
export interface ShipLot {
  lotNumber: string;
  shipmentId: string;
  customer: string;
  quantity: number;
  shippedAt: string;
}

export function decideShipLot(command: ShipLot, lot: LotState): Decision<LotShipped> {
  if (!lot.registered) return reject('not-found', 'lot-not-found', `Lot ${command.lotNumber} was not found.`);
  if (lot.shipmentIds.has(command.shipmentId)) {
    return reject('conflict', 'shipment-already-recorded', `Shipment ${command.shipmentId} is already recorded on lot ${command.lotNumber}.`, 'shipmentId');
  }
  const onHold = holdRefusal(lot, command.lotNumber);
  if (onHold) return onHold;
  const available = remainingQuantity(lot) - lot.shipped;
  if (exceeds(command.quantity, available)) {
    return reject(
      'rule',
      'over-shipment',
      `Lot ${command.lotNumber} has ${Math.max(0, available)} ${lot.registered.unit} left to ship; ${command.quantity} requested.`,
      'quantity',
    );
  }
  return [
    { type: 'LotShipped', data: { shipmentId: command.shipmentId, customer: command.customer, quantity: command.quantity, shippedAt: command.shippedAt } },
  ];
}
