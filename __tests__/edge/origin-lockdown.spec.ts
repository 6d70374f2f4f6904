import { X509Certificate } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { plannedProbes } from "../../lib/engines/verify/dry-run";
import { edgeProbePlan } from "../../lib/features/edge/probes/plan";
import { edgeProbes } from "../../lib/features/edge/probes/probe-set";
import type { ProbeRun, RequestSpec } from "../../lib/platform/probes";
import { probeHttp } from "../../lib/engines/verify/probe/http";
import { probeOpenHandshake } from "../../lib/engines/verify/probe/tls";
import type { StackInput } from "../../lib/core/readiness/model";
import type { AppConfig } from "../../lib/config/schema";
import { checkOriginLockdown, evaluateOriginHandshake, evaluateOriginLockdown } from "../../lib/features/edge/probes/origin";
import type { HandshakeObservation } from "../../lib/platform/probes";
import type { OriginTarget } from "../../lib/features/edge/origin-lockdown";
import { check, envConfig, messages, ruleById } from "../checks/support";
import { type ConfigEdit, configErrorText, editedInput, exampleConfig } from "../helpers/example-config";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { resourcesOf, type SynthJson, synthKind } from "../helpers/synth";
import { writeSynthOutput } from "../helpers/synth-output";
import { stepNamed, stepSandbox } from "../workflows/support";

const TUNNEL = "6ff42ae2-765d-4adf-8112-31c55c1551ef.cfargotunnel.com";
/**
 * Every proxied origin of the example (two hostnames, four pool origins) moved behind one tunnel. A
 * tunnel origin makes a hostname a CNAME, which may not share its name with other records: the apex
 * (CAA, TXT) becomes DNS-only, and chat.example.com no longer publishes a null MX.
 */
const TUNNELLED: ConfigEdit[] = [
  [["edge", "originLockdown"], "tunnel"],
  [["edge", "originPullCertificate"], undefined],
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
const jwt = exampleConfig([
  [["edge", "originLockdown"], "access-jwt"],
  [["edge", "originPullCertificate"], undefined],
]);
/** Authenticated Origin Pulls with Cloudflare's global certificate only: no certificate of the zone's own. */
const globalOnly = exampleConfig([[["edge", "originPullCertificate"], undefined]]);
const globalOnlyStacks = stacks(globalOnly, ["edge"]);

const CERTIFICATE_TYPE = "cloudflare_authenticated_origin_pulls_certificate";

/** The default edge stack without origin pulls: what every lockdown but authenticated-origin-pulls synthesizes. */
function withoutOriginPulls(): StackInput[] {
  const json = JSON.parse(JSON.stringify(edgeJson)) as SynthJson;
  delete json.resource.cloudflare_authenticated_origin_pulls_settings;
  delete json.resource[CERTIFICATE_TYPE];
  return [{ ...(edge[0] as StackInput), json }];
}

/** The certificate as written in the example, re-indented: the same certificate to golive. */
function writtenCertificate(): string {
  const input = editedInput() as { edge: { originPullCertificate: string } };
  return input.edge.originPullCertificate;
}

describe("origin lockdown at synth", () => {
  test("by default the zone presents its own certificate: zone-level Authenticated Origin Pulls, and both of Cloudflare's switches", () => {
    const [[certificateId, certificate] = ["", {}]] = resourcesOf(edgeJson, CERTIFICATE_TYPE);
    expect(certificate).toEqual({
      zone_id: "${cloudflare_zone.Zone_A5DE4B68.id}",
      certificate: new X509Certificate(writtenCertificate()).toString(),
      private_key: "${var.origin_pull_private_key}",
      lifecycle: {
        ignore_changes: ["certificate", "private_key"],
        replace_triggered_by: [expect.stringMatching(/^terraform_data\.OriginPulls_CertificateFingerprint_Value_/)],
      },
    });
    expect(resourcesOf(edgeJson, "cloudflare_authenticated_origin_pulls_settings").map(([, r]) => r)).toEqual([
      expect.objectContaining({
        zone_id: "${cloudflare_zone.Zone_A5DE4B68.id}",
        enabled: true,
        depends_on: [`${CERTIFICATE_TYPE}.${certificateId}`],
      }),
    ]);
    const setting = resourcesOf(edgeJson, "cloudflare_zone_setting").filter(([, r]) => r.setting_id === "tls_client_auth");
    expect(setting.map(([, r]) => r.value)).toEqual(["on"]);
  });

  test("the private key is a sensitive variable the deploy sets, and no key material is in the synthesized JSON", () => {
    const variables = (edgeJson as SynthJson & { variable?: Record<string, Record<string, unknown>> }).variable ?? {};
    expect(variables.origin_pull_private_key).toMatchObject({ type: "string", sensitive: true, nullable: false, default: "" });
    expect(variables.origin_pull_private_key?.description).toContain("TF_VAR_origin_pull_private_key");
    expect(variables.origin_pull_private_key?.description).toContain("ORIGIN_PULL_PRIVATE_KEY");
    expect(JSON.stringify(edgeJson)).not.toMatch(/PRIVATE KEY/);
  });

  test("without edge.originPullCertificate only global origin pulls are declared: no certificate, no key variable", () => {
    const json = globalOnlyStacks[0]?.json as SynthJson & { variable?: Record<string, unknown> };
    expect(resourcesOf(json, CERTIFICATE_TYPE)).toEqual([]);
    expect(json.variable?.origin_pull_private_key).toBeUndefined();
    expect(resourcesOf(json, "cloudflare_authenticated_origin_pulls_settings").map(([, r]) => r.enabled)).toEqual([true]);
  });

  test("a certificate written with other line breaks or indentation is the same certificate", () => {
    const reflowed = writtenCertificate().replace(/\n/g, "\r\n").replace(/^/, "\n");
    expect(exampleConfig([[["edge", "originPullCertificate"], reflowed]]).edge.originPullCertificate).toBe(cfg.edge.originPullCertificate);
  });

  test("another lockdown (tunnel) declares no origin pulls", () => {
    expect(resourcesOf(tunnelStacks[0]?.json as SynthJson, "cloudflare_authenticated_origin_pulls_settings")).toEqual([]);
    expect(resourcesOf(tunnelStacks[0]?.json as SynthJson, CERTIFICATE_TYPE)).toEqual([]);
    expect(
      resourcesOf(tunnelStacks[0]?.json as SynthJson, "cloudflare_zone_setting").some(([, r]) => r.setting_id === "tls_client_auth"),
    ).toBe(false);
  });

  test("fails a tunnel lockdown while an origin has an address, naming each field", () => {
    const text = configErrorText([...TUNNELLED.slice(0, 2)]);
    expect(text).toMatch(
      /edge\.hostnames\[0\]\.origin: must be a Cloudflare Tunnel name \(<tunnel id>\.cfargotunnel\.com\) when edge\.originLockdown is "tunnel"; got "192\.0\.2\.10"/,
    );
    expect(text).toMatch(/release\.pools\.green\.origins\[1\]\.address: must be a Cloudflare Tunnel name/);
    expect(configErrorText(TUNNELLED)).toBe("");
    expect(configErrorText([[["edge", "originLockdown"], "firewall"]])).toMatch(/edge\.originLockdown/);
  });
});

describe("edge.originPullCertificate: the public certificate only", () => {
  const ca = createTestCa("golive origin-pull CA");
  const leaf = issueLeaf(ca, { hosts: ["example.com"], clientAuth: true });
  const F = "config/production.yaml: edge.originPullCertificate";

  test("fails on a private key pasted in, without quoting it", () => {
    const text = configErrorText([[["edge", "originPullCertificate"], `${leaf.certPem}${leaf.keyPem}`]]);
    expect(text).toBe(`${F}: holds a private key; allowed: the public certificate only (the key never goes in config)`);
    const keyBody = leaf.keyPem.split("\n")[1] ?? "";
    expect(keyBody.length).toBeGreaterThan(20);
    expect(configErrorText([[["edge", "originPullCertificate"], leaf.keyPem]])).not.toContain(keyBody);
  });

  test("fails on a CA certificate, text that is no certificate, and a damaged one, naming the field", () => {
    expect(configErrorText([[["edge", "originPullCertificate"], ca.certPem]])).toBe(
      `${F}: is a CA certificate; allowed: a leaf certificate (basicConstraints CA:FALSE) that your CA signed`,
    );
    expect(configErrorText([[["edge", "originPullCertificate"], "certs/origin-pull.pem"]])).toBe(
      `${F}: must be one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)`,
    );
    const damaged = leaf.certPem.replace(/\n[A-Za-z0-9+/]{8}/, "\nAAAAAAAA");
    expect(configErrorText([[["edge", "originPullCertificate"], damaged]])).toMatch(
      new RegExp(`^${F}: is not a certificate that can be read`),
    );
  });

  test("accepts a leaf certificate of the user's CA", () => {
    expect(configErrorText([[["edge", "originPullCertificate"], leaf.certPem]])).toBe("");
  });

  test("fails on a certificate under a lockdown that does not use it", () => {
    expect(configErrorText([...TUNNELLED, [["edge", "originPullCertificate"], leaf.certPem]])).toBe(
      `${F}: is only used when edge.originLockdown is "authenticated-origin-pulls" (here "tunnel"); remove it or change the lockdown`,
    );
  });
});

describe("GL-AUTH-002: origins answer only Cloudflare", () => {
  test("is compliant with zone-level Authenticated Origin Pulls: the zone's own certificate and the settings enabled", () => {
    expect(check(rule, edge, { config: envConfig(cfg) }).kind).toBe("compliant");
  });

  test("fails global-only Authenticated Origin Pulls for every proxied hostname: the certificate is shared by every Cloudflare account", () => {
    expect(rule.severity).toBe("blocker");
    const found = messages(check(rule, globalOnlyStacks, { config: envConfig(globalOnly) }));
    expect(found.map((m) => m.split(" ")[0]).sort()).toEqual(["api.example.com", "chat.example.com", "example.com"]);
    expect(found).toContainEqual(
      expect.stringMatching(
        /^chat\.example\.com is served from 192\.0\.2\.11, reachable through any Cloudflare zone: only global Authenticated Origin Pulls \(no cloudflare_authenticated_origin_pulls_certificate\): Cloudflare presents the certificate it shares across all accounts, so anyone can add a zone in their own Cloudflare account that proxies to this origin, pass its certificate check and skip Access, the WAF and the rate limits; set edge\.originPullCertificate/,
      ),
    );
  });

  test("fails when the zone's certificate is declared but origin pulls are disabled", () => {
    const json = JSON.parse(JSON.stringify(edgeJson)) as SynthJson;
    for (const [, pulls] of resourcesOf(json, "cloudflare_authenticated_origin_pulls_settings")) pulls.enabled = false;
    const disabled = messages(check(rule, [{ ...(edge[0] as StackInput), json }], { config: envConfig(cfg) }));
    expect(disabled[0]).toBe("Authenticated Origin Pulls is declared with enabled = false");
    expect(disabled).toContain(
      "chat.example.com is served from 192.0.2.11, reachable without Cloudflare: no zone-level Authenticated Origin Pulls (cloudflare_authenticated_origin_pulls_certificate and an enabled cloudflare_authenticated_origin_pulls_settings) and not a Cloudflare Tunnel; a direct request skips what Cloudflare enforces (Access, WAF, rate limits)",
    );
  });

  test("fails for every proxied hostname when origin pulls are gone", () => {
    const gone = messages(check(rule, withoutOriginPulls()));
    expect(gone).toContain(
      "chat.example.com is served from 192.0.2.11, reachable without Cloudflare: no zone-level Authenticated Origin Pulls (cloudflare_authenticated_origin_pulls_certificate and an enabled cloudflare_authenticated_origin_pulls_settings) and not a Cloudflare Tunnel; a direct request skips what Cloudflare enforces (Access, WAF, rate limits)",
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

  test("fails a public hostname served from the origin of a hostname behind Access, or of a release pool", () => {
    const sharing = (origin: string) => {
      const edited = exampleConfig([[["edge", "hostnames", 0, "origin"], origin]]);
      return messages(check(rule, stacks(edited, ["edge", "traffic"]), { config: envConfig(edited) }));
    };
    expect(sharing("192.0.2.11")).toEqual([
      "example.com is public (no Access application) but served from 192.0.2.11, which also serves chat.example.com behind Access: Cloudflare's requests for example.com pass the origin's lockdown, so an origin that serves the app whatever the Host header serves chat.example.com there without a login; give example.com an origin of its own, or put it behind Access",
    ]);
    expect(sharing("192.0.2.30")).toEqual([
      expect.stringMatching(/^example\.com is public .+ which also serves app\.example\.com behind Access/),
    ]);
    expect(sharing("192.0.2.12")).toEqual([]);
  });

  test("with access-jwt only hostnames behind Access count as locked: the public apex fails", () => {
    expect(messages(check(rule, withoutOriginPulls(), { config: envConfig(jwt) }))).toEqual([
      "example.com is served from 192.0.2.10, reachable without Cloudflare: it is not behind Access, so no Access JWT reaches its origin to check (edge.originLockdown: access-jwt); a direct request skips what Cloudflare enforces (Access, WAF, rate limits)",
    ]);
  });
});

describe("deploy-environment.yml passes the key of edge.originPullCertificate from the environment secret", () => {
  const script = String(stepNamed("deploy-environment.yml", "plan, compare with the review").run);

  /** The workflow's own step, run on this edge stack with a stand-in terraform and the CLI behind npx. */
  async function deployEdge(json: SynthJson, env: Readonly<Record<string, string>>) {
    const box = stepSandbox("golive-origin-pull-key-", ["edge-production"]);
    writeSynthOutput(join(box.dir, "cdktf.out"), { "edge-production": json });
    const file = join(box.dir, "cdktf.out", "stacks", "edge-production", "cdk.tf.json");
    writeFileSync(join(box.dir, "stacks.json"), JSON.stringify([{ name: "edge-production", file }]));
    const result = await box.run(script, { ENVIRONMENT: "production", REVIEWED_DIGEST: "", REVIEWED_COMMIT: "", ...env });
    return { result, applied: box.applied() };
  }

  test("fails before any plan when the edge stack needs the key and the secret is empty, naming the secret", async () => {
    const { result, applied } = await deployEdge(edgeJson, { ORIGIN_PULL_PRIVATE_KEY: "" });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      "::error::the environment secret ORIGIN_PULL_PRIVATE_KEY is empty, but edge.originPullCertificate needs its private key",
    );
    expect(result.stdout).not.toContain("plan edge-production");
    expect(applied).toEqual([]);
  });

  test("with the secret set, or for a stack without the certificate, the deploy goes on to plan", async () => {
    const withKey = await deployEdge(edgeJson, { ORIGIN_PULL_PRIVATE_KEY: ["-----BEGIN", "TEST KEY-----"].join(" ") });
    expect(withKey.result.stdout).not.toContain("ORIGIN_PULL_PRIVATE_KEY is empty");
    expect(withKey.result.stdout).toContain("plan edge-production");
    const global = await deployEdge(globalOnlyStacks[0]?.json as SynthJson, { ORIGIN_PULL_PRIVATE_KEY: "" });
    expect(global.result.stdout).not.toContain("ORIGIN_PULL_PRIVATE_KEY is empty");
    expect(global.result.stdout).toContain("plan edge-production");
    expect(script).toContain('export TF_VAR_origin_pull_private_key="$ORIGIN_PULL_PRIVATE_KEY"');
  });
});

describe("golive verify: each origin is called directly, without Cloudflare's client certificate", () => {
  const servers: (Server | HttpServer)[] = [];
  const ports = new Map<string, number>();
  const leaf = issueLeaf(createTestCa(), { hosts: ["chat.example.com"] });
  const tls = { key: leaf.keyPem, cert: leaf.certPem };

  /** An HTTPS origin on 127.0.0.1, known to the test resolver as `name`. */
  async function origin(name: string, server: Server | HttpServer): Promise<void> {
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
    // Open origins whose handshake Node's default client cannot finish (openssl s_server -tls1 -www, or
    // -cipher CAMELLIA128-SHA), and plain HTTP on the HTTPS port: a request reports EPROTO for each, as for locked-12.
    await origin("tls10.test", createServer({ ...tls, minVersion: "TLSv1", maxVersion: "TLSv1", ciphers: "DEFAULT@SECLEVEL=0" }, ok));
    await origin("camellia.test", createServer({ ...tls, maxVersion: "TLSv1.2", ciphers: "CAMELLIA128-SHA" }, ok));
    await origin("plain.test", createHttpServer(ok));
    // An open origin sharing no group with the client: handshake_failure at its first flight, no certificate asked for.
    const noGroup = {
      maxVersion: "TLSv1.2",
      ecdhCurve: "brainpoolP256r1",
      ciphers: "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256",
    } as const;
    await origin("no-group.test", createServer({ ...tls, ...noGroup }, ok));
    const tls10 = { minVersion: "TLSv1", maxVersion: "TLSv1", ciphers: "DEFAULT@SECLEVEL=0" } as const;
    await origin("locked-10.test", createServer({ ...tls, ...tls10, requestCert: true, rejectUnauthorized: true, ca: leaf.certPem }, ok));
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
      const port = ports.get(name) ?? 9;
      return probeHttp({ scheme: "https", host: hostname, address: "127.0.0.1", port, path: "/", timeoutMs: 3000, anyTls: true });
    },
    handshake: (hostname: string, address: string) =>
      probeOpenHandshake({ host: hostname, address: "127.0.0.1", port: ports.get(address.split("#")[1] ?? "") ?? 9, timeoutMs: 3000 }),
  };
  const target = (origin: string): OriginTarget => ({ hostname: "chat.example.com", origin });

  test("passes an origin that refuses at TLS or with 403, fails one that answers, skips what it cannot reach", async () => {
    const names = ["locked-13.test", "locked-12.test", "optional.test", "open.test", "closed.test", "gone.test", TUNNEL];
    const results = await checkOriginLockdown(names.map(target), io);
    expect(results.map((r) => [r.check, r.status])).toEqual([
      ["origin.lockdown", "pass"],
      // TLS 1.2's handshake_failure to a client offering every version and cipher: a certificate demanded.
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
    // OpenSSL 3.0 (Node 20) says SSLV3_ALERT, 3.2 and later (Node 22, 24) SSL/TLS_ALERT, for the same alert.
    expect(results[1]?.detail).toMatch(
      /^as chat\.example\.com: refused a TLS handshake without Cloudflare's client certificate \(ERR_SSL_(SSLV3|SSL\/TLS)_ALERT_HANDSHAKE_FAILURE\) that offered every version from TLS 1\.0 and every cipher: the origin demands a client certificate$/,
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

  test("fails an open origin on TLS 1.0 only, one with CAMELLIA128-SHA only, and plain HTTP on the HTTPS port", async () => {
    const results = await checkOriginLockdown(["tls10.test", "camellia.test", "plain.test"].map(target), io);
    expect(results.map((r) => r.status)).toEqual(["fail", "fail", "fail"]);
    // Reached as Cloudflare reaches them (every version and cipher offered), they answer the app.
    for (const r of results.slice(0, 2)) {
      expect(r.detail).toMatch(
        /^as chat\.example\.com: answered 200 \(12 bytes\) to a direct request without Cloudflare's client certificate/,
      );
    }
    // The handshake's own error keeps OpenSSL's reason (a request reports it as EPROTO).
    expect(results[2]?.detail).toMatch(
      /^as chat\.example\.com: answered the HTTPS port with something other than TLS \(ERR_SSL_WRONG_VERSION_NUMBER\), plain HTTP most likely/,
    );
  });

  test("passes a TLS 1.0-only origin that demands a client certificate, skips an EPROTO the handshake did not explain", async () => {
    const [r] = await checkOriginLockdown([target("locked-10.test")], io);
    expect(r).toMatchObject({ status: "pass", detail: expect.stringMatching(/\(ERR_SSL_(SSLV3|SSL\/TLS)_ALERT_HANDSHAKE_FAILURE\)/) });
    const eproto = { url: "https://192.0.2.11/", method: "GET", headers: {}, bodyBytes: 0, bodySnippet: "", elapsedMs: 1, error: "EPROTO" };
    expect(evaluateOriginLockdown(target("192.0.2.11"), eproto, "authenticated-origin-pulls").status).toBe("skip");
    const version = { completed: false, error: "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION" } as const;
    expect(evaluateOriginHandshake(target("192.0.2.11"), version, "authenticated-origin-pulls")).toBeUndefined();
  });

  test("skips an open origin refusing the handshake for no shared group: handshake_failure before any key is agreed", async () => {
    const shaken = await io.handshake("chat.example.com", "127.0.0.1#no-group.test");
    expect(shaken).toEqual({
      completed: false,
      error: expect.stringMatching(/^ERR_SSL_(SSLV3|SSL\/TLS)_ALERT_HANDSHAKE_FAILURE$/),
      keysAgreed: false,
    });
    const [r] = await checkOriginLockdown([target("no-group.test")], io);
    expect(r?.status).toBe("skip");
    // The TLS 1.2 refusal of a missing certificate comes after the keys: it still passes.
    expect(await io.handshake("chat.example.com", "127.0.0.1#locked-12.test")).toMatchObject({ keysAgreed: true });
    const failure = { completed: false, error: "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE" } as const;
    expect(evaluateOriginHandshake(target("192.0.2.11"), failure, "authenticated-origin-pulls")).toBeUndefined();
    expect(evaluateOriginHandshake(target("192.0.2.11"), { ...failure, keysAgreed: true }, "authenticated-origin-pulls")?.status).toBe(
      "pass",
    );
  });

  test("fails an origin whose error names plain text on the HTTPS port, when the error carries OpenSSL's reason", () => {
    const obs = { url: "https://192.0.2.11/", method: "GET", headers: {}, bodyBytes: 0, bodySnippet: "", elapsedMs: 1 };
    const r = evaluateOriginLockdown(target("192.0.2.11"), { ...obs, error: "ERR_SSL_WRONG_VERSION_NUMBER" }, "authenticated-origin-pulls");
    expect(r.status).toBe("fail");
    expect(r.detail).toMatch(
      /answered the HTTPS port with something other than TLS \(ERR_SSL_WRONG_VERSION_NUMBER\), plain HTTP most likely/,
    );
  });

  test("verify's origin probes make the handshake first and send GET / offering every TLS version", async () => {
    const specs: RequestSpec[] = [];
    const shaken: string[] = [];
    let handshake: HandshakeObservation = { completed: false, error: "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", keysAgreed: true };
    const unused = () => Promise.reject(new Error("not called by the origin probes"));
    const net: ProbeRun = {
      resolve: async () => ({ address: "192.0.2.11" }),
      records: unused,
      get: async (_host, _address, spec) => {
        specs.push(spec);
        return { url: "https://192.0.2.11/", method: "GET", status: 200, headers: {}, bodyBytes: 1, bodySnippet: "", elapsedMs: 1 };
      },
      connection: () => ({ get: unused, close: () => undefined }),
      tls: unused,
      legacyTls: unused,
      openHandshake: async (host) => {
        shaken.push(host);
        return handshake;
      },
      minCertDays: 14,
      now: new Date(0),
      ignorePort: false,
    };
    const origins = edgeProbes(cfg)[1];
    const { results } = (await origins?.run(net)) ?? { results: [] };
    const locked = results.filter((r) => r.check === "origin.lockdown");
    expect(locked.length).toBeGreaterThan(0);
    expect(locked.map((r) => r.status)).toEqual(locked.map(() => "pass"));
    expect(shaken).toHaveLength(locked.length);
    // Refused at the handshake: only the plain-HTTP requests were sent, and none offers TLS options.
    expect(specs.map((s) => [s.scheme, s.anyTls])).toEqual(specs.map(() => ["http", undefined]));
    // A completed handshake leaves it to GET /, which offers every version and cipher as Cloudflare does.
    handshake = { completed: true, protocol: "TLSv1" };
    specs.length = 0;
    const open = (await origins?.run(net))?.results.filter((r) => r.check === "origin.lockdown") ?? [];
    expect(open.map((r) => r.status)).toEqual(locked.map(() => "fail"));
    expect(specs.filter((s) => s.scheme === "https").map((s) => s.anyTls)).toEqual(locked.map(() => true));
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
