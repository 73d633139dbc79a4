import type { LotSummary } from '@lotstream/traceability';
import type { Bod } from '../mapping/bod';
import { textAt } from '../xml/secure-xml';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** The lot numbers a GetMaterialLot asks for (each MaterialLot/ID of the DataArea). */
export const requestedLots = (bod: Bod): string[] => bod.nouns.map((n) => textAt(n, 'ID')).filter((id): id is string => id !== undefined);

/** Holds in force and the release of a lot, as its own stream records them (LotHeld, LotHoldReleased, LotReleased). */
export interface LotHoldState {
  /** `held` while any hold is in force; `released` when every hold placed was released; `none` when never held. */
  holdState: 'held' | 'released' | 'none';
  activeHolds: Array<{ holdId: string; reason: string }>;
  /** The lot's release for shipment (LotReleased), when signed. */
  releaseId: string | null;
}

/**
 * The hold/release state of a lot from its stream. No read model carries holds (the lot summary does
 * not), and the release readiness query judges them from the stream too, so Show answers the same.
 * Pure.
 */
export function lotHoldState(events: ReadonlyArray<{ type: string; data: Record<string, unknown> }>): LotHoldState {
  const active = new Map<string, string>();
  let everHeld = false;
  let releaseId: string | null = null;
  for (const event of events) {
    if (event.type === 'LotHeld') {
      everHeld = true;
      active.set(String(event.data.holdId), String(event.data.reason));
    } else if (event.type === 'LotHoldReleased') active.delete(String(event.data.holdId));
    else if (event.type === 'LotReleased') releaseId = String(event.data.releaseId);
  }
  return {
    holdState: active.size > 0 ? 'held' : everHeld ? 'released' : 'none',
    activeHolds: [...active].map(([holdId, reason]) => ({ holdId, reason })),
    releaseId,
  };
}

export type ShownLot = LotSummary & LotHoldState;

const property = (id: string, value: string): string =>
  `<MaterialLotProperty><ID>${id}</ID><Value><ValueString>${escape(value)}</ValueString></Value></MaterialLotProperty>`;

/**
 * ShowMaterialLot (ShowMaterialLotType, B2MML-V0600-Material.xsd; B2MML-Material.xsd for V0700/V0701)
 * from the lot summary read model and the lot's hold state: per lot found, in MaterialLotType's order,
 * ID, MaterialDefinitionID, Status (the lot summary's status), MaterialLotProperty `HoldState`
 * (held | released | none), one `Hold` per hold in force (its holdId; the reason in Description),
 * `ReleaseID` when the lot is released for shipment, then Quantity (QuantityString + UnitOfMeasure).
 * A lot not found (or of a site the key does not see) is left out.
 */
export function showMaterialLotXml(bod: Bod, lots: ShownLot[]): string {
  const body = lots
    .map(
      (lot) =>
        `<MaterialLot><ID>${escape(lot.lotNumber)}</ID><MaterialDefinitionID>${escape(lot.partNumber)}</MaterialDefinitionID><Status>${escape(lot.status)}</Status>` +
        property('HoldState', lot.holdState) +
        lot.activeHolds
          .map(
            (h) =>
              `<MaterialLotProperty><ID>Hold</ID><Description>${escape(h.reason)}</Description><Value><ValueString>${escape(h.holdId)}</ValueString></Value></MaterialLotProperty>`,
          )
          .join('') +
        (lot.releaseId ? property('ReleaseID', lot.releaseId) : '') +
        `<Quantity><QuantityString>${lot.quantityRemaining ?? lot.quantity ?? ''}</QuantityString>${lot.unit ? `<UnitOfMeasure>${escape(lot.unit)}</UnitOfMeasure>` : ''}</Quantity></MaterialLot>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ShowMaterialLot xmlns="${escape(bod.namespace)}" releaseID="${escape(bod.releaseId ?? '1')}">` +
    `<ApplicationArea><Sender><LogicalID>Lotstream</LogicalID></Sender>${bod.bodId ? `<BODID>${escape(bod.bodId)}</BODID>` : ''}</ApplicationArea>` +
    `<DataArea><Show/>${body}</DataArea></ShowMaterialLot>`
  );
}
