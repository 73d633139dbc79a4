#!/usr/bin/env node
// `npx lotstream <command>`: the operations and audit CLI (apps/cli), run from the TypeScript sources.
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const project = path.join(root, 'tsconfig.json');
require('ts-node').register({ project, transpileOnly: true });
require('tsconfig-paths').register({ baseUrl: root, paths: require(project).compilerOptions.paths });

const { runCli, exitWith } = require(path.join(root, 'apps/cli/src/main.ts'));
runCli(process.argv.slice(2)).then(exitWith);
