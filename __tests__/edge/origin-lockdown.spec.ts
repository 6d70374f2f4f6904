import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { plannedProbes } from "../../lib/engines/verify/dry-run";
import { edgeProbePlan } from "../../lib/features/edge/probes/plan";
import { probeHttp } from "../../lib/engines/verify/probe/http";
import type { StackInput } from "../../lib/core/readiness/model";
import type { AppConfig } from "../../lib/config/schema";
import { checkOriginLockdown } from "../../lib/features/edge/probes/origin";
import type { OriginTarget } from "../../lib/features/edge/origin-lockdown";
import { check, envConfig, messages, ruleById } from "../checks/support";
import { type ConfigEdit, configErrorText, exampleConfig } from "../helpers/example-config";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { resourcesOf, type SynthJson, synthKind } from "../helpers/synth";

const TUNNEL = "6ff42ae2-765d-4adf-8112-31c55c1551ef.cfargotunnel.com";
/**
 * Every proxied origin of the example (two hostnames, four pool origins) moved behind one tunnel. A
 * tunnel origin makes a hostname a CNAME, which may not share its name with other records: the apex
 * (CAA, TXT) becomes DNS-only, and chat.example.com no longer publishes a null MX.
 */
const TUNNELLED: ConfigEdit[] = [
  [["edge", "originLockdown"], "tunnel"],
  [["edge", "hostnames", 0, "proxied"], false],
  [["email", "nonSending"], ["old.example.com"]],
  ...[1, 2].map((i): ConfigEdit => [["edge", "hostnames", i, "origin"], TUNNEL]),
  ...(["blue", "green"] as const).flatMap((c) => [0, 1].map((j): ConfigEdit => [["release", "pools", c, "origins", j, "address"], TUNNEL])),
];

function stacks(cfg: AppConfig, kinds: readonly string[]): StackInput[] {
  return kinds.map((kind) => ({
    name: `${kind}-${cfg.environment}`,
    file: `cdktf.out/stacks/${kind}-${cfg.environment}/cdk.tf.json`,
    json: JSON.parse(JSON.stringify(synthKind(cfg, kind))) as SynthJson,
  }));
}

const rule = ruleById("GL-AUTH-002");
const cfg = exampleConfig();
const edge = stacks(cfg, ["edge"]);
const edgeJson = edge[0]?.json as SynthJson;
const tunnelled = exampleConfig(TUNNELLED);
const tunnelStacks = stacks(tunnelled, ["edge", "traffic"]);
const jwt = exampleConfig([[["edge", "originLockdown"], "access-jwt"]]);

/** The default edge stack without origin pulls: what every lockdown but authenticated-origin-pulls synthesizes. */
function withoutOriginPulls(): StackInput[] {
  const json = JSON.parse(JSON.stringify(edgeJson)) as SynthJson;
  delete json.resource.cloudflare_authenticated_origin_pulls_settings;
  return [{ ...(edge[0] as StackInput), json }];
}

describe("origin lockdown at synth", () => {
  test("by default the zone turns on Authenticated Origin Pulls (both of Cloudflare's switches)", () => {
    expect(resourcesOf(edgeJson, "cloudflare_authenticated_origin_pulls_settings").map(([, r]) => r)).toEqual([
      expect.objectContaining({ zone_id: "${cloudflare_zone.Zone_A5DE4B68.id}", enabled: true }),
    ]);
    const setting = resourcesOf(edgeJson, "cloudflare_zone_setting").filter(([, r]) => r.setting_id === "tls_client_auth");
    expect(setting.map(([, r]) => r.value)).toEqual(["on"]);
  });

  test("another lockdown (tunnel) declares no origin pulls", () => {
    expect(resourcesOf(tunnelStacks[0]?.json as SynthJson, "cloudflare_authenticated_origin_pulls_settings")).toEqual([]);
    expect(
      resourcesOf(tunnelStacks[0]?.json as SynthJson, "cloudflare_zone_setting").some(([, r]) => r.setting_id === "tls_client_auth"),
    ).toBe(false);
  });

  test("fails a tunnel lockdown while an origin has an address, naming each field", () => {
    const text = configErrorText([[["edge", "originLockdown"], "tunnel"]]);
    expect(text).toMatch(
      /edge\.hostnames\[0\]\.origin: must be a Cloudflare Tunnel name \(<tunnel id>\.cfargotunnel\.com\) when edge\.originLockdown is "tunnel"; got "192\.0\.2\.10"/,
    );
    expect(text).toMatch(/release\.pools\.green\.origins\[1\]\.address: must be a Cloudflare Tunnel name/);
    expect(configErrorText(TUNNELLED)).toBe("");
    expect(configErrorText([[["edge", "originLockdown"], "firewall"]])).toMatch(/edge\.originLockdown/);
  });
});

describe("GL-AUTH-002: origins answer only Cloudflare", () => {
  test("is compliant with global Authenticated Origin Pulls enabled", () => {
    expect(check(rule, edge, { config: envConfig(cfg) }).kind).toBe("compliant");
  });

  test("fails for every proxied hostname when origin pulls are gone or disabled", () => {
    const json = JSON.parse(JSON.stringify(edgeJson)) as SynthJson;
    for (const [, pulls] of resourcesOf(json, "cloudflare_authenticated_origin_pulls_settings")) pulls.enabled = false;
    const disabled = messages(check(rule, [{ ...(edge[0] as StackInput), json }], { config: envConfig(cfg) }));
    expect(disabled[0]).toBe("global Authenticated Origin Pulls is declared with enabled = false");
    const gone = messages(check(rule, withoutOriginPulls()));
    expect(gone).toContain(
      "chat.example.com is served from 192.0.2.11, reachable without Cloudflare: no global Authenticated Origin Pulls (cloudflare_authenticated_origin_pulls_settings) and not a Cloudflare Tunnel; a direct request skips what Cloudflare enforces (Access, WAF, rate limits)",
    );
    expect(gone.map((m) => m.split(" ")[0]).sort()).toEqual(["api.example.com", "chat.example.com", "example.com"]);
  });

  test("is compliant when every hostname and every load-balancer origin is a tunnel, and fails for one pool origin that is not", () => {
    expect(check(rule, tunnelStacks, { config: envConfig(tunnelled) }).kind).toBe("compliant");
    const all = tunnelStacks.map((st) => ({ ...st, json: JSON.parse(JSON.stringify(st.json)) as SynthJson }));
    const traffic = all[1]?.json as SynthJson;
    const [, pool] = resourcesOf(traffic, "cloudflare_load_balancer_pool")[0] ?? ["", {}];
    (pool.origins as { address: string }[])[0] = { ...(pool.origins as { address: string }[])[0], address: "192.0.2.30" };
    expect(messages(check(rule, all, { config: envConfig(tunnelled) }))).toEqual([
      expect.stringMatching(/^app\.example\.com is served from 192\.0\.2\.30, reachable without Cloudflare/),
    ]);
  });

  test("with access-jwt only hostnames behind Access count as locked: the public apex fails", () => {
    expect(messages(check(rule, withoutOriginPulls(), { config: envConfig(jwt) }))).toEqual([
      "example.com is served from 192.0.2.10, reachable without Cloudflare: it is not behind Access, so no Access JWT reaches its origin to check (edge.originLockdown: access-jwt); a direct request skips what Cloudflare enforces (Access, WAF, rate limits)",
    ]);
  });
});

describe("golive verify: each origin is called directly, without Cloudflare's client certificate", () => {
  const servers: Server[] = [];
  const ports = new Map<string, number>();
  const leaf = issueLeaf(createTestCa(), { hosts: ["chat.example.com"] });
  const tls = { key: leaf.keyPem, cert: leaf.certPem };

  /** An HTTPS origin on 127.0.0.1, known to the test resolver as `name`. */
  async function origin(name: string, server: Server): Promise<void> {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    ports.set(name, (server.address() as AddressInfo).port);
  }

  beforeAll(async () => {
    const ok = (_: unknown, res: { end(body: string): void }) => res.end("chat history");
    // nginx `ssl_verify_client on`: the handshake fails without a certificate (TLS 1.3 and 1.2 alerts differ).
    await origin("locked-13.test", createServer({ ...tls, requestCert: true, rejectUnauthorized: true, ca: leaf.certPem }, ok));
    await origin(
      "locked-12.test",
      createServer({ ...tls, requestCert: true, rejectUnauthorized: true, ca: leaf.certPem, maxVersion: "TLSv1.2" }, ok),
    );
    // `ssl_verify_client optional` plus a 403 for requests without a verified certificate.
    await origin(
      "optional.test",
      createServer({ ...tls, requestCert: true, rejectUnauthorized: false, ca: leaf.certPem }, (req, res) => {
        if (!("authorized" in req.socket) || req.socket.authorized !== true) res.writeHead(403).end("forbidden");
        else res.end("chat history");
      }),
    );
    await origin("open.test", createServer(tls, ok));
    const closed = createServer(tls, ok);
    await origin("closed.test", closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve()))));
  });

  const io = {
    resolve: async (name: string) =>
      ports.has(name) ? { address: `127.0.0.1#${name}` } : { error: `${name} does not resolve (ENOTFOUND)` },
    get: (hostname: string, address: string) => {
      const name = address.split("#")[1] ?? "";
      return probeHttp({ scheme: "https", host: hostname, address: "127.0.0.1", port: ports.get(name) ?? 9, path: "/", timeoutMs: 3000 });
    },
  };
  const target = (origin: string): OriginTarget => ({ hostname: "chat.example.com", origin });

  test("passes an origin that refuses at TLS or with 403, fails one that answers, skips what it cannot reach", async () => {
    const names = ["locked-13.test", "locked-12.test", "optional.test", "open.test", "closed.test", "gone.test", TUNNEL];
    const results = await checkOriginLockdown(names.map(target), io);
    expect(results.map((r) => [r.check, r.status])).toEqual([
      ["origin.lockdown", "pass"],
      ["origin.lockdown", "pass"],
      ["origin.lockdown", "pass"],
      ["origin.lockdown", "fail"],
      ["origin.lockdown", "skip"],
      ["origin.lockdown", "skip"],
      ["origin.lockdown", "skip"],
    ]);
    // The error's code when Node carries it (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED), else its message.
    expect(results[0]?.detail).toMatch(
      /^as chat\.example\.com: refused a TLS connection without Cloudflare's client certificate \(.*(ERR_SSL_|alert certificate required)/,
    );
    expect(results[2]?.detail).toBe("as chat.example.com: refused a request without Cloudflare's client certificate with 403");
    expect(results[3]).toMatchObject({
      target: "https://open.test/",
      detail: expect.stringMatching(
        /^as chat\.example\.com: answered 200 \(12 bytes\) to a direct request without Cloudflare's client certificate: anyone who finds the address skips Access/,
      ),
    });
    expect(results[4]?.detail).toMatch(
      /^as chat\.example\.com: could not reach the origin from here \(.*ECONNREFUSED[^)]*\); lockdown not shown/s,
    );
    expect(results[5]?.detail).toBe("not probed: gone.test does not resolve (ENOTFOUND); lockdown not shown");
  });

  test("verify plans one direct request per origin of the config, and --dry-run lists them", () => {
    const plan = edgeProbePlan(cfg);
    expect(plan.origins).toEqual([
      { hostname: "example.com", origin: "192.0.2.10" },
      { hostname: "chat.example.com", origin: "192.0.2.11" },
      { hostname: "api.example.com", origin: "origin-api.example.net" },
      ...["192.0.2.30", "192.0.2.31", "192.0.2.40", "192.0.2.41"].map((origin) => ({ hostname: "app.example.com", origin })),
    ]);
    const listed = plannedProbes(cfg, { expected: [], samples: 1, p95BarMs: 500, hasAccessToken: false });
    expect(listed.filter((p) => p.check === "origin.lockdown")).toHaveLength(7);
  });
});
