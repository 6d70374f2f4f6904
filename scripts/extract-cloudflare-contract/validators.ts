/**
 * The validators of terraform-plugin-framework-validators
 * (https://github.com/hashicorp/terraform-plugin-framework-validators) and of the provider's
 * internal/customvalidator package, read into contract constraints. A validator not modelled here is
 * named in the attribute's `unmodelled` list instead of being dropped silently.
 */
import type { Bounds, Constraints, PathExpression } from "./contract";
import { calleeName, constant, type GoExpr } from "./go-expr";
import { constNumber, constString, SchemaReadError, spread, typeSpec } from "./literals";

/** `path.MatchRoot("a")` -> "/a"; `path.MatchRelative().AtParent().AtName("b")` -> "../b". */
export function pathExpression(expr: GoExpr): PathExpression {
  const steps: string[] = [];
  let at: GoExpr = expr;
  for (;;) {
    if (at.kind !== "call") throw new SchemaReadError(`line ${at.line}: unsupported path expression`);
    const callee = at.callee;
    if (callee.kind === "name") {
      if (callee.name === "path.MatchRoot") return `/${[constString(at.args[0] ?? at, "path.MatchRoot"), ...steps].join("/")}`;
      if (callee.name === "path.MatchRelative") return steps.length ? steps.join("/") : ".";
      throw new SchemaReadError(`line ${at.line}: unsupported path expression ${callee.name}`);
    }
    if (callee.kind !== "selector") throw new SchemaReadError(`line ${at.line}: unsupported path expression`);
    const step = callee.name;
    if (step === "AtParent") steps.unshift("..");
    else if (step === "AtName") steps.unshift(constString(at.args[0] ?? at, "AtName"));
    else if (step === "AtAnyListIndex" || step === "AtAnySetValue" || step === "AtAnyMapKey") steps.unshift("*");
    else throw new SchemaReadError(`line ${at.line}: unsupported path step ${step}`);
    at = callee.target;
  }
}

/** Path arguments of a validator, spreading `path.Expressions{...}...` into its elements. */
export function pathArgs(args: readonly GoExpr[]): PathExpression[] {
  return spread(args).map(pathExpression);
}

type MutableConstraints = { -readonly [K in keyof Constraints]: Constraints[K] };

function pushTo<K extends "conflictsWith" | "alsoRequires" | "exactlyOneOf" | "atLeastOneOf">(
  c: MutableConstraints,
  key: K,
  values: PathExpression[],
) {
  c[key] = [...(c[key] ?? []), ...values];
}

function setBounds(c: MutableConstraints, key: "range" | "length" | "size", bound: Bounds) {
  c[key] = { ...c[key], ...bound };
}

/** Bounds from `Between(a, b)`, `AtLeast(a)`, `AtMost(b)` (with an optional prefix: Length, Size). */
function boundsOf(fn: string, prefix: string, args: readonly GoExpr[]): Bounds | undefined {
  if (fn === `${prefix}Between`) return { min: constNumber(args[0], fn), max: constNumber(args[1], fn) };
  if (fn === `${prefix}AtLeast`) return { min: constNumber(args[0], fn) };
  if (fn === `${prefix}AtMost`) return { max: constNumber(args[0], fn) };
  return undefined;
}

/**
 * A Go RE2 pattern as a JavaScript RegExp source, or undefined when the two could disagree. Go's
 * `(?i)` prefix becomes the `i` flag; anything JavaScript cannot compile in unicode mode is left out.
 */
function jsPattern(goRegex: string): { regex: string; flags?: string } | undefined {
  const caseless = goRegex.startsWith("(?i)");
  const regex = caseless ? goRegex.slice(4) : goRegex;
  if (/\(\?[a-zA-Z]|\\[zAQEpP]|\[\[:/.test(regex)) return undefined;
  try {
    new RegExp(regex, "u");
  } catch {
    return undefined;
  }
  return caseless ? { regex, flags: "i" } : { regex };
}

/** Validators (any value type) naming other attributes, by their key in the contract. */
const RELATIONS: Record<string, "conflictsWith" | "alsoRequires" | "exactlyOneOf" | "atLeastOneOf"> = {
  ConflictsWith: "conflictsWith",
  AlsoRequires: "alsoRequires",
  ExactlyOneOf: "exactlyOneOf",
  AtLeastOneOf: "atLeastOneOf",
};

/** Reads one validator call into `c`; returns false when the validator is not modelled. */
function readValidator(expr: GoExpr, c: MutableConstraints): boolean {
  const name = calleeName(expr);
  if (expr.kind !== "call" || !name) return false;
  const [pkg = "", fn = ""] = name.split(".");
  const args = expr.args;
  if (fn === "All") {
    for (const inner of args) addValidator(inner, c);
    return true;
  }
  if (fn === "OneOf" || fn === "OneOfCaseInsensitive") {
    c.oneOf = spread(args).map((a) => {
      const v = constant(a);
      if (typeof v !== "string" && typeof v !== "number") throw new SchemaReadError(`line ${a.line}: ${name}: expected constants`);
      return v;
    });
    if (fn === "OneOfCaseInsensitive") c.caseInsensitive = true;
    return true;
  }
  const numeric = ["int64validator", "int32validator", "float64validator", "float32validator", "numbervalidator"].includes(pkg);
  const bounded = numeric
    ? (["range", boundsOf(fn, "", args)] as const)
    : pkg === "stringvalidator"
      ? (["length", boundsOf(fn, "Length", args)] as const)
      : ["listvalidator", "setvalidator", "mapvalidator"].includes(pkg)
        ? (["size", boundsOf(fn, "Size", args)] as const)
        : undefined;
  if (bounded?.[1]) {
    setBounds(c, bounded[0], bounded[1]);
    return true;
  }
  if (fn === "RegexMatches") {
    const re = args[0]?.kind === "call" && calleeName(args[0]) === "regexp.MustCompile" ? args[0].args[0] : undefined;
    const pattern = re ? jsPattern(constString(re, name)) : undefined;
    if (!pattern) return false;
    c.patterns = [...(c.patterns ?? []), { ...pattern, message: args[1] ? constString(args[1], name) : "" }];
    return true;
  }
  if (fn === "Equals" && args[0]) {
    const v = constant(args[0]);
    if (v === undefined) return false;
    c.equals = v;
    return true;
  }
  if (/^Value[A-Z][A-Za-z0-9]*sAre$/.test(fn)) {
    const inner: MutableConstraints = { ...c.elements };
    for (const arg of args) addValidator(arg, inner);
    c.elements = inner;
    return true;
  }
  const relation = RELATIONS[fn];
  if (relation) {
    pushTo(c, relation, pathArgs(args));
    return true;
  }
  if (pkg === "customvalidator") return readCustomValidator(fn, args, c);
  return false;
}

/** The provider's own validators (internal/customvalidator). */
function readCustomValidator(fn: string, args: readonly GoExpr[], c: MutableConstraints): boolean {
  const [first, ...rest] = args;
  const values = () => spread(rest).map((a) => constString(a, fn));
  switch (fn) {
    case "RequiresOtherStringAttributeToBe":
    case "RequiresOtherStringAttributeToBeOneOf":
    case "RequiresOtherStringAttributeToNullOrBeOneOf":
      if (!first) return false;
      c.requiresOther = [
        ...(c.requiresOther ?? []),
        { path: pathExpression(first), oneOf: values(), ...(fn.includes("ToNullOr") ? { orNull: true } : {}) },
      ];
      return true;
    case "RequiredWhenOtherStringIsOneOf":
      if (!first) return false;
      c.requiredWhen = [...(c.requiredWhen ?? []), { path: pathExpression(first), oneOf: values() }];
      return true;
    case "ObjectSizeAtMost":
      c.maxSetAttributes = constNumber(first, fn);
      return true;
    case "AllowedSubtypes":
      c.allowedTypes = args.map((a) => {
        const t = typeSpec(a);
        if (typeof t !== "string") throw new SchemaReadError(`line ${a.line}: AllowedSubtypes: expected a primitive type`);
        return t;
      });
      return true;
    default:
      return false;
  }
}

function addValidator(expr: GoExpr, c: MutableConstraints): void {
  if (!readValidator(expr, c)) {
    const name = calleeName(expr) || (expr.kind === "composite" ? expr.type : expr.kind);
    if (!(c.unmodelled ?? []).includes(name)) c.unmodelled = [...(c.unmodelled ?? []), name];
  }
}

export function constraintsOf(validators: GoExpr | undefined): Constraints {
  const c: MutableConstraints = {};
  if (validators?.kind === "composite") for (const el of validators.elements) addValidator(el.value, c);
  return c;
}
