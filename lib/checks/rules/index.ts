import type { Rule } from "../types";
import { accessEveryHostname } from "./access-every-hostname";
import { accessPoliciesByRole } from "./access-policies-by-role";
import { attestationsFresh } from "./attestations-fresh";
import { attestAppCors } from "./attest-app-cors";
import { attestAppRbac } from "./attest-app-rbac";
import { attestInputValidation } from "./attest-input-validation";
import { attestLogRedaction } from "./attest-log-redaction";
import { attestPromptInjection } from "./attest-prompt-injection";
import { blueGreen } from "./blue-green";
import { caa } from "./caa";
import { csrfEdge } from "./csrf-edge";
import { dkim } from "./dkim";
import { dmarc } from "./dmarc";
import { dmarcEnforcing } from "./dmarc-enforcing";
import { dnssec } from "./dnssec";
import { exemptionExpired } from "./exemption-expired";
import { exemptionUnknownRule } from "./exemption-unknown-rule";
import { hsts } from "./hsts";
import { noSecretLiterals } from "./no-secret-literals";
import { noStaticKeys } from "./no-static-keys";
import { oidcDeployRole } from "./oidc-deploy-role";
import { preventDestroy } from "./prevent-destroy";
import { rateLimitChat } from "./rate-limit-chat";
import { rateLimitTools } from "./rate-limit-tools";
import { runbooks } from "./runbooks";
import { secretsEncrypted } from "./secrets-encrypted";
import { secretsPolicy } from "./secrets-policy";
import { secretsRotated } from "./secrets-rotated";
import { spf } from "./spf";
import { sslStrict } from "./ssl-strict";
import { tlsMinimum } from "./tls-minimum";
import { uptimeChecks } from "./uptime-checks";
import { wafManaged } from "./waf-managed";
import { wafOwasp } from "./waf-owasp";

/** Every launch-readiness rule, in the order reports list them. Ids are unique (a test checks). */
export const RULES: readonly Rule[] = [
  accessEveryHostname,
  accessPoliciesByRole,
  attestAppRbac,
  noSecretLiterals,
  secretsEncrypted,
  secretsRotated,
  secretsPolicy,
  oidcDeployRole,
  noStaticKeys,
  wafManaged,
  wafOwasp,
  attestInputValidation,
  attestPromptInjection,
  rateLimitChat,
  rateLimitTools,
  attestLogRedaction,
  csrfEdge,
  attestAppCors,
  uptimeChecks,
  sslStrict,
  tlsMinimum,
  hsts,
  dnssec,
  caa,
  spf,
  dkim,
  dmarc,
  dmarcEnforcing,
  blueGreen,
  preventDestroy,
  runbooks,
  exemptionExpired,
  exemptionUnknownRule,
  attestationsFresh,
];
