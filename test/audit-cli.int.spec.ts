import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createTestDatabase, TestDatabase } from '@lotstream/testing';
import { lotLife, tamper, waitUntilAllReadable } from './audit-fixtures';

jest.setTimeout(180_000);

const BIN = path.resolve(__dirname, '../bin/lotstream.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `lotstream <args>` as a user would (npx lotstream), against the given database. */
function lotstream(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('lotstream CLI', () => {
  let db: TestDatabase;
  let fresh: TestDatabase;
  const dir = mkdtempSync(path.join(tmpdir(), 'lotstream-cli-'));
  const file = path.join(dir, 'export.ndjson');
  const env = (): Record<string, string> => ({ DATABASE_URL: db.url });

  beforeAll(async () => {
    db = await createTestDatabase(4);
    fresh = await createTestDatabase(4);
    for (const lot of ['C1', 'C2', 'C3']) await db.store.append(lotLife(lot, 1));
    await waitUntilAllReadable(db.pool);
  });
  afterAll(async () => {
    await db?.close();
    await fresh?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies an intact store: exit 0, an OK line, and a plain progress line on a non-terminal', async () => {
    const run = await lotstream(['verify'], env());
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/^OK: 9 events verified; no global checkpoint to compare with/);
    expect(run.stderr).toMatch(/^verify: 9\/9 events \(100%\), [\d,]+ events\/s, [\d.]+s$/m);
  });

  it('records a checkpoint, then verify compares with it', async () => {
    const taken = await lotstream(['checkpoint'], env());
    expect(taken.code).toBe(0);
    const hash = /hash ([a-f0-9]{64})/.exec(taken.stdout)![1];
    const run = await lotstream(['verify', '--checkpoint', hash], env());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`(${hash})`);
  });

  it('exports NDJSON to a file and imports it into a fresh database with identical hashes', async () => {
    const exported = await lotstream(['export', '--out', file], env());
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(/exported 9 events; to continue later: --after \d+_\d+/);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(9);

    const imported = await lotstream(['import', '--in', file], { DATABASE_URL: fresh.url });
    expect(imported.stderr).toMatch(/imported 9 events/);
    expect(imported.stderr).toMatch(/verified 9 events: every hash chain is intact/);
    expect(imported.code).toBe(0);
    const hashes = async (t: TestDatabase): Promise<string[]> =>
      (await t.pool.query('SELECT hash FROM events ORDER BY stream_id, stream_version')).rows.map((r) => r.hash);
    expect(await hashes(fresh)).toEqual(await hashes(db));

    const again = await lotstream(['import', '--in', file], { DATABASE_URL: fresh.url });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/import needs a fresh database/);
  });

  it('exports to stdout after a cursor', async () => {
    const first = JSON.parse(readFileSync(file, 'utf8').split('\n')[6]);
    const run = await lotstream(['export', '--after', first.cursor], env());
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(2);
    expect((await lotstream(['export', '--after', 'nope'], env())).code).toBe(1);
  });

  it('replays a stream as of a version', async () => {
    const run = await lotstream(['replay', '--stream', 'lot-C1', '--version', '1'], env());
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout);
    expect(body).toMatchObject({ streamId: 'lot-C1', streamVersion: 1, currentVersion: 3, stateSource: 'decider' });
    expect(body.state.registered.lotNumber).toBe('C1');
    expect((await lotstream(['replay', '--stream', 'lot-NONE'], env())).code).toBe(1);
  });

  it('rebuilds the read models', async () => {
    const run = await lotstream(['rebuild'], env());
    expect(run.stderr).toMatch(/rebuilt \d+ read models from 9 events/);
    expect(run.code).toBe(0);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM rm.trace_lots')).rows[0].n).toBe(3);
  });

  it('answers usage errors with exit 2', async () => {
    expect((await lotstream(['frobnicate'], env())).code).toBe(2);
    expect((await lotstream(['verify', '--bogus'], env())).code).toBe(2);
    const noDb = await lotstream(['verify'], { DATABASE_URL: '' });
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toMatch(/DATABASE_URL must be set/);
  });

  it('exits 1 and says where on a tampered store (changed field), and on a removed stream tail (checkpoint)', async () => {
    await tamper(db.pool, [[`UPDATE events SET data = jsonb_set(data, '{quantity}', '1') WHERE stream_id = 'lot-C2' AND stream_version = 1`]]);
    const run = await lotstream(['verify'], env());
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^BROKEN: content does not match its hash\n {2}stream lot-C2, version 1, position \d+/);
    const json = await lotstream(['verify', '--json'], env());
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, firstBroken: { streamId: 'lot-C2', streamVersion: 1 } });

    // Undo the change (restore the stored data), then cut lot-C3's tail and move its head back.
    await tamper(db.pool, [[`UPDATE events SET data = jsonb_set(data, '{quantity}', '100') WHERE stream_id = 'lot-C2' AND stream_version = 1`]]);
    expect((await lotstream(['verify'], env())).code).toBe(0);
    const v2 = (await db.pool.query(`SELECT hash FROM events WHERE stream_id = 'lot-C3' AND stream_version = 2`)).rows[0].hash;
    await tamper(db.pool, [
      [`DELETE FROM events WHERE stream_id = 'lot-C3' AND stream_version = 3`],
      [`UPDATE streams SET version = 2, head_hash = $1 WHERE stream_id = 'lot-C3'`, [v2]],
    ]);
    const tail = await lotstream(['verify'], env());
    expect(tail.code).toBe(1);
    expect(tail.stdout).toMatch(/BROKEN: the store no longer matches global checkpoint \d+ .*9 events then, 8 now/);
  });
});
