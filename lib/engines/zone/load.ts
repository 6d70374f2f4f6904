import { existsSync } from "node:fs";
import { findSynthesizedStack, listSynthesizedStacks, readStackJson, type SynthesizedStack } from "../../core/synth-output";
import { stackName } from "../../core/names";
import { FEATURES, STACK_KINDS } from "../../features";
import { type LoadBalancedName, stackDns, type StackRecord } from "./stack-records";
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
  /** Hostnames in `zone` a load balancer answers for with its own record (listed, never as a record). */
  readonly loadBalanced: LoadBalancedName[];
}

/** The kinds of the stacks that own the zone (`zoneExport.ownsZone`: the edge's), as the registry declares them. */
const ZONE_OWNER_KINDS: readonly string[] = FEATURES.flatMap((f) => (f.zoneExport?.ownsZone && f.stack ? [f.stack.kind] : []));

/** Whether the stack owning the environment's zone has been synthesized into `outdir`. */
export function isSynthesized(outdir: string, env: string): boolean {
  return ZONE_OWNER_KINDS.some((kind) => findSynthesizedStack(outdir, stackName(kind, env)) !== undefined);
}

/** The synthesized stacks of one environment, in deploy order. */
export function environmentStacks(outdir: string, env: string): SynthesizedStack[] {
  const byName = new Map(listSynthesizedStacks(outdir).map((s) => [s.name, s]));
  return STACK_KINDS.flatMap((kind) => {
    const stack = byName.get(stackName(kind, env));
    return stack && existsSync(stack.file) ? [stack] : [];
  });
}

/** Reads every synthesized `<kind>-<env>` stack's DNS. The zone is `zoneOverride` or the one the stacks name. */
export function loadEnvironmentDns(outdir: string, env: string, zoneOverride?: string): EnvironmentDns {
  const synthesized = environmentStacks(outdir, env);
  if (synthesized.length === 0) throw new Error(`no synthesized stacks for "${env}" in ${outdir}; run golive synth ${env}`);
  const stacks = synthesized.map((s) => s.name);
  const dns = synthesized.map((s) => stackDns(s.name, readStackJson(s)));
  const names = [...new Set(dns.flatMap((d) => d.zoneNames))];
  const zone = zoneOverride ?? names[0];
  if (!zone) throw new Error(`the stacks of "${env}" name no zone; pass --zone NAME`);
  if (!zoneOverride && names.length > 1)
    throw new Error(`the stacks of "${env}" name several zones (${names.join(", ")}); pass --zone NAME`);
  const all = dns.flatMap((d) => d.records);
  return {
    zone,
    stacks,
    records: all.filter((r) => r.name.includes("${") || isInZone(r.name, zone)),
    managedHostnames: dns.flatMap((d) => d.managedHostnames),
    foreignRecords: dns.flatMap((d) => d.foreignRecords),
    outside: all.filter((r) => !r.name.includes("${") && !isInZone(r.name, zone)),
    loadBalanced: dns.flatMap((d) => d.loadBalanced).filter((lb) => lb.name.includes("${") || isInZone(lb.name, zone)),
  };
}
