import { z } from "zod";

/**
 * Building blocks of the config schema: bounded lists, named records, required sections, reasons, and
 * the ids and names that belong to no other field module (dns-names.ts, ip-addresses.ts, web-fields.ts,
 * aws-fields.ts, pem-certificate.ts).
 */

/** ENVIRONMENT_NAME_RE in words. */
export const ENVIRONMENT_NAME_SHAPE = "a lower-case name such as production (2-21 letters, digits, dashes, starting with a letter)";
/** The names reservedEnvironmentName refuses, in words. */
export const ENVIRONMENT_NAME_RESERVED = "neither plan-review nor ending in -admin";
/** What an environment may be called, as every refusal of one says (and init --help, in two lines). */
export const ENVIRONMENT_NAME_ALLOWED = `${ENVIRONMENT_NAME_SHAPE}, ${ENVIRONMENT_NAME_RESERVED}`;

/**
 * Why `name` is one the GitHub workflows give a meaning of their own, or undefined. `<env>-admin` is
 * each environment's admin GitHub environment: deploy-admin.yml runs in it and refuses a `*-admin`
 * input. `plan-review` holds PLAN_REVIEW_HMAC_KEY (pr-review.yml and review.yml run in it, without
 * reviewers): an environment of that name would deploy from the same GitHub environment.
 */
export function reservedEnvironmentName(name: string): string | undefined {
  if (name === "plan-review")
    return "plan-review is the plan review's GitHub environment (it holds PLAN_REVIEW_HMAC_KEY and has no reviewers), where this environment's deploy jobs would run";
  if (name.endsWith("-admin"))
    return "a name ending in -admin is an admin GitHub environment (<env>-admin, where deploy-admin.yml runs), and deploy-admin.yml refuses to deploy one";
  return undefined;
}

const ENVIRONMENT_NAME_RE = /^[a-z][a-z0-9-]{1,20}$/;

/** An environment's name, which is also its config file's (`config/<name>.yaml`) and its stacks' suffix. */
export const EnvironmentName = z
  .string()
  .regex(ENVIRONMENT_NAME_RE, { message: `must be ${ENVIRONMENT_NAME_SHAPE}`, abort: true })
  .superRefine((name, ctx) => {
    const why = reservedEnvironmentName(name);
    if (why !== undefined) ctx.addIssue({ code: "custom", message: `${why}; allowed: ${ENVIRONMENT_NAME_ALLOWED}`, input: name });
  });

/** Why `name` cannot name an environment, ending in what is allowed, or undefined (init, config file names). */
export function environmentNameProblem(name: string): string | undefined {
  if (!ENVIRONMENT_NAME_RE.test(name)) return `allowed: ${ENVIRONMENT_NAME_ALLOWED}`;
  const why = reservedEnvironmentName(name);
  return why === undefined ? undefined : `${why}; allowed: ${ENVIRONMENT_NAME_ALLOWED}`;
}

/** Cloudflare account, zone and other object ids are 32 lower-case hex characters. */
export const CloudflareId = z.string().regex(/^[0-9a-f]{32}$/, "must be a 32-character lower-case hex id");

/**
 * A section that must be written, read as `{}` when it is missing, so one run reports every required
 * field inside it (edge.waf.allowedOrigins) next to its siblings' instead of "edge.waf: missing" now
 * and the fields inside it on the next run. `{}` passes no section with a required field, so nothing is
 * defaulted. zod's JSON Schema lists such a key as optional (with an annotation `default: {}`), so the
 * object holding the section lists it as required itself (requiredKeys).
 */
export function requiredSection<T extends z.ZodType>(section: T) {
  // The prefault is typed as the section's input, which `{}` is not: refusing it is the point.
  return section.prefault(() => ({}) as z.input<T>);
}

/**
 * The keys of an object's shape that must be written, for its JSON Schema's `required`: those whose
 * schema refuses a missing value, requiredSection's included (zod's generator counts those optional).
 */
export function requiredKeys(shape: Readonly<Record<string, z.ZodType>>): string[] {
  return Object.entries(shape)
    .filter(([, schema]) => !schema.safeParse(undefined).success)
    .map(([key]) => key);
}

/** Free text that must explain itself: public hostnames, ~all, exemptions. */
export const Reason = z.string().min(10, "must explain why in at least 10 characters").max(1000);

/**
 * Params of a check whose value its error must not quote (a webhook URL pasted where a secret name
 * belongs carries the credential): lib/core/zod-issues.ts leaves the `got ...` out of the message.
 */
export const VALUE_NOT_SHOWN = { valueNotShown: true } as const;

/** Whether a custom issue's params are VALUE_NOT_SHOWN's. */
export function isValueNotShown(params: Readonly<Record<string, unknown>> | undefined): boolean {
  return params?.valueNotShown === true;
}

/** A list of at most `max` items; the message says what the limit bounds. */
export function limitedList<T extends z.ZodType>(item: T, max: number, what: string) {
  return z.array(item).max(max, `at most ${max} ${what}`);
}

/** Keys that would reach an object's prototype; `constructor` is an ordinary name here. */
const PROTOTYPE_KEYS: readonly string[] = ["__proto__", "prototype"];

/** The value schema of each namedRecord, for tools that walk the schema (field paths in runbooks). */
export const NAMED_RECORD_VALUES = new WeakMap<z.core.$ZodType, z.core.$ZodType>();

/**
 * Name -> value, like z.record, but any name `key` allows is accepted (zod's record refuses an object
 * with a `constructor` key and silently drops `__proto__`), `__proto__` and `prototype` are refused by
 * name, and the result has no prototype, so a config name never meets an inherited property.
 */
export function namedRecord<V extends z.ZodType>(key: z.ZodString, value: V, max: number, what: string) {
  const { $schema: _, ...jsonSchema } = z.toJSONSchema(z.record(key, value), { io: "input", unrepresentable: "any" });
  const record = z
    .unknown()
    .transform((input, ctx) => {
      const out: Record<string, z.output<V>> = Object.create(null);
      if (typeof input !== "object" || input === null || Array.isArray(input)) {
        ctx.addIssue({ code: "custom", message: `must be a mapping of ${what} (name: settings)`, input });
        return z.NEVER;
      }
      const names = Object.keys(input);
      if (names.length > max) {
        ctx.addIssue({ code: "custom", message: `has ${names.length} ${what}; allowed: at most ${max}`, input: names.length });
        return z.NEVER;
      }
      for (const name of names) {
        if (PROTOTYPE_KEYS.includes(name)) {
          ctx.addIssue({ code: "custom", path: [name], message: `"${name}" is reserved; choose another name`, input: name });
          continue;
        }
        const k = key.safeParse(name);
        if (!k.success) {
          ctx.addIssue({ code: "custom", path: [name], message: k.error.issues[0]?.message ?? "invalid name", input: name });
          continue;
        }
        const v = value.safeParse((input as Record<string, unknown>)[name], { reportInput: true });
        if (v.success) out[name] = v.data;
        // A finished issue is a raw issue with its message set; only the path moves under the name.
        else for (const issue of v.error.issues) ctx.issues.push({ ...issue, path: [name, ...issue.path] } as z.core.$ZodRawIssue);
      }
      return out;
    })
    .meta({ ...jsonSchema, maxProperties: max });
  NAMED_RECORD_VALUES.set(record, value);
  return record;
}
