import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { edgeProbePlan, protectedPaths } from "../../lib/features/edge/probes/plan";
import { latencyProbe, latencySkipReason } from "../../lib/features/monitoring/latency-probe";
import { absoluteName } from "../../lib/core/names";
import { synthesizedRecords } from "../../lib/engines/verify/synth-records";
import { type ConfigEdit, configErrorText, EXAMPLE_CONFIG_DIR, exampleConfig } from "../helpers/example-config";
import { SYNTH_STACKS, TOKEN_ENV, writeRecordsSynth } from "./fixtures";

function edgeOnly() {
  return exampleConfig([
    [["email"], undefined],
    [["secrets"], undefined],
    [["release"], undefined],
    [["monitoring"], undefined],
    [["readiness"], undefined],
    [["state"], undefined],
  ]);
}

describe("verify plan for the production example", () => {
  const plan = edgeProbePlan(edgeOnly());

  test("probes every app hostname and every redirect-only name", () => {
    expect(plan.hosts).toEqual([
      { name: "example.com", role: "app", protected: false },
      { name: "chat.example.com", role: "app", protected: true },
      { name: "api.example.com", role: "app", protected: true },
      { name: "www.example.com", role: "redirect", protected: false },
      { name: "old.example.com", role: "redirect", protected: false },
    ]);
  });

  test("expects the canonical and configured redirects with their status and the path kept", () => {
    expect(plan.redirects).toEqual([
      {
        check: "redirect.canonical",
        host: "www.example.com",
        path: "/golive-verify",
        expectedStatus: 301,
        expectedLocation: "https://example.com/golive-verify",
      },
      {
        check: "redirect.config",
        host: "old.example.com",
        path: "/golive-verify",
        expectedStatus: 301,
        expectedLocation: "https://chat.example.com/golive-verify",
      },
      {
        check: "redirect.config",
        host: "example.com",
        path: "/docs/golive-verify",
        expectedStatus: 308,
        expectedLocation: "https://chat.example.com/help/golive-verify",
      },
    ]);
  });

  test("probes rate-limited, Access, admin and service-token paths; `/` only where Access guards it", () => {
    expect(protectedPaths(edgeOnly())).toEqual(["/api/chat", "/api/tools", "/api/actions", "/", "/admin", "/hooks"]);
    expect(plan.auth.filter((a) => a.host === "example.com").map((a) => a.path)).toEqual([
      "/api/chat",
      "/api/tools",
      "/api/actions",
      "/admin",
      "/hooks",
    ]);
    expect(plan.auth.filter((a) => a.host === "chat.example.com").map((a) => a.path)).toContain("/");
  });

  test("times the chat hostname at its service token's path (the one place Access lets a machine through) and sends CORS probes to the chat API path", () => {
    expect(latencyProbe(edgeOnly())).toEqual({ host: "chat.example.com", path: "/hooks", protected: true });
    expect(plan.cors.map((c) => `${c.host}${c.path}`)).toEqual([
      "example.com/api/chat",
      "chat.example.com/api/chat",
      "api.example.com/api/chat",
    ]);
  });
});

describe("records read from synthesized stacks", () => {
  test("relative names and @ are completed with the zone", () => {
    expect(absoluteName("@", "example.com")).toBe("example.com");
    expect(absoluteName("sel1._domainkey", "example.com")).toBe("sel1._domainkey.example.com");
    expect(absoluteName("_DMARC.example.com.", "example.com")).toBe("_dmarc.example.com");
  });

  test("TXT is unquoted, MX keeps its priority, proxied records are left out, `${...}` values are unverifiable", () => {
    const email = synthesizedRecords(
      "email-production",
      { resource: { cloudflare_dns_record: SYNTH_STACKS["email-production"] } },
      "example.com",
    );
    expect(email.map((r) => [r.type, r.name, r.value, r.priority])).toEqual([
      ["CNAME", "<dkim_tokens[0]>._domainkey.example.com", undefined, undefined],
      ["CNAME", "<dkim_tokens[1]>._domainkey.example.com", undefined, undefined],
      ["CNAME", "<dkim_tokens[2]>._domainkey.example.com", undefined, undefined],
      ["TXT", "_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.com; adkim=s; aspf=s", undefined],
      ["MX", "mail.example.com", "feedback-smtp.us-east-1.amazonses.com", 10],
      ["TXT", "mail.example.com", "v=spf1 include:amazonses.com -all", undefined],
      ["CNAME", "sel1._domainkey.example.com", "sel1.dkim.amazonses.com", undefined],
    ]);
    const edge = synthesizedRecords(
      "edge-production",
      { resource: { cloudflare_dns_record: SYNTH_STACKS["edge-production"] } },
      "example.com",
    );
    expect(edge.map((r) => r.type)).toEqual(["TXT"]);
  });

  test("a stack without DNS records, or JSON of another shape, yields nothing", () => {
    expect(synthesizedRecords("secrets-production", { resource: { aws_kms_key: {} } }, "example.com")).toEqual([]);
    expect(synthesizedRecords("x", "not json", "example.com")).toEqual([]);
  });
});

describe("verify plan: the latency probe", () => {
  test("times monitoring.latency.hostname when the config names one, knowing whether Access guards it", () => {
    const publicHost = exampleConfig([
      [["monitoring", "latency", "hostname"], "example.com"],
      [["monitoring", "latency", "target"], "edge"],
    ]);
    expect(latencyProbe(publicHost, "/health")).toEqual({
      host: "example.com",
      path: "/health",
      protected: false,
      target: "edge",
    });
    const api = exampleConfig([[["monitoring", "latency", "hostname"], "api.example.com"]]);
    expect(latencyProbe(api)).toEqual({ host: "api.example.com", path: "/hooks", protected: true, target: "origin" });
  });

  test("times monitoring.latency.path when set; --health-path replaces it", () => {
    const cfg = exampleConfig([[["monitoring", "latency", "path"], "/hooks/healthz"]]);
    expect(latencyProbe(cfg)).toMatchObject({ host: "chat.example.com", path: "/hooks/healthz" });
    expect(latencyProbe(cfg, "/hooks/other").path).toBe("/hooks/other");
    expect(latencyProbe(cfg)).not.toHaveProperty("unreachable");
  });

  test("behind Access with no service token allowed on the path, the plan says why a token only reaches the login", () => {
    expect(latencyProbe(exampleConfig(), "/health").unreachable).toMatch(
      /^\/health on chat\.example\.com is behind Cloudflare Access and no service token is allowed there/,
    );
    // No service token at all: nothing can get past the login, so the default is / and says so.
    const none = latencyProbe(exampleConfig([[["edge", "access", "serviceTokens"], []]]));
    expect(none).toMatchObject({ path: "/", protected: true });
    expect(none.unreachable).toMatch(/allowed: a path of a service token \(add one under edge\.access\.serviceTokens/);
    // Skipped, token or not: sending it would only time the login.
    expect(latencySkipReason(none, true)).toBe(`not measured: ${none.unreachable}`);
  });
});

describe("monitoring.latency.path is validated at config load", () => {
  const onChat = (path: string, more: readonly ConfigEdit[] = []) => configErrorText([[["monitoring", "latency", "path"], path], ...more]);

  test("a path at or below a service token's path of a hostname behind Access is valid", () => {
    expect(onChat("/hooks")).toBe("");
    expect(onChat("/hooks/healthz")).toBe("");
  });

  test("fails when no service token is allowed on the path, naming the field and the token paths", () => {
    expect(onChat("/healthz")).toContain(
      "monitoring.latency.path: /healthz on chat.example.com is behind Cloudflare Access and no service token is allowed there, so a latency probe only reaches the Access login; allowed: a path at or below a service token's path (/hooks) that the app answers GET on, such as /hooks/healthz, or a hostname marked public",
    );
    // /hooksx is not below /hooks (segment boundary), and a longer Access path of its own wins over the token's.
    expect(onChat("/hooksx")).toContain("monitoring.latency.path: /hooksx on chat.example.com");
    const rolesOnly: ConfigEdit = [["edge", "access", "paths", 2], { path: "/hooks/admin", roles: ["admins"] }];
    expect(onChat("/hooks/admin/x", [rolesOnly])).toContain("monitoring.latency.path: /hooks/admin/x on chat.example.com");
  });

  test("any path of a public hostname is valid: no Access application stands in front of it", () => {
    expect(
      configErrorText([
        [["monitoring", "latency", "hostname"], "example.com"],
        [["monitoring", "latency", "target"], "edge"],
        [["monitoring", "latency", "path"], "/healthz"],
      ]),
    ).toBe("");
  });
});

describe("verify --dry-run", () => {
  test("lists every probe, the release hostname's included, and sends none", async () => {
    const cwd = tempDir("golive-dry-");
    cpSync(EXAMPLE_CONFIG_DIR, join(cwd, "config"), { recursive: true });
    // A resolver nobody listens on: a probe sent would fail, and the dry run must not send any.
    const r = await golive(["verify", "production", "--dry-run", "--json", "--resolver", "127.0.0.1:9", "--loopback-only"], { cwd });
    expect(r.code).toBe(0);
    const probes = (JSON.parse(r.stdout) as { probes: { check: string; target: string }[] }).probes;
    expect(probes).toContainEqual(expect.objectContaining({ check: "tls", target: "app.example.com:443" }));
    expect(probes).toContainEqual(
      expect.objectContaining({ check: "auth.unauthenticated", target: expect.stringMatching(/^GET https:\/\/app\.example\.com\//) }),
    );
    expect(probes.filter((p) => p.check === "latency.p95")).toHaveLength(1);
    expect(probes.some((p) => p.check === "dns.record")).toBe(true);
    // The p95 bar is the config's monitoring.latency.p95Ms unless --p95-bar-ms says otherwise. The bar
    // comes from config alone: these runs read a synth output (./fixtures) instead of synthesizing again.
    writeRecordsSynth(join(cwd, "records-only"));
    const bar = async (extra: string[]) => {
      const run = await golive(["verify", "production", "--dry-run", "--json", "--dir", "records-only", ...extra], { cwd, env: TOKEN_ENV });
      return (JSON.parse(run.stdout) as { probes: { check: string; proves: string }[] }).probes.find((p) => p.check === "latency.p95")
        ?.proves;
    };
    const file = join(cwd, "config", "production.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^( {4}p95Ms:) \d+$/m, "$1 700"));
    expect(await bar([])).toMatch(/^p95 <= 700 ms, with the Access service token/);
    // With the token, the example times a path its service token is allowed on (edge.access.serviceTokens: /hooks).
    const withToken = await golive(["verify", "production", "--dry-run", "--json", "--dir", "records-only"], { cwd, env: TOKEN_ENV });
    const latency = (JSON.parse(withToken.stdout) as { probes: { check: string; target: string }[] }).probes.find(
      (p) => p.check === "latency.p95",
    );
    expect(latency?.target).toBe("GET https://chat.example.com/hooks x 20");
    expect(await bar(["--p95-bar-ms", "450"])).toMatch(/^p95 <= 450 ms, with the Access service token/);
  });
});
