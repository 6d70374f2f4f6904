import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { appConfigJsonSchema } from "../../lib/config/json-schema";
import { validateConfigData } from "../../lib/engines/config/load";
import { golive, tempDir } from "../helpers/cli";
import { configErrorText, exampleConfig, type ConfigEdit } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

const F = "config/production.yaml";

/** The refs of the managed WAF ruleset's rules, as synthesized. */
function managedRefs(edits: readonly ConfigEdit[]): string[] {
  const edge = synthKind(exampleConfig(edits), "edge");
  const ruleset = resourcesOf(edge, "cloudflare_ruleset").find(([, r]) => r.phase === "http_request_firewall_managed");
  return ((ruleset?.[1].rules ?? []) as { ref: string }[]).map((r) => r.ref);
}

/** The example on free, rate limits left to the plan and edge.waf written without `managed`. */
const FREE_WITHOUT_MANAGED: ConfigEdit[] = [
  [["cloudflare", "plan"], "free"],
  [["edge", "rateLimits"], undefined],
  [["edge", "waf", "managed"], undefined],
];

describe("managed WAF rulesets: defaults follow the plan", () => {
  test("edge.waf without managed on free is valid: the defaults it never wrote fit free, and the Free Managed Ruleset runs", () => {
    expect(configErrorText(FREE_WITHOUT_MANAGED)).toBe("");
    expect(managedRefs(FREE_WITHOUT_MANAGED)).toEqual(["managed_free"]);
  });

  test("only an owasp or cloudflare written true on free is refused, naming the tier", () => {
    const text = configErrorText([...FREE_WITHOUT_MANAGED, [["edge", "waf", "managed", "owasp"], true]]);
    expect(text).toBe(`${F}: edge.waf.managed.owasp: the OWASP Core Ruleset is not available on the free plan; needs pro or higher`);
  });

  test.each(["pro", "business", "enterprise"])("omitted on %s, both managed rulesets run", (plan) => {
    const edits: ConfigEdit[] = [
      [["cloudflare", "plan"], plan],
      [["edge", "waf", "managed"], undefined],
    ];
    expect(configErrorText(edits)).toBe("");
    expect(managedRefs(edits)).toEqual(["managed_cloudflare", "managed_owasp"]);
  });

  test("a written false still turns a ruleset off where the plan has it", () => {
    expect(managedRefs([[["edge", "waf", "managed"], { owasp: false }]])).toEqual(["managed_cloudflare"]);
  });
});

/** A hand-written start: app, zone, plan and one hostname, nothing else of edge. */
const MINIMAL = {
  app: "opsbot",
  environment: "production",
  cloudflare: { accountId: "0123456789abcdef0123456789abcdef", zone: { name: "example.com" }, plan: "free" },
  edge: { hostnames: [{ name: "chat.example.com", origin: "192.0.2.11" }] },
};

describe("a minimal hand-written config", () => {
  test("golive synth reports every missing required edge field in one run, nested ones included, and writes nothing", async () => {
    const dir = tempDir("golive-minimal-");
    mkdirSync(join(dir, "config"));
    writeFileSync(join(dir, "config", "production.yaml"), stringify(MINIMAL));
    const run = await golive(["synth"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n").filter((l) => l.startsWith(F))).toEqual([
      `${F}: edge.waf.allowedOrigins: is required; allowed: a list of 1-50 entries, each an absolute https:// URL with a lower-case host name or IPv4 address and a port of 1-65535`,
      `${F}: edge.access.roles: is required; allowed: a mapping of roles (name: settings)`,
      `${F}: edge.access.paths: is required; allowed: a list of 1-100 entries, each a mapping with path, roles`,
      `${F}: edge.securityContact: is required; allowed: an email address such as ops@example.com (no mailto: prefix, no wildcard, lower-case domain)`,
    ]);
    expect(run.stderr).toContain("No stack was written.");
  });

  test("once those fields are written it is valid on free: no managed-ruleset round follows", () => {
    const filled = {
      ...MINIMAL,
      edge: {
        ...MINIMAL.edge,
        securityContact: "security@example.com",
        waf: { allowedOrigins: ["https://chat.example.com"] },
        access: { roles: { users: { emailDomains: ["example.com"] } }, paths: [{ path: "/", roles: ["users"] }] },
      },
    };
    expect(validateConfigData(F, filled).edge.waf.allowedOrigins).toEqual(["https://chat.example.com"]);
  });

  test("editors still see waf and access as required (the JSON Schema lists them)", () => {
    const schema = JSON.parse(appConfigJsonSchema()) as { properties: { edge: { required: string[] } } };
    expect(schema.properties.edge.required).toEqual(["hostnames", "waf", "access", "securityContact"]);
  });

  test("a section written as something other than a mapping is still refused as such", () => {
    expect(configErrorText([[["edge", "waf"], null]])).toMatch(
      /^config\/production\.yaml: edge\.waf: expected a mapping, got null; allowed: a mapping with allowedOrigins$/,
    );
  });
});
