#!/usr/bin/env bash
# The whole test suite from a fresh clone: install what tests need, type-check, run every test.
# README's test command and .ci/run both call exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
npm ci --no-audit --no-fund --loglevel=error
npm run --silent typecheck
bash scripts/secret-scan.sh tree synth
npx jest --ci --reporters=default --reporters=./scripts/jest-summary-reporter.js
