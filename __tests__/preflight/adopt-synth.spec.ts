import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { AppConfig } from "../../lib/config/schema";
import { loadEnvironments } from "../../lib/engines/config/load";
import { adoptFilePath, writeAdoptFile } from "../../lib/engines/preflight/adopt-file";
import { configFingerprint } from "../../lib/engines/synth/record";
import type { Adoption } from "../../lib/features/edge/adoption";
import { desiredEdgeRecords } from "../../lib/features/edge/dns-records";
import { desiredEmailRecords } from "../../lib/features/email/model";
import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, type SynthJson, synthKind } from "../helpers/synth";
import { releaseFixture } from "../release/release-fixture";

const ZONE_ID = "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a";
const hex = (c: string) => c.repeat(32);

/** The example production config loaded the way synth loads it, from a folder holding `adoption` as config/adopt/production.json. */
function loadWith(adoption: Adoption | undefined, edits: readonly [readonly (string | number)[], unknown][] = []): AppConfig {
  const fx = releaseFixture();
  for (const [path, value] of edits) fx.set(path, value);
  const dir = join(fx.dir, "config");
  if (adoption) writeAdoptFile(dir, adoption);
  return loadProduction(dir);
}

/** The example production config of `dir`, loaded the way synth loads it. */
function loadProduction(dir: string): AppConfig {
  const cfg = loadEnvironments(dir, ["production"]).get("production");
  if (!cfg) throw new Error("no production config");
  return cfg;
}

function loadError(adoption: Adoption, edits: readonly [readonly (string | number)[], unknown][] = []): string {
  try {
    loadWith(adoption, edits);
    return "";
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

type ImportBlock = { to: string; id: string; provider?: string };
const importsOf = (json: SynthJson): ImportBlock[] => (json as unknown as { import?: ImportBlock[] }).import ?? [];

const example = exampleConfig();
const chat = desiredEdgeRecords(example).find((r) => r.name === "chat.example.com" && r.type === "A");
const dmarc = desiredEmailRecords(example).find((r) => r.name === "_dmarc.example.com" && r.type === "TXT");

const ADOPTION: Adoption = {
  version: 1,
  environment: "production",
  zone: { name: "example.com", id: ZONE_ID, import: true, importSubscription: true },
  rulesets: { http_request_firewall_custom: hex("1"), http_ratelimit: hex("2") },
  records: [
    { stack: "edge", key: chat?.key ?? "", name: "chat.example.com", type: "A", id: hex("b") },
    { stack: "email", key: dmarc?.key ?? "", name: "_dmarc.example.com", type: "TXT", id: hex("e") },
    // Written before config changed: this record is no longer declared with that key, so nothing imports it.
    { stack: "edge", key: "host-gone-example-com", name: "gone.example.com", type: "A", id: hex("c") },
  ],
};

describe("adoption: config/adopt/<env>.json becomes Terraform import blocks", () => {
  const adopted = synthKind(loadWith(ADOPTION), "edge");
  const plain = synthKind(exampleConfig(), "edge");
  const logicalId = (json: SynthJson, type: string, match: (a: Record<string, unknown>) => boolean) =>
    `${type}.${resourcesOf(json, type).find(([, a]) => match(a))?.[0] ?? "?"}`;

  test("the edge stack imports each adopted phase's ruleset as zones/<zone_id>/<ruleset_id>", () => {
    const imports = importsOf(adopted);
    expect(imports).toContainEqual({
      to: logicalId(adopted, "cloudflare_ruleset", (a) => a.phase === "http_request_firewall_custom"),
      id: `zones/${ZONE_ID}/${hex("1")}`,
    });
    expect(imports).toContainEqual({
      to: logicalId(adopted, "cloudflare_ruleset", (a) => a.phase === "http_ratelimit"),
      id: `zones/${ZONE_ID}/${hex("2")}`,
    });
    expect(imports.filter((i) => i.to.startsWith("cloudflare_ruleset."))).toHaveLength(2);
  });

  test("the edge stack imports the adopted record as <zone_id>/<record_id>, and nothing for a record no longer declared", () => {
    const records = importsOf(adopted).filter((i) => i.to.startsWith("cloudflare_dns_record."));
    expect(records).toEqual([
      {
        to: logicalId(adopted, "cloudflare_dns_record", (a) => a.name === "chat.example.com" && a.type === "A"),
        id: `${ZONE_ID}/${hex("b")}`,
      },
    ]);
  });

  test("the zone and its subscription are imported by zone id", () => {
    expect(importsOf(adopted)).toContainEqual({ to: logicalId(adopted, "cloudflare_zone", () => true), id: ZONE_ID });
    expect(importsOf(adopted)).toContainEqual({ to: logicalId(adopted, "cloudflare_zone_subscription", () => true), id: ZONE_ID });
    // DNSSEC is never imported: its create is an edit, and an imported status would be ignored forever.
    expect(importsOf(adopted).some((i) => i.to.startsWith("cloudflare_zone_dnssec."))).toBe(false);
  });

  test("an adopt file changes the config fingerprint, so check and zone see a synth output made without it as stale", () => {
    expect(configFingerprint(loadWith(ADOPTION))).not.toBe(configFingerprint(loadWith(undefined)));
    expect(configFingerprint(loadWith(undefined))).toBe(configFingerprint(loadWith(undefined)));
  });

  test("without an adopt file the stack has no import block", () => {
    expect(importsOf(plain)).toEqual([]);
    expect(resourcesOf(plain, "cloudflare_ruleset").length).toBe(resourcesOf(adopted, "cloudflare_ruleset").length);
  });

  test("an adopted entry point keeps its own name: name forces replacement, so every entry point ignores it", () => {
    for (const json of [adopted, plain]) {
      const rulesets = resourcesOf(json, "cloudflare_ruleset");
      expect(rulesets.length).toBeGreaterThan(0);
      for (const [, r] of rulesets) expect(r.lifecycle).toEqual({ ignore_changes: ["name"] });
    }
    // A created entry point still gets golive's stable name.
    const custom = resourcesOf(plain, "cloudflare_ruleset").find(([, r]) => r.phase === "http_request_firewall_custom")?.[1];
    expect(custom?.name).toBe("golive custom WAF");
  });

  test("nothing imported is replaced: every attribute that forces replacement equals what was adopted, or is ignored", () => {
    const zoneAddress = logicalId(adopted, "cloudflare_zone", () => true);
    const zoneIds = [ZONE_ID, `\${${zoneAddress}.id}`];
    const accountId = example.cloudflare.accountId;
    const resource = (to: string) => {
      const [type, name] = to.split(".") as [string, string];
      return { type, attrs: adopted.resource[type]?.[name] ?? {} };
    };
    const ignored = (attrs: Record<string, unknown>) =>
      (attrs.lifecycle as { ignore_changes?: string[] } | undefined)?.ignore_changes ?? [];
    // What each adopted attribute must be, per type; the keys are every attribute with RequiresReplace
    // (terraform-provider-cloudflare v5.14.0, internal/services/<type>/schema.go).
    const expected: Record<string, Record<string, (v: unknown, a: Record<string, unknown>) => boolean>> = {
      // zone/schema.go:32-45
      cloudflare_zone: { name: (v) => v === ADOPTION.zone.name, account: (v) => JSON.stringify(v) === JSON.stringify({ id: accountId }) },
      // zone_subscription/schema.go:24-32 (id is computed)
      cloudflare_zone_subscription: { zone_id: (v) => zoneIds.includes(String(v)) },
      // ruleset/schema.go:47-121
      cloudflare_ruleset: {
        account_id: (v) => v === undefined,
        zone_id: (v) => zoneIds.includes(String(v)),
        kind: (v) => v === "zone",
        phase: (v) => String(v) in ADOPTION.rulesets,
        name: (_v, a) => ignored(a).includes("name"),
      },
      // dns_record/schema.go:36-90
      cloudflare_dns_record: {
        zone_id: (v) => zoneIds.includes(String(v)),
        type: (v, a) => ADOPTION.records.some((r) => r.type === v && r.name === a.name),
      },
    };
    const imports = importsOf(adopted);
    expect(imports.length).toBe(5);
    for (const { to } of imports) {
      const { type, attrs } = resource(to);
      const checks = expected[type];
      expect({ to, known: checks !== undefined }).toEqual({ to, known: true });
      for (const [attr, ok] of Object.entries(checks ?? {}))
        expect({ to, attr, ok: ok(attrs[attr], attrs) }).toEqual({ to, attr, ok: true });
    }
  });

  test("the email stack imports its adopted record", () => {
    const email = synthKind(loadWith(ADOPTION), "email");
    expect(importsOf(email)).toEqual([
      { to: logicalId(email, "cloudflare_dns_record", (a) => a.name === "_dmarc.example.com"), id: `${ZONE_ID}/${hex("e")}` },
    ]);
  });
});

describe("adoption: a file that does not fit the config is refused at load, naming the field and the fix", () => {
  test("fails when the adopt file names another zone", () => {
    expect(loadError({ ...ADOPTION, zone: { ...ADOPTION.zone, name: "other.example" } })).toMatch(
      /adopt\/production\.json: zone\.name: is other\.example but cloudflare\.zone\.name is example\.com; run golive preflight production --write/,
    );
  });

  test("fails when config pins another zone id, or pins one and the file imports the zone", () => {
    expect(loadError(ADOPTION, [[["cloudflare", "zone", "id"], hex("d")]])).toContain(
      `zone.id: is ${ZONE_ID} but cloudflare.zone.id is ${hex("d")}`,
    );
    expect(loadError(ADOPTION, [[["cloudflare", "zone", "id"], ZONE_ID]])).toContain(
      "zone.import: is true but cloudflare.zone.id adopts the zone read-only",
    );
  });

  test("fails on a malformed id, naming its path", () => {
    // Written by hand: preflight --write refuses to write such an id (adopt-file-ids.spec.ts).
    const dir = join(releaseFixture().dir, "config");
    const file = adoptFilePath(dir, "production");
    mkdirSync(dirname(file));
    writeFileSync(file, JSON.stringify({ ...ADOPTION, rulesets: { http_ratelimit: "not-an-id" } }));
    expect(() => loadProduction(dir)).toThrow(/rulesets\.http_ratelimit: must be a 32-character Cloudflare id/);
  });
});
