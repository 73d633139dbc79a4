import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { streamCategoryOf } from '@lotstream/event-store';
import { ProjectionRunner, ReadModel } from '@lotstream/messaging';

/** Topics events travel on (docs/api.md, Kafka): one lot's events are split across two of them. */
export type Topic = 'production' | 'quality' | 'metrology' | 'prototype' | 'personnel' | 'documents' | 'suppliers';

const QUALITY_TYPES = new Set(['InspectionRecorded', 'NonconformanceRaised', 'NonconformanceDispositioned', 'EventCorrected', 'EventVoided', 'RecordSigned']);

export function topicOf(event: RecordedEvent): Topic {
  if (event.streamCategory === 'equipment') return 'metrology';
  if (event.streamCategory === 'prototype') return 'prototype';
  if (event.streamCategory === 'person') return 'personnel';
  if (event.streamCategory === 'document') return 'documents';
  if (event.streamCategory === 'supplier') return 'suppliers';
  return QUALITY_TYPES.has(event.type) ? 'quality' : 'production';
}

/**
 * Builds RecordedEvent-shaped facts in global order (positions, stream versions, ids), as the
 * store would hand them to the projector, without HTTP or the write side.
 */
export class EventLog {
  readonly events: RecordedEvent[] = [];
  private readonly versions = new Map<string, number>();
  private clock = Date.parse('2026-01-01T00:00:00Z');

  append(streamId: string, type: string, data: Record<string, unknown>, occurredAt?: string): RecordedEvent {
    const version = (this.versions.get(streamId) ?? 0) + 1;
    this.versions.set(streamId, version);
    this.clock += 1000;
    const recordedAt = new Date(this.clock).toISOString();
    const event: RecordedEvent = {
      position: String(this.events.length + 1),
      transactionId: String(this.events.length + 1),
      eventId: randomUUID(),
      streamId,
      streamCategory: streamCategoryOf(streamId),
      streamVersion: version,
      type,
      schemaVersion: 1,
      data,
      metadata: { actor: { keyId: 'key-test', role: 'integration' }, siteId: (data.siteId as string) ?? 'SITE-A' },
      occurredAt: occurredAt ?? recordedAt,
      recordedAt,
      prevHash: null,
      hash: 'h',
    };
    this.events.push(event);
    return event;
  }

  registerLot(
    lotNumber: string,
    options: { partNumber?: string; kind?: 'production' | 'material'; siteId?: string; quantity?: number; splitFrom?: string } = {},
  ): void {
    this.append(`lot-${lotNumber}`, 'LotRegistered', {
      lotNumber,
      partNumber: options.partNumber ?? `PN-${lotNumber}`,
      partRevision: 'A',
      quantity: options.quantity ?? 1000,
      unit: 'pcs',
      siteId: options.siteId ?? 'SITE-A',
      kind: options.kind ?? 'production',
      ...(options.splitFrom ? { splitFrom: options.splitFrom } : {}),
    });
  }

  /** A consumption as the write side records it: MaterialConsumed on the output, MaterialIssued on the input. */
  consume(outputLot: string, inputLot: string, quantity: number): void {
    this.append(`lot-${outputLot}`, 'MaterialConsumed', { inputLotNumber: inputLot, quantity, unit: 'pcs' });
    this.append(`lot-${inputLot}`, 'MaterialIssued', { toLotNumber: outputLot, quantity, unit: 'pcs' });
  }

  /** A split as the write side records it: LotSplit on the parent, the child registered with splitFrom. */
  split(parentLot: string, childLot: string, quantity: number): void {
    this.append(`lot-${parentLot}`, 'LotSplit', { childLotNumber: childLot, quantity });
    this.registerLot(childLot, { quantity, splitFrom: parentLot });
  }

  ship(lotNumber: string, shipmentId: string, customer: string, quantity = 1, shippedAt?: string): void {
    this.append(`lot-${lotNumber}`, 'LotShipped', { shipmentId, customer, quantity, shippedAt: shippedAt ?? new Date(this.clock).toISOString() });
  }

  inspect(lotNumber: string, inspectionId: string, gaugeId: string, inspectedAt: string, verdict: 'pass' | 'fail' = 'pass'): void {
    this.append(
      `lot-${lotNumber}`,
      'InspectionRecorded',
      {
        inspectionId,
        stage: 'IPQC',
        characteristic: { id: 'DIA-1', lsl: 9.9, usl: 10.1, nominal: 10, unit: 'mm' },
        measurements: [10.01, 9.99, 10.0],
        gaugeId,
        inspectorId: 'QA-1',
        inspectedAt,
        verdict,
        partNumber: `PN-${lotNumber}`,
      },
      inspectedAt,
    );
  }

  registerEquipment(equipmentId: string, kind: 'gauge' | 'machine' = 'gauge', siteId = 'SITE-A'): void {
    this.append(`equipment-${equipmentId}`, 'EquipmentRegistered', {
      equipmentId,
      kind,
      description: `${kind} ${equipmentId}`,
      siteId,
      calibrationIntervalDays: 90,
    });
  }

  calibrate(
    equipmentId: string,
    calibrationId: string,
    performedAt: string,
    nextDueAt: string,
    asFound: 'in-tolerance' | 'out-of-tolerance' = 'in-tolerance',
    asLeft: 'in-tolerance' | 'out-of-tolerance' = 'in-tolerance',
  ): void {
    this.append(
      `equipment-${equipmentId}`,
      'CalibrationRecorded',
      { calibrationId, performedAt, asFound, asLeft, nextDueAt, certificateRef: `CERT-${calibrationId}`, performedBy: 'Metrology lab' },
      performedAt,
    );
  }
}

/**
 * A cross-stream interleaving the projector could see: per-stream order kept only within a topic
 * partition, i.e. per (stream, topic) — one lot's production and quality events are independent.
 */
export function interleave(events: readonly RecordedEvent[], random: () => number): RecordedEvent[] {
  const queues = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const key = `${event.streamId}|${topicOf(event)}`;
    const queue = queues.get(key) ?? [];
    queue.push(event);
    queues.set(key, queue);
  }
  const pending = [...queues.values()];
  const out: RecordedEvent[] = [];
  while (pending.length > 0) {
    const index = Math.floor(random() * pending.length);
    out.push(pending[index].shift()!);
    if (pending[index].length === 0) pending.splice(index, 1);
  }
  return out;
}

/** A small seeded generator, so a failing interleaving can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/** Applies events in pages, as a feed would. */
export async function project(runner: ProjectionRunner, events: readonly RecordedEvent[], pageSize = 50): Promise<void> {
  for (let i = 0; i < events.length; i += pageSize) await runner.apply(events.slice(i, i + pageSize));
}

/** Every row of every table of the read models, sorted, for comparing two schemas. */
export async function dumpTables(pool: Pool, schema: string, models: readonly ReadModel[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of models.flatMap((m) => m.tables)) {
    const { rows } = await pool.query(`SELECT to_jsonb(t) AS row FROM ${schema}.${table} t`);
    out[table] = rows.map((r) => JSON.stringify(r.row)).sort();
  }
  return out;
}
