import type { StackInput } from "../../lib/core/readiness/model";
import { destinationsFor } from "../../lib/features/edge/resources";
import { addResource, blocksOf, check, clone, contextFor, envConfig, exampleEnv, messages, type Obj, ruleById } from "./support";

/**
 * GL-AUTHZ-001 and GL-AUTH-001 on the synthesized example, edited the way an addOverride or a
 * teammate's construct would: each edit opens the app to people nobody chose, and the rule must say so.
 */
const example = exampleEnv();
const config = envConfig(example.cfg);
const authz = ruleById("GL-AUTHZ-001");

function app(stacks: readonly StackInput[], path: string): Obj {
  const found = blocksOf(stacks, "cloudflare_zero_trust_access_application").find((b) => b.attrs.name === `opsbot-production ${path}`);
  if (!found) throw new Error(`no Access application for ${path}`);
  return found.attrs;
}

function policy(stacks: readonly StackInput[], suffix: string): Obj {
  const found = blocksOf(stacks, "cloudflare_zero_trust_access_policy").find((b) => String(b.attrs.name).endsWith(suffix));
  if (!found) throw new Error(`no policy ${suffix}`);
  return found.attrs;
}

function findings(edit: (s: StackInput[]) => void, rule = authz): string[] {
  const stacks = clone(example.stacks);
  edit(stacks);
  return messages(check(rule, stacks, { config }));
}

describe("GL-AUTHZ-001 reads every policy that reaches an app", () => {
  test("the example passes: roles through groups, the webhook path through one named service token", () => {
    expect(check(authz, example.stacks, { config }).kind).toBe("compliant");
  });

  test("fails an inline allow policy for everyone on the app", () => {
    const out = findings((s) => {
      app(s, "/").policies = [{ decision: "allow", include: [{ everyone: {} }], name: "open", precedence: 1 }];
    });
    expect(out).toEqual(['policies[0] (inline "open"): allow policy includes everyone: anyone who can sign in gets through']);
  });

  test("fails an inline bypass policy placed before the role policies", () => {
    const out = findings((s) => {
      const root = app(s, "/");
      root.policies = [
        { decision: "bypass", include: [{ email_domain: { domain: "example.com" } }], precedence: 1 },
        ...(root.policies as Obj[]),
      ];
    });
    expect(out).toEqual(['policies[0] (inline): decision is "bypass": requests skip authentication']);
  });

  test("fails when a group a policy includes takes in everyone (groups are followed)", () => {
    const out = findings((s) => {
      for (const b of blocksOf(s, "cloudflare_zero_trust_access_group"))
        if (String(b.attrs.name).endsWith("-users")) b.attrs.include = [{ everyone: {} }];
    });
    expect(out).toEqual([
      expect.stringMatching(
        /^allow policy includes group "opsbot-production-users" \(cloudflare_zero_trust_access_group\.Access_group-users_[0-9A-F]{8}\), which includes everyone: anyone who can sign in gets through$/,
      ),
    ]);
  });

  test("fails a group admitting a public mail provider's domain: anyone can get a gmail.com address", () => {
    const out = findings((s) => {
      for (const b of blocksOf(s, "cloudflare_zero_trust_access_group"))
        if (String(b.attrs.name).endsWith("-users")) b.attrs.include = [{ email_domain: { domain: "gmail.com" } }];
    });
    expect(out).toEqual([
      expect.stringMatching(
        /^allow policy includes group "opsbot-production-users" \(cloudflare_zero_trust_access_group\.Access_group-users_[0-9A-F]{8}\), which includes the e-mail domain gmail\.com, a public mail provider's \(anyone can get an address there\): anyone who can sign in gets through$/,
      ),
    ]);
  });

  test("fails a group opened through a nested group, and one opened by a login method", () => {
    const out = findings((s) => {
      addResource(s, "edge-", "cloudflare_zero_trust_access_group", "Wide", { name: "wide", include: [{ login_method: { id: "otp" } }] });
      for (const b of blocksOf(s, "cloudflare_zero_trust_access_group"))
        if (String(b.attrs.name).endsWith("-admins"))
          b.attrs.include = [{ group: { id: "${cloudflare_zero_trust_access_group.Wide.id}" } }];
    });
    expect(out).toEqual([
      expect.stringContaining('which includes group "wide" (cloudflare_zero_trust_access_group.Wide), which includes a login method'),
    ]);
  });

  test("fails a Service Auth policy for any valid service token: every token of the account reaches /hooks", () => {
    const out = findings((s) => {
      policy(s, "-token-webhooks").include = [{ any_valid_service_token: {} }];
    });
    expect(out).toEqual([
      "non_identity (Service Auth) policy includes any valid service token (every service token of the account): requests get through without a login",
    ]);
  });

  test("a require naming a role closes an include for everyone; an exclude of a few does not", () => {
    const narrowed = findings((s) => {
      const users = policy(s, "-allow-users");
      users.require = users.include;
      users.include = [{ everyone: {} }];
    });
    expect(narrowed).toEqual([]);
    const excluded = findings((s) => {
      const users = policy(s, "-allow-users");
      users.include = [{ everyone: {} }];
      users.exclude = [{ email: { email: "mallory@example.com" } }];
    });
    expect(excluded).toEqual(["allow policy includes everyone: anyone who can sign in gets through"]);
  });

  test("fails a policy or group the synth does not declare: who it admits cannot be read", () => {
    const out = findings((s) => {
      app(s, "/admin").policies = [{ id: "f1e2d3c4-0000-4000-8000-000000000000", precedence: 1 }];
      policy(s, "-allow-users").include = [{ group: { id: "0b0b0b0b-0000-4000-8000-000000000000" } }];
    });
    expect(out).toEqual([
      'allow policy: who it admits cannot be verified: group "0b0b0b0b-0000-4000-8000-000000000000" is not declared in the synth, so its members cannot be read',
      'policies[0] is policy "f1e2d3c4-0000-4000-8000-000000000000", which the synth does not declare, so who it admits cannot be verified',
    ]);
  });
});

describe("GL-AUTHZ-001: each configured path on each hostname reaches the application of its roles", () => {
  test("fails when the /admin application misses one host: chat.example.com/admin falls to the / application and its roles", () => {
    const out = findings((s) => {
      const admin = app(s, "/admin");
      admin.destinations = (admin.destinations as Obj[]).filter((d) => d.uri !== "chat.example.com/admin");
    });
    expect(out).toEqual([
      expect.stringMatching(
        /^chat\.example\.com\/admin falls to cloudflare_zero_trust_access_application\.\S+ \(most specific destination chat\.example\.com\), built for edge\.access path \/ \(role admins, role users\); edge\.access gives \/admin role admins: add chat\.example\.com\/admin to the destinations of its own application$/,
      ),
    ]);
  });

  test("passes an /admin application whose destinations end in /* (Access reads them as the path and below)", () => {
    const out = findings((s) => {
      const admin = app(s, "/admin");
      admin.destinations = (admin.destinations as Obj[]).map((d) => ({ ...d, uri: `${d.uri}/*` }));
    });
    expect(out).toEqual([]);
  });
});

describe("GL-AUTH-001 counts only Access applications that gate requests", () => {
  const rule = ruleById("GL-AUTH-001");

  test("fails when the hostname's application is a bookmark (an App Launcher tile, no login)", () => {
    const out = findings((s) => {
      const root = app(s, "/");
      root.type = "bookmark";
      root.domain = "chat.example.com";
      delete root.destinations;
    }, rule);
    expect(out).toContain(
      'chat.example.com is proxied to users but no Access application covers it and it is not declared public (cloudflare_zero_trust_access_application.Access_app-root_71574A7B names it, but its type "bookmark" puts no login in front of requests; only self_hosted, ssh, vnc, rdp do)',
    );
  });

  /** Adds a proxied record `Internal` for `host` to the edge stack, as an override would. */
  const addHost = (s: StackInput[], host: string, type = "A") =>
    addResource(s, "edge-", "cloudflare_dns_record", "Internal", {
      name: host,
      type,
      content: "192.0.2.60",
      proxied: true,
      ttl: 1,
      zone_id: "${cloudflare_zone.Zone_A5DE4B68.id}",
    });

  test("a wildcard destination covers one label: *.example.com protects internal.example.com, not internal.eu.example.com", () => {
    const behindWildcard = (host: string) =>
      findings((s) => {
        addHost(s, host);
        (app(s, "/").destinations as Obj[]).push({ type: "public", uri: "*.example.com" });
      }, rule);
    expect(behindWildcard("internal.example.com")).toEqual([]);
    expect(behindWildcard("internal.eu.example.com")).toEqual([
      "internal.eu.example.com is proxied to users but no Access application covers it and it is not declared public",
    ]);
  });

  test("destinationsFor looks a host's applications up as hostMatches reads them: its own name, and a wildcard one label above", () => {
    const stacks = clone(exampleEnv().stacks);
    (app(stacks, "/").destinations as Obj[]).push({ type: "public", uri: "*.example.com" });
    const { env } = contextFor(stacks);
    const named = (host: string) => destinationsFor(env, host).map((d) => `${d.host}${d.path}`);
    expect(named("chat.example.com")).toEqual(expect.arrayContaining(["chat.example.com", "chat.example.com/admin", "*.example.com"]));
    expect(named("internal.example.com")).toEqual(["*.example.com"]);
    expect(named("internal.eu.example.com")).toEqual([]);
    expect(named("example.com")).toEqual([]);
  });

  test("fails a proxied record whose type is written in lower case (the provider takes any case)", () => {
    expect(findings((s) => addHost(s, "internal.example.com", "a"), rule)).toEqual([
      "internal.example.com is proxied to users but no Access application covers it and it is not declared public",
    ]);
  });

  test("fails an application that lets OPTIONS preflights bypass Access, naming it, and one whose flag is an expression", () => {
    const bypass = (value: unknown) =>
      findings((s) => {
        app(s, "/admin").options_preflight_bypass = value;
      }, rule);
    expect(bypass(true)).toEqual([
      expect.stringMatching(
        /^Access application "opsbot-production \/admin" \(cloudflare_zero_trust_access_application\.[^)]+\) has options_preflight_bypass true: OPTIONS requests reach the origin without Access authentication/,
      ),
    ]);
    expect(bypass("${var.preflight}")).toEqual([
      expect.stringContaining("has options_preflight_bypass the expression ${var.preflight}, which may be true"),
    ]);
    expect(bypass(false)).toEqual([]);
  });

  test("fails for an application without a type (v5 has no default), and passes a browser-rendered ssh one", () => {
    expect(
      findings((s) => {
        delete app(s, "/").type;
      }, rule),
    ).toHaveLength(3);
    expect(
      findings((s) => {
        app(s, "/").type = "ssh";
      }, rule),
    ).toEqual([]);
  });
});
