// Builds what `npm start` and the other start scripts run: the dashboard (apps/dashboard/build.js
// --if-stale) and the server's compiled output in dist/ (`tsc -p tsconfig.build.json`), the latter only
// when dist is missing or older than a TypeScript source, a tsconfig or package-lock.json. A fresh
// clone therefore builds on its first `npm start`; a rebuild starts from an empty dist/ so no output of
// a deleted source survives. `--always` (npm run build) compiles whatever the dates.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, rmSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const marker = path.join(root, 'dist', 'apps', 'standalone', 'src', 'main.js');

function newest(file) {
  const stat = statSync(file);
  if (!stat.isDirectory()) return file.endsWith('.ts') ? stat.mtimeMs : 0;
  if (['dashboard', 'node_modules', 'dist'].includes(path.basename(file))) return 0;
  return readdirSync(file).reduce((max, name) => Math.max(max, newest(path.join(file, name))), 0);
}

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run([path.join(root, 'apps', 'dashboard', 'build.js'), '--if-stale']);
const inputs = ['apps', 'libs'].map((dir) => newest(path.join(root, dir)));
const configs = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => statSync(path.join(root, f)).mtimeMs);
if (!process.argv.includes('--always') && existsSync(marker) && statSync(marker).mtimeMs >= Math.max(...inputs, ...configs)) {
  console.log('server: dist is up to date');
  process.exit(0);
}
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
run([require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
console.log('server: compiled into dist/');
