import type { Feature } from "../../platform/feature";
import { EDGE_CORE } from "./resources";
import { generatedConfigFile } from "../../platform/generated-file";
import { AdoptFile, adoptFileRelativePath, adoptionMismatches, adoptionOf, attachAdoption } from "./adoption";
import { edgeCrossEnvironmentIssues } from "./cross-env";
import { accessWidened } from "./risks/access";
import { dnsExposed } from "./risks/dns";
import { firewallLoosened } from "./risks/firewall";
import { originProtectionTurnedOff } from "./risks/origin-pulls";
import { hstsOff, tlsLowered } from "./risks/tls";
import { urlNormalizationLoosened } from "./risks/url-normalization";
import { accessEveryHostname } from "./rules/GL-AUTH-001";
import { originLockdown } from "./rules/GL-AUTH-002";
import { accessPoliciesByRole } from "./rules/GL-AUTHZ-001";
import { caa } from "./rules/GL-EDGE-005";
import { csrfEdge } from "./rules/GL-CSRF-001";
import { dnssec } from "./rules/GL-EDGE-004";
import { hsts } from "./rules/GL-EDGE-003";
import { rateLimitChat } from "./rules/GL-EDGE-008";
import { rateLimitTools } from "./rules/GL-EDGE-009";
import { sslStrict } from "./rules/GL-EDGE-001";
import { tlsMinimum } from "./rules/GL-EDGE-002";
import { wafManaged } from "./rules/GL-EDGE-006";
import { wafOwasp } from "./rules/GL-EDGE-007";
import { urlNormalization } from "./rules/GL-EDGE-010";
import { DNS_TEMPLATE_SAFE } from "./schema";
import { validateEdge } from "./validate";
import { edgeZoneNames } from "./zone-names";

/** The edge stack owns the zone: other stacks look it up, and `zone` export starts from it. */
export const EDGE_STACK_KIND = "edge";

/** config/adopt/<env>.json: what `golive preflight <env> --write` found in Cloudflare for the stacks to adopt. */
export const ADOPT_FILE = generatedConfigFile({
  path: adoptFileRelativePath,
  // A generated file of ids: a few KB even with hundreds of records.
  maxBytes: 256 * 1024,
  writtenBy: (env) => `golive preflight ${env} --write`,
  schema: AdoptFile,
  mismatches: adoptionMismatches,
  attach: attachAdoption,
});

/** The Cloudflare edge: zone hardening, DNS, redirects, WAF, rate limits, headers, Cloudflare Access. */
export const edgeFeature: Feature = {
  name: "edge",
  templateSafe: DNS_TEMPLATE_SAFE,
  stack: {
    kind: EDGE_STACK_KIND,
    build: (scope, cfg) => (require("./stack") as typeof import("./stack")).buildEdgeStack(scope, cfg),
    appliedBy: "deploy",
    // Access service-token client secrets.
    stateHoldsSecrets: true,
    // Cloudflare only.
    awsServices: [],
    core: EDGE_CORE,
  },
  validate: validateEdge,
  crossEnvironment: edgeCrossEnvironmentIssues,
  zoneNames: edgeZoneNames,
  rules: [
    accessEveryHostname,
    originLockdown,
    urlNormalization,
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
  risks: [tlsLowered, hstsOff, firewallLoosened, accessWidened, urlNormalizationLoosened, dnsExposed, originProtectionTurnedOff],
  probes: (cfg) => (require("./probes/probe-set") as typeof import("./probes/probe-set")).edgeProbes(cfg),
  // null, not undefined, when there is none: the fingerprint of an output synthesized without one stays the same.
  synthInputs: (cfg) => adoptionOf(cfg) ?? null,
  generatedFile: ADOPT_FILE,
  zoneExport: { ownsZone: true },
};
