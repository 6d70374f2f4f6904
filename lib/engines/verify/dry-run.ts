import { P95_BAR_MS } from "../../features/monitoring/probes";
import type { ExpectedRecord } from "../../core/verify/types";
import type { VerifyPlan } from "./plan";
import { isDkimRecord, VALUES_HINT } from "../../features/email/probes";
import { pendingValues } from "./synth-records";
import { latencySkipReason } from "./latency";

/** One request or query `golive verify` would send, and what it proves. */
export interface PlannedProbe {
  readonly check: string;
  readonly target: string;
  readonly proves: string;
}

/** Every probe of a plan, in the order verify sends them, without sending any. */
export function plannedProbes(
  plan: VerifyPlan,
  expected: readonly ExpectedRecord[],
  samples: number,
  p95BarMs: number = P95_BAR_MS,
  /** Both GOLIVE_ACCESS_CLIENT_ID and GOLIVE_ACCESS_CLIENT_SECRET are set. */
  hasAccessToken = false,
): PlannedProbe[] {
  const out: PlannedProbe[] = [];
  for (const host of plan.hosts) {
    out.push({ check: "tls", target: `${host.name}:443`, proves: "TLS 1.2+, a trusted certificate for the name, not about to expire" });
    out.push({ check: "tls.legacy-refused", target: `${host.name}:443`, proves: "TLS 1.0 and 1.1 are refused" });
    out.push({ check: "http.https-redirect", target: `GET http://${host.name}/`, proves: "plain HTTP redirects to HTTPS" });
    for (const r of plan.redirects.filter((p) => p.host === host.name)) {
      out.push({ check: r.check, target: `GET https://${host.name}${r.path}`, proves: `${r.expectedStatus} to ${r.expectedLocation}` });
    }
    if (host.role === "app")
      out.push({
        check: "headers",
        target: `GET https://${host.name}/`,
        proves: "HSTS, nosniff, frame and referrer policies, the Content-Security-Policy as configured",
      });
    for (const p of plan.auth.filter((a) => a.host === host.name)) {
      out.push({
        check: "auth.unauthenticated",
        target: `GET https://${host.name}${p.path}`,
        proves: p.protected
          ? "no data without a login (401/403 or a redirect to the Cloudflare Access login)"
          : "no data without a login (401/403 or a login redirect)",
      });
    }
    for (const c of plan.cors.filter((a) => a.host === host.name)) {
      out.push({ check: "cors.preflight", target: `OPTIONS https://${host.name}${c.path}`, proves: "a foreign origin is not allowed" });
      out.push({ check: "cors.get", target: `GET https://${host.name}${c.path}`, proves: "a foreign origin gets no credentials" });
    }
  }
  for (const t of plan.origins) {
    out.push({
      check: "origin.lockdown",
      target: `GET https://${t.origin}/`,
      proves: `the origin of ${t.hostname} refuses a caller without Cloudflare's client certificate`,
    });
  }
  for (const t of plan.origins) {
    out.push({
      check: "origin.plain-http",
      target: `GET http://${t.origin}/`,
      proves: `the origin of ${t.hostname} serves nothing over plain HTTP (refused, or only a redirect to https on the same host)`,
    });
  }
  const queried = new Set<string>();
  for (const r of expected) {
    const key = `${r.type} ${r.name}`;
    const pending = pendingValues(r);
    if (pending.length > 0) {
      out.push({ check: "dns.record", target: key, proves: `SKIPPED: ${pending.join(", ")} known only after apply; ${VALUES_HINT}` });
      continue;
    }
    if (r.value === undefined || queried.has(key)) continue;
    queried.add(key);
    const dkim = isDkimRecord(r) ? "SES Easy DKIM: " : "";
    out.push({ check: "dns.record", target: key, proves: `${dkim}the live record matches the synthesized one (${r.value})` });
  }
  const latency = plan.latency;
  const skipped = latencySkipReason(latency, hasAccessToken);
  const token = latency.protected ? ", with the Access service token (CF-Access-Client-Id/-Secret headers)" : "";
  out.push({
    check: "latency.p95",
    target: `GET https://${latency.host}${latency.path} x ${samples}`,
    proves:
      skipped === undefined
        ? `p95 <= ${p95BarMs} ms${token}, over 2xx answers only; any redirect (the Access login, an app login) fails it`
        : `SKIPPED: ${skipped}`,
  });
  return out;
}
