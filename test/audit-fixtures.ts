import type { Pool } from 'pg';
import type { AppendRequest, EventToAppend } from '@lotstream/event-store';

/** Domain-shaped events for audit tests, written straight to the store (the write side is not under test). */
export const SITE = 'SITE-A';
export const metadata = { actor: { keyId: 'k-audit-test', role: 'integration' }, siteId: SITE };

export function lotRegistered(lotNumber: string, occurredAt = '2026-11-25T08:00:00Z'): EventToAppend {
  return {
    type: 'LotRegistered',
    occurredAt,
    data: { lotNumber, partNumber: 'PN-1', partRevision: 'A', quantity: 100, unit: 'pcs', siteId: SITE, kind: 'production', routingRevision: 'R1' },
  };
}

export function stepCompleted(stepId: string, sequence: number, occurredAt = '2026-11-25T09:00:00Z'): EventToAppend {
  return {
    type: 'ProductionStepCompleted',
    occurredAt,
    data: {
      stepId,
      operation: 'turning',
      sequence,
      workCenter: 'WC-1',
      equipmentIds: ['M-1'],
      operatorId: 'op-1',
      sopRevision: 'S1',
      startedAt: '2026-11-25T08:10:00Z',
      completedAt: occurredAt,
      quantityIn: 100,
      quantityGood: 98,
      quantityScrapped: 2,
    },
  };
}

export function inspectionRecorded(inspectionId: string, value: number, occurredAt = '2026-11-25T10:00:00Z'): EventToAppend {
  return {
    type: 'InspectionRecorded',
    schemaVersion: 2,
    occurredAt,
    data: {
      inspectionId,
      stage: 'IPQC',
      characteristic: { id: 'D1', lsl: 9.9, usl: 10.1, nominal: 10, unit: 'mm' },
      measurements: [value, value + 0.01, value - 0.01],
      gaugeId: 'G-1',
      inspectorId: 'qi-1',
      inspectedAt: occurredAt,
      verdict: 'pass',
      partNumber: 'PN-1',
    },
  };
}

export function lotShipped(shipmentId: string, quantity: number, occurredAt = '2026-11-25T12:00:00Z'): EventToAppend {
  return { type: 'LotShipped', occurredAt, data: { shipmentId, customer: 'ACME', quantity, shippedAt: occurredAt } };
}

/** A lot's whole life in one append: registered, `steps` steps, one inspection. */
export function lotLife(lotNumber: string, steps = 2): AppendRequest {
  return {
    streamId: `lot-${lotNumber}`,
    expectedVersion: 'no-stream',
    metadata,
    events: [
      lotRegistered(lotNumber),
      ...Array.from({ length: steps }, (_, i) => stepCompleted(`${lotNumber}-s${i + 1}`, (i + 1) * 10)),
      inspectionRecorded(`${lotNumber}-i1`, 10),
    ],
  };
}

/**
 * Changes the events table the way an attacker with database rights would: session_replication_role
 * = replica turns the immutability triggers off for this transaction only.
 */
export async function tamper(pool: Pool, statements: Array<[string, unknown[]?]>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    for (const [sql, params] of statements) await client.query(sql, params ?? []);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Safe order hides events of transactions younger than the oldest one still running anywhere on the
 * server (other test suites included): wait until every stored event is readable in safe order.
 */
export async function waitUntilAllReadable(pool: Pool, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query(`SELECT coalesce(max(transaction_id) < pg_snapshot_xmin(pg_current_snapshot()), true) AS readable FROM events`);
    if (rows[0].readable) return;
    if (Date.now() > deadline) throw new Error('events stayed hidden from safe order (a transaction is held open on the server)');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
