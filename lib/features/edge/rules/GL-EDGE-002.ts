import { checkZoneSetting } from "../resources";
import type { Rule } from "../../../platform/readiness";

export const tlsMinimum: Rule = {
  id: "GL-EDGE-002",
  title: "Minimum TLS version is 1.2 or higher",
  severity: "blocker",
  row: "email-domain-ssl",
  explanation:
    "TLS 1.0 and 1.1 are deprecated (RFC 8996) and fail PCI and most security reviews; clients that need them are not the audience of an internal app.",
  fix: 'Declare cloudflare_zone_setting min_tls_version = "1.2" (or "1.3").',
  check: ({ env }) =>
    checkZoneSetting(env, "min_tls_version", (v) =>
      v === "1.2" || v === "1.3" ? undefined : `is ${JSON.stringify(v)}, must be "1.2" or "1.3"`,
    ),
};
