import type { Pool } from 'pg';

export interface Reply {
  status: number;
  contentType: string;
  body: any;
}

/** POSTs JSON (or a raw string body) to the test app as the given key. */
export async function post(baseUrl: string, path: string, body: unknown, headers: Record<string, string>, raw = false): Promise<Reply> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: parsed };
}

export async function eventCount(pool: Pool): Promise<number> {
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM events');
  return rows[0].n;
}

export async function storedEvents(pool: Pool, streamId: string): Promise<any[]> {
  const { rows } = await pool.query(
    `SELECT event_id, stream_version, type, schema_version, data, metadata, occurred_at, transaction_id::text AS transaction_id
     FROM events WHERE stream_id = $1 ORDER BY stream_version`,
    [streamId],
  );
  return rows;
}

export const step = (stepId: string, sequence: number, overrides: Record<string, unknown> = {}) => ({
  stepId,
  operation: `op-${sequence}`,
  sequence,
  workCenter: 'WC-1',
  equipmentIds: ['LATHE-1'],
  operatorId: 'OPR-1',
  sopRevision: 'SOP-1 A',
  startedAt: '2026-11-25T08:00:00Z',
  completedAt: '2026-11-25T09:00:00Z',
  quantityIn: 500,
  quantityGood: 498,
  quantityScrapped: 2,
  ...overrides,
});

export const inspection = (inspectionId: string, stage: string, measurements: number[], overrides: Record<string, unknown> = {}) => ({
  inspectionId,
  stage,
  characteristic: { id: 'D-OUTER', lsl: 24.95, usl: 25.05, nominal: 25, unit: 'mm' },
  measurements,
  gaugeId: 'GAUGE-1',
  inspectorId: 'QC-1',
  inspectedAt: '2026-11-25T10:00:00Z',
  ...overrides,
});
