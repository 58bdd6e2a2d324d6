#!/usr/bin/env bash
# Runs every test: builds the package, then node's test runner over test/**/*.test.ts.
# Optional argument: a substring; only test files whose path contains it run.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/build.mjs
node scripts/run-tests.mjs "$@"
