import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import type { AppConfig } from "../../config/schema";
import type { AdoptRecordStack } from "../../features/edge/adoption";
import { declaredRulesets } from "../../features/edge/constructs/adopt-existing";
import { type DesiredRecord, desiredEdgeRecords } from "../../features/edge/dns-records";
import { buildEdgeStack } from "../../features/edge/stack";
import { desiredEmailRecords } from "../../features/email/model";

/** A DNS record a stack would create, with the stack that owns it. */
export interface ExpectedRecord extends DesiredRecord {
  readonly stack: AdoptRecordStack;
}

/** What the first apply would create that Cloudflare may already hold. */
export interface Expected {
  /** Phase entry points the edge stack declares (a phase without rules declares none). */
  readonly phases: readonly { readonly phase: string; readonly name: string }[];
  readonly records: readonly ExpectedRecord[];
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
    return { phases, records };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
