#!/usr/bin/env bash
# Secret-scanning gate: secretlint (locally installed, no network) with .secretlintrc.json's rules
# (preset-recommend + AWS key ids, private key blocks, secret literals in Terraform JSON).
#
# Usage: scripts/secret-scan.sh [tree] [synth] [history BASE] [options]
#   tree           scan the working tree (default: tree + synth)
#   synth          synthesize every stack first, then scan the synthesized Terraform JSON
#   history BASE   scan every file version added or changed by the commits BASE..HEAD (CI: BASE is
#                  the PR base or the last scanned commit), so a secret committed and then deleted
#                  still fails the gate
# Options:
#   --root DIR     tree to scan (default: this repository)
#   --out DIR      synth output to scan (default: <root>/cdktf.out); synthesized from <root>/config
#   --no-synth     scan --out as it is, without synthesizing first
#   --format F     stylish (default), sarif (for GitHub code scanning), json, github, ...
#   --output FILE  write the report to FILE instead of stdout (history: FILE.history when combined)
# Exit: 0 clean, 1 findings, 2 usage error.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
SECRETLINT="$REPO/node_modules/.bin/secretlint"
RC_FILE="$REPO/.secretlintrc.json"
IGNORE_FILE="$REPO/.secretlintignore"

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

modes=() base="" root="$REPO" out="" synth=1 format="stylish" output=""
while [ $# -gt 0 ]; do
  case "$1" in
    tree|synth) modes+=("$1") ;;
    history) [ $# -ge 2 ] || usage; modes+=(history); base="$2"; shift ;;
    --root) [ $# -ge 2 ] || usage; root="$(cd "$2" && pwd)"; shift ;;
    --out) [ $# -ge 2 ] || usage; out="$2"; shift ;;
    --no-synth) synth=0 ;;
    --format) [ $# -ge 2 ] || usage; format="$2"; shift ;;
    --output) [ $# -ge 2 ] || usage; output="$2"; shift ;;
    -h|--help) usage ;;
    *) echo "secret-scan: unknown argument $1" >&2; usage ;;
  esac
  shift
done
[ ${#modes[@]} -gt 0 ] || modes=(tree synth)
[ -n "$out" ] || out="$root/cdktf.out"
[ "$format" = "sarif" ] && format="@secretlint/secretlint-formatter-sarif"

has_mode() { local m; for m in "${modes[@]}"; do [ "$m" = "$1" ] && return 0; done; return 1; }

# One secretlint run over the given globs, from directory $1. .gitignore is not consulted: build
# output (cdktf.out) is exactly what must be scanned; .secretlintignore lists what to skip.
# $2 is the report file ("" for stdout). Findings set status=1; every requested scan still runs.
status=0
scan() {
  local dir="$1" report="$2"; shift 2
  local args=(--secretlintrc "$RC_FILE" --secretlintignore "$IGNORE_FILE" --no-gitignore --format "$format")
  [ -n "$report" ] && args+=(--output "$report")
  (cd "$dir" && "$SECRETLINT" "${args[@]}" "$@") || status=1
}

globs=()
if has_mode synth; then
  if [ "$synth" = 1 ]; then
    (cd "$root" && node "$REPO/bin/golive.js" synth --output "$out" >/dev/null)
  fi
  [ -d "$out" ] || { echo "secret-scan: no synth output at $out" >&2; exit 1; }
  out="$(cd "$out" && pwd)"
  # Inside the tree and scanned with it already: one report entry per finding.
  case "$out/" in "$root/"*) has_mode tree || globs+=("${out#"$root/"}/**/*") ;; *) globs+=("$out/**/*") ;; esac
fi
has_mode tree && globs+=("**/*")

if [ ${#globs[@]} -gt 0 ]; then
  scan "$root" "$output" "${globs[@]}"
fi

if has_mode history; then
  git -C "$root" rev-parse --verify --quiet "$base^{commit}" >/dev/null || { echo "secret-scan: unknown base $base" >&2; exit 2; }
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  count=0
  # Each commit's added or modified files, as that commit had them, under <tmp>/<short sha>/<path>.
  while read -r commit; do
    short="${commit:0:12}"
    while IFS= read -r -d '' path; do
      mkdir -p "$tmp/$short/$(dirname "$path")"
      git -C "$root" show "$commit:$path" > "$tmp/$short/$path"
      count=$((count + 1))
    done < <(git -C "$root" diff-tree --no-commit-id --name-only -r -z --diff-filter=AM "$commit")
  done < <(git -C "$root" rev-list --reverse "$base..HEAD")
  echo "secret-scan: history $base..HEAD: $count file versions" >&2
  # With tree/synth in the same run, the history report goes next to the main one.
  report="$output"
  [ -n "$output" ] && [ ${#globs[@]} -gt 0 ] && report="$output.history"
  if [ "$count" -gt 0 ]; then
    scan "$tmp" "$report" "**/*"
  fi
fi
exit "$status"
