/**
 * Where a synthesized stack's `//` keys are comments. Terraform's JSON syntax ignores a `//` property
 * only in an object that is a block's body (https://developer.hashicorp.com/terraform/language/syntax/json#comment-properties);
 * inside an attribute value (a map: an alarm's `dimensions`, a header list) `"//"` is a key like any
 * other, and Terraform sends it to the provider (terraform 1.11 plans `+ "//" = "hidden"` for
 * `terraform_data.x.input = {"//": "hidden", ...}`). cdktf writes `//` only at the top level and in
 * the bodies of resource and data blocks (construct paths, unique ids, its version, the overrides),
 * so only the top level and the bodies of top-level blocks lose it; nested blocks keep theirs: without
 * the provider's schema a nested block cannot be told from a map attribute, and keeping a comment
 * only shows a change that is not one.
 */
import { isRecord } from "./json";

/** Top-level sections whose value is `label -> ... -> body`, by how many labels their blocks have. */
const BLOCK_LABELS: Readonly<Record<string, number>> = {
  resource: 2,
  data: 2,
  ephemeral: 2,
  output: 1,
  variable: 1,
  provider: 1,
  module: 1,
  check: 1,
  terraform: 0,
  locals: 0,
  moved: 0,
  import: 0,
  removed: 0,
};

/** One block body without its `//` key; a list stands for several bodies (`provider.aws: [{...}, {...}]`). */
function body(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(body);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "//"));
}

/** Walks `labels` levels of label objects (or lists of them, as HCL's JSON allows) down to the bodies. */
function bodies(value: unknown, labels: number): unknown {
  if (labels === 0) return body(value);
  if (Array.isArray(value)) return value.map((v) => bodies(v, labels));
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bodies(v, labels - 1)]));
}

/**
 * The stack as Terraform reads it: without the `//` comments of the top level and of the top-level
 * blocks' bodies, every other `//` kept. Used by the configuration diff and the configuration digest
 * alike, so the review shows exactly what the digest binds the deploy to, and by GL-SEC-004.
 */
export function withoutCdktfComments(stack: unknown): unknown {
  if (!isRecord(stack)) return stack;
  const out: Record<string, unknown> = {};
  for (const [section, value] of Object.entries(stack)) {
    if (section === "//") continue;
    const labels = BLOCK_LABELS[section];
    out[section] = labels === undefined ? value : bodies(value, labels);
  }
  return out;
}

/**
 * Whether a `//` key of the object at `path` (from the stack's top) is one of those comments, for a
 * walk that does not copy the stack: the top level, or a top-level block's body (list indexes, of
 * HCL's list forms, are not labels).
 */
export function isCommentHolder(path: readonly (string | number)[]): boolean {
  const [section, ...rest] = path;
  if (section === undefined) return true;
  const labels = typeof section === "string" ? BLOCK_LABELS[section] : undefined;
  return labels !== undefined && rest.filter((p) => typeof p === "string").length === labels;
}
