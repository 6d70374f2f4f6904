import { z } from "zod";
import { limitedList, Reason } from "../../core/fields";
import { HttpsUrl, UrlPath } from "../../core/web-fields";

/** Calendar date as written in config: `2026-11-01`. */
export const IsoDate = z.iso.date("must be a date such as 2026-11-01 (YYYY-MM-DD)");

/**
 * Application controls a stack cannot prove; a person vouches for each with evidence.
 * - prompt-injection-defence: model output is never trusted as instructions; tools need confirmation
 * - app-rbac: the app enforces roles on every action, not only Access at the edge
 * - log-redaction: prompts, tokens and personal data are redacted before logs leave the app
 * - input-validation: every API input is schema-validated server side
 * - app-cors: the app sends no permissive CORS headers (no `*` with credentials)
 * - github-environments: the GitHub environments CI deploys through (`<env>`, `<env>-admin`) exist with
 *   required reviewers and deployment branches limited to main (GL-SEC-010, ci-access)
 */
export const ATTESTATION_ITEMS = [
  "prompt-injection-defence",
  "app-rbac",
  "log-redaction",
  "input-validation",
  "app-cors",
  "github-environments",
] as const;
export const AttestationItem = z.enum(ATTESTATION_ITEMS);
export type AttestationItem = z.infer<typeof AttestationItem>;

export const Attestation = z.strictObject({
  item: AttestationItem,
  /** Who vouches: a person or team, reachable at handover. */
  owner: z.string().min(2, "must name a person or team").max(200),
  /** When the evidence was last reviewed; stale after `attestationMaxAgeDays`. */
  date: IsoDate,
  /** Link to the review, test report or code that proves it. */
  evidence: HttpsUrl,
});
export type Attestation = z.infer<typeof Attestation>;

/**
 * How a resource glob names what it covers: its resource type written out, then a dot
 * (`aws_iam_access_key.*`; a data source's `data.<type>.`), or its stack written out, then a slash
 * (`access-production/**`). Addresses hold no `/`, so `*` and `**` alike match every address, and
 * every construct path starts with a stack: a glob without such a prefix (`*`, `**`, `*.*`,
 * `*-production/**`) can cover every resource of the environment, an unscoped exemption that the report
 * would call scoped.
 */
const NAMED_PREFIX = /^(?:data\.[A-Za-z0-9_-]+\.|(?!data\.)[A-Za-z0-9_-]+[./])/;

/**
 * What an exemption covers, as cdk-nag v3 acknowledges a finding on its construct: a resource address
 * (`cloudflare_ruleset.Waf_0A1B2C3D`) or a construct-path glob (`edge-production/Waf/*`; `*` stays within
 * one path segment, `**` crosses them), naming its resource type or stack (NAMED_PREFIX).
 */
export const ExemptedResource = z
  .string()
  .min(1)
  .max(300)
  // abort: a glob with other characters gets this one error, not a second about its prefix.
  .regex(/^[A-Za-z0-9_.*/-]+$/, {
    message: "must be a resource address or a construct-path glob (letters, digits, _ . - / and *)",
    abort: true,
  })
  .refine((glob) => NAMED_PREFIX.test(glob), {
    message:
      "must start with a resource type and a dot (aws_iam_access_key.Legacy_Key) or a stack and a slash (access-production/Legacy*): a glob naming neither matches every resource; to exempt every finding of the rule, leave resources out",
  });

export const Exemption = z.strictObject({
  /** Rule id as `golive check` prints it, such as GL-EDGE-007. */
  rule: z.string().regex(/^GL-[A-Z]+-\d{3}$/, "must be a rule id such as GL-EDGE-007"),
  reason: Reason,
  /**
   * Last day the exemption holds; after it the rule counts again and the expiry is a finding. At most
   * 90 days after the day `golive check` judges by (MAX_EXEMPTION_DAYS, lib/engines/check/exemptions.ts).
   */
  expires: IsoDate,
  /**
   * The findings it covers, by resource; a finding elsewhere still fails. Absent: every finding of the
   * rule in the environment (allowed, and reported as unscoped).
   */
  resources: limitedList(ExemptedResource, 50, "exempted resources")
    .min(1, "must name at least one resource, or leave resources out")
    .optional(),
});
export type Exemption = z.infer<typeof Exemption>;

/** The `readiness` section: what `golive check` cannot read from the synthesized stacks. */
export const ReadinessConfig = z.strictObject({
  /** One per item; a second one for the same item would leave which date counts to chance. @default [] */
  attestations: limitedList(Attestation, 50, "attestations")
    .superRefine((list, ctx) => {
      const first = new Map<string, number>();
      list.forEach((a, i) => {
        const prev = first.get(a.item);
        if (prev === undefined) first.set(a.item, i);
        else
          ctx.addIssue({
            code: "custom",
            path: [i, "item"],
            message: `"${a.item}" is attested twice (also readiness.attestations[${prev}].item); keep one, with the latest review`,
            input: a.item,
          });
      });
    })
    .default([]),
  /** @default [] */
  exemptions: limitedList(Exemption, 200, "exemptions").default([]),
  /** An attestation older than this many days is stale. @default 90 */
  attestationMaxAgeDays: z.number().int().min(1).max(365).default(90),
  /** Paths that reach the model; each must be rate limited. @default ["/api/chat"] */
  chatPaths: limitedList(UrlPath, 50, "chat paths").min(1).default(["/api/chat"]),
  /** Paths that run tools or actions; each must be rate limited. @default ["/api/tools"] */
  toolPaths: limitedList(UrlPath, 50, "tool paths").min(1).default(["/api/tools"]),
});
export type ReadinessConfig = z.infer<typeof ReadinessConfig>;
