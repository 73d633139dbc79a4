#!/usr/bin/env bash
# One-off whole-tree reformat, for after the parallel refactor branches are merged: running it on a
# branch while others edit the same files would turn every merge into a conflict. Prettier owns the
# layout, ESLint fixes what it can, Prettier runs once more so the fixes are laid out too, and the final
# `npm run lint` lists what is left to fix by hand (it exits non-zero while anything is).
set -euo pipefail
cd "$(dirname "$0")/.."

npx prettier --write . --log-level warn
npx eslint --fix .
npx prettier --write . --log-level warn
npm run lint
