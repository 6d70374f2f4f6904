import type { AppConfig } from "../../config/schema";
import { emailSendingDomain, mtaStsHostname as mtaStsHostOf } from "../../core/mta-sts-host";
import { type EdgeRule, exprString } from "./edge-rule";

/**
 * `mta-sts.<sending domain>`, where the email stack serves the MTA-STS policy (RFC 8461 3.2); undefined
 * without an email section. From lib/core/mta-sts-host.ts, as email's model has it: email imports
 * edge, so edge may not import it back.
 */
export function mtaStsHostname(cfg: AppConfig): string | undefined {
  return cfg.email ? mtaStsHostOf(emailSendingDomain(cfg.cloudflare.zone.name, cfg.email.domain)) : undefined;
}

/**
 * Configuration rules (phase `http_config_settings`) that turn zone settings off for some requests.
 *
 * The zone keeps Browser Integrity Check on (`browser_check`), which challenges requests without a
 * User-Agent (developers.cloudflare.com/waf/tools/browser-integrity-check/). Sending MTAs fetch the
 * MTA-STS policy with plain HTTPS clients that often send none; a challenge page is not a policy, so
 * they treat the domain as having none and deliver without TLS (RFC 8461 3.3, 5): BIC is off on that host.
 */
export function configSettingRules(cfg: AppConfig): EdgeRule[] {
  const host = mtaStsHostname(cfg);
  if (host === undefined) return [];
  return [
    {
      ref: "mta_sts_no_bic",
      description: `MTA-STS policy fetchers send no User-Agent: no Browser Integrity Check on ${host}`,
      expression: `http.host eq ${exprString(host)}`,
      action: "set_config",
      enabled: true,
      actionParameters: { bic: false },
    },
  ];
}
