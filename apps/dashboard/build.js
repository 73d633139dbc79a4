// Builds the dashboard with Vite into apps/dashboard/dist. `--if-stale`: only when dist/index.html is
// missing or older than a source file (npm start and the browser tests run it that way), so a fresh
// clone gets a build on its first `npm start` and a rebuilt one after a source change.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { dirname, join } = require('node:path');

const here = __dirname;
const index = join(here, 'dist', 'index.html');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
}

function stale() {
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return [join(here, 'src'), join(here, 'index.html'), join(here, 'vite.config.mjs')].some((path) => newest(path) > built);
}

if (process.argv.includes('--if-stale') && !stale()) {
  console.log('dashboard: dist is up to date');
  process.exit(0);
}
const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--config', join(here, 'vite.config.mjs'), '--logLevel', 'warn'], {
  cwd: here,
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error('dashboard: the Vite build failed');
  process.exit(result.status ?? 1);
}
console.log('dashboard: built into apps/dashboard/dist');
