import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { finished } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Pool } from 'pg';
import type { AppendRequest } from '@lotstream/event-store';
import { digestStore, exportEvents, importEvents } from '@lotstream/audit';
import { createTestDatabase, TestDatabase } from '@lotstream/testing';
import { metadata, stepCompleted, waitUntilAllReadable } from './audit-fixtures';

const EVENTS = 100_000;
const STREAMS = 2_000;
const PER_STREAM = EVENTS / STREAMS;
/** The export may hold at most this much more heap than before it started, whatever the log's size. */
const HEAP_BOUND_BYTES = 64 * 1024 * 1024;

// Live heap is what an unbounded export would grow: collect garbage before each sample so only
// what the export still holds is counted.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Every event's identity and links in stream order, as one digest (identical chains ⇔ identical digests). */
async function chainDigest(pool: Pool): Promise<{ digest: string; events: number }> {
  const { rows } = await pool.query(
    `SELECT md5(string_agg(concat_ws('|', event_id, stream_id, stream_version, type, schema_version, recorded_at, prev_hash, hash), ',' ORDER BY stream_id, stream_version)) AS digest,
            count(*)::int AS events FROM events`,
  );
  return rows[0];
}

describe('audit export and import (100,000 events)', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  const dir = mkdtempSync(path.join(tmpdir(), 'lotstream-export-'));
  const file = path.join(dir, 'events.ndjson');

  beforeAll(async () => {
    source = await createTestDatabase(8);
    target = await createTestDatabase(8);
    // Fast generation: appendMany batches, 50 events per append, one transaction per 100 streams.
    const padding = 'x'.repeat(1200);
    for (let first = 0; first < STREAMS; first += 100) {
      const requests: AppendRequest[] = [];
      for (let s = first; s < first + 100; s++) {
        requests.push({
          streamId: `lot-EXP-${s}`,
          expectedVersion: 'no-stream',
          metadata,
          events: Array.from({ length: PER_STREAM }, (_, i) => {
            const step = stepCompleted(`s${i}`, i);
            return { ...step, data: { ...step.data, parameters: { note: padding, index: i } } };
          }),
        });
      }
      const outcomes = await source.store.appendMany(requests);
      expect(outcomes.every((o) => o.ok)).toBe(true);
    }
  }, 300_000);

  afterAll(async () => {
    await source?.close();
    await target?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`streams ${EVENTS} events with heap growth under ${HEAP_BOUND_BYTES / 1024 / 1024} MB, and re-imports them to an identical hash chain`, async () => {
    await waitUntilAllReadable(source.pool);
    const out = createWriteStream(file);
    collectGarbage();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let pages = 0;
    const result = await exportEvents(source.store, out, {
      pageSize: 1000,
      onProgress: () => {
        if (++pages % 5 !== 0) return;
        collectGarbage();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    out.end();
    await finished(out);
    const bytes = statSync(file).size;

    expect(result.exported).toBe(EVENTS);
    // The output is far larger than the bound: holding it in memory could not have passed.
    expect(bytes).toBeGreaterThan(2 * HEAP_BOUND_BYTES);
    expect(peak - baseline).toBeLessThan(HEAP_BOUND_BYTES);
    console.log(
      `export: ${result.exported} events, ${(bytes / 1048576).toFixed(0)} MB written, live heap growth at most ${((peak - baseline) / 1048576).toFixed(1)} MB`,
    );

    const imported = await importEvents(target.store, createReadStream(file));
    expect(imported.imported).toBe(EVENTS);
    expect(await chainDigest(target.pool)).toEqual(await chainDigest(source.pool));
    expect(await digestStore(target.pool)).toEqual({ ...(await digestStore(source.pool)), maxPosition: expect.any(String) });
    expect(await target.store.verify()).toEqual({ ok: true, checked: EVENTS });
  }, 600_000);

  it('refuses an import whose link does not verify, and writes nothing of that batch', async () => {
    const fresh = await createTestDatabase(2);
    try {
      const lines: string[] = [];
      await exportEvents(source.store, { write: (chunk: string) => (lines.push(...chunk.trim().split('\n')), true) } as never, {
        pageSize: 10,
        stopped: () => lines.length >= 10,
      });
      const forged = JSON.parse(lines[1]);
      forged.data.quantityGood = 1;
      const { Readable } = await import('node:stream');
      await expect(importEvents(fresh.store, Readable.from([`${lines[0]}\n${JSON.stringify(forged)}\n`]))).rejects.toThrow(/content does not match its hash/);
      expect((await fresh.pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
