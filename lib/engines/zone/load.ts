import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { STACK_KINDS, stackName } from "../../platform/stack-names";
import { stackDns, type StackRecord } from "./stack-records";
import { isInZone } from "../../core/names";

export interface EnvironmentDns {
  readonly zone: string;
  readonly stacks: string[];
  readonly records: StackRecord[];
  readonly managedHostnames: string[];
  /** Records other zones must publish for this one (DMARC report authorisations). */
  readonly foreignRecords: string[];
  /** Records outside `zone` (not exported). */
  readonly outside: StackRecord[];
}

export function stackJsonPath(outdir: string, stack: string): string {
  return join(outdir, "stacks", stack, "cdk.tf.json");
}

/** Whether the environment's edge stack has been synthesized into `outdir`. */
export function isSynthesized(outdir: string, env: string): boolean {
  return existsSync(stackJsonPath(outdir, stackName("edge", env)));
}

/** Reads every synthesized `<kind>-<env>` stack's DNS. The zone is `zoneOverride` or the one the stacks name. */
export function loadEnvironmentDns(outdir: string, env: string, zoneOverride?: string): EnvironmentDns {
  const stacks = STACK_KINDS.map((k) => stackName(k, env)).filter((s) => existsSync(stackJsonPath(outdir, s)));
  if (stacks.length === 0) throw new Error(`no synthesized stacks for "${env}" in ${outdir}; run golive synth ${env}`);
  const dns = stacks.map((s) => stackDns(s, JSON.parse(readFileSync(stackJsonPath(outdir, s), "utf8"))));
  const names = [...new Set(dns.flatMap((d) => d.zoneNames))];
  const zone = zoneOverride ?? names[0];
  if (!zone) throw new Error(`the stacks of "${env}" name no zone; pass --zone NAME`);
  if (!zoneOverride && names.length > 1) throw new Error(`the stacks of "${env}" name several zones (${names.join(", ")}); pass --zone NAME`);
  const all = dns.flatMap((d) => d.records);
  return {
    zone,
    stacks,
    records: all.filter((r) => r.name.includes("${") || isInZone(r.name, zone)),
    managedHostnames: dns.flatMap((d) => d.managedHostnames),
    foreignRecords: dns.flatMap((d) => d.foreignRecords),
    outside: all.filter((r) => !r.name.includes("${") && !isInZone(r.name, zone)),
  };
}
