import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { waitFor } from '@lotstream/testing';

// `npm start` with no DATABASE_URL: embedded PostgreSQL under the data dir, HTTP on PORT. It runs the
// compiled output (dist/, built by `prestart` when stale), as a deployment does.
describe('npm start on embedded defaults', () => {
  let child: ChildProcess;
  let output = '';
  // Under the project (as the README's default is): initdb runs as an unprivileged user when root.
  mkdirSync(path.resolve(__dirname, '../.data'), { recursive: true });
  const dataDir = mkdtempSync(path.resolve(__dirname, '../.data/start-'));
  chmodSync(dataDir, 0o755);
  const port = 30000 + Math.floor(Math.random() * 5000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('boots, migrates and answers /health', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), LOTSTREAM_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port + 1) };
    delete env.DATABASE_URL;
    delete env.KAFKA_BROKERS;
    child = spawn('npm', ['start'], { cwd: path.resolve(__dirname, '..'), env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const health = await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output.slice(-2000)}`);
        try {
          const response = await fetch(`http://127.0.0.1:${port}/health`);
          return { status: response.status, body: await response.json() };
        } catch {
          return undefined;
        }
      },
      (value) => value !== undefined,
      { timeoutMs: 120000, intervalMs: 250, what: 'npm start to answer /health' },
    );
    expect(health).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', database: { ok: true } });
    // The dashboard comes with it: built by `prestart` when stale, served at / by the query side.
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toMatch(/<script type="module"[^>]* src="\/assets\//);
    // The serving process is node on the compiled file, not ts-node on the sources.
    const serving = execFileSync('ps', ['-o', 'args=', '--ppid', String(child.pid)], { encoding: 'utf8' });
    expect(serving).toContain('dist/apps/standalone/src/main.js');
    expect(serving).not.toContain('ts-node');
    // With the old-space cap that keeps it within 300 MB under load (docs/performance.md).
    expect(serving).toMatch(/--max-old-space-size=\d+/);
    expect(existsSync(path.resolve(__dirname, '../dist/apps/standalone/src/main.js'))).toBe(true);
  });
});
