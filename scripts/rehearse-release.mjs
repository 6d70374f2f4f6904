#!/usr/bin/env node
// Rehearse `golive release` without a Cloudflare or AWS account:
//
//   node scripts/rehearse-release.mjs [env] [--config-dir DIR] [--json]
//
// [env] may be left out when the config directory holds one environment; it is never guessed otherwise.
// Starts, on 127.0.0.1, the stand-ins the release tests use: the Cloudflare API (zone, load balancer named
// release.hostname, the two colour pools, as the config deploys them) and, with a monitoring section,
// CloudWatch (this environment's alarms, all OK). It copies the config directory to a temporary one (the
// rehearsal edits that copy, never yours) and prints the variables and commands that point `golive release`
// at them. Runs until Ctrl-C. The origins are not stood in for: the watch runs with --no-origin-probes (the
// tests rehearse the probes against local HTTPS origins). When the idle colour shares an origin with the live
// one (as `golive init` writes it), the copy points those at unused documentation addresses, or `release
// start` refuses (a real release needs the new build on its own servers).
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const require = createRequire(import.meta.url);
require("../lib/runtime/register-ts.js"); // the .ts stand-ins and config reader load as bin/golive.js loads the CLI
const { BLUE_ID, GREEN_ID, startFakeCloudflareApi } = require("../__tests__/release/fake-cloudflare-api.ts");
const { startFakeCloudWatch } = require("../__tests__/release/fake-cloudwatch.ts");
const { readReleaseConfig, writeConfigAtomically } = require("../lib/engines/release/config-file.ts");
const { spliceChanges } = require("../lib/engines/release/config-splice.ts");
const { listEnvironmentFiles } = require("../lib/engines/config/load.ts");
const { namePrefix } = require("../lib/core/names.ts");
const { originKey } = require("../lib/core/origin-address.ts");
const { alarmAccount } = require("../lib/features/release/alarm-query.ts");
const { knownAlarmSubjects } = require("../lib/features/release/alarm-subject.ts");
const { releaseState } = require("../lib/features/release/state.ts");
const { steeringFor } = require("../lib/features/release/steering.ts");
const { desiredTraffic } = require("../lib/features/release/traffic.ts");

/** Not a real token (the CLI only needs one to be set); shaped so no secret scanner takes it for one. */
const TOKEN = "rehearsal-not-a-real-token";

const USAGE = "node scripts/rehearse-release.mjs [env] [--config-dir DIR] [--json]";

/** Bad arguments: exit 2, as golive's usage errors. */
class UsageError extends Error {}

function parseArgs(argv) {
  const out = { env: undefined, configDir: "config", json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") out.json = true;
    else if (a === "--config-dir" && argv[i + 1] !== undefined) out.configDir = argv[++i];
    else if (a === "--help" || a === "-h") out.help = true;
    else if (!a.startsWith("-")) out.env = a;
    else throw new UsageError(`unknown option ${a} (allowed: [env] --config-dir DIR --json)`);
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`Usage: ${USAGE}\n`);
    return;
  }
  // Read from the user's folder, not the copy, so a refusal names their config/ file.
  const e = readReleaseConfig(args.configDir, environmentToRehearse(args), process.cwd()).env;
  const workDir = mkdtempSync(join(tmpdir(), "golive-rehearsal-"));
  // The copy of the config is the rehearsal's own: removed when it stops or fails.
  const removeCopy = () => rmSync(workDir, { recursive: true, force: true });
  process.on("exit", removeCopy);
  const copy = join(workDir, "config");
  cpSync(resolve(args.configDir), copy, { recursive: true });
  const standIn = standInOrigins(readReleaseConfig(copy, e));
  // The stand-ins serve the copy as edited: its pools and each origin's alarms.
  const { cfg, release } = readReleaseConfig(copy, e);
  const prefix = namePrefix(cfg.app, cfg.environment);
  const api = await startFakeCloudflareApi({
    zoneName: cfg.cloudflare.zone.name,
    accountId: cfg.cloudflare.accountId,
    hostname: release.hostname,
    poolPrefix: prefix,
  });
  // Cloudflare as a deploy of this config leaves it, so a watch starts from what the config says is live.
  const ids = { blue: BLUE_ID, green: GREEN_ID };
  const steering = steeringFor(cfg, release, releaseState(release));
  api.setLoadBalancer({
    default_pools: steering.defaultPools.map((c) => ids[c]),
    fallback_pool: ids[steering.fallbackPool],
    random_steering: {
      default_weight: 0,
      pool_weights: Object.fromEntries(steering.defaultPools.map((c) => [ids[c], steering.poolWeights[c] ?? 0])),
    },
  });
  for (const p of desiredTraffic(cfg, release).pools) api.setPool(ids[p.colour], { enabled: p.enabled, description: p.description });
  // Every alarm the monitoring stack creates for this config (edge, each pool origin, latency), named as
  // the watch's pre-flight looks them up (the same code), all OK; in the account config names, as the
  // watch checks each alarm's ARN against it.
  const alarmsOk = [...knownAlarmSubjects(cfg).keys()].map((name) => ({ AlarmName: name, StateValue: "OK" }));
  const cw = cfg.monitoring ? await startFakeCloudWatch(alarmsOk, alarmAccount(cfg)?.id) : undefined;

  const env = {
    CLOUDFLARE_BASE_URL: api.baseUrl,
    CLOUDFLARE_API_TOKEN: TOKEN,
    ...(cw ? { GOLIVE_CLOUDWATCH_ENDPOINT: cw.endpoint, AWS_ACCESS_KEY_ID: "rehearsal", AWS_SECRET_ACCESS_KEY: "rehearsal" } : {}),
  };
  const dir = `--config-dir ${copy}`;
  const commands = [
    `npx golive release status ${e} ${dir}`,
    `npx golive release start ${e} --build rehearsal-1 ${dir}`,
    `npx golive release promote ${e} --watch --no-origin-probes --interval-ms 1000 ${dir}`,
    `npx golive release rollback ${e} --now --drain ${dir}`,
  ];
  if (args.json) process.stdout.write(`${JSON.stringify({ configDir: copy, env, commands, ...(standIn ? { note: standIn } : {}) })}\n`);
  else
    process.stdout.write(
      [
        `Rehearsal of golive release for ${e}: local stand-ins on 127.0.0.1, nothing real is called.`,
        `Cloudflare API stand-in: ${api.baseUrl}${cw ? `; CloudWatch stand-in: ${cw.endpoint} (${alarmsOk.length} alarms, all OK)` : ""}`,
        `Config copy (edited by the rehearsal, removed when it stops; ${args.configDir} is not touched): ${copy}`,
        ...(standIn ? [standIn] : []),
        "In another shell:",
        ...Object.entries(env).map(([k, v]) => `  export ${k}=${v}`),
        ...commands.map((c) => `  ${c}`),
        "Ctrl-C stops the stand-ins.",
        "",
      ].join("\n"),
    );
  const stop = () => {
    Promise.all([api.close(), cw?.close()]).finally(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** Unused documentation addresses (RFC 5737) from the one the Cloudflare stand-in reports a pool's origin healthy at. */
const STAND_IN_ORIGINS = Array.from({ length: 60 }, (_, i) => `192.0.2.${40 + i}`);

/**
 * Points the idle colour's origins that the live colour serves too (init starts both pools on the same
 * servers) at unused documentation addresses, in the copy: else `release start` refuses, rightly, as the
 * new build would replace the live one. Returns the line saying so, or undefined when nothing was shared.
 */
function standInOrigins(source) {
  const { live } = source.release;
  const idle = live === "blue" ? "green" : "blue";
  const pools = source.release.pools;
  const liveKeys = new Set(pools[live].origins.map((o) => originKey(o.address)));
  const used = new Set([...pools.blue.origins, ...pools.green.origins].map((o) => originKey(o.address)));
  const free = STAND_IN_ORIGINS.filter((a) => !used.has(a));
  const changes = pools[idle].origins.flatMap((o, i) =>
    liveKeys.has(originKey(o.address))
      ? [{ path: ["release", "pools", idle, "origins", String(i), "address"], from: o.address, to: free.shift() }]
      : [],
  );
  if (changes.length === 0) return undefined;
  // Spliced in place (a list item's field, which editedConfigText's read-back does not follow); the copy
  // is read and validated again before the stand-ins are set up from it.
  const spliced = spliceChanges(source.text, changes);
  if ("refused" in spliced) throw new Error(`${source.label}: ${spliced.refused}; edit release.pools.${idle}.origins in your config first`);
  writeConfigAtomically(source, spliced.text);
  const moved = changes.map((c) => `${c.to} instead of ${c.from}`).join(", ");
  return `Stand-in origins: in the copy, release.pools.${idle}.origins point at ${moved}, which ${live} serves from too: release start refuses a build that would replace the live one, as a real release needs the new build on its own servers.`;
}

/** The environment named, or the folder's only one: like golive, never a default name that may not exist. */
function environmentToRehearse(args) {
  if (args.env !== undefined) return args.env;
  const environments = [...listEnvironmentFiles(args.configDir, process.cwd()).keys()];
  if (environments.length === 1) return environments[0];
  const found = environments.length > 0 ? `${args.configDir} has ${environments.join(", ")}` : `${args.configDir} has none`;
  throw new UsageError(`name the environment to rehearse (${found}); usage: ${USAGE}`);
}

main().catch((err) => {
  process.stderr.write(`rehearse-release: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
