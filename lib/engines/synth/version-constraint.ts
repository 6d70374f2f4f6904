/**
 * Terraform's version constraints, as required_providers and the lock file write them: comma-separated
 * `<op> <version>` terms, op one of = != > >= < <= ~> (none means =), all of which must hold
 * (https://developer.hashicorp.com/terraform/language/expressions/version-constraints). `~> 1.2.3`
 * allows 1.2.x from 1.2.3, `~> 1.2` allows 1.x from 1.2: only the right-most given part may grow.
 * golive's stacks write exact versions (cdktf's provider metadata); the rest is for a hand-written
 * constraint. A prerelease (1.2.0-beta1) is allowed only by an exact term, as Terraform does.
 */

interface Version {
  readonly parts: readonly number[];
  readonly prerelease: string;
}

interface Term {
  readonly op: string;
  readonly version: Version;
  /** How many parts were written: `~>` lets the one before the last grow. */
  readonly given: number;
}

const VERSION_RE = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const TERM_RE = /^(=|!=|>=|<=|>|<|~>)?\s*(\S+)$/;

function parseVersion(text: string): (Version & { readonly given: number }) | undefined {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return undefined;
  const written = [m[1], m[2], m[3]].filter((p): p is string => p !== undefined);
  const parts = [0, 1, 2].map((i) => Number(written[i] ?? 0));
  return { parts, prerelease: m[4] ?? "", given: written.length };
}

/** The terms of `constraint`, or undefined when it is not Terraform's syntax. */
function parseConstraint(constraint: string): Term[] | undefined {
  const terms: Term[] = [];
  for (const raw of constraint.split(",")) {
    const m = TERM_RE.exec(raw.trim());
    const parsed = m ? parseVersion(m[2] ?? "") : undefined;
    if (!m || !parsed) return undefined;
    terms.push({ op: m[1] ?? "=", version: parsed, given: parsed.given });
  }
  return terms;
}

/** Release order on the numeric parts; a prerelease sorts before its release. */
function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const d = (a.parts[i] ?? 0) - (b.parts[i] ?? 0);
    if (d !== 0) return d;
  }
  if (a.prerelease === b.prerelease) return 0;
  if (a.prerelease === "") return 1;
  if (b.prerelease === "") return -1;
  return a.prerelease < b.prerelease ? -1 : 1;
}

function holds(v: Version, term: Term): boolean {
  const c = compare(v, term.version);
  switch (term.op) {
    case "=":
      return c === 0;
    case "!=":
      return c !== 0;
    case ">":
      return c > 0;
    case ">=":
      return c >= 0;
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    default: {
      // ~>: at least the version, and the parts before the right-most given one unchanged.
      const fixed = Math.max(term.given - 1, 1);
      return c >= 0 && term.version.parts.slice(0, fixed).every((p, i) => v.parts[i] === p);
    }
  }
}

/**
 * Whether `version` satisfies `constraint`; undefined when either is not Terraform's syntax (then
 * golive cannot judge, and leaves it to `terraform init`).
 */
export function satisfiesConstraint(version: string, constraint: string): boolean | undefined {
  const v = parseVersion(version);
  const terms = parseConstraint(constraint);
  if (!v || !terms) return undefined;
  // A prerelease is chosen only by name: an exact term for that very version.
  if (v.prerelease !== "" && !terms.some((t) => t.op === "=" && compare(v, t.version) === 0)) return false;
  return terms.every((t) => holds(v, t));
}
