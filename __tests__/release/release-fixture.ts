import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, parseDocument } from "yaml";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { type CliRun, golive, tempDir } from "../helpers/cli";
import { readReleaseConfig } from "../../lib/engines/release/config-file";
import { desiredTraffic } from "../../lib/features/release/traffic";
import { BLUE_ID, type FakeCloudflareApi, GREEN_ID } from "./fake-cloudflare-api";

/** A temp working directory holding a copy of the example configs, for release commands to edit. */
export interface ReleaseFixture {
  readonly dir: string;
  readonly file: string;
  read(): string;
  /** Edits the copy of production.yaml by path (as an operator would by hand); undefined deletes the key. */
  set(path: readonly (string | number)[], value: unknown): void;
  /** Several `set`s in order, read and written once (a file write costs ~2 ms on the test machines' disks). */
  setAll(edits: readonly (readonly [readonly (string | number)[], unknown])[]): void;
  /** Names in the config directory, to catch stray temp files. */
  entries(): string[];
}

/**
 * Texts already edited: tests start from the same example and make the same edits (a beforeEach's
 * five), and a YAML round trip of the example costs ~15 ms. The edit is a pure function of the text,
 * the path and the value.
 */
const editedTexts = new Map<string, string>();

function edited(text: string, path: readonly (string | number)[], value: unknown): string {
  const key = `${JSON.stringify([path, value])}\u0000${text}`;
  let result = editedTexts.get(key);
  if (result === undefined) {
    const doc = parseDocument(text);
    if (value === undefined) doc.deleteIn([...path]);
    else doc.setIn([...path], value);
    result = doc.toString();
    editedTexts.set(key, result);
  }
  return result;
}

export function releaseFixture(): ReleaseFixture {
  const dir = tempDir("golive-release-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  const file = join(dir, "config", "production.yaml");
  const setAll: ReleaseFixture["setAll"] = (edits) => {
    let text = readFileSync(file, "utf8");
    for (const [path, value] of edits) text = edited(text, path, value);
    writeFileSync(file, text);
  };
  return {
    dir,
    file,
    read: () => readFileSync(file, "utf8"),
    set: (path, value) => setAll([[path, value]]),
    setAll,
    entries: () => readdirSync(join(dir, "config")).sort(),
  };
}

/**
 * v2 started on green (the candidate, at 0%), blue live on v1 and the rollback target; one origin per
 * colour, at documentation addresses Cloudflare would take: the watch's probes reach them on 127.0.0.1
 * (the scenarios' local origin) through `--origin-address` (loopbackWatchFlags).
 */
export function startedOnLoopback(fx: ReleaseFixture): void {
  fx.setAll([
    [["release", "phase"], "releasing"],
    [["release", "builds"], { blue: "v1", green: "v2" }],
    [["release", "pools", "blue", "origins"], [{ name: "blue-1", address: "192.0.2.61" }]],
    [["release", "pools", "green", "origins"], [{ name: "green-1", address: "192.0.2.62" }]],
  ]);
}

/**
 * The stand-in's load balancer as a deploy of the `startedOnLoopback` config leaves it (blue 100%, green
 * in the pools at 0%, fallback blue): a watch refuses to start from a load balancer that differs.
 */
export function deployedStarted(api: FakeCloudflareApi): void {
  api.setLoadBalancer({
    default_pools: [BLUE_ID, GREEN_ID],
    fallback_pool: BLUE_ID,
    random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: 1, [GREEN_ID]: 0 } },
  });
}

/**
 * `promote --watch` against local stand-ins: 50 ms steps (the shortest allowed), 2 s per request; with
 * probes, the candidate's origin (green-1) is probed on 127.0.0.1 instead of its pool address.
 */
export function loopbackWatchFlags(apiBaseUrl: string, originPort: number, caFile: string, probes = true): string[] {
  return [
    "--interval-ms",
    "50",
    "--api-base-url",
    apiBaseUrl,
    "--origin-port",
    String(originPort),
    ...(probes ? ["--origin-address", "green-1=127.0.0.1"] : []),
    "--ca-file",
    caFile,
    "--timeout-ms",
    "2000",
  ];
}

/**
 * The arguments of `golive release promote production --watch` against the stand-ins: no CloudWatch
 * (--no-alarms; the alarms have specs of their own), `extra` last.
 */
export function loopbackWatchArgs(apiBaseUrl: string, originPort: number, caFile: string, extra: readonly string[] = []): string[] {
  const probes = !extra.includes("--no-origin-probes");
  return [
    "release",
    "promote",
    "production",
    "--watch",
    "--now",
    "--no-alarms",
    ...loopbackWatchFlags(apiBaseUrl, originPort, caFile, probes),
    ...extra,
  ];
}

/** The green weight a load balancer PATCH body asks for (undefined when it names none). */
export function greenWeight(body: unknown): number | undefined {
  if (typeof body !== "object" || body === null || !("random_steering" in body)) return undefined;
  const steering = body.random_steering;
  if (typeof steering !== "object" || steering === null || !("pool_weights" in steering)) return undefined;
  const weights = steering.pool_weights;
  const green =
    typeof weights === "object" && weights !== null && GREEN_ID in weights ? (weights as Record<string, unknown>)[GREEN_ID] : undefined;
  return typeof green === "number" ? green : undefined;
}

/** A load balancer PATCH body that is a rollback to blue: blue the only pool. */
export function isRollbackToBlue(body: unknown): boolean {
  return (
    typeof body === "object" &&
    body !== null &&
    "default_pools" in body &&
    Array.isArray(body.default_pools) &&
    body.default_pools.length === 1 &&
    body.default_pools[0] === BLUE_ID
  );
}

/** Lines that differ between two texts of equal line count (undefined when the counts differ). */
export function changedLines(before: string, after: string): string[] | undefined {
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length !== b.length) return undefined;
  return b.filter((line, i) => line !== a[i]);
}

/** The `release:` section of a config text, as plain data. */
export function releaseOf(text: string): Record<string, unknown> {
  const doc: unknown = parse(text);
  const release = typeof doc === "object" && doc !== null && "release" in doc ? doc.release : undefined;
  if (typeof release !== "object" || release === null) throw new Error("no release section");
  return { ...release };
}

/**
 * The stand-in's colour pools as a deploy of the config in `fx` leaves them: the description (the build,
 * no rollback mark) and `enabled` the traffic stack declares. The load balancer is left as it is.
 */
export function deployedPools(api: FakeCloudflareApi, fx: ReleaseFixture): void {
  const { cfg, release } = readReleaseConfig(join(fx.dir, "config"), "production");
  for (const p of desiredTraffic(cfg, release).pools)
    api.setPool(p.colour === "blue" ? BLUE_ID : GREEN_ID, { description: p.description, enabled: p.enabled });
}

/** A rollback's mark in a pool description, at any time (pool-description.ts). */
export const ROLLED_BACK_AT = "rolled back \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

/** `golive release rollback production --now` from the fixture's config, against the API stand-in at `apiBaseUrl`. */
export function rollbackNowFrom(fx: ReleaseFixture, apiBaseUrl: string, token: string): Promise<CliRun> {
  return golive(["release", "rollback", "production", "--now", "--api-base-url", apiBaseUrl], {
    cwd: fx.dir,
    env: { CLOUDFLARE_API_TOKEN: token },
  });
}

/** A command's last line of output (a watch's `result: ...`). */
export const lastLine = (text: string) => text.trimEnd().split("\n").at(-1);
