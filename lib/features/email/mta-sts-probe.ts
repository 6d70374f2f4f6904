import type { AppConfig } from "../../config/schema";
import { emailSendingDomain, mtaStsHostname } from "../../core/mta-sts-host";
import { fail, malformedAnswer, pass } from "../../core/verify/result";
import type { CheckResult, HttpObservation } from "../../core/verify/types";
import type { PlannedProbe, ProbeSet } from "../../platform/probes";
import type { MtaStsPolicy } from "./mta-sts";

export const MTA_STS_CHECK = "mta-sts.policy";

/** Where senders fetch the policy (RFC 8461 3.2). */
export const MTA_STS_PATH = "/.well-known/mta-sts.txt";

/**
 * The policy file's fields, each with every value given for it in order. RFC 8461 3.2 allows one
 * `version`, `mode` and `max_age` but does not say which of two a sender reads (mailauth's parsePolicy
 * keeps the last, another the first), so a repeated one is a difference in itself (policyDifferences).
 */
export interface ServedPolicy {
  readonly version: readonly string[];
  readonly mode: readonly string[];
  readonly maxAge: readonly string[];
  readonly mx: readonly string[];
}

/**
 * `key: value` lines ended by CRLF or LF (RFC 8461 3.2, "sts-policy-term = LF / CRLF"), the value after
 * the colon and any spaces; keys and values case-sensitive (%s in its ABNF); lines of other keys are
 * extensions, ignored.
 */
export function parseServedPolicy(body: string): ServedPolicy {
  const fields: Record<"version" | "mode" | "max_age" | "mx", string[]> = { version: [], mode: [], max_age: [], mx: [] };
  for (const line of body.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon === -1) continue;
    const key = line.slice(0, colon);
    if (key === "version" || key === "mode" || key === "max_age" || key === "mx") fields[key].push(line.slice(colon + 1).trim());
  }
  return { version: fields.version, mode: fields.mode, maxAge: fields.max_age, mx: fields.mx };
}

/** The media type of a Content-Type, lower-case, without its parameters. */
const mediaType = (value: string | undefined): string | undefined => value?.split(";")[0]?.trim().toLowerCase();

/** How the served policy differs from the declared one, every difference named; empty when equal. */
function policyDifferences(served: ServedPolicy, want: MtaStsPolicy): string[] {
  const out: string[] = [];
  const field = (name: string, got: readonly string[], expected: string) => {
    if (got.length > 1)
      out.push(
        `${name} given ${got.length} times (${got.join(", ")}): RFC 8461 3.2 allows one and does not say which senders read (mailauth reads the last)`,
      );
    else if (got[0] === undefined) out.push(`no ${name} line (expected ${expected})`);
    else if (got[0] !== expected) out.push(`${name} is ${got[0]}, expected ${expected}`);
  };
  field("version", served.version, "STSv1");
  field("mode", served.mode, want.mode);
  field("max_age", served.maxAge, String(want.maxAge));
  const live = new Set(served.mx.map((m) => m.toLowerCase()));
  const declared = new Set(want.mx.map((m) => m.toLowerCase()));
  const missing = [...declared].filter((m) => !live.has(m));
  const extra = [...live].filter((m) => !declared.has(m));
  if (missing.length > 0) out.push(`no mx line for ${missing.join(", ")}`);
  if (extra.length > 0) out.push(`mx ${extra.join(", ")} not declared`);
  return out;
}

/**
 * The policy senders fetch, as RFC 8461 3.3 has them fetch it: over HTTPS with a certificate valid for
 * `mta-sts.<domain>` (the request refuses any other), a 200 (redirects are not followed), media type
 * text/plain, and fields equal to what the email stack declares (`email.mtaSts`, which its Worker
 * serves). A sender that cannot read it, or reads another, applies another policy or none.
 */
export function evaluateServedPolicy(host: string, want: MtaStsPolicy, obs: HttpObservation): CheckResult {
  const target = `${obs.method} ${obs.url}`;
  if (obs.status === undefined)
    return fail(
      MTA_STS_CHECK,
      target,
      `no HTTPS answer with a trusted certificate valid for ${host} (${obs.error ?? "unknown error"}): senders fetch the policy only over HTTPS with a valid certificate (RFC 8461 3.3), so they apply none`,
    );
  if (obs.status !== 200)
    return fail(MTA_STS_CHECK, target, `answered ${obs.status}; expected 200 with the policy (RFC 8461 3.3: senders follow no redirect)`);
  // Senders read the media type; a Location on a 200 is never followed.
  const malformed = malformedAnswer(MTA_STS_CHECK, obs, ["content-type"]);
  if (malformed) return malformed;
  const type = mediaType(obs.headers["content-type"]);
  if (type !== "text/plain")
    return fail(MTA_STS_CHECK, target, `served as ${type ?? "(no Content-Type)"}; RFC 8461 3.3 requires text/plain`);
  const differences = policyDifferences(parseServedPolicy(obs.body ?? obs.bodySnippet), want);
  if (differences.length > 0)
    return fail(MTA_STS_CHECK, target, `differs from email.mtaSts, which the email stack declares: ${differences.join("; ")}`);
  return pass(MTA_STS_CHECK, target, `version STSv1, mode ${want.mode}, max_age ${want.maxAge}, mx ${want.mx.join(", ")}: as declared`);
}

/** The MTA-STS policy file's probe, when the config has an email section (its stack serves the file). */
export function mtaStsProbes(cfg: AppConfig): ProbeSet[] {
  const email = cfg.email;
  if (email === undefined) return [];
  const host = mtaStsHostname(emailSendingDomain(cfg.cloudflare.zone.name, email.domain));
  const want = email.mtaSts;
  const planned: PlannedProbe = {
    check: MTA_STS_CHECK,
    target: `GET https://${host}${MTA_STS_PATH}`,
    proves: `senders read the policy email.mtaSts declares: a certificate valid for ${host}, 200, text/plain, version STSv1, mode ${want.mode}, max_age ${want.maxAge}, mx ${want.mx.join(", ")}`,
  };
  return [
    {
      planned: [planned],
      async run(net) {
        const resolved = await net.resolve(host);
        if ("error" in resolved)
          return { results: [fail(MTA_STS_CHECK, planned.target, `${resolved.error}; the policy host is not reached`)] };
        const verifyCertificate = net.ca === undefined ? {} : { ca: net.ca };
        const obs = await net.get(host, resolved.address, { scheme: "https", path: MTA_STS_PATH, verifyCertificate, keepBody: true });
        return { results: [evaluateServedPolicy(host, want, obs)] };
      },
    },
  ];
}
