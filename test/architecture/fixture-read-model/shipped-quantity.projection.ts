import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { FactTable, factReadModel, type ReadModel } from '@lotstream/messaging';

/**
 * A fixture read model, written the way docs/architecture.md "To add a read model" says: one file
 * with its fact table (columns, key and index declared once; DDL and insert generated) and its
 * `handle(tx, events)`, joined by `factReadModel`. Registering it is one line in a read-model list;
 * the test beside it does that with a runner of its own.
 */
const SHIPPED = new FactTable(
  'fixture_shipped',
  [
    ['lot_number', 'text'],
    ['stream_version', 'integer'],
    ['customer', 'text'],
    ['quantity', 'double precision'],
  ],
  ['lot_number', 'stream_version'],
  [{ name: 'fixture_shipped_customer', on: ['customer'] }],
);

export const shippedQuantityReadModel: ReadModel = factReadModel('fixture-shipped-quantity', [SHIPPED], async (tx: PoolClient, events: RecordedEvent[]) => {
  const rows = SHIPPED.rows();
  for (const event of events) {
    if (event.type !== 'LotShipped' || !event.streamId.startsWith('lot-')) continue;
    rows.add([event.streamId.slice(4), event.streamVersion, String(event.data.customer), Number(event.data.quantity)]);
  }
  await rows.flush(tx);
});

/** Its query: quantity shipped per customer. */
export async function shippedPerCustomer(db: { query(sql: string): Promise<{ rows: any[] }> }, schema: string): Promise<Record<string, number>> {
  const { rows } = await db.query(`SELECT customer, sum(quantity)::float8 AS quantity FROM ${schema}.fixture_shipped GROUP BY customer ORDER BY customer`);
  return Object.fromEntries(rows.map((r) => [r.customer, r.quantity]));
}
