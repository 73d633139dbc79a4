// `node -r ./scripts/dist-paths.js dist/apps/<app>/src/main.js`: resolves the @lotstream/* path aliases
// of tsconfig.json to the compiled libraries under dist/ (tsc keeps the aliases in its output).
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const aliases = require(path.join(root, 'tsconfig.json')).compilerOptions.paths;
// An alias naming a .ts file (`@lotstream/production/domain`) names its .js output here.
const paths = Object.fromEntries(Object.entries(aliases).map(([alias, targets]) => [alias, targets.map((t) => t.replace(/\.ts$/, '.js'))]));
require('tsconfig-paths').register({ baseUrl: path.join(root, 'dist'), paths, addMatchAll: false });
