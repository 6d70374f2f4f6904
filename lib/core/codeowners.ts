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
  /**
   * Why golive does not read the line's pattern (longer than MAX_PATTERN_CHARS): it decides nothing
   * here and GL-SEC-009 reports it, as golive cannot tell what it owns.
   */
  readonly unread?: string;
}

export interface Codeowners {
  readonly lines: readonly CodeownersLine[];
  /**
   * The line that decides the owners of `path` (relative to the repository root, no leading slash):
   * the last line that matches it ("the last matching pattern takes the most precedence"), skipped
   * lines aside; undefined when none does.
   */
  decidingLine(path: string): CodeownersLine | undefined;
  /**
   * The lines GitHub skips that match `path`, in file order: each may be meant to own it, and owns
   * nothing. Only lines skipped for their owners: a pattern GitHub cannot read matches nothing.
   */
  skippedMatches(path: string): CodeownersLine[];
}

// An owner is @user, @org/team or an e-mail address; anything else (a placeholder such as
// @<org>/<owners> copied as it is) makes GitHub skip the line.
const USER = /^@[A-Za-z0-9][A-Za-z0-9_-]*$/;
const TEAM = /^@[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why GitHub cannot read this pattern, or undefined. */
function patternUnreadable(pattern: string): string | undefined {
  // The gitignore syntax CODEOWNERS lacks ("Syntax exceptions"): no negation, no character ranges.
  if (pattern.startsWith("!")) return "CODEOWNERS has no `!` negation";
  if (/[[\]]/.test(pattern)) return "CODEOWNERS has no `[ ]` character ranges";
  if (pattern.includes("***")) return "`***` is no pattern";
  return undefined;
}

/** Why GitHub would skip a line of this pattern and these owners, or undefined. */
function skipReason(pattern: string, owners: readonly string[]): string | undefined {
  const unreadable = patternUnreadable(pattern);
  if (unreadable !== undefined) return unreadable;
  const bad = owners.find((o) => !USER.test(o) && !TEAM.test(o) && !EMAIL.test(o));
  return bad === undefined ? undefined : `${bad} is no @user, @org/team or e-mail address`;
}

/**
 * The longest pattern golive reads. GitHub documents no per-line limit; 4,096 is Linux's PATH_MAX, so a
 * literal pattern longer names no path a checkout can hold, and no hand-written line comes near it. The
 * bound keeps a hostile file's cost small: matching one pattern against one path takes at most
 * pattern × path steps. A longer line owns nothing here, and GL-SEC-009 names it.
 */
export const MAX_PATTERN_CHARS = 4096;

/** A token of a glob that matches zero or more items (characters of a segment, or whole segments). */
const MANY = null;
/** Within a segment: `?`, any one character. */
const ONE = -1;

/**
 * What matchers did so far: each step compares one token with one item. With a `limit`, the step past
 * it throws MatchLimitReached, so a caller bounds a whole run's work (lines × paths), not one match's.
 */
export interface MatchTally {
  steps: number;
  readonly limit?: number;
}

/** Thrown by a matcher whose tally passed its limit. */
export class MatchLimitReached extends Error {
  constructor(readonly limit: number) {
    super(`CODEOWNERS matching passed its bound of ${limit} steps`);
  }
}

/**
 * Whether `tokens` match items 0..length-1, each non-MANY token matching exactly one item (`one`), MANY
 * any run of them: the classic two-pointer wildcard match, which on a mismatch resumes after the last
 * MANY only. Iterative and without regular expressions, so no pattern can backtrack exponentially,
 * overflow the stack or exceed a regex size limit: at most tokens × items steps.
 */
function wildcardMatch<T>(
  tokens: readonly (T | typeof MANY)[],
  length: number,
  one: (token: T, item: number) => boolean,
  tally: MatchTally,
): boolean {
  let t = 0;
  let item = 0;
  let lastMany = -1;
  let resumeAt = 0;
  while (item < length) {
    if (++tally.steps > (tally.limit ?? Number.POSITIVE_INFINITY)) throw new MatchLimitReached(tally.limit ?? 0);
    const token = tokens[t];
    if (t < tokens.length && token !== MANY && token !== undefined && one(token, item)) {
      t++;
      item++;
    } else if (t < tokens.length && token === MANY) {
      lastMany = t++;
      resumeAt = item;
    } else if (lastMany >= 0) {
      t = lastMany + 1;
      item = ++resumeAt;
    } else return false;
  }
  while (t < tokens.length && tokens[t] === MANY) t++;
  return t === tokens.length;
}

/** A segment's tokens: a run of `*` is one MANY, `?` ONE, `\x` x's code, any other character its code. */
type SegmentGlob = readonly (number | typeof MANY)[];

/** One path segment of a pattern (no `/` in it): `*` within the segment, `?` one character, `\x` x. */
function segmentGlob(segment: string): SegmentGlob {
  // A lone `*` matches a non-empty name (`docs/*` owns no `docs/` with nothing after it).
  if (segment === "*") return [ONE, MANY];
  const tokens: (number | typeof MANY)[] = [];
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i] as string;
    if (ch === "\\" && i + 1 < segment.length) tokens.push(segment.charCodeAt(++i));
    else if (ch === "*") {
      if (tokens[tokens.length - 1] !== MANY) tokens.push(MANY);
    } else if (ch === "?") tokens.push(ONE);
    else tokens.push(segment.charCodeAt(i));
  }
  return tokens;
}

/** Any one segment, whatever its name. */
const ANY_SEGMENT: SegmentGlob = [MANY];

/** A pattern compiled: test(path) for a path relative to the root, no leading slash. */
export interface PatternMatcher {
  test(path: string): boolean;
}

/**
 * A pattern as a matcher over paths relative to the root, as gitignore reads it with GitHub's
 * exceptions: a leading `/`, or a `/` inside, anchors it at the root, otherwise it matches at any depth
 * (`apps/`, `*.js`); a trailing `/` means everything below that folder; a pattern naming a file or
 * folder also owns what is below it (`/docs`), but a last segment that is `*` alone owns only the files
 * directly inside (`docs/*` matches a file in docs/, not one in a folder below it); `**` spans any
 * number of folders (`/scripts/**`, and `**` then `/logs`), and so do several in a row. Within a
 * segment a run of `*` is one `*`, as gitignore reads it.
 */
export function patternMatcher(pattern: string, tally: MatchTally = { steps: 0 }): PatternMatcher {
  let segments = pattern.split("/");
  const anchored = segments[0] === "";
  if (anchored) segments = segments.slice(1);
  const folder = segments.length > 1 && segments[segments.length - 1] === "";
  if (folder) segments[segments.length - 1] = "**";
  const slashInside = segments.length > (folder ? 2 : 1);
  if (!anchored && !slashInside && segments[0] !== "**") segments.unshift("**");
  if (segments.length === 1 && segments[0] === "") return { test: () => false }; // "/" matches nothing
  const tokens: (SegmentGlob | typeof MANY)[] = [];
  const many = () => {
    if (tokens[tokens.length - 1] !== MANY) tokens.push(MANY);
  };
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === "**") {
      // First or inside: any number of folders, none included; last (or alone): at least one name.
      if (last) tokens.push(ANY_SEGMENT);
      many();
      return;
    }
    tokens.push(segmentGlob(segment));
    // What a file or folder name owns includes what is below it; a lone `*` only the names it matches.
    if (last && segment !== "*") many();
  });
  return {
    test(path) {
      const names = path.split("/");
      return wildcardMatch(
        tokens,
        names.length,
        (glob, n) => {
          const name = names[n] as string;
          return wildcardMatch(glob, name.length, (code, c) => code === ONE || code === name.charCodeAt(c), tally);
        },
        tally,
      );
    },
  };
}

/**
 * Parses a CODEOWNERS file: blank lines and lines starting with `#` are skipped; every other line is
 * a pattern, then its owners up to the end or to an inline comment (a word starting with `#`). Only a
 * line whose pattern golive reads and GitHub can read gets a matcher: a line of an unreadable pattern
 * (`!`, `[ ]`, `***`) or one longer than MAX_PATTERN_CHARS matches nothing, so it costs nothing.
 */
export function parseCodeowners(text: string, tally: MatchTally = { steps: 0 }): Codeowners {
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
      if (pattern.length > MAX_PATTERN_CHARS) {
        const unread = `a pattern of ${pattern.length} characters; golive reads patterns of at most ${MAX_PATTERN_CHARS}`;
        lines.push({ line: i + 1, text: trimmed, pattern, owners, unread });
        return;
      }
      const skipped = skipReason(pattern, owners);
      lines.push({ line: i + 1, text: trimmed, pattern, owners, ...(skipped === undefined ? {} : { skipped }) });
    });
  const matchers = new Map<CodeownersLine, PatternMatcher>();
  for (const l of lines)
    if (l.unread === undefined && patternUnreadable(l.pattern) === undefined) matchers.set(l, patternMatcher(l.pattern, tally));
  const skippedLines = lines.filter((l) => l.skipped !== undefined);
  return {
    lines,
    decidingLine(path) {
      // The last match decides: read from the end and stop at the first, instead of matching every line.
      for (let i = lines.length - 1; i >= 0; i--) {
        const line = lines[i] as CodeownersLine;
        if (line.skipped === undefined && matchers.get(line)?.test(path) === true) return line;
      }
      return undefined;
    },
    skippedMatches: (path) => skippedLines.filter((l) => matchers.get(l)?.test(path) === true),
  };
}
