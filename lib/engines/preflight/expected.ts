import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import type { AppConfig } from "../../config/schema";
import { stackName } from "../../core/names";
import type { AdoptRecordStack } from "../../features/edge/adoption";
import { declaredRulesets } from "../../features/edge/constructs/adopt-existing";
import { type DesiredRecord, desiredEdgeRecords } from "../../features/edge/dns-records";
import { buildEdgeStack } from "../../features/edge/stack";
import { desiredEmailRecords, emailModel } from "../../features/email/model";
import { FEATURE_STACKS } from "../../features";
import { stackDns } from "../zone/stack-records";

/** A DNS record a stack would create, with the stack that owns it. */
export interface ExpectedRecord extends DesiredRecord {
  readonly stack: AdoptRecordStack;
}

/** A hostname a stack attaches a Worker to (cloudflare_workers_custom_domain), and that Worker. */
export interface ExpectedCustomDomain {
  readonly hostname: string;
  /** The Worker's script name: a custom domain of this service on the hostname is golive's own. */
  readonly service: string;
  readonly stack: AdoptRecordStack;
}

/**
 * A hostname a stack puts a load balancer on (cloudflare_load_balancer.name). Cloudflare answers it before
 * an equally specific A, AAAA or CNAME, and answers those again when the load balancer is disabled.
 */
export interface ExpectedLoadBalancer {
  readonly name: string;
  /** The stack that creates it: `traffic-production`. */
  readonly stack: string;
}

/** What the first apply would create that Cloudflare may already hold. */
export interface Expected {
  /** Phase entry points the edge stack declares (a phase without rules declares none). */
  readonly phases: readonly { readonly phase: string; readonly name: string }[];
  readonly records: readonly ExpectedRecord[];
  readonly customDomains: readonly ExpectedCustomDomain[];
  readonly loadBalancers: readonly ExpectedLoadBalancer[];
}

/** Nothing expected: no zone to compare with. */
export const NOTHING_EXPECTED: Expected = { phases: [], records: [], customDomains: [], loadBalancers: [] };

/**
 * The load balancers of every stack of the registry that declares Cloudflare resources only, built
 * beside those already in `app` (the edge stack). A load balancer is a Cloudflare resource, and a stack
 * with AWS resources costs seconds to build (the AWS provider). This is how preflight learns the traffic
 * stack's load balancer without knowing the release concern.
 */
function loadBalancersIn(app: App, cfg: AppConfig): ExpectedLoadBalancer[] {
  for (const s of FEATURE_STACKS)
    if (s.awsServices.length === 0 && !app.node.tryFindChild(stackName(s.kind, cfg.environment))) s.build(app, cfg, FEATURE_STACKS);
  return app.node.children
    .filter((c): c is TerraformStack => c instanceof TerraformStack)
    .flatMap((stack) => stackDns(stack.node.id, stack.toTerraform()).loadBalanced.map(({ name }) => ({ name, stack: stack.node.id })));
}

/** The email stack's MTA-STS Worker on mta-sts.<domain> (features/email/model.ts), when config has email. */
export function expectedCustomDomains(cfg: AppConfig): ExpectedCustomDomain[] {
  if (!cfg.email) return [];
  const { hostname, scriptName } = emailModel(cfg, cfg.email).mtaSts;
  return [{ hostname, service: scriptName, stack: "email" }];
}

/**
 * The phases come from the edge stack as built (in memory; the App only makes its empty output folder,
 * a temporary one), so preflight can never disagree with synth about them; the records from the same
 * pure builders the edge and email stacks render; the load balancers from the registry's stacks, built
 * beside it (loadBalancersIn). The email stack's DKIM CNAMEs are named by tokens SES issues on its
 * first apply: they cannot exist yet.
 */
export function expectedObjects(cfg: AppConfig): Expected {
  const outdir = mkdtempSync(join(tmpdir(), "golive-preflight-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    const stack = buildEdgeStack(app, cfg);
    const phases = declaredRulesets(stack).map(({ phase, name }) => ({ phase, name }));
    const records: ExpectedRecord[] = [
      ...desiredEdgeRecords(cfg).map((r) => ({ ...r, stack: "edge" as const })),
      ...desiredEmailRecords(cfg).map((r) => ({ ...r, stack: "email" as const })),
    ];
    return { phases, records, customDomains: expectedCustomDomains(cfg), loadBalancers: loadBalancersIn(app, cfg) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
