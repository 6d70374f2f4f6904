import type { AppConfig } from "../../config/schema";
import { stackName } from "../../core/names";
import type { Finding } from "./assess";
import type { ObservedOrganization } from "./observed";

/*
 * Every edge stack declares Access groups, policies, applications and service tokens (edge.access is a
 * required section), and Cloudflare keeps them in the account's Zero Trust organization: "To start using
 * Zero Trust features, create a Zero Trust organization in your Cloudflare account" (Cloudflare docs,
 * "Create a Zero Trust organization"). Only the dashboard makes one: provider v5 can import and update a
 * cloudflare_zero_trust_organization, golive declares none. Without it the first apply of the edge stack fails.
 */

/** Whether the account holds the Zero Trust organization the edge stack's Access objects need. */
export function zeroTrustFinding(cfg: AppConfig, org: ObservedOrganization): Finding {
  const account = cfg.cloudflare.accountId;
  const stack = stackName("edge", cfg.environment);
  const subject = `account ${account}`;
  if (org.state === "present") {
    const what = [org.name, org.authDomain].filter((s) => s !== undefined).join(", ");
    return { check: "zero-trust", severity: "ok", subject, message: `has a Zero Trust organization${what ? ` (${what})` : ""}` };
  }
  if (org.state === "refused")
    return {
      check: "zero-trust",
      severity: "fix",
      subject,
      message: `preflight cannot tell whether it has a Zero Trust organization, which the Access objects of ${stack} (groups, policies, applications) need: the Cloudflare API refused the token (HTTP ${org.status}); grant it Account: Access: Organizations, Identity Providers, and Groups Read and run preflight again`,
    };
  return {
    check: "zero-trust",
    severity: "fix",
    subject,
    message: `has no Zero Trust organization, and ${stack} declares Access objects (groups, policies, applications), which Cloudflare keeps in one: create it in the dashboard (Zero Trust: choose a team name, which becomes <team>.cloudflareaccess.com) and run preflight again (or check cloudflare.accountId), or the first apply of ${stack} fails`,
  };
}
