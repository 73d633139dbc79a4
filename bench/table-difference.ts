import type { Pool } from 'pg';

/** Rows of `table` that differ between two read-model schemas (both directions), 0 when identical. */
export async function tableDifference(pool: Pool, a: string, b: string, table: string): Promise<number> {
  const { rows } = await pool.query(
    `SELECT (SELECT count(*) FROM (SELECT * FROM ${a}.${table} EXCEPT ALL SELECT * FROM ${b}.${table}) x)
          + (SELECT count(*) FROM (SELECT * FROM ${b}.${table} EXCEPT ALL SELECT * FROM ${a}.${table}) y) AS n`,
  );
  return Number(rows[0].n);
}
