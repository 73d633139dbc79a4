import { foldStream, LoadedStream } from '@lotstream/domain';

/**
 * What a receiving inspection needs of the lot it decides: the registration fact of the lot stream,
 * read by its published event type and fields (the AsyncAPI contract), not through the production
 * context's code — production already depends on this context (a receipt is checked against the
 * supplier's approvals, a consumption against the IQC decision), so the reverse import would be a
 * circle between the two.
 */
export interface LotReceipt {
  lotNumber: string;
  partNumber: string;
  quantity: number;
  siteId: string;
  kind?: string;
  supplierId?: string;
}

const evolveReceipt = (receipt: LotReceipt | undefined, event: { type: string; data: unknown }): LotReceipt | undefined => {
  if (receipt !== undefined || event.type !== 'LotRegistered') return receipt;
  const d = event.data as Record<string, unknown>;
  return {
    lotNumber: String(d.lotNumber),
    partNumber: String(d.partNumber),
    quantity: Number(d.quantity),
    siteId: String(d.siteId),
    ...(typeof d.kind === 'string' ? { kind: d.kind } : {}),
    ...(typeof d.supplierId === 'string' ? { supplierId: d.supplierId } : {}),
  };
};

export const lotReceiptOf = (stream: LoadedStream): LotReceipt | undefined => foldStream(stream, undefined as LotReceipt | undefined, evolveReceipt);

export const lotReceiptStreamId = (lotNumber: string): string => `lot-${lotNumber}`;
