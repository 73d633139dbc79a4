/** The body of POST /v1/lots the supplier e2e specs book lots with: 1000 pcs of revision A unless `extra` says otherwise. */
export const lotBody = <E extends Record<string, unknown>>(lotNumber: string, partNumber: string, siteId: string, extra: E = {} as E) => ({
  lotNumber,
  partNumber,
  partRevision: 'A',
  quantity: 1000,
  unit: 'pcs',
  siteId,
  ...extra,
});
