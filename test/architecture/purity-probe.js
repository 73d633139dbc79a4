// Loads one TypeScript file in this (fresh) process and prints, as JSON, the framework and driver
// modules that loading it pulled in. Used by domain-purity.unit.spec.ts, one process per file.
const path = require('node:path');
const root = path.resolve(__dirname, '../..');
process.chdir(root);
require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
require('tsconfig-paths/register');
const file = process.argv[2];
require(path.resolve(root, file));
const FORBIDDEN = /[\\/]node_modules[\\/](@nestjs[\\/][^\\/]+|typeorm|kafkajs|pg)[\\/]/;
const loaded = new Set();
for (const key of Object.keys(require.cache)) {
  const match = FORBIDDEN.exec(key);
  if (match) loaded.add(match[1].replace(/\\/g, '/'));
}
process.stdout.write(JSON.stringify([...loaded].sort()));
