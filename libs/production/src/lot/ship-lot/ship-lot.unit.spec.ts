import { foldLot } from '../lot.state';
import { lotRegistered, lotShipped, lotSplit } from '../lot.test-events';
import { decideShipLot, ShipLot } from './ship-lot';

const command: ShipLot = { lotNumber: 'L1', shipmentId: 'SH2', customer: 'Globex', quantity: 40, shippedAt: '2026-01-03T10:00:00Z' };

describe('ShipLot', () => {
  it('records a shipment within what is left to ship', () => {
    expect(decideShipLot(command, foldLot([lotRegistered(), lotShipped(60)]))).toEqual([
      { type: 'LotShipped', data: { shipmentId: 'SH2', customer: 'Globex', quantity: 40, shippedAt: '2026-01-03T10:00:00Z' } },
    ]);
  });

  it('refuses shipping more than remains after splits and earlier shipments (422)', () => {
    expect(decideShipLot(command, foldLot([lotRegistered(), lotSplit('L1.B', 10), lotShipped(60)]))).toMatchObject({ kind: 'rule', code: 'over-shipment' });
  });

  it('answers 409 for a shipment id already recorded', () => {
    expect(decideShipLot({ ...command, shipmentId: 'SH1' }, foldLot([lotRegistered(), lotShipped(10, 'SH1')]))).toMatchObject({ kind: 'conflict' });
  });

  it('answers 404 for an unknown lot', () => {
    expect(decideShipLot(command, foldLot([]))).toMatchObject({ kind: 'not-found' });
  });
});
