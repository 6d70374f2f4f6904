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

/** Why each lockdown holds, and what it leaves to a person. */
const WHY: Readonly<Record<InitAnswers["originLockdown"], readonly string[]>> = {
  "authenticated-origin-pulls": [
    "  # authenticated-origin-pulls: Cloudflare presents this client certificate of your own CA (public) to every",
    "  # origin, and each origin must require a certificate of that CA (nginx: ssl_verify_client on). Its key is",
    `  # the GitHub environment secret ${ORIGIN_PULL_KEY_SECRET}, never this file; the deploy refuses to run without it.`,
  ],
  tunnel: [
    "  # tunnel: every origin is a Cloudflare Tunnel (<tunnel id>.cfargotunnel.com, served by cloudflared) with no",
    "  # public address; the config refuses any other origin while this holds.",
    ...TO_AUTHENTICATED_ORIGIN_PULLS,
  ],
  "access-jwt": [
    "  # access-jwt: every hostname here is wholly behind Access, and the app must check the Cf-Access-Jwt-Assertion",
    "  # header of every request (signature from https://<team>.cloudflareaccess.com/cdn-cgi/access/certs, audience",
    "  # the Access application's AUD) and refuse a request without a valid one. A hostname made public is not",
    "  # locked by it: GL-AUTH-002 blocks until this is authenticated-origin-pulls or tunnel.",
    ...TO_AUTHENTICATED_ORIGIN_PULLS,
  ],
};

/**
 * `edge.originLockdown` and, with authenticated-origin-pulls, `edge.originPullCertificate` as a block
 * scalar: a canonical PEM is base64 lines between BEGIN/END lines, none of which YAML reads as anything else.
 */
export function originLockdownLines(a: InitAnswers): string[] {
  const certificate = a.originPullCertificate;
  return [
    "  # How origins refuse requests that did not come through Cloudflare, so nobody skips Access, the WAF and the",
    `  # rate limits by calling an origin's address (\`golive check\` blocks on GL-AUTH-002 otherwise; ${LOCKDOWN_RUNBOOK}).`,
    ...WHY[a.originLockdown],
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
