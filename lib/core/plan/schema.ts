import { isRecord } from "../json";
import { z } from "zod";
import { shapeIssueLine } from "./shape-issues";
import { shownFile } from "../shown-file";
import { addressProblems } from "./addresses";
import { changeShapeProblems } from "./change-shapes";
import { parseJson } from "./exact-numbers";
import { prototypeKeyProblem, repeatedKeyProblem } from "./misread-keys";

/**
 * The parts of `terraform show -json <planfile>` that plan-report reads. Objects are loose: Terraform
 * adds fields between versions (planned_values, prior_state, checks...), and a field we do not read must
 * not make a valid plan fail. Every field we do read is typed here, so nothing downstream casts.
 */
export const PLAN_ACTIONS = ["no-op", "create", "read", "update", "delete", "forget"] as const;

export const PlanChange = z.looseObject({
  actions: z.array(z.enum(PLAN_ACTIONS)).min(1, `a list of 1 or more of ${PLAN_ACTIONS.join(", ")}`),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  after_unknown: z.unknown().optional(),
  before_sensitive: z.unknown().optional(),
  after_sensitive: z.unknown().optional(),
  replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
  importing: z.looseObject({ id: z.string().optional() }).nullable().optional(),
});
export type PlanChange = z.infer<typeof PlanChange>;

export const ResourceChange = z.looseObject({
  address: z.string().min(1),
  previous_address: z.string().optional(),
  /** Set on a deposed object (a create_before_destroy leftover): same address, another object. */
  deposed: z.string().optional(),
  module_address: z.string().optional(),
  mode: z.enum(["managed", "data"]),
  type: z.string().min(1),
  name: z.string().min(1),
  index: z.union([z.string(), z.number()]).optional(),
  provider_name: z.string().optional(),
  action_reason: z.string().optional(),
  change: PlanChange,
});
export type ResourceChange = z.infer<typeof ResourceChange>;

/**
 * A change Terraform deferred to a later plan (format 1.2, Terraform 1.9+; engines/plan/deferred.ts):
 * `{"reason": "...", "resource_change": <resource change>}`.
 */
const DeferredChange = z.looseObject({
  reason: z.string().optional(),
  resource_change: ResourceChange,
});

const ConfigVariable = z.looseObject({ sensitive: z.boolean().optional() });

/** `major.minor`, as Terraform writes format_version. */
const FORMAT_VERSION = /^\d+\.\d+$/;
/**
 * The one major version of Terraform's JSON output format golive reads. A new major changes the format
 * incompatibly: "Reject any input which reports an unsupported major version"
 * (developer.hashicorp.com/terraform/internals/json-format); minor versions only add fields.
 */
const SUPPORTED_MAJOR = "1";

function supportedFormat(version: string): boolean {
  return version.split(".")[0] === SUPPORTED_MAJOR;
}

export const PlanJson = z.looseObject({
  format_version: z
    .string()
    .regex(FORMAT_VERSION, 'must look like "1.2" (the output of `terraform show -json <planfile>`)')
    // The version is quoted: the pattern before this lets only digits and a dot through.
    .refine((v) => !FORMAT_VERSION.test(v) || supportedFormat(v), {
      error: (issue) =>
        `got "${String(issue.input)}", allowed: ${SUPPORTED_MAJOR}.x (the major version of Terraform's JSON output golive reads; another major is another format)`,
    }),
  terraform_version: z.string().optional(),
  variables: z.record(z.string(), z.looseObject({ value: z.unknown().optional() })).optional(),
  resource_changes: z.array(ResourceChange).optional(),
  output_changes: z.record(z.string(), PlanChange).optional(),
  configuration: z
    .looseObject({
      root_module: z.looseObject({ variables: z.record(z.string(), ConfigVariable).optional() }).optional(),
    })
    .optional(),
  errored: z.boolean().optional(),
  /** False when Terraform planned only part of the configuration (format 1.2); absent before 1.2. */
  complete: z.boolean().optional(),
  deferred_changes: z.array(DeferredChange).optional(),
});
export type PlanJson = z.infer<typeof PlanJson>;

/** A plan file that is not valid JSON or not shaped like `terraform show -json` output. */
export class PlanInputError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(problems.map((p) => `${shownFile(file)}: ${p}`).join("\n"));
    this.name = "PlanInputError";
  }
}

const MAX_PROBLEMS = 10;

/**
 * Parses and validates one plan's JSON text. Errors name the file and the field; they never quote
 * values from the plan (a plan carries sensitive values in the clear).
 */
export function parsePlanJson(file: string, text: string): PlanJson {
  return validatePlanData(file, parseJsonText(file, text));
}

/**
 * JSON.parse with numbers as Terraform wrote them (exact-numbers.ts) and an error that names the file and
 * never quotes the text (it may hold secrets), refusing a key repeated within one object, of which
 * JSON.parse would keep only the last (misread-keys.ts).
 */
export function parseJsonText(file: string, text: string): unknown {
  let data: unknown;
  try {
    data = parseJson(text);
  } catch {
    throw new PlanInputError(file, ["(root): not valid JSON; expected the output of `terraform show -json <planfile>`"]);
  }
  const repeated = repeatedKeyProblem(text);
  if (repeated) throw new PlanInputError(file, [repeated]);
  return data;
}

/** Validates already-parsed plan JSON, listing the first problems by path. */
export function validatePlanData(file: string, data: unknown): PlanJson {
  // Before anything reads the plan: zod would copy a `__proto__` key into the prototype of its copy.
  const prototypeKey = prototypeKeyProblem(data);
  if (prototypeKey) throw new PlanInputError(file, [prototypeKey]);
  // `terraform show -json` of a state (no plan file) has `values` and no changes: reporting it as
  // "no changes" would pass a review that never happened.
  // An empty state is only `{"format_version":"1.0"}`; every plan Terraform writes has planned_values
  // (a plan of an empty configuration has nothing else), and one with changes has resource_changes.
  // A top-level `values` is a state's whatever else the file holds: a plan keeps its state in prior_state.
  const planShaped =
    isRecord(data) && ("planned_values" in data || (!("values" in data) && ("resource_changes" in data || "output_changes" in data)));
  if (isRecord(data) && !planShaped && ("values" in data || typeof data.format_version === "string")) {
    throw new PlanInputError(file, [
      "this is a Terraform state (`terraform show -json` without a plan file), not a plan: a plan has planned_values; run terraform show -json <planfile>",
    ]);
  }
  if (isPlanShaped(data)) return checkedPlan(file, data);
  const result = PlanJson.safeParse(data);
  if (result.success) return checkedPlan(file, result.data);
  throw new PlanInputError(file, capped(result.error.issues.map((i) => shapeIssueLine(i, data))));
}

function capped(problems: readonly string[]): string[] {
  const shown = problems.slice(0, MAX_PROBLEMS);
  if (problems.length > MAX_PROBLEMS) shown.push(`... and ${problems.length - MAX_PROBLEMS} more problems`);
  return shown;
}

/**
 * The plan, unless a resource change's address disagrees with the parts it is made of (addresses.ts) or
 * a change has a shape Terraform never writes (change-shapes.ts).
 */
function checkedPlan(file: string, plan: PlanJson): PlanJson {
  const problems = [...addressProblems(plan.resource_changes ?? []), ...changeShapeProblems(plan)];
  if (problems.length > 0) throw new PlanInputError(file, capped(problems));
  return plan;
}

/*
 * The same schema as PlanJson, as a plain check: zod takes most of the time of reading a 10,000-change
 * plan, and a valid plan needs no error messages. Anything this refuses goes through PlanJson, whose
 * errors name the field; this accepts nothing PlanJson refuses (__tests__/plan/schema-check.spec.ts).
 */
const ACTIONS: ReadonlySet<unknown> = new Set(PLAN_ACTIONS);

function optional(v: unknown, check: (v: unknown) => boolean): boolean {
  return v === undefined || check(v);
}
function isString(v: unknown): boolean {
  return typeof v === "string";
}
function isName(v: unknown): boolean {
  return typeof v === "string" && v.length > 0;
}
function isNumber(v: unknown): boolean {
  return typeof v === "number" && Number.isFinite(v);
}
function isBoolean(v: unknown): boolean {
  return typeof v === "boolean";
}
/**
 * An object as JSON.parse makes it. Anything else goes to zod, which copies objects and treats keys named
 * `__proto__` and `constructor` in ways of its own.
 */
function isObject(v: unknown): v is Record<string, unknown> {
  if (!isRecord(v) || Object.hasOwn(v, "__proto__") || Object.hasOwn(v, "constructor")) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
function everyValue(v: unknown, check: (v: unknown) => boolean): boolean {
  if (!isObject(v)) return false;
  for (const k in v) if (Object.hasOwn(v, k) && !check(v[k])) return false;
  return true;
}
/** Every item, holes included (zod reads a hole as undefined). */
function everyItem(v: unknown, check: (v: unknown) => boolean): boolean {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!check(v[i])) return false;
  return true;
}

function isPlanChange(c: unknown): boolean {
  if (!isObject(c)) return false;
  const { actions, replace_paths: paths, importing } = c;
  if (!Array.isArray(actions) || actions.length === 0 || !everyItem(actions, (a) => ACTIONS.has(a))) return false;
  if (!optional(paths, (ps) => everyItem(ps, (p) => everyItem(p, (k) => isString(k) || isNumber(k))))) return false;
  return importing === undefined || importing === null || (isObject(importing) && optional(importing.id, isString));
}

function isResourceChange(rc: unknown): boolean {
  return (
    isObject(rc) &&
    isName(rc.address) &&
    optional(rc.previous_address, isString) &&
    optional(rc.deposed, isString) &&
    optional(rc.module_address, isString) &&
    (rc.mode === "managed" || rc.mode === "data") &&
    isName(rc.type) &&
    isName(rc.name) &&
    optional(rc.index, (i) => isString(i) || isNumber(i)) &&
    optional(rc.provider_name, isString) &&
    optional(rc.action_reason, isString) &&
    isPlanChange(rc.change)
  );
}

function isDeferredChange(d: unknown): boolean {
  return isObject(d) && optional(d.reason, isString) && isResourceChange(d.resource_change);
}

function isConfiguration(c: unknown): boolean {
  if (!isObject(c)) return false;
  const root = c.root_module;
  return optional(
    root,
    (r) => isObject(r) && optional(r.variables, (vs) => everyValue(vs, (v) => isObject(v) && optional(v.sensitive, isBoolean))),
  );
}

export function isPlanShaped(data: unknown): data is PlanJson {
  return (
    isObject(data) &&
    typeof data.format_version === "string" &&
    FORMAT_VERSION.test(data.format_version) &&
    supportedFormat(data.format_version) &&
    optional(data.terraform_version, isString) &&
    optional(data.variables, (vs) => everyValue(vs, isObject)) &&
    optional(data.resource_changes, (rcs) => everyItem(rcs, isResourceChange)) &&
    optional(data.output_changes, (ocs) => everyValue(ocs, isPlanChange)) &&
    optional(data.configuration, isConfiguration) &&
    optional(data.errored, isBoolean) &&
    optional(data.complete, isBoolean) &&
    optional(data.deferred_changes, (ds) => everyItem(ds, isDeferredChange))
  );
}

/** Problems of several plan files, reported together so one run shows everything to fix. */
export class PlanInputErrors extends Error {
  constructor(readonly errors: readonly PlanInputError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "PlanInputErrors";
  }
}
