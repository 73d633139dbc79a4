import type { LotRegistered } from './lot.events';
import type { LotStreamEvent } from './lot.state';

/** Event builders for given/when/then specs of lot decisions. */
export const lotRegistered = (overrides: Partial<LotRegistered['data']> = {}): LotRegistered => ({
  type: 'LotRegistered',
  data: { lotNumber: 'L1', partNumber: 'PN-1', partRevision: 'A', quantity: 100, unit: 'pcs', siteId: 'S1', kind: 'production', ...overrides },
});

export const materialIssued = (toLotNumber: string, quantity: number, unit = 'pcs'): LotStreamEvent => ({
  type: 'MaterialIssued',
  data: { toLotNumber, quantity, unit },
});

export const lotSplit = (childLotNumber: string, quantity: number): LotStreamEvent => ({ type: 'LotSplit', data: { childLotNumber, quantity } });

export const lotShipped = (quantity: number, shipmentId = 'SH1'): LotStreamEvent => ({
  type: 'LotShipped',
  data: { shipmentId, customer: 'C', quantity, shippedAt: '2026-01-02T00:00:00Z' },
});
