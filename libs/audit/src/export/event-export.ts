import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { decodeCheckpoint, ImportedEvent, EventStore, RecordedEvent } from '@lotstream/event-store';
import { parseAuditEvent, toAuditEvent } from './audit-event';

export interface ExportOptions {
  /** Opaque cursor (exclusive); the start of the log when omitted. */
  after?: string;
  pageSize?: number;
  /** Which events the reader may see (site scope); skipped events still move the cursor. */
  include?: (event: RecordedEvent) => boolean;
  onProgress?: (exported: number) => void;
  /** Stop early (the client went away). */
  stopped?: () => boolean;
}

export class InvalidCursor extends Error {
  constructor(readonly cursor: string) {
    super(`"${cursor}" is not a cursor of this log (use the "next" value of a previous page)`);
  }
}

/**
 * Writes the log in safe order as NDJSON, one page in memory at a time: a page is read only when
 * the destination has taken the previous one (backpressure), so memory stays flat however long the
 * log. Returns how many events were written and the cursor to resume after them.
 */
export async function exportEvents(store: EventStore, out: Writable, options: ExportOptions = {}): Promise<{ exported: number; next: string }> {
  let checkpoint = decodeCheckpoint(options.after);
  if (!checkpoint) throw new InvalidCursor(options.after ?? '');
  let next = options.after || '0';
  let exported = 0;
  const pageSize = options.pageSize ?? 1000;
  for (;;) {
    if (options.stopped?.()) break;
    const page = await store.readAll(checkpoint, pageSize, { upcast: false });
    if (page.events.length === 0) break;
    let chunk = '';
    for (const event of page.events) {
      if (options.include && !options.include(event)) continue;
      chunk += `${JSON.stringify(toAuditEvent(event))}\n`;
      exported++;
    }
    next = page.next;
    checkpoint = decodeCheckpoint(page.next)!;
    if (chunk && !out.write(chunk)) await drained(out);
    options.onProgress?.(exported);
    if (page.events.length < pageSize) break;
  }
  return { exported, next };
}

async function drained(out: Writable): Promise<void> {
  if (out.destroyed) return;
  await Promise.race([once(out, 'drain'), once(out, 'close')]);
}

export interface ImportOptions {
  batchSize?: number;
  onProgress?: (imported: number) => void;
}

export class ImportLineInvalid extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/**
 * Reads an NDJSON export and writes it into this store with importRecorded: every link is checked
 * and the stored rows keep their event ids, recorded-at and hashes, so the chains are identical to
 * the source's. Each batch is one transaction.
 */
export async function importEvents(store: EventStore, input: Readable, options: ImportOptions = {}): Promise<{ imported: number }> {
  const batchSize = options.batchSize ?? 1000;
  let batch: ImportedEvent[] = [];
  let imported = 0;
  let lineNumber = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await store.importRecorded(batch);
    imported += batch.length;
    batch = [];
    options.onProgress?.(imported);
  };
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === '') continue;
    try {
      batch.push(parseAuditEvent(line));
    } catch (error) {
      throw new ImportLineInvalid(lineNumber, (error as Error).message);
    }
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { imported };
}
