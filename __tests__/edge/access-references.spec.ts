import { exampleConfig } from "../helpers/example-config";
import { type SynthJson, synthKind } from "../helpers/synth";
import { bothReviews, edgeBlock } from "./edge-risks.helpers";

const edge = (): SynthJson => synthKind(exampleConfig(), "edge");
const APP = "cloudflare_zero_trust_access_application";
const POLICY = "cloudflare_zero_trust_access_policy";
const ref = (name: string) => ({ id: `\${${POLICY}.${name}.id}`, precedence: 1 });

describe("Access applications are judged by the policies they use by reference", () => {
  test("a new bypass policy for everyone, attached to the admin app, is flagged in both reviews", () => {
    const head = edge();
    head.resource[POLICY] = {
      ...head.resource[POLICY],
      Access_policy_open: { account_id: "0123456789abcdef0123456789abcdef", name: "open", decision: "bypass", include: [{ everyone: {} }] },
    };
    const [, admin] = edgeBlock(head, APP, "Access_app-admin");
    admin.policies = [ref("Access_policy_open"), ...(admin.policies as unknown[])];
    for (const flags of bothReviews(edge(), head)) {
      expect(flags).toEqual(
        expect.arrayContaining([
          `access-widened ${POLICY}.Access_policy_open: open: new policy with decision bypass, include everyone: lets anyone in where an application uses it`,
          expect.stringMatching(
            /^access-widened cloudflare_zero_trust_access_application\.Access_app-admin_\w+: .+: policies now use open \(was .+\): decision bypass, include everyone: lets anyone in$/,
          ),
        ]),
      );
    }
  });

  test("the admin app swapped to the users' policy names the policy it now uses", () => {
    const head = edge();
    const [users] = edgeBlock(head, POLICY, "Access_policy-users");
    const [, admin] = edgeBlock(head, APP, "Access_app-admin");
    admin.policies = [ref(users)];
    for (const flags of bothReviews(edge(), head))
      expect(flags).toEqual([
        expect.stringMatching(
          /^access-widened cloudflare_zero_trust_access_application\.Access_app-admin_\w+: chat\.example\.com\/admin: policies now use opsbot-production-allow-users \(was opsbot-production-allow-admins\): review who it lets in$/,
        ),
      ]);
  });

  test("a new policy that names who gets in, unused, raises no flag", () => {
    const head = edge();
    head.resource[POLICY] = {
      ...head.resource[POLICY],
      Access_policy_ops: { name: "ops", decision: "allow", include: [{ email_domain: { domain: "example.org" } }] },
    };
    for (const flags of bothReviews(edge(), head)) expect(flags).toEqual([]);
  });

  test("a path that leaves its app but stays under the root app says it falls back to the root app's policies", () => {
    const head = edge();
    const [, admin] = edgeBlock(head, APP, "Access_app-admin");
    admin.destinations = (admin.destinations as { uri: string }[]).filter((d) => d.uri !== "chat.example.com/admin");
    for (const flags of bothReviews(edge(), head))
      expect(flags).toEqual([
        expect.stringMatching(
          /: chat\.example\.com\/admin left its own Access application: falls back to the policies of opsbot-production \/ \(chat\.example\.com\)$/,
        ),
      ]);
  });
});

describe("plan review: Access sessions and service tokens that last longer", () => {
  test("a policy's and an application's session_duration raised, and a service token made forever, are flagged in both reviews", () => {
    const head = edge();
    edgeBlock(head, POLICY, "Access_policy-admins")[1].session_duration = "720h";
    edgeBlock(head, APP, "Access_app-admin")[1].session_duration = "24h";
    edgeBlock(head, "cloudflare_zero_trust_access_service_token", "Access_token-webhooks")[1].duration = "forever";
    for (const flags of bothReviews(edge(), head))
      expect(flags.map((f) => f.replace(/_[0-9A-F]{8}:/, ":"))).toEqual([
        `access-widened ${APP}.Access_app-admin: chat.example.com/admin: session_duration raised: "8h" -> "24h": stolen, it stays valid longer`,
        `access-widened ${POLICY}.Access_policy-admins: opsbot-production-allow-admins: session_duration raised: "8h" -> "720h": stolen, it stays valid longer`,
        'access-widened cloudflare_zero_trust_access_service_token.Access_token-webhooks: service token opsbot-production-webhooks: duration raised: "8760h" -> "forever": it never expires',
      ]);
  });

  test("shorter sessions and tokens raise no flag", () => {
    const head = edge();
    edgeBlock(head, POLICY, "Access_policy-admins")[1].session_duration = "1h30m";
    edgeBlock(head, "cloudflare_zero_trust_access_service_token", "Access_token-webhooks")[1].duration = "4380h";
    for (const flags of bothReviews(edge(), head)) expect(flags).toEqual([]);
  });
});
