import { ZeroTrustAccessApplication } from "@cdktf/provider-cloudflare/lib/zero-trust-access-application";
import { ZeroTrustAccessGroup } from "@cdktf/provider-cloudflare/lib/zero-trust-access-group";
import { ZeroTrustAccessPolicy } from "@cdktf/provider-cloudflare/lib/zero-trust-access-policy";
import { ZeroTrustAccessServiceToken } from "@cdktf/provider-cloudflare/lib/zero-trust-access-service-token";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { type AccessModel, groupId, rolePolicyId, tokenPolicyId } from "../access";

export interface EdgeAccessProps {
  readonly accountId: string;
  /** Prefix for names shown in the Zero Trust dashboard: `<app>-<env>`. */
  readonly namePrefix: string;
  readonly sessionDuration: string;
  readonly model: AccessModel;
  /**
   * What the applications are created after: the zone when this stack creates it. An application's
   * hostnames must be in a zone of the account (Cloudflare Access, self-hosted applications), and
   * nothing else orders an application after the zone on the first apply. @default none
   */
  readonly after?: readonly ITerraformDependable[];
}

/** Access groups per role, reusable allow policies, service tokens, and one application per host+path. */
export class EdgeAccess extends Construct {
  readonly applications: ReadonlyMap<string, ZeroTrustAccessApplication>;
  readonly serviceTokens: ReadonlyMap<string, ZeroTrustAccessServiceToken>;

  constructor(scope: Construct, id: string, props: EdgeAccessProps) {
    super(scope, id);
    const { accountId, namePrefix, model } = props;
    const rolePolicies = new Map<string, ZeroTrustAccessPolicy>();
    for (const role of model.roles) {
      const group = new ZeroTrustAccessGroup(this, groupId(role.name), {
        accountId,
        name: `${namePrefix}-${role.name}`,
        include: role.include.map((i) => ({ ...i })),
      });
      rolePolicies.set(
        role.name,
        new ZeroTrustAccessPolicy(this, rolePolicyId(role.name), {
          accountId,
          name: `${namePrefix}-allow-${role.name}`,
          decision: "allow",
          include: [{ group: { id: group.id } }],
          sessionDuration: props.sessionDuration,
        }),
      );
    }
    const tokens = new Map<string, ZeroTrustAccessServiceToken>();
    const tokenPolicies = new Map<string, ZeroTrustAccessPolicy>();
    for (const t of model.serviceTokens) {
      const token = new ZeroTrustAccessServiceToken(this, `token-${t.name}`, {
        accountId,
        name: `${namePrefix}-${t.name}`,
        duration: t.duration,
      });
      tokens.set(t.name, token);
      tokenPolicies.set(
        t.name,
        new ZeroTrustAccessPolicy(this, tokenPolicyId(t.name), {
          accountId,
          name: `${namePrefix}-token-${t.name}`,
          // non_identity: machine callers present the token headers instead of logging in.
          decision: "non_identity",
          include: [{ serviceToken: { tokenId: token.id } }],
          // Declared, as on every policy: a policy's duration overrides the application's, and v5 sends
          // its schema default (24h) for one left out (zero_trust_access_policy/schema.go;
          // terraform-provider-cloudflare#7221, #7129), so a token's session would outlive the configured one.
          sessionDuration: props.sessionDuration,
        }),
      );
    }
    const apps = new Map<string, ZeroTrustAccessApplication>();
    for (const app of model.apps) {
      const policies = [...app.roles.map((r) => rolePolicies.get(r)), ...app.serviceTokens.map((t) => tokenPolicies.get(t))].filter(
        (p): p is ZeroTrustAccessPolicy => p !== undefined,
      );
      apps.set(
        app.key,
        new ZeroTrustAccessApplication(this, `app-${app.key}`, {
          accountId,
          name: `${namePrefix} ${app.path}`,
          type: "self_hosted",
          destinations: app.destinations.map((uri) => ({ type: "public", uri })),
          sessionDuration: props.sessionDuration,
          appLauncherVisible: app.path === "/",
          httpOnlyCookieAttribute: true,
          sameSiteCookieAttribute: "lax",
          enableBindingCookie: true,
          policies: policies.map((p, i) => ({ id: p.id, precedence: i + 1 })),
          ...(props.after && props.after.length > 0 ? { dependsOn: [...props.after] } : {}),
        }),
      );
    }
    this.applications = apps;
    this.serviceTokens = tokens;
  }
}
