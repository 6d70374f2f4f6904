import { ORIGIN_PULL_KEY_SECRET } from "../../features/edge/origin-lockdown";
import type { InitAnswers } from "./answers";
import { LOCKDOWN_RUNBOOK } from "./origin-lockdown";

/** How to reach the strongest lockdown from the other two: the runbook's steps, in order. */
const TO_AUTHENTICATED_ORIGIN_PULLS = [
  "  # To move to authenticated-origin-pulls (the strongest for origins with a public address), as",
  `  # ${LOCKDOWN_RUNBOOK} says: make a CA and a client certificate it signs, store the client key as`,
  `  # the GitHub environment secret ${ORIGIN_PULL_KEY_SECRET}, set originLockdown: authenticated-origin-pulls and`,
  "  # paste the certificate (public) below it as `originPullCertificate: |` with its PEM lines indented, deploy",
  "  # edge-<env>, then make each origin require a certificate of that CA.",
];

/**
 * What access-jwt leaves to the app, with the one exception it needs: Route 53's origin checks and the
 * load balancer's monitor call each origin directly, so they carry no Access JWT, and Route 53 counts
 * only a 2xx or 3xx answer as healthy (HealthCheckConfig, docs.aws.amazon.com/Route53/latest/APIReference/
 * API_HealthCheckConfig.html). The latency alarm times the same origin checks (monitoring.latency.target
 * origin), so `healthPath` is the only path to answer without the token.
 */
function accessJwtLines(healthPath: string): string[] {
  return [
    "  # access-jwt: every hostname here is wholly behind Access, and the app must check the Cf-Access-Jwt-Assertion",
    "  # header (signature from https://<team>.cloudflareaccess.com/cdn-cgi/access/certs, audience the Access",
    `  # application's AUD) and refuse a request without a valid one, on every path but ${healthPath}`,
    "  # (monitoring.healthPath, release.monitor.path). Route 53's origin checks (which the latency alarm times)",
    "  # and the load balancer's monitor call the origin directly with no token and take a refusal as down, so",
    `  # the app answers ${healthPath} without the token, and that answer holds nothing sensitive (a status, no`,
    "  # data, no versions). monitoring.checkOrigins: false would drop those checks, but the latency alarm below",
    "  # needs them. A hostname made public is not locked by access-jwt: GL-AUTH-002 blocks until this is",
    "  # authenticated-origin-pulls or tunnel.",
  ];
}

/** Why each lockdown holds, and what it leaves to a person. */
function whyLines(lockdown: InitAnswers["originLockdown"], healthPath: string): readonly string[] {
  switch (lockdown) {
    case "authenticated-origin-pulls":
      return [
        "  # authenticated-origin-pulls: Cloudflare presents this client certificate of your own CA (public) to every",
        "  # origin, and each origin must require a certificate of that CA (nginx: ssl_verify_client on). Its key is",
        `  # the GitHub environment secret ${ORIGIN_PULL_KEY_SECRET}, never this file; the deploy refuses to run without it.`,
      ];
    case "tunnel":
      return [
        "  # tunnel: every origin is a Cloudflare Tunnel (<tunnel id>.cfargotunnel.com, served by cloudflared) with no",
        "  # public address; the config refuses any other origin while this holds.",
        ...TO_AUTHENTICATED_ORIGIN_PULLS,
      ];
    case "access-jwt":
      return [...accessJwtLines(healthPath), ...TO_AUTHENTICATED_ORIGIN_PULLS];
  }
}

/**
 * `edge.originLockdown` and, with authenticated-origin-pulls, `edge.originPullCertificate` as a block
 * scalar: a canonical PEM is base64 lines between BEGIN/END lines, none of which YAML reads as anything else.
 * `healthPath` is the path the config's health checks request: the one access-jwt lets through without a token.
 */
export function originLockdownLines(a: InitAnswers, healthPath: string): string[] {
  const certificate = a.originPullCertificate;
  return [
    "  # How origins refuse requests that did not come through Cloudflare, so nobody skips Access, the WAF and the",
    `  # rate limits by calling an origin's address (\`golive check\` blocks on GL-AUTH-002 otherwise; ${LOCKDOWN_RUNBOOK}).`,
    ...whyLines(a.originLockdown, healthPath),
    `  originLockdown: ${a.originLockdown}`,
    ...(certificate === undefined
      ? []
      : [
          "  originPullCertificate: |",
          ...certificate
            .trimEnd()
            .split("\n")
            .map((line) => `    ${line}`),
        ]),
  ];
}
