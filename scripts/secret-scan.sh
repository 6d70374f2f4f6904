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
#   --output FILE  write the report to FILE instead of stdout; combined with synth, the tree report is
#                  FILE.tree and the history report FILE.history
# Exit: 0 clean, 1 findings, 2 usage error.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
SECRETLINT="$REPO/node_modules/.bin/secretlint"
RC_FILE="$REPO/.secretlintrc.json"
# secretlint looks the ignore file up by name in each directory it walks (a path elsewhere is not read).
IGNORE_NAME=".secretlintignore"

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

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

# One secretlint run over the given globs, from directory $1, skipping what its .secretlintignore
# lists; .gitignore is not consulted (build output is exactly what must be scanned). $2 is the
# report file ("" for stdout). Findings set status=1; every requested scan still runs.
# The report is redirected here rather than with secretlint's --output, which always exits 0.
status=0
scan() {
  local dir="$1" report="$2" rc=0 err
  shift 2
  err="$(mktemp)"
  local args=(--secretlintrc "$RC_FILE" --secretlintignore "$IGNORE_NAME" --no-gitignore --format "$format")
  if [ -n "$report" ]; then
    (cd "$dir" && "$SECRETLINT" "${args[@]}" "$@") >"$report" 2>"$err" || rc=$?
  else
    (cd "$dir" && "$SECRETLINT" "${args[@]}" "$@") 2>"$err" || rc=$?
  fi
  # Every file matched an ignore pattern (say, only package-lock.json changed): nothing to scan.
  if [ "$rc" -ne 0 ] && grep -q "Not found target files" "$err"; then rc=0; fi
  [ "$rc" -eq 0 ] || { cat "$err" >&2; status=1; }
  rm -f "$err"
}

if has_mode synth; then
  if [ "$synth" = 1 ]; then
    (cd "$root" && node "$REPO/bin/golive.js" synth --output "$out" >/dev/null)
  fi
  [ -d "$out" ] || { echo "secret-scan: no synth output at $out" >&2; exit 1; }
  out="$(cd "$out" && pwd)"
  scan "$out" "$output" "**/*"
fi
if has_mode tree; then
  tree_report="$output"
  has_mode synth && [ -n "$output" ] && tree_report="$output.tree"
  scan "$root" "$tree_report" "**/*"
fi

if has_mode history; then
  git -C "$root" rev-parse --verify --quiet "$base^{commit}" >/dev/null || { echo "secret-scan: unknown base $base" >&2; exit 2; }
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  cp "$REPO/$IGNORE_NAME" "$tmp/$IGNORE_NAME"
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
  # With tree or synth in the same run, the history report goes next to the main one.
  report="$output"
  if [ -n "$output" ] && { has_mode tree || has_mode synth; }; then report="$output.history"; fi
  if [ "$count" -gt 0 ]; then
    scan "$tmp" "$report" "**/*"
  fi
fi
exit "$status"
