import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { FactRows, FactTable } from './fact-table';

/**
 * A corrected field as a read model stores it: the value the column should hold, or undefined when
 * the value is not one (the write side validates corrections; a malformed one must not stop the
 * projector, nor make a cast fail).
 */
export type CorrectedValue = (raw: unknown) => string | number | boolean | undefined;

/** A read-model table whose rows come from one correctable event type of a lot stream. */
export interface CorrectedTable {
  table: string;
  eventType: string;
  /**
   * How a row names the event it comes from: its stream version (`eventVersion`, the usual key of a
   * fact) or the record's own id (`recordId`: stepId, inspectionId) in the given column.
   */
  match: { eventVersion: string } | { recordId: string };
  /** column → [event data field, PostgreSQL type]. */
  columns: Record<string, readonly [field: string, type: string]>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const FIELD = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Corrections and voids (EventCorrected / EventVoided on a lot stream) of the events a read model
 * keeps rows for, kept as facts of their own. They travel on the quality topic and the events they
 * correct on another (production's), so either may come first, and either may be redelivered: after
 * every page the rows of the lots it touched are brought to what the corrections say — the latest
 * correction of each field wins (by stream version), a voided event's rows are deleted — so the
 * tables end up the same whatever the order.
 */
export class CorrectionFacts {
  readonly facts: FactTable;
  private readonly statements: string[];

  /**
   * `fields`: per corrected event type, the fields the read model follows and how each is stored.
   * `tables`: the tables to bring up to date, each column naming one of those fields.
   */
  constructor(
    table: string,
    private readonly fields: Record<string, Record<string, CorrectedValue>>,
    tables: readonly CorrectedTable[],
  ) {
    this.facts = new FactTable(
      table,
      [
        ['lot_number', 'text'],
        ['stream_version', 'integer'],
        ['event_version', 'integer'],
        ['event_type', 'text'],
        ['record_id', 'text'],
        ['voided', 'boolean'],
        ['corrected', 'jsonb'],
      ],
      ['lot_number', 'stream_version'],
    );
    this.statements = tables.map((target) => this.statementFor(table, target));
  }

  /** A batch for one page of events. */
  rows(): CorrectionRows {
    return new CorrectionRows(this.facts.rows(), this.fields, this.statements);
  }

  /**
   * One statement per table: the corrections of each corrected event folded into its latest fields
   * (jsonb_object_agg keeps the last value of a key, ordered by the correction's stream version);
   * rows of voided events deleted; the others set to those fields, written only where they differ.
   */
  private statementFor(corrections: string, target: CorrectedTable): string {
    for (const name of [target.table, ...Object.keys(target.columns), ...Object.values(target.match)]) {
      if (!IDENTIFIER.test(name)) throw new Error(`invalid identifier ${name}`);
    }
    const followed = this.fields[target.eventType] ?? {};
    const assignments = Object.entries(target.columns).map(([column, [field, type]]) => {
      if (!FIELD.test(field) || !(field in followed)) throw new Error(`${target.table}.${column}: ${target.eventType}.${field} is not a followed field`);
      if (!/^[a-z ]+$/.test(type)) throw new Error(`invalid type ${type}`);
      return { column, value: `CASE WHEN c.fields ? '${field}' THEN (c.fields->>'${field}')::${type} ELSE t."${column}" END` };
    });
    const matches = 'eventVersion' in target.match ? `t."${target.match.eventVersion}" = c.event_version` : `t."${target.match.recordId}" = c.record_id`;
    const targetRow = `t.lot_number = c.lot_number AND ${matches}`;
    return `WITH c AS (
         SELECT x.lot_number, x.event_version, min(x.record_id) AS record_id, bool_or(x.voided) AS voided,
                jsonb_object_agg(f.key, f.value ORDER BY x.stream_version) FILTER (WHERE f.key IS NOT NULL) AS fields
         FROM ${corrections} x LEFT JOIN LATERAL jsonb_each(x.corrected) f ON true
         WHERE x.lot_number = ANY($1::text[]) AND x.event_type = '${target.eventType}'
         GROUP BY x.lot_number, x.event_version
       ), voided AS (
         DELETE FROM ${target.table} t USING c WHERE c.voided AND ${targetRow}
       )
       UPDATE ${target.table} t SET ${assignments.map((a) => `"${a.column}" = ${a.value}`).join(', ')}
       FROM c WHERE NOT c.voided AND c.fields IS NOT NULL AND ${targetRow}
         AND ROW(${assignments.map((a) => `t."${a.column}"`).join(', ')}) IS DISTINCT FROM ROW(${assignments.map((a) => a.value).join(', ')})`;
  }
}

export class CorrectionRows {
  private readonly touched = new Set<string>();

  constructor(
    private readonly facts: FactRows,
    private readonly fields: Record<string, Record<string, CorrectedValue>>,
    private readonly statements: string[],
  ) {}

  /**
   * Takes a correction or void of a followed event type (true: the caller has nothing more to do
   * with it). Any event of a followed type marks its lot touched, so an original arriving after its
   * correction is corrected in the same page.
   */
  take(event: RecordedEvent, lotNumber: string): boolean {
    const followed = this.fields[event.type];
    if (followed) {
      this.touched.add(lotNumber);
      return false;
    }
    if (event.type !== 'EventCorrected' && event.type !== 'EventVoided') return false;
    const d = event.data;
    const eventType = String(d.eventType);
    const fields = this.fields[eventType];
    // A correction of an event this read model keeps no rows for.
    if (!fields || !Number.isInteger(d.eventVersion)) return true;
    const corrected: Record<string, unknown> = {};
    if (event.type === 'EventCorrected') {
      for (const [field, raw] of Object.entries((d.corrected ?? {}) as Record<string, unknown>)) {
        const value = fields[field]?.(raw);
        if (value !== undefined) corrected[field] = value;
      }
    }
    this.touched.add(lotNumber);
    this.facts.add([lotNumber, event.streamVersion, d.eventVersion, eventType, String(d.recordId ?? ''), event.type === 'EventVoided', corrected]);
    return true;
  }

  /** Writes the page's corrections, then brings the touched lots' rows to them: after the tables' own rows are flushed. */
  async flush(tx: PoolClient): Promise<void> {
    await this.facts.flush(tx);
    if (this.touched.size === 0) return;
    const lots = [...this.touched];
    for (const statement of this.statements) await tx.query(statement, [lots]);
  }
}

/** Stored values of corrected fields, as the projections store the originals. */
export const correctedText: CorrectedValue = (raw) => (typeof raw === 'string' ? raw : undefined);

export const correctedNumber: CorrectedValue = (raw) => (typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined);

export const correctedInteger: CorrectedValue = (raw) => (Number.isInteger(raw) ? (raw as number) : undefined);

/** An instant as ISO text (what a timestamptz column parses). */
export const correctedInstant: CorrectedValue = (raw) => {
  if (typeof raw !== 'string') return undefined;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
};
