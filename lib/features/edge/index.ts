import type { Feature } from "../../platform/feature";
import { accessWidened } from "./risks/access";
import { firewallLoosened } from "./risks/firewall";
import { hstsOff, tlsLowered } from "./risks/tls";
import { accessEveryHostname } from "./rules/access-every-hostname";
import { accessPoliciesByRole } from "./rules/access-policies-by-role";
import { caa } from "./rules/caa";
import { csrfEdge } from "./rules/csrf-edge";
import { dnssec } from "./rules/dnssec";
import { hsts } from "./rules/hsts";
import { rateLimitChat } from "./rules/rate-limit-chat";
import { rateLimitTools } from "./rules/rate-limit-tools";
import { sslStrict } from "./rules/ssl-strict";
import { tlsMinimum } from "./rules/tls-minimum";
import { wafManaged } from "./rules/waf-managed";
import { wafOwasp } from "./rules/waf-owasp";
import { validateEdge } from "./validate";

/** The edge stack owns the zone: other stacks look it up, and `zone` export starts from it. */
export const EDGE_STACK_KIND = "edge";

/** The Cloudflare edge: zone hardening, DNS, redirects, WAF, rate limits, headers, Cloudflare Access. */
export const edgeFeature: Feature = {
  name: "edge",
  stack: { kind: EDGE_STACK_KIND, build: (scope, cfg) => (require("./stack") as typeof import("./stack")).buildEdgeStack(scope, cfg) },
  validate: validateEdge,
  rules: [
    accessEveryHostname,
    accessPoliciesByRole,
    wafManaged,
    wafOwasp,
    rateLimitChat,
    rateLimitTools,
    csrfEdge,
    sslStrict,
    tlsMinimum,
    hsts,
    dnssec,
    caa,
  ],
  risks: [tlsLowered, hstsOff, firewallLoosened, accessWidened],
};
