import type { Rule } from "../../platform/readiness";
import { accessEveryHostname } from "../../features/edge/rules/access-every-hostname";
import { accessPoliciesByRole } from "../../features/edge/rules/access-policies-by-role";
import { attestationsFresh } from "../../features/readiness/rules/attestations-fresh";
import { attestAppCors } from "../../features/readiness/rules/attest-app-cors";
import { attestAppRbac } from "../../features/readiness/rules/attest-app-rbac";
import { attestInputValidation } from "../../features/readiness/rules/attest-input-validation";
import { attestLogRedaction } from "../../features/readiness/rules/attest-log-redaction";
import { attestPromptInjection } from "../../features/readiness/rules/attest-prompt-injection";
import { blueGreen } from "../../features/release/rules/blue-green";
import { caa } from "../../features/edge/rules/caa";
import { csrfEdge } from "../../features/edge/rules/csrf-edge";
import { dkim } from "../../features/email/rules/dkim";
import { dmarc } from "../../features/email/rules/dmarc";
import { dmarcEnforcing } from "../../features/email/rules/dmarc-enforcing";
import { dnssec } from "../../features/edge/rules/dnssec";
import { exemptionExpired } from "../../features/readiness/rules/exemption-expired";
import { exemptionUnknownRule } from "../../features/readiness/rules/exemption-unknown-rule";
import { hsts } from "../../features/edge/rules/hsts";
import { noSecretLiterals } from "../../features/readiness/rules/no-secret-literals";
import { noStaticKeys } from "../../features/ci-access/rules/no-static-keys";
import { oidcDeployRole } from "../../features/ci-access/rules/oidc-deploy-role";
import { preventDestroy } from "../../features/readiness/rules/prevent-destroy";
import { rateLimitChat } from "../../features/edge/rules/rate-limit-chat";
import { rateLimitTools } from "../../features/edge/rules/rate-limit-tools";
import { runbooks } from "../../features/readiness/rules/runbooks";
import { secretsEncrypted } from "../../features/secrets/rules/secrets-encrypted";
import { secretsPolicy } from "../../features/secrets/rules/secrets-policy";
import { secretsRotated } from "../../features/secrets/rules/secrets-rotated";
import { spf } from "../../features/email/rules/spf";
import { sslStrict } from "../../features/edge/rules/ssl-strict";
import { tlsMinimum } from "../../features/edge/rules/tls-minimum";
import { uptimeChecks } from "../../features/monitoring/rules/uptime-checks";
import { wafManaged } from "../../features/edge/rules/waf-managed";
import { wafOwasp } from "../../features/edge/rules/waf-owasp";

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
