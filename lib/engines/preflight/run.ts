import { ConfigError } from "../../config/errors";
import type { AppConfig } from "../../config/schema";
import { displayPath } from "../../core/display-path";
import type { Adoption } from "../../features/edge/adoption";
import { adoptFilePath, foreignAdoptFile, readAdoptFile, removeAdoptFile, sameAdoption, writeAdoptFile } from "./adopt-file";
import { type ApiOptions, observeOrganization, observeZone } from "./api";
import { assess, type Finding } from "./assess";
import { expectedCustomDomains, expectedObjects, NOTHING_EXPECTED } from "./expected";
import type { ObservedDnssec } from "./observed";
import { zeroTrustFinding } from "./zero-trust";

export interface PreflightOptions {
  readonly api: ApiOptions;
  /** Where config/adopt/<env>.json lives. */
  readonly configDir: string;
  /** The working directory: findings name a path relative to it when inside it (displayPath), as every message does. */
  readonly cwd: string;
  /** Record what must be adopted in the adopt file (and remove one that is no longer needed). */
  readonly write: boolean;
}

/**
 * absent: none needed, none there. current: there and up to date. missing: needed, not there. stale:
 * there but not what Cloudflare holds now (its imports would fail or miss). written / removed: by --write.
 * kept: there, but the zone is not visible to the token, so nothing proves it stale: never removed.
 * foreign: not current, and not an adopt file golive wrote (a link, hand notes): --write refuses it (exit 2).
 */
export type AdoptFileState = "absent" | "current" | "missing" | "stale" | "written" | "removed" | "kept" | "foreign";

export interface PreflightResult {
  readonly environment: string;
  readonly zone: {
    readonly name: string;
    readonly exists: boolean;
    readonly id?: string;
    readonly plan?: string;
    readonly configPlan: string;
    readonly status?: string;
    /** As the API reports it: golive needs full (see zone-setup.ts). */
    readonly type?: string;
    readonly paused?: boolean;
    readonly nameServers: readonly string[];
    readonly dnssec?: ObservedDnssec;
  };
  readonly findings: readonly Finding[];
  /** What must be adopted (the adopt file's content), when anything. */
  readonly adoption?: Adoption;
  readonly adoptFile: { readonly path: string; readonly state: AdoptFileState };
  /** Findings that make the first apply fail or misbehave as things stand now. */
  readonly blocking: readonly Finding[];
  readonly ok: boolean;
}

function existingAdoption(configDir: string, env: string): Adoption | "invalid" | undefined {
  try {
    return readAdoptFile(configDir, env);
  } catch (err) {
    if (err instanceof ConfigError) return "invalid";
    throw err;
  }
}

function fileState(needed: Adoption | undefined, there: Adoption | "invalid" | undefined): AdoptFileState {
  if (there === undefined) return needed ? "missing" : "absent";
  if (needed && there !== "invalid" && sameAdoption(needed, there)) return "current";
  return "stale";
}

/** Reads Cloudflare (never writes to it), compares with what the stacks would create, and with --write records the adoption. */
export async function runPreflight(cfg: AppConfig, o: PreflightOptions): Promise<PreflightResult> {
  const env = cfg.environment;
  const observed = await observeZone(
    {
      name: cfg.cloudflare.zone.name,
      accountId: cfg.cloudflare.accountId,
      ...(cfg.cloudflare.zone.id ? { id: cfg.cloudflare.zone.id } : {}),
      customDomains: expectedCustomDomains(cfg).map((d) => d.hostname),
    },
    o.api,
  );
  // Account-wide, so read whether or not the zone exists yet: a first deploy needs it most.
  const organization = await observeOrganization(cfg.cloudflare.accountId, o.api);
  // Built only when there is a zone to compare with (building the stacks costs a few hundred ms).
  const expected = observed.zone ? expectedObjects(cfg) : NOTHING_EXPECTED;
  const there = existingAdoption(o.configDir, env);
  const pinned = there !== undefined && there !== "invalid" ? there.zone.id : undefined;
  const { findings, adoption } = assess(cfg, expected, observed, pinned);
  const path = adoptFilePath(o.configDir, env);
  // No zone visible is no proof the file is stale: a token without Zone Read on it sees an empty list
  // too. Only a zone that was read can make --write rewrite or remove the file.
  let state: AdoptFileState = !observed.zone && there !== undefined ? "kept" : fileState(adoption, there);
  const foreign = state === "stale" ? foreignAdoptFile(o.configDir, env) : undefined;
  if (foreign) state = "foreign";
  // A foreign file is not replaced or removed: writeAdoptFile and removeAdoptFile refuse it, naming it.
  if (o.write && (state === "missing" || state === "stale" || state === "foreign")) {
    if (adoption) writeAdoptFile(o.configDir, adoption);
    else removeAdoptFile(o.configDir, env);
    state = adoption ? "written" : "removed";
  }
  const adopted = state === "current" || state === "written";
  const show = (p: string) => displayPath(o.cwd, p);
  // adopt, not fix: --write alone rewrites or removes it (it is golive's own file, not foreign).
  const staleFile: Finding[] =
    state === "stale"
      ? [
          {
            check: "zone",
            severity: "adopt",
            subject: show(path),
            message: `holds imports that no longer match what Cloudflare holds (a plan would fail or import the wrong object): run golive preflight ${env} --write`,
          },
        ]
      : [];
  const notGolives: Finding[] = foreign
    ? [
        {
          check: "zone",
          severity: "fix",
          subject: show(foreign.path),
          message: `${foreign.is(show)}: ${foreign.fix(show)}, then run golive preflight ${env} --write`,
        },
      ]
    : [];
  const unreadable: Finding[] =
    state === "kept" && pinned === undefined
      ? [
          {
            check: "zone",
            severity: "fix",
            subject: show(path),
            message: `is not a valid adopt file, and no zone is visible to this token to regenerate it from: kept as it is; check the token's Zone: Zone Read on ${cfg.cloudflare.zone.name}, or delete the file by hand if the zone does not exist`,
          },
        ]
      : [];
  const all = [...findings, zeroTrustFinding(cfg, organization), ...staleFile, ...notGolives, ...unreadable];
  const blocking = all.filter((f) => f.severity === "fix" || (f.severity === "adopt" && !adopted));
  const zone = observed.zone;
  return {
    environment: env,
    zone: {
      name: cfg.cloudflare.zone.name,
      exists: zone !== undefined,
      ...(zone ? { id: zone.id } : {}),
      ...(zone?.plan ? { plan: zone.plan } : {}),
      configPlan: cfg.cloudflare.plan,
      ...(zone?.status ? { status: zone.status } : {}),
      ...(zone?.type ? { type: zone.type } : {}),
      ...(zone?.paused !== undefined ? { paused: zone.paused } : {}),
      nameServers: zone?.nameServers ?? [],
      ...(observed.dnssec ? { dnssec: observed.dnssec } : {}),
    },
    findings: all,
    ...(adoption ? { adoption } : {}),
    adoptFile: { path, state },
    blocking,
    ok: blocking.length === 0,
  };
}
