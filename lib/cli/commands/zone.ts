import { ConfigErrors } from "../../config/errors";
import { loadEnvironments } from "../../engines/config/load";
import { zoneNames } from "../../engines/config/zone-overlap";
import { environmentStacks, isSynthesized, loadEnvironmentDns } from "../../engines/zone/load";
import { stackDns } from "../../engines/zone/stack-records";
import { isInZone } from "../../core/names";
import { readStackJson } from "../../core/synth-output";
import { shownValue } from "../../core/shown-value";
import { renderZone } from "../../engines/zone/render";
import { checkExportedZone } from "../../engines/zone/check";
import { afterApplyFlags } from "../after-apply-flags";
import { onePositional, parseArgs } from "../args";
import { COMMAND_SPECS } from "../command-specs";
import { configuredEnvironments, requireKnownEnvironments } from "../environments";
import { checkSynthDir, configDirFlag, synthDirFlag } from "../path-flags";
import { recordedStaleness, synthStaleness } from "../stale-synth";
import { synthesizedEnvironments } from "../synthesized-environments";
import { type Command, EXIT, UsageError } from "../types";

const ZONE_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * --zone as the stacks write names: without the trailing dot of the absolute form (RFC 1035 5.1), in
 * lower case (DNS compares ASCII letters without case, RFC 4343); undefined when the flag is absent.
 * The name is written into the zone file ($ORIGIN, SOA): a newline or `$INCLUDE` there would inject lines.
 */
function zoneFlag(given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  // ASCII letters only: String#toLowerCase would also turn the Kelvin sign (U+212A) into "k".
  const name = given.replace(/\.$/, "").replace(/[A-Z]/g, (c) => c.toLowerCase());
  if (!ZONE_NAME.test(name)) throw new UsageError(`--zone: got ${shownValue(given)}, allowed: a DNS name such as example.com`);
  return name;
}

/**
 * Refuses (exit 2) a --zone holding none of the environment's record names: its zone file would be
 * empty but for the SOA and NS, every record reported as outside it. `zones`: the ones its stacks declare.
 */
function requireRecordsUnder(zone: string, env: string, names: readonly string[], zones: () => readonly string[]): void {
  if (names.some((name) => isInZone(name, zone))) return;
  const declared = zones();
  if (declared.includes(zone)) return;
  const allowed =
    declared.length === 0
      ? "a zone holding some of them"
      : `${declared.join(", ")} (declared by ${env}'s stacks), or a zone below ${declared.length === 1 ? "it" : "one"} holding some of them`;
  throw new UsageError(`--zone: got "${zone}", which holds none of ${env}'s records; allowed: ${allowed}`);
}

/** The zones the synthesized stacks of `env` declare (read again only to word a refusal). */
function stackZones(outdir: string, env: string): string[] {
  return [...new Set(environmentStacks(outdir, env).flatMap((s) => stackDns(s.name, readStackJson(s)).zoneNames))];
}

export const zoneCommand: Command = {
  name: "zone",
  summary: "Print every DNS record of an environment, from the synthesized stacks, as an RFC 1035 zone file",
  usage: [
    "Usage: golive zone <env> [--dir DIR] [--config-dir DIR] [--zone NAME] [--values FILE|-] [--set NAME=V,...] [--json]",
    "",
    "Reads cdktf.out/stacks/<kind>-<env>/cdk.tf.json (edge, email, ...) and prints their DNS records as a",
    "zone file that nsd, knot or bind load. Synthesizes first when the stacks are missing. Values known only",
    "after apply (the SES DKIM tokens) are listed and their records commented out until supplied:",
    "  golive outputs email-production | golive zone production --values -   # the email stack's outputs, after apply",
    "  golive outputs email-production > email-outputs.json && golive zone production --values email-outputs.json",
    "  golive zone production --set dkim_tokens=tok1,tok2,tok3",
    "The email records are checked as synthesized (one SPF per name, SPF lookups, DMARC tags, DKIM key",
    "sizes); warnings go to stderr, errors exit 1. A stale synth output of <env> is not read (exit 1, naming",
    "the synth to run): stacks synthesized from another config of it, a stack missing, added or changed since",
    "golive synth wrote them (golive.json records them; a missing edge stack is synthesized again instead), or an",
    "<env> whose config file is gone. A load balancer's hostname (release.hostname) is a comment line,",
    '"; <name>: load-balanced (proxied), ...": Cloudflare answers for it with the load balancer\'s own record.',
    "",
    "Options:",
    "  --dir DIR         synthesized output directory (default: cdktf.out)",
    "  --config-dir DIR  configs used when synthesizing first (default: config)",
    "  --zone NAME       zone name (default: the zone the stacks declare), such as example.com; a trailing",
    "                    dot or upper case is read as DNS reads it; one holding none of <env>'s records is",
    "                    refused (exit 2, naming the zones the stacks declare)",
    '  --values FILE|-   JSON from `terraform output -json` (golive outputs) or {"dkim_tokens": [...]};',
    "                    - reads standard input (a pipe given as a file, such as <(...), is refused)",
    "  --set NAME=V,...  one value list, such as dkim_tokens=a,b,c: each value a DNS label (letters, digits and",
    "                    hyphens, neither first nor last, at most 63), no two alike; dkim_tokens exactly 3",
    "  --json            print {zone, text, records, loadBalanced, unresolved, findings} as JSON",
  ].join("\n"),
  async run(args, io) {
    const parsed = parseArgs(args, COMMAND_SPECS.zone.flags);
    const env = onePositional(parsed, "environment", "golive zone <env>");
    const outdir = synthDirFlag(parsed, "dir", io.cwd);
    const configDir = configDirFlag(parsed, io.cwd);
    const values = await afterApplyFlags("zone", parsed.values.get("values"), parsed.values.get("set"), io);
    // Checked with every flag before anything is synthesized: a refused command writes nothing.
    const zoneName = zoneFlag(parsed.values.get("zone"));
    // Made from another config, missing a stack, or of an environment whose config file is gone, the
    // stacks would print records the config does not declare. A synth about to run mends all but the last.
    const synthesized = isSynthesized(outdir, env);
    const stale = synthesized
      ? synthStaleness("zone", outdir, configDir, [env], io.cwd)
      : recordedStaleness("zone", outdir, configDir, [env], io.cwd, { onlyOrphaned: true });
    if (stale !== undefined) {
      io.stderr.write(`${stale}\nNo zone was printed.\n`);
      return EXIT.failure;
    }
    if (!synthesized) {
      // Known = synthesized into --dir, or configured (then synthesized first).
      const configured = configuredEnvironments(configDir) ?? [];
      requireKnownEnvironments([env], [...new Set([...(synthesizedEnvironments(outdir) ?? []), ...configured])].sort(), {
        folder: { configDir, cwd: io.cwd },
      });
      checkSynthDir(outdir, parsed.values.has("dir") ? "dir" : undefined, io.cwd, configDir);
      // Loaded only here, as check and plan do: cdktf and the providers cost a zone of an existing synth a second.
      const { synthesizeToDisk } = require("../../engines/synth/synthesize") as typeof import("../../engines/synth/synthesize");
      try {
        const configs = loadEnvironments(configDir, undefined, io.cwd);
        // --zone judged on the config, so a refused one synthesizes nothing (the stacks' records are judged below).
        const cfg = configs.get(env);
        if (zoneName !== undefined && cfg !== undefined)
          requireRecordsUnder(
            zoneName,
            env,
            zoneNames(cfg).map((n) => n.name),
            () => [cfg.cloudflare.zone.name],
          );
        synthesizeToDisk({
          configs,
          outdir,
          protectedDirs: [io.cwd, configDir],
          projectRoot: io.cwd,
          inventory: { configDir },
        });
      } catch (err) {
        if (!(err instanceof ConfigErrors)) throw err;
        io.stderr.write(`${err.message}\nCannot synthesize, so there is no zone to print.\n`);
        return EXIT.failure;
      }
    }
    const dns = loadEnvironmentDns(outdir, env, zoneName);
    if (zoneName !== undefined) {
      const named = [...dns.records, ...dns.outside, ...dns.loadBalanced].map((r) => r.name).filter((name) => !name.includes("${"));
      requireRecordsUnder(zoneName, env, named, () => stackZones(outdir, env));
    }
    const zone = renderZone({
      zone: dns.zone,
      records: dns.records,
      values,
      managedHostnames: dns.managedHostnames,
      foreignRecords: dns.foreignRecords,
      loadBalanced: dns.loadBalanced,
      stacks: dns.stacks,
    });
    const findings = checkExportedZone(zone, dns);
    const errors = findings.filter((f) => f.severity === "error");
    if (parsed.booleans.has("json")) {
      io.stdout.write(
        `${JSON.stringify({ zone: zone.zone, text: zone.text, records: zone.lines, loadBalanced: zone.loadBalanced, unresolved: zone.unresolved, findings }, null, 2)}\n`,
      );
    } else {
      io.stdout.write(zone.text);
      for (const f of findings) io.stderr.write(`${f.severity}: ${f.name} ${f.message}\n`);
      for (const r of dns.outside) io.stderr.write(`warning: ${r.stack} ${r.address} (${r.name}) is outside ${dns.zone}; not exported\n`);
      if (zone.unresolved.length > 0)
        io.stderr.write(`incomplete: ${zone.unresolved.join(", ")} known after apply (see --values / --set)\n`);
    }
    return errors.length > 0 ? EXIT.failure : EXIT.ok;
  },
};
