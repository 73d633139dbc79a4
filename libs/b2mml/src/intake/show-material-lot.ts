import type { LotSummary } from '@lotstream/traceability';
import type { Bod } from '../mapping/bod';
import { textAt } from '../xml/secure-xml';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** The lot numbers a GetMaterialLot asks for (each MaterialLot/ID of the DataArea). */
export const requestedLots = (bod: Bod): string[] => bod.nouns.map((n) => textAt(n, 'ID')).filter((id): id is string => id !== undefined);

/**
 * ShowMaterialLot (ShowMaterialLotType, B2MML-V0600-Material.xsd) from the lot summary read model:
 * ID, MaterialDefinitionID, Status and Quantity (QuantityString + UnitOfMeasure) per lot found; a lot
 * not found (or of a site the key does not see) is left out.
 */
export function showMaterialLotXml(bod: Bod, lots: LotSummary[]): string {
  const body = lots
    .map(
      (lot) =>
        `<MaterialLot><ID>${escape(lot.lotNumber)}</ID><MaterialDefinitionID>${escape(lot.partNumber)}</MaterialDefinitionID><Status>${escape(lot.status)}</Status>` +
        `<Quantity><QuantityString>${lot.quantityRemaining ?? lot.quantity ?? ''}</QuantityString>${lot.unit ? `<UnitOfMeasure>${escape(lot.unit)}</UnitOfMeasure>` : ''}</Quantity></MaterialLot>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ShowMaterialLot xmlns="${escape(bod.namespace)}" releaseID="${escape(bod.releaseId ?? '1')}">` +
    `<ApplicationArea><Sender><LogicalID>Lotstream</LogicalID></Sender>${bod.bodId ? `<BODID>${escape(bod.bodId)}</BODID>` : ''}</ApplicationArea>` +
    `<DataArea><Show/>${body}</DataArea></ShowMaterialLot>`
  );
}
