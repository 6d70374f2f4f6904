import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind, type SynthJson } from "../helpers/synth";

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const edge = synthKind(exampleConfig(), "edge");

/** One entry per destination (host or host/path) with the policies of the application covering it. */
function apps(json: SynthJson) {
  return resourcesOf(json, "cloudflare_zero_trust_access_application").flatMap(([id, r]) =>
    (r.destinations as { uri: string; type: string }[]).map((d) => ({
      id,
      uri: d.uri,
      policies: (r.policies as { id: string; precedence: number }[]).map((p) => p.id),
      r,
    })),
  );
}

function policyRef(logicalIdPrefix: string): string {
  const id = resourcesOf(edge, "cloudflare_zero_trust_access_policy").find(([k]) => k.startsWith(logicalIdPrefix))?.[0];
  return `\${cloudflare_zero_trust_access_policy.${id}.id}`;
}

describe("edge authentication (Cloudflare Access)", () => {
  test("every protected app hostname has an Access application covering the whole host", () => {
    const hosts = apps(edge)
      .filter((a) => !String(a.uri).includes("/"))
      .map((a) => a.uri)
      .sort();
    expect(hosts).toEqual(["api.example.com", "app.example.com", "chat.example.com"]);
  });

  test("the load-balanced release hostname is protected too, though the edge has no record for it", () => {
    const cfg = exampleConfig();
    expect(cfg.release?.hostname).toBe("app.example.com");
    expect(cfg.edge.hostnames.map((h) => h.name)).not.toContain("app.example.com");
    expect(apps(edge).map((a) => a.uri)).toContain("app.example.com");
    const without = apps(synthKind(exampleConfig([[["release"], undefined]]), "edge")).map((a) => a.uri);
    expect(without).not.toContain("app.example.com");
  });

  test("a hostname is left without Access only when config marks it public with a reason", () => {
    expect(apps(edge).some((a) => String(a.uri).startsWith("example.com"))).toBe(false);
    const cfg = exampleConfig([[["edge", "hostnames", 0, "public"], undefined]]);
    expect(apps(synthKind(cfg, "edge")).map((a) => a.uri)).toContain("example.com");
  });

  test("each application is self-hosted with a public destination, hardened cookies and the session duration", () => {
    for (const a of apps(edge)) {
      expect(a.r).toMatchObject({
        account_id: ACCOUNT,
        type: "self_hosted",
        session_duration: "8h",
        http_only_cookie_attribute: true,
        same_site_cookie_attribute: "lax",
        enable_binding_cookie: true,
      });
      expect(a.r.destinations).toContainEqual({ type: "public", uri: a.uri });
    }
  });

  test("every application is created after the zone this stack creates (its hostnames must be in a zone of the account)", () => {
    const [zone, ...more] = resourcesOf(edge, "cloudflare_zone").map(([id]) => `cloudflare_zone.${id}`);
    expect(more).toEqual([]);
    for (const a of apps(edge)) expect(a.r.depends_on).toEqual([zone]);
    // An adopted zone (cloudflare.zone.id) exists already: nothing to wait for.
    const adopted = synthKind(exampleConfig([[["cloudflare", "zone", "id"], "fedcba9876543210fedcba9876543210"]]), "edge");
    for (const a of apps(adopted)) expect(a.r.depends_on).toBeUndefined();
  });

  test("one application per path, covering that path on every protected hostname", () => {
    const byApp = resourcesOf(edge, "cloudflare_zero_trust_access_application").map(([, r]) =>
      (r.destinations as { uri: string }[]).map((d) => d.uri),
    );
    expect(
      byApp.sort((a, b) => a.length - b.length || String(a[0]).length - String(b[0]).length || String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ["chat.example.com", "api.example.com", "app.example.com"],
      ["chat.example.com/admin", "api.example.com/admin", "app.example.com/admin"],
      ["chat.example.com/hooks", "api.example.com/hooks", "app.example.com/hooks"],
    ]);
  });

  test("roles map to paths: / for users and admins, /admin for admins only", () => {
    const byUri = new Map(apps(edge).map((a) => [a.uri, a.policies]));
    expect(byUri.get("chat.example.com")).toEqual([policyRef("Access_policy-admins"), policyRef("Access_policy-users")]);
    expect(byUri.get("chat.example.com/admin")).toEqual([policyRef("Access_policy-admins")]);
  });

  test("machine callers use a service token on their paths only, with a non_identity policy", () => {
    const byUri = new Map(apps(edge).map((a) => [a.uri, a.policies]));
    expect(byUri.get("chat.example.com/hooks")).toEqual([policyRef("Access_policy-token-webhooks")]);
    const [[tokenId, token]] = resourcesOf(edge, "cloudflare_zero_trust_access_service_token") as [[string, Record<string, unknown>]];
    expect(token).toMatchObject({ account_id: ACCOUNT, name: "opsbot-production-webhooks", duration: "8760h" });
    const policy = resourcesOf(edge, "cloudflare_zero_trust_access_policy").find(([k]) =>
      k.startsWith("Access_policy-token-webhooks"),
    )?.[1];
    expect(policy).toMatchObject({
      decision: "non_identity",
      include: [{ service_token: { token_id: `\${cloudflare_zero_trust_access_service_token.${tokenId}.id}` } }],
    });
  });

  test("every policy declares the configured session duration: one left out is v5's 24h, which overrides the application's (#7221)", () => {
    const policies = resourcesOf(edge, "cloudflare_zero_trust_access_policy");
    expect(policies.map(([, p]) => p.decision).sort()).toEqual(["allow", "allow", "non_identity"]);
    for (const [, p] of policies) expect(p.session_duration).toBe("8h");
  });

  test("a service token's client secret is referenced by no output or other resource (it stays in state only)", () => {
    const text = JSON.stringify(edge);
    expect(text).not.toContain("client_secret");
    expect(Object.keys(edge.output ?? {}).sort()).toEqual(["dnssec_ds_record", "name_servers", "zone_id"]);
    expect(JSON.stringify(edge.output)).not.toContain("service_token");
  });

  test("role groups include exactly the configured identities", () => {
    const groups = new Map(resourcesOf(edge, "cloudflare_zero_trust_access_group").map(([, g]) => [g.name, g.include]));
    expect(groups.get("opsbot-production-users")).toEqual([{ email_domain: { domain: "example.com" } }]);
    expect(groups.get("opsbot-production-admins")).toEqual([
      { okta: { identity_provider_id: "00000000-0000-4000-8000-000000000001", name: "opsbot-admins" } },
    ]);
  });

  test("allow policies include only their group, never everyone", () => {
    for (const [, p] of resourcesOf(edge, "cloudflare_zero_trust_access_policy")) {
      expect(JSON.stringify(p.include)).not.toContain("everyone");
      if (p.decision === "allow")
        expect(p.include).toEqual([{ group: { id: expect.stringMatching(/^\$\{cloudflare_zero_trust_access_group\..+\.id\}$/) } }]);
    }
  });
});
