#!/usr/bin/env bash
# The whole test suite from a fresh clone: install what tests need, type-check, run every test.
# README's test command and .ci/run both call exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
# CPU seconds (user + system) of every process this script has waited for so far, into $cpu: bash's
# `times` (run in this shell: a subshell's count starts at zero), second line, the children's user and
# system time ("3m2.500s 1m0.250s"). The VM this runs on varies in speed; CPU seconds tell a slower
# machine from a suite that grew.
children_cpu() {
  times > "$logs/times"
  cpu="$(awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } printf "%d", t }' "$logs/times")"
}
bash scripts/install-test-deps.sh
npm ci --no-audit --no-fund --loglevel=error
# The .ts loader's cache and V8's compiled code of every module, filled in one process before the tests
# start processes in parallel: the build step an install script would run (npm here runs none unless
# approved).
node scripts/warm-ts-cache.js --load
installed=$SECONDS
children_cpu
installed_cpu=$cpu
# jest's workers get a 64 MB young generation instead of 16 MB: they allocate in bursts, and scavenging
# that often cost CPU (jest alone, caches warm: 16 MB about 173 CPU-s; 32 MB 167; 64 MB 157, 80 s; 128 MB
# no better). A flag of node's own, not NODE_OPTIONS: jest-worker passes node's flags to its workers,
# and the short CLI processes the tests start do better without it (a spawned `golive synth`: 2.4-2.7
# CPU-s with V8's default, 2.8-3.2 with 64 MB).
# --no-opt: no optimizing compiler (TurboFan) in the workers. Test code runs once or a few times, so most
# of its optimizing compiles (on V8's background threads) never paid for themselves: jest alone, three
# runs each, 134-137 CPU-s against 141-146 with it (2026-12-02). Node's own flag, passed on like the one
# above; it changes how fast code runs, never what it does.
jest=(node --max-semi-space-size=64 --no-opt node_modules/jest/bin/jest.js)
# Extra CAs a machine may set for npm's registry (NODE_EXTRA_CA_CERTS: here the system's 144 roots) are
# parsed by every node process at start, ~0.05 s of CPU each, and the tests start hundreds; they talk
# only to loopback, trusting the throwaway CAs they make.
unset NODE_EXTRA_CA_CERTS
# Lint, the type check and the secret gate run beside jest (two cores; jest leaves gaps while tests wait
# on child processes). Their output is shown once they end; the suite fails if any of the four fails.
# The package.json scripts `lint` and `typecheck`, run from node_modules/.bin: `npm run` and `npx` start
# npm itself, about a second of CPU each on these two cores.
bin=node_modules/.bin
"$bin/biome" ci . > "$logs/lint" 2>&1 &
lint=$!
# One checker thread: beside jest on two cores, tsc's parallel checkers cost a third more CPU for nothing.
"$bin/tsc" -p . --singleThreaded > "$logs/typecheck" 2>&1 &
typecheck=$!
# Secret gate: the working tree and the history (a secret committed and later deleted still fails): the
# commits after the one .secret-scan-verified names, verified clean by this same scanner (every commit
# when the scanner or its patterns changed since; `history all` scans them all anyway). A shallow or
# non-git copy scans what it has. The examples' synthesized stacks are scanned by a jest test
# (__tests__/synth/secret-gate.spec.ts) on the synth output the other synth tests read.
if first="$(git rev-list --max-parents=0 HEAD 2>/dev/null | tail -n 1)" && [ -n "$first" ]; then
  bash scripts/secret-scan.sh tree history verified > "$logs/secrets" 2>&1 &
else
  bash scripts/secret-scan.sh tree > "$logs/secrets" 2>&1 &
fi
secrets=$!
status=0
# The folders run in two grouped jest files (__tests__/groups/groups.ts): each file loads cdktf and the
# providers once; the specs that mostly wait on the timeouts they prove run in a third, on a worker of
# their own (__tests__/helpers/suite.ts).
GOLIVE_TEST_GROUPS=1 "${jest[@]}" --ci --reporters=default --reporters=./scripts/jest-summary-reporter.js || status=1
wait "$lint" || { echo "lint failed:"; status=1; }
cat "$logs/lint"
wait "$typecheck" || { echo "typecheck failed:"; status=1; }
cat "$logs/typecheck"
wait "$secrets" || { echo "secret gate failed:"; status=1; }
cat "$logs/secrets"
# The budget (docs/testing.md) is for what follows the install.
children_cpu
echo "test.sh: install $((installed - started)) s, lint + type check + secret gate + tests $((SECONDS - installed)) s ($((cpu - installed_cpu)) CPU-s)"
exit "$status"
