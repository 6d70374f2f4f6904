/**
 * GitHub's CODEOWNERS file as docs.github.com, "About code owners", documents it: where GitHub looks
 * for it, how a line reads and which line decides a path's owners. Pure: it reads no file.
 */

/** Where GitHub looks for CODEOWNERS, in its order; it reads the first one it finds and no other. */
export const CODEOWNERS_LOCATIONS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] as const;

/** GitHub does not load a CODEOWNERS file of 3 MB or more ("About code owners"). */
export const MAX_CODEOWNERS_BYTES = 3 * 1024 * 1024;

/** One rule of a CODEOWNERS file: `pattern owner...`. */
export interface CodeownersLine {
  /** 1-based line number in the file. */
  readonly line: number;
  /** The line as written, without surrounding blanks. */
  readonly text: string;
  readonly pattern: string;
  /** Empty: the paths this line matches last have no owner ("their owners are left empty"). */
  readonly owners: readonly string[];
  /** Why GitHub skips the line (it shows such a line as an error and uses the others); a skipped line decides nothing. */
  readonly skipped?: string;
}

export interface Codeowners {
  readonly lines: readonly CodeownersLine[];
  /**
   * The line that decides the owners of `path` (relative to the repository root, no leading slash):
   * the last line that matches it ("the last matching pattern takes the most precedence"), skipped
   * lines aside; undefined when none does.
   */
  decidingLine(path: string): CodeownersLine | undefined;
  /** The lines GitHub skips that match `path`, in file order: each may be meant to own it, and owns nothing. */
  skippedMatches(path: string): CodeownersLine[];
}

// An owner is @user, @org/team or an e-mail address; anything else (a placeholder such as
// @<org>/<owners> copied as it is) makes GitHub skip the line.
const USER = /^@[A-Za-z0-9][A-Za-z0-9_-]*$/;
const TEAM = /^@[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why GitHub would skip a line of this pattern and these owners, or undefined. */
function skipReason(pattern: string, owners: readonly string[]): string | undefined {
  // The gitignore syntax CODEOWNERS lacks ("Syntax exceptions"): no negation, no character ranges.
  if (pattern.startsWith("!")) return "CODEOWNERS has no `!` negation";
  if (/[[\]]/.test(pattern)) return "CODEOWNERS has no `[ ]` character ranges";
  if (pattern.includes("***")) return "`***` is no pattern";
  const bad = owners.find((o) => !USER.test(o) && !TEAM.test(o) && !EMAIL.test(o));
  return bad === undefined ? undefined : `${bad} is no @user, @org/team or e-mail address`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** One path segment of a pattern as a regular expression: `*` within the segment, `?` one character, `\x` x. */
function segmentSource(segment: string): string {
  let out = "";
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i] as string;
    if (ch === "\\" && i + 1 < segment.length) out += escapeRegExp(segment[++i] as string);
    else if (ch === "*") out += "[^/]*";
    else if (ch === "?") out += "[^/]";
    else out += escapeRegExp(ch);
  }
  return out;
}

/**
 * A pattern as a regular expression over paths relative to the root, as gitignore reads it with
 * GitHub's exceptions: a leading `/`, or a `/` inside, anchors it at the root, otherwise it matches at
 * any depth (`apps/`, `*.js`); a trailing `/` means everything below that folder; a pattern naming a
 * file or folder also owns what is below it (`/docs`), but a last segment that is `*` alone owns only
 * the files directly inside (`docs/*` matches a file in docs/, not one in a folder below it); `**`
 * spans any number of folders (`/scripts/**`, and `**` then `/logs`).
 */
export function patternRegExp(pattern: string): RegExp {
  let segments = pattern.split("/");
  const anchored = segments[0] === "";
  if (anchored) segments = segments.slice(1);
  const folder = segments.length > 1 && segments[segments.length - 1] === "";
  if (folder) segments[segments.length - 1] = "**";
  const slashInside = segments.length > (folder ? 2 : 1);
  if (!anchored && !slashInside && segments[0] !== "**") segments.unshift("**");
  if (segments.length === 1 && segments[0] === "") return /(?!)/; // "/" matches nothing
  let source = "^";
  let slash = false;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === "**") {
      if (segments.length === 1) source += ".+";
      else if (i === 0) source += "(?:.+/)?";
      else source += last ? "/.*" : "(?:/.+)?";
      slash = i > 0;
      return;
    }
    source += (slash ? "/" : "") + (segment === "*" ? "[^/]+" : segmentSource(segment));
    // What a file or folder name owns includes what is below it; a lone `*` only the names it matches.
    if (last && segment !== "*") source += "(?:/.*)?";
    slash = true;
  });
  return new RegExp(`${source}$`);
}

/**
 * Parses a CODEOWNERS file: blank lines and lines starting with `#` are skipped; every other line is
 * a pattern, then its owners up to the end or to an inline comment (a word starting with `#`).
 */
export function parseCodeowners(text: string): Codeowners {
  const lines: CodeownersLine[] = [];
  text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const trimmed = raw.trim();
      if (trimmed === "" || trimmed.startsWith("#")) return;
      const words = trimmed.split(/\s+/);
      const pattern = words[0] as string;
      const comment = words.findIndex((w, j) => j > 0 && w.startsWith("#"));
      const owners = words.slice(1, comment === -1 ? undefined : comment);
      const skipped = skipReason(pattern, owners);
      lines.push({ line: i + 1, text: trimmed, pattern, owners, ...(skipped === undefined ? {} : { skipped }) });
    });
  const regExps = new Map(lines.map((l) => [l, patternRegExp(l.pattern)]));
  const matching = (path: string) => lines.filter((l) => regExps.get(l)?.test(path));
  return {
    lines,
    decidingLine: (path) =>
      matching(path)
        .filter((l) => l.skipped === undefined)
        .pop(),
    skippedMatches: (path) => matching(path).filter((l) => l.skipped !== undefined),
  };
}
