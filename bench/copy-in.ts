import type { PoolClient } from 'pg';

/**
 * COPY … FROM STDIN through a pg client, without an extra dependency: a minimal "submittable" that
 * pg's client drives like a query (it sends the statement, then the data when the server asks).
 */
class CopyIn {
  private error: Error | undefined;
  rowCount = 0;

  constructor(
    private readonly sql: string,
    private readonly chunks: Buffer[],
    private readonly done: (error: Error | undefined, rows: number) => void,
  ) {}

  submit(connection: { query(text: string): void }): void {
    connection.query(this.sql);
  }

  handleCopyInResponse(connection: { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void }): void {
    for (const chunk of this.chunks) connection.sendCopyFromChunk(chunk);
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string }): void {
    const match = /COPY (\d+)/.exec(message.text ?? '');
    if (match) this.rowCount = Number(match[1]);
  }

  handleError(error: Error): void {
    this.error = error;
  }

  handleReadyForQuery(): void {
    this.done(this.error, this.rowCount);
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
}

/** Streams text-format rows (already escaped, one per line) into `COPY table (columns) FROM STDIN`. */
export function copyIn(client: PoolClient, sql: string, text: string): Promise<number> {
  const buffer = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < buffer.length; offset += 1 << 20) chunks.push(buffer.subarray(offset, offset + (1 << 20)));
  return new Promise((resolve, reject) => {
    (client as unknown as { query(q: unknown): void }).query(new CopyIn(sql, chunks, (error, rows) => (error ? reject(error) : resolve(rows))));
  });
}

/** A value in COPY text format: \N for null; backslash, tab, newline and carriage return escaped. */
export function copyText(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : text;
}
