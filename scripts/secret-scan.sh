#!/usr/bin/env bash
# Secret-scanning gate: secretlint (locally installed, no network) with .secretlintrc.js, which builds its
# patterns from lib/core/secret-patterns.json (the set `golive check` GL-SEC-004 also uses).
#
# Usage: scripts/secret-scan.sh [tree] [synth] [history BASE|all] [options]
#   tree           scan the working tree (default: tree + synth); fails on a tracked state file (a name
#                  with .tfstate in it, or Terraform state by content: terraform_version and lineage)
#   synth          synthesize every stack first, then scan the synthesized Terraform JSON
#   history BASE   scan every file version added or changed by the commits BASE..HEAD, merge commits and
#                  root commits included (CI: BASE is the PR base or the last scanned commit), so a
#                  secret committed and then deleted still fails; `history all` scans every commit;
#                  `history verified` scans the commits after the one .secret-scan-verified names, when
#                  that file was written by this scanner unchanged (else every commit, saying why)
#   --record-verified  with `history all`: when nothing at all was found, write .secret-scan-verified
#                  (HEAD and a digest of the scanner), so later `history verified` runs start there
#   --print-range  with history: print the commits it would scan (`all` or BASE..HEAD) and exit
# Every mode refuses a .secretlintignore other than the root one, and a file git tracks (tree) or a
# commit adds (history) under a path the root one skips, unless it names that file itself (/path/file).
# Files secretlint would skip or misread as binary (NUL bytes, UTF-16, UTF-32, gzip, zip, zlib, PDF) are
# scanned by their text (scripts/secret-scan-text.mjs), and base64 that decodes to text decoded
# (scripts/secret-scan-base64.mjs). secretlint's disable comments hide nothing, and every mode
# refuses one that would (scripts/secret-scan-comments.mjs). Names and messages are text too: tree scans
# the tracked paths, history each commit's message and the paths it adds ("found in its commit message").
# Options:
#   --root DIR     tree to scan (default: this repository)
#   --out DIR      synth output to scan (default: <root>/cdktf.out); synthesized from <root>/config
#   --no-synth     scan --out as it is, without synthesizing first
#   --format F     stylish (default), sarif (for GitHub code scanning), json, github, ...
#   --output FILE  write the report to FILE instead of stdout; with synth, the tree report is FILE.tree;
#                  with tree or synth, the history report is FILE.history
# Exit: 0 clean, 1 findings, 2 usage error.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
# secretlint's CLI without its profiler, whose cost grows with the square of the files (see the script).
SECRETLINT=(node "$REPO/scripts/secretlint.mjs")
RC_FILE="$REPO/.secretlintrc.js"
# The root ignore file, looked up by name in the directory secretlint runs from. Some secretlint
# versions also read a file of that name in every directory they walk, so any other one is refused.
IGNORE_NAME=".secretlintignore"

usage() { sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

modes=() base="" root="$REPO" out="" synth=1 format="stylish" output="" record=0 print_range=0
while [ $# -gt 0 ]; do
  case "$1" in
    tree|synth) modes+=("$1") ;;
    history) [ $# -ge 2 ] || usage; modes+=(history); base="$2"; shift ;;
    --root) [ $# -ge 2 ] || usage; root="$(cd "$2" && pwd)"; shift ;;
    --out) [ $# -ge 2 ] || usage; out="$2"; shift ;;
    --no-synth) synth=0 ;;
    --format) [ $# -ge 2 ] || usage; format="$2"; shift ;;
    --output) [ $# -ge 2 ] || usage; output="$2"; shift ;;
    --record-verified) record=1 ;;
    --print-range) print_range=1 ;;
    -h|--help) usage ;;
    *) echo "secret-scan: unknown argument $1" >&2; usage ;;
  esac
  shift
done
[ ${#modes[@]} -gt 0 ] || modes=(tree synth)
[ -n "$out" ] || out="$root/cdktf.out"
[ "$format" = "sarif" ] && format="@secretlint/secretlint-formatter-sarif"

has_mode() { local m; for m in "${modes[@]}"; do [ "$m" = "$1" ] && return 0; done; return 1; }

# Findings of the gate itself (not secretlint's): one line each on stderr, status=1.
status=0
refuse() { echo "secret-scan: $1" >&2; status=1; }

# secretlint 13 reads .gitignore files unless told not to; build output is exactly what must be scanned.
common_args=(--secretlintrc "$RC_FILE" --secretlintignore "$IGNORE_NAME" --format "$format")
# (Asked of its CLI source, not of `secretlint --help`: that would start node once more per scan.)
if grep -qs -- "no-gitignore" "$REPO/node_modules/secretlint/module/cli.js"; then common_args+=(--no-gitignore); fi
# Paths are literal: with globbing on, a file named `creds{,}.txt` or `+(prod).env` matches no file and
# is silently not scanned.
if grep -qs -- "no-glob" "$REPO/node_modules/secretlint/module/cli.js"; then common_args+=(--no-glob); else
  echo "secret-scan: this secretlint has no --no-glob: a file whose name looks like a glob would not be scanned" >&2
  exit 2
fi

# Text reports scan in batches of SECRET_SCAN_BATCH files (default 5000), so a command line stays within
# the system's argument limit; sarif and json reports must stay one document, so one run.
BATCH="${SECRET_SCAN_BATCH:-5000}"
case "$format" in *sarif* | json) BATCH=1000000 ;; esac

# The root package-lock.json is a reviewed exception of the ignore file (its integrity hashes are random
# base64), yet a lock file can carry a credential: a registry URL with user:password, an _authToken, a
# token pasted into a field. When the ignore file names it (/package-lock.json), a copy of the tree's and
# of each commit's, its integrity values blanked, is scanned instead, under <tmp>/working-tree/ or
# <tmp>/<commit>/ (secretlint reads these absolute paths past the ignore file).
LOCK_NAME="package-lock.json"
lock_skipped() { [ -f "$root/$IGNORE_NAME" ] && grep -qxF "/$LOCK_NAME" "$root/$IGNORE_NAME"; }
# Files of the gate's own making, outside the scanned folder (lock copies, paths, commit messages): the
# next scan call scans them too, then this list is emptied.
extra_files=()
extra_dir=""
# Set only by the history mode's mktemp: a `tmp` the caller's environment exports is never the gate's to delete.
tmp=""
# The gate's temporary folders, whichever a run made: extra_dir, and history's copies (tmp).
trap 'rm -rf ${extra_dir:+"$extra_dir"} ${tmp:+"$tmp"}' EXIT
# Makes <extra_dir>/$1 (extra_dir itself on first use).
extra_folder() {
  [ -n "$extra_dir" ] || extra_dir="$(mktemp -d)"
  mkdir -p "$extra_dir/$1"
}
# Copies lock file $1 to <extra_dir>/$2/package-lock.json with its integrity values emptied.
copy_lock() {
  extra_folder "$2"
  sed -E 's/("integrity"[[:space:]]*:[[:space:]]*")[^"]*"/\1"/g' "$1" >"$extra_dir/$2/$LOCK_NAME"
  extra_files+=("$extra_dir/$2/$LOCK_NAME")
}

# A token in a file or folder name, or in a commit message, is in no file's content: the tree's tracked
# paths (<extra_dir>/working-tree/tracked-paths.txt), and in history each commit's message and the paths
# it adds (<extra_dir>/history/<commit>.commit-message.txt, .paths.txt) are scanned as text, one a line.
# Prints, one a line, where the report in file $1 names one of these files as a finding's (by the name
# of extra_dir and below: SARIF gives a path relative to the scanned folder). A json report lists every
# scanned file, clean ones too: only those with a message count (scripts/secret-scan-report.mjs).
name_extra_findings() {
  local file found="$1"
  [ -n "$extra_dir" ] || return 0
  if [ "$format" = json ]; then
    found="$(mktemp)"
    node "$REPO/scripts/secret-scan-report.mjs" json <"$1" >"$found"
  fi
  while IFS= read -r file; do
    file="$extra_dir/${file#*/}"
    case "$file" in
      */working-tree/tracked-paths.txt) refuse "$root: found in a tracked path (a file or folder name): git mv it ($file)" ;;
      *.commit-message.txt) refuse "$(basename "$file" .commit-message.txt): found in its commit message ($file)" ;;
      *.paths.txt) refuse "$(basename "$file" .paths.txt): found in a path it adds (a file or folder name) ($file)" ;;
    esac
  done < <(grep -oE "${extra_dir##*/}/(working-tree/tracked-paths|history/[0-9a-f]{12}\.(commit-message|paths))\.txt" "$found" | sort -u)
  [ "$found" = "$1" ] || rm -f "$found"
}

# Scans every file under directory $1 (any .git, and $1's own node_modules when $3 is "tree": the
# installed packages; a node_modules deeper down, or in a commit's files, is scanned; the rest filtered
# by its .secretlintignore), in batches. $2 is the report file ("" for stdout). Paths ("./a/b")
# that are keys of the array covered_by_history are left to the history scan. Findings set status=1;
# every requested scan still runs. The report is redirected here rather than with secretlint's
# --output, which always exits 0.
declare -A covered_by_history=()
scan() {
  local dir="$1" report="$2" kind="${3:-}" err sink files=() found=() f i rc installed=./.git
  err="$(mktemp)" sink="$(mktemp)"
  [ "$kind" != tree ] || installed=./node_modules
  mapfile -d '' found < <(cd "$dir" && find . \( -name .git -o -path "$installed" \) -prune -o -type f -print0 2>/dev/null | LC_ALL=C sort -z)
  for f in "${found[@]}"; do [ -n "${covered_by_history["$f"]+x}" ] || files+=("$f"); done
  files+=(${extra_files[@]+"${extra_files[@]}"})
  extra_files=()
  [ ${#files[@]} -gt 0 ] || { rm -f "$err" "$sink"; return 0; }
  [ -z "$report" ] || : >"$report"
  for ((i = 0; i < ${#files[@]}; i += BATCH)); do
    rc=0
    (cd "$dir" && "${SECRETLINT[@]}" "${common_args[@]}" "${files[@]:i:BATCH}") >"$sink" 2>"$err" || rc=$?
    if [ -n "$report" ]; then cat "$sink" >>"$report"; else cat "$sink"; fi
    # Every file of the batch matched an ignore pattern (say, only package-lock.json): nothing to scan.
    if [ "$rc" -ne 0 ] && grep -q "Not found target files" "$err"; then rc=0; fi
    [ "$rc" -eq 0 ] || { cat "$err" >&2; status=1; }
    name_extra_findings "$sink"
  done
  rm -f "$err" "$sink"
}

NESTED_IGNORE="a $IGNORE_NAME other than the repository root's is refused (it would hide files from the scan); delete it and list the paths in the root $IGNORE_NAME, where reviewers see them"
STATE_FILE="Terraform state is never committed (it holds secrets in the clear): git rm --cached it, keep state in the S3 backend and rotate what it held"

# Every file named .secretlintignore under $1 except $2 (the one the scan may use). find's errors are
# dropped: a concurrent test's temporary directory may vanish while it walks.
refuse_ignore_files() {
  local f
  while IFS= read -r -d '' f; do
    [ "$f" = "$2" ] || refuse "$f: $NESTED_IGNORE"
  done < <(find "$1" \( -name .git -o -path "$1/node_modules" \) -prune -o -name "$IGNORE_NAME" ! -type d -print0 2>/dev/null)
}

# In any letter case (prod.TFSTATE.json too): a state file is one whatever its name's case, and whatever
# follows .tfstate (an editor's terraform.tfstate~ too).
is_state_file() { local name="${1##*/}"; case "${name,,}" in *.tfstate*) return 0 ;; *) return 1 ;; esac; }

# Terraform state by its content, whatever its name (state.json, backup.old): Terraform's
# "terraform_version" and a state's "lineage" (a plan has no lineage). Reads NUL-terminated paths
# relative to directory $1 on stdin; prints, NUL-terminated, those that hold both, except those
# is_state_file already names. Binary is told by content alone, a NUL byte (grep -I, LC_ALL=C), as for
# every mode: git grep -I also skipped what a .gitattributes line calls binary (`backup.json binary`),
# and -a read a real binary to its end (300 MB: 6-9 s), where grep -I stops at its first buffer.
# UTF-16 and UTF-32 with a byte order mark (PowerShell's redirection writes UTF-16LE) look binary to grep:
# scripts/secret-scan-wide-state.mjs decodes those and tells state in them by the same two keys.
STATE_KEYS=(-e '"lineage"[[:space:]]*:' -e '"terraform_version"[[:space:]]*:')
state_by_content() {
  local f paths=()
  mapfile -d '' paths
  [ ${#paths[@]} -gt 0 ] || return 0
  while IFS= read -r -d '' f; do
    is_state_file "$f" || ! LC_ALL=C grep -qE "${STATE_KEYS[3]}" "$1/$f" || printf '%s\0' "$f"
  done < <(cd "$1" && printf '%s\0' "${paths[@]}" | xargs -0 -r env LC_ALL=C grep -lZ -I -E "${STATE_KEYS[@]:0:2}" -- 2>/dev/null || true)
  while IFS= read -r -d '' f; do
    is_state_file "$f" || printf '%s\0' "$f"
  done < <(printf '%s\0' "${paths[@]}" | node "$REPO/scripts/secret-scan-wide-state.mjs" "$1")
}

UNDER_IGNORED="the scan never reads it; git rm --cached it (and list the path in .gitignore), or, if it must be committed, name the file itself in the root $IGNORE_NAME (/path/to/file), where reviewers see it"

# Reads NUL-terminated paths (relative to the repository root) on stdin; prints, NUL-terminated, those
# the ignore file $1 skips (git's gitignore matching, in a scratch repository, so no .gitignore and no
# index take part) and that it does not name one by one: an anchored path without wildcards
# (`/package-lock.json`) is a reviewed exception; a folder or pattern that hides a committed file is not.
# Patterns match in any letter case, as secretlint's (globby's `ignore` package, ignorecase by default)
# do: /coverage/ skips COVERAGE/ too, so that is refused; only the exact spelling listed is an exception.
hidden_by_ignore() {
  local file="$1" scratch path
  declare -A named=()
  while IFS= read -r path; do named["${path#/}"]=1; done < <(grep -E '^/[^*?[!#]*[^/*?[ ]$' "$file" || true)
  scratch="$(mktemp -d)"
  git init -q "$scratch"
  while IFS= read -r -d '' path; do
    [ -n "${named["$path"]+x}" ] || printf '%s\0' "$path"
  done < <(git -C "$scratch" -c core.excludesFile="$file" -c core.ignorecase=true check-ignore --no-index --stdin -z || true)
  rm -rf "$scratch"
}

# The ignore file $1 for a scan run one folder above the repository's root (history mode: <tmp>/<commit>/):
# an anchored pattern (a `/` at its start or inside) gets `/*` in front, so it still matches at the root
# of each commit's folder only; `**/` patterns and names without a `/` match at any depth as they are.
ignore_below_one_folder() {
  awk '
    /^[[:space:]]*(#|$)/ { print; next }
    {
      neg = ""; p = $0
      if (substr(p, 1, 1) == "!") { neg = "!"; p = substr(p, 2) }
      bare = p; sub(/\/$/, "", bare)
      if (substr(p, 1, 1) == "/") p = "/*" p
      else if (substr(p, 1, 3) != "**/" && index(bare, "/") > 0) p = "/*/" p
      print neg p
    }' "$1"
}

VERIFIED_FILE=".secret-scan-verified"
# What decides a scan's outcome besides the scanned files: the patterns, the rules' configuration and
# versions, the scripts, the scanned tree's ignore file. A verified history stays verified only under the
# same digest; any change to these scans every commit again.
scanner_digest() {
  local f
  {
    for f in lib/core/secret-patterns.json .secretlintrc.js scripts/secret-scan.sh scripts/secretlint.mjs \
      scripts/secret-scan-text.mjs scripts/secret-scan-archives.mjs scripts/secret-scan-comments.mjs \
      scripts/secret-scan-wide-state.mjs scripts/secret-scan-base64.mjs scripts/secret-scan-report.mjs \
      scripts/write-blobs.js; do
      printf '%s\0' "$f"; cat "$REPO/$f" 2>/dev/null || true; printf '\0'
    done
    for f in secretlint @secretlint/core @secretlint/secretlint-rule-preset-recommend @secretlint/secretlint-rule-pattern; do
      printf '%s\0' "$f"; grep -m1 '"version"' "$REPO/node_modules/$f/package.json" 2>/dev/null || true
    done
    printf 'ignore\0'; cat "$root/$IGNORE_NAME" 2>/dev/null || true
  } | sha256sum | cut -d' ' -f1
}

# `history verified`: BASE from .secret-scan-verified when it still holds, else every commit (why on stderr).
verified_base() {
  local line commit digest
  line="$(grep -v '^#' "$root/$VERIFIED_FILE" 2>/dev/null | grep -m1 . || true)"
  read -r commit digest _ <<<"$line"
  if [ -z "$line" ]; then echo "secret-scan: no $VERIFIED_FILE: scanning every commit" >&2
  elif ! [[ "$commit" =~ ^[0-9a-f]{40}$ && "$digest" =~ ^[0-9a-f]{64}$ ]]; then
    echo "secret-scan: $VERIFIED_FILE: not '<commit> <digest>': scanning every commit" >&2
  elif [ "$digest" != "$(scanner_digest)" ]; then
    echo "secret-scan: $VERIFIED_FILE: the scanner changed since ${commit:0:12} was verified: scanning every commit" >&2
  elif ! git -C "$root" merge-base --is-ancestor "$commit" HEAD 2>/dev/null; then
    echo "secret-scan: $VERIFIED_FILE: ${commit:0:12} is not in this history: scanning every commit" >&2
  else
    echo "secret-scan: history since ${commit:0:12}, verified clean by this scanner ($VERIFIED_FILE)" >&2
    base="$commit"
    from_verified=1
    return
  fi
  base="all"
}

# `history verified` is resolved before the tree scan, so that the tree scan may leave to the history
# scan what it covers: with `all`, every commit; with a verified base, the commits after it, and before
# it what the recorded full scan of every commit found clean under this same scanner and ignore file.
from_verified=0
if has_mode history && [ "$base" = "verified" ] && [ "$print_range" -eq 0 ]; then verified_base; fi
history_covers_head=0
if has_mode history && { [ "$base" = "all" ] || [ "$from_verified" -eq 1 ]; }; then history_covers_head=1; fi

if has_mode synth; then
  if [ "$synth" = 1 ]; then
    (cd "$root" && node "$REPO/bin/golive.js" synth --output "$out" >/dev/null)
  fi
  [ -d "$out" ] || { echo "secret-scan: no synth output at $out" >&2; exit 1; }
  out="$(cd "$out" && pwd)"
  refuse_ignore_files "$out" ""
  scan "$out" "$output"
fi
if has_mode tree; then
  tree_report="$output"
  has_mode synth && [ -n "$output" ] && tree_report="$output.tree"
  refuse_ignore_files "$root" "$root/$IGNORE_NAME"
  # State files in the tree are scanned like any file; a tracked one fails even when it looks clean,
  # in any letter case (is_state_file).
  if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    while IFS= read -r -d '' path; do
      refuse "$root/$path: tracked by git: $STATE_FILE"
    done < <(git -C "$root" ls-files -z -- ':(icase)*.tfstate*')
    # Regular files (mode 100644 or 100755) only: a symlink's content in git is its target's path.
    while IFS= read -r -d '' path; do
      refuse "$root/$path: tracked by git, and holds Terraform state (terraform_version and lineage): $STATE_FILE"
    done < <(git -C "$root" ls-files -s -z | sed -z -nE 's/^100(644|755) [0-9a-f]+ [0-3]\t//p' | sort -zu | state_by_content "$root")
    while IFS= read -r -d '' path; do
      refuse "$root/$path: tracked by git under node_modules/, which the tree scan skips (installed packages): git rm --cached it"
    done < <(git -C "$root" ls-files -z -- node_modules)
    if [ -f "$root/$IGNORE_NAME" ]; then
      while IFS= read -r -d '' path; do
        refuse "$root/$path: tracked by git under a path $IGNORE_NAME skips: $UNDER_IGNORED"
      done < <(git -C "$root" ls-files -z | hidden_by_ignore "$root/$IGNORE_NAME")
    fi
    # With `history all` (or a verified base) in the same run, a file whose content is HEAD's is scanned
    # there (or was, by the recorded full scan), at the same
    # path in the commit that last changed it, with the same ignore file below a commit folder (so it
    # skips no more than here, unless a `!` pattern re-includes an anchored path: then no shortcut). The
    # tree scan takes the rest (untracked, ignored and changed files). Content is compared by hashing
    # the working-tree files as they are (--no-filters: a clean filter or `ident` could make a changed
    # file hash as committed), not by `git diff`, which assume-unchanged and skip-worktree flags blind.
    # Scanning both cost a second of CPU per 300 files.
    if [ "$history_covers_head" -eq 1 ] && git -C "$root" rev-parse --verify --quiet HEAD >/dev/null &&
      ! grep -qs '^[[:space:]]*!' "$root/$IGNORE_NAME"; then
      heads=() blobs=()
      while IFS= read -r -d '' entry; do
        read -r mode _ blob <<<"${entry%%$'\t'*}"
        path="${entry#*$'\t'}"
        case "$mode" in 100644 | 100755) ;; *) continue ;; esac # symlinks and submodules: scanned as found
        case "$path" in *$'\n'*) continue ;; esac                # hash-object reads one path per line
        [ -f "$root/$path" ] && [ ! -L "$root/$path" ] || continue
        heads+=("$path") blobs+=("$blob")
      done < <(git -C "$root" ls-tree -r -z --full-tree HEAD)
      if [ ${#heads[@]} -gt 0 ]; then
        mapfile -t actual < <(cd "$root" && printf '%s\n' "${heads[@]}" | git hash-object --no-filters --stdin-paths 2>/dev/null)
        for i in "${!heads[@]}"; do
          [ "${actual[$i]:-}" != "${blobs[$i]}" ] || covered_by_history["./${heads[$i]}"]=1
        done
      fi
    fi
  fi
  if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    extra_folder working-tree
    git -C "$root" ls-files -z | tr '\0' '\n' >"$extra_dir/working-tree/tracked-paths.txt"
    extra_files+=("$extra_dir/working-tree/tracked-paths.txt")
  fi
  if lock_skipped && [ -f "$root/$LOCK_NAME" ]; then copy_lock "$root/$LOCK_NAME" working-tree; fi
  scan "$root" "$tree_report" tree
  covered_by_history=()
fi

if has_mode history; then
  [ "$record" -eq 0 ] || [ "$base" = "all" ] || { echo "secret-scan: --record-verified needs history all" >&2; exit 2; }
  [ "$base" != "verified" ] || verified_base
  if [ "$base" = "all" ]; then
    range=(HEAD)
  else
    git -C "$root" rev-parse --verify --quiet "$base^{commit}" >/dev/null || { echo "secret-scan: unknown base $base" >&2; exit 2; }
    range=("$base..HEAD")
  fi
  if [ "$print_range" -eq 1 ]; then
    if [ "$base" = "all" ]; then echo "all"; else echo "$base..HEAD"; fi
    exit 0
  fi
  tmp="$(mktemp -d)"
  # The scanned tree's own ignore file, as the tree scan uses it, one folder down (none: nothing is skipped).
  if [ -f "$root/$IGNORE_NAME" ]; then ignore_below_one_folder "$root/$IGNORE_NAME" >"$tmp/$IGNORE_NAME"; fi
  count=0
  declare -A seen=()
  committed=() # "<short sha>:<path>" of each file version scanned, for the ignore-file check below
  blobs="$tmp/.blobs"
  # Each commit's added or changed files, as that commit has them, under <tmp>/<short sha>/<path>.
  # --root compares a root commit with the empty tree; -m compares a merge with each of its parents, so
  # a file only the merge brings (say, written while resolving a conflict) is scanned too.
  extra_folder history
  declare -A listed=() # paths already written to a commit's .paths.txt
  while read -r commit; do
    short="${commit:0:12}"
    added=()
    while IFS= read -r -d '' meta && IFS= read -r -d '' path; do
      read -r _ mode _ blob _ <<<"${meta#:}"
      [ -n "${listed["$path"]+x}" ] || { listed["$path"]=1; added+=("$path"); }
      [ "$mode" != "160000" ] || continue # a submodule: no content here
      if [ "${path##*/}" = "$IGNORE_NAME" ]; then
        # Never materialized (it would act as an ignore file for the scan below); only the root one may exist.
        [ "$path" = "$IGNORE_NAME" ] || refuse "$short:$path: $NESTED_IGNORE"
        continue
      fi
      if is_state_file "$path"; then refuse "$short:$path: committed: $STATE_FILE"; fi
      [ -z "${seen["$blob:$path"]+x}" ] || continue
      seen["$blob:$path"]=1
      committed+=("$short:$path")
      printf '%s %s\0' "$blob" "$short/$path" >>"$blobs"
      count=$((count + 1))
    done < <(git -C "$root" diff-tree -r -z -m --root --no-commit-id --no-renames --diff-filter=d --raw "$commit")
    if [ ${#added[@]} -gt 0 ]; then
      printf '%s\n' "${added[@]}" >"$extra_dir/history/$short.paths.txt"
      extra_files+=("$extra_dir/history/$short.paths.txt")
    fi
  done < <(git -C "$root" rev-list --reverse "${range[@]}")
  # Each commit's message (-z: a NUL after each; its first line the commit), one file a commit.
  while IFS= read -r -d '' entry; do
    [[ "${entry#*$'\n'}" =~ [^[:space:]] ]] || continue
    printf '%s' "${entry#*$'\n'}" >"$extra_dir/history/${entry:0:12}.commit-message.txt"
    extra_files+=("$extra_dir/history/${entry:0:12}.commit-message.txt")
  done < <(git -C "$root" log -z --format='%H%n%B' "${range[@]}")
  if [ "$count" -gt 0 ]; then node "$REPO/scripts/write-blobs.js" "$root" "$tmp" <"$blobs"; rm -f "$blobs"; fi
  if lock_skipped; then
    for f in "$tmp"/*/"$LOCK_NAME"; do [ ! -f "$f" ] || copy_lock "$f" "$(basename "$(dirname "$f")")"; done
  fi
  while IFS= read -r -d '' path; do
    refuse "${path%%/*}:${path#*/}: committed, and holds Terraform state (terraform_version and lineage): $STATE_FILE"
  done < <(cd "$tmp" && find . -type f -print0 | sed -z 's|^\./||' | state_by_content "$tmp")
  if [ -f "$root/$IGNORE_NAME" ] && [ ${#committed[@]} -gt 0 ]; then
    declare -A hidden=()
    while IFS= read -r -d '' path; do hidden["$path"]=1; done < <(printf '%s\0' "${committed[@]#*:}" | hidden_by_ignore "$root/$IGNORE_NAME")
    for entry in "${committed[@]}"; do
      [ -z "${hidden["${entry#*:}"]+x}" ] || refuse "$entry: committed under a path $IGNORE_NAME skips: $UNDER_IGNORED"
    done
  fi
  echo "secret-scan: history ${range[*]}: $count file versions" >&2
  # With tree or synth in the same run, the history report goes next to the main one.
  report="$output"
  if [ -n "$output" ] && { has_mode tree || has_mode synth; }; then report="$output.history"; fi
  if [ "$count" -gt 0 ] || [ ${#extra_files[@]} -gt 0 ]; then
    scan "$tmp" "$report"
  fi
fi

# Only after a whole scan of every commit that found nothing (any mode's finding counts).
if [ "$record" -eq 1 ] && [ "$status" -eq 0 ]; then
  head="$(git -C "$root" rev-parse HEAD)"
  {
    echo "# Written by scripts/secret-scan.sh history all --record-verified after a scan that found nothing."
    echo "# The test command scans only the commits after this one while the scanner's digest is unchanged."
    echo "# Review a change of this file as one of the gate itself: moving it past a commit skips that commit."
    echo "$head $(scanner_digest)"
  } >"$root/$VERIFIED_FILE.tmp" && mv "$root/$VERIFIED_FILE.tmp" "$root/$VERIFIED_FILE"
  echo "secret-scan: recorded ${head:0:12} as verified in $VERIFIED_FILE" >&2
fi
exit "$status"
