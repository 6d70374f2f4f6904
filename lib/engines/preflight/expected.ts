import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import type { AppConfig } from "../../config/schema";
import type { AdoptRecordStack } from "../../features/edge/adoption";
import { declaredRulesets } from "../../features/edge/constructs/adopt-existing";
import { type DesiredRecord, desiredEdgeRecords } from "../../features/edge/dns-records";
import { buildEdgeStack } from "../../features/edge/stack";
import { desiredEmailRecords, emailModel } from "../../features/email/model";

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

/** What the first apply would create that Cloudflare may already hold. */
export interface Expected {
  /** Phase entry points the edge stack declares (a phase without rules declares none). */
  readonly phases: readonly { readonly phase: string; readonly name: string }[];
  readonly records: readonly ExpectedRecord[];
  readonly customDomains: readonly ExpectedCustomDomain[];
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
 * pure builders the edge and email stacks render. The email stack's DKIM CNAMEs are named by tokens SES
 * issues on its first apply: they cannot exist yet.
 */
export function expectedObjects(cfg: AppConfig): Expected {
  const outdir = mkdtempSync(join(tmpdir(), "golive-preflight-"));
  try {
    const stack = buildEdgeStack(new App({ outdir, stackTraces: false }), cfg);
    const phases = declaredRulesets(stack).map(({ phase, name }) => ({ phase, name }));
    const records: ExpectedRecord[] = [
      ...desiredEdgeRecords(cfg).map((r) => ({ ...r, stack: "edge" as const })),
      ...desiredEmailRecords(cfg).map((r) => ({ ...r, stack: "email" as const })),
    ];
    return { phases, records, customDomains: expectedCustomDomains(cfg) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
