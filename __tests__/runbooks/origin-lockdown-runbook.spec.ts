import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { HttpObservation } from "../../lib/core/verify/types";
import { evaluateOriginHandshake, evaluateOriginLockdown, REFUSAL_STATUSES } from "../../lib/features/edge/probes/origin";
import { REPO_ROOT } from "../helpers/example-config";

// The audit: deploy.md said origin.lockdown "passes on a TLS refusal or a 400/401/403"; since e082bfc a
// handshake of its own comes first, only refusals naming the client certificate pass, plain text on the
// port fails and other failed handshakes are skipped.

const RUNBOOK = readFileSync(join(REPO_ROOT, "runbooks", "deploy.md"), "utf8").replace(/\s+/g, " ");
const start = RUNBOOK.indexOf("`origin.lockdown` first makes");
const PARAGRAPH = RUNBOOK.slice(start, RUNBOOK.indexOf("`origin.plain-http` sends", start));
/** The sentence of the paragraph that starts with `opening`. */
const sentence = (opening: string): string => {
  const at = PARAGRAPH.indexOf(opening);
  if (at < 0) throw new Error(`runbooks/deploy.md no longer says "${opening}" about origin.lockdown`);
  return PARAGRAPH.slice(at, PARAGRAPH.indexOf(". ", at) + 1);
};
const ticked = (text: string): string[] => [...text.matchAll(/`([a-z_]+)`/g)].map((m) => m[1] ?? "");

/** OpenSSL's code for an alert name, as Node reports it (TLS 1.3's own alert, TLS 1.0's unknown_ca, SSLv3's). */
function alertCode(alert: string): string {
  const family = alert === "certificate_required" ? "TLSV13" : alert === "unknown_ca" ? "TLSV1" : "SSLV3";
  return `ERR_SSL_${family}_ALERT_${alert.toUpperCase()}`;
}

const target = { hostname: "app.example.com", origin: "203.0.113.10" };
const LOCKDOWN = "authenticated-origin-pulls";
const handshake = (error: string, keysAgreed = false) =>
  evaluateOriginHandshake(target, { completed: false, error, keysAgreed }, LOCKDOWN)?.status;
const request = (answer: Partial<HttpObservation>) =>
  evaluateOriginLockdown(target, { method: "GET", url: "", headers: {}, bodyBytes: 0, bodySnippet: "", elapsedMs: 0, ...answer }, LOCKDOWN)
    .status;

describe("runbooks/deploy.md says what origin.lockdown passes, fails and skips", () => {
  test("the old claim is gone", () => {
    expect(RUNBOOK).not.toContain("passes on a TLS refusal or a 400/401/403");
  });

  test("every alert it says passes passes at the handshake, and those are all it names", () => {
    // Each alert once: the sentence names handshake_failure again for what it means before the keys are agreed.
    const alerts = [...new Set(ticked(sentence("It passes when that handshake is refused")))];
    expect(alerts.sort()).toEqual(["bad_certificate", "certificate_required", "certificate_unknown", "handshake_failure", "unknown_ca"]);
    expect(alerts.map((a) => [a, handshake(alertCode(a), true)])).toEqual(alerts.map((a) => [a, "pass"]));
    // "after the keys were agreed": before them only TLS 1.3's certificate_required names the certificate.
    expect(alerts.filter((a) => handshake(alertCode(a)) === "pass")).toEqual(["certificate_required"]);
    // OpenSSL 3.2+ (Node 22, 24) reports the SSLv3-era alerts as SSL/TLS_ALERT: the same verdicts.
    const renamed = alerts.map((a) => alertCode(a).replace("_SSLV3_", "_SSL/TLS_"));
    expect(renamed.map((code) => handshake(code, true))).toEqual(alerts.map(() => "pass"));
  });

  test("plain text on the HTTPS port fails", () => {
    expect(sentence("It fails when the HTTPS port answers in plain text")).toContain("`wrong version number`");
    expect(handshake("ERR_SSL_WRONG_VERSION_NUMBER")).toBe("fail");
  });

  test("GET /: the statuses it names pass (all of REFUSAL_STATUSES), certificate_required passes, another answer fails", () => {
    const said = sentence("Otherwise it sends");
    const statuses = [...said.matchAll(/\b(\d{3})\b/g)].map((m) => Number(m[1]));
    expect(statuses).toEqual([...REFUSAL_STATUSES]);
    expect(statuses.map((status) => request({ status }))).toEqual(statuses.map(() => "pass"));
    expect(request({ error: alertCode("certificate_required") })).toBe("pass");
    expect(request({ status: 200, bodyBytes: 12 })).toBe("fail");
  });

  test("the handshakes and answers it says are skipped are skipped", () => {
    expect(sentence("It is skipped")).toMatch(/`protocol_version`, a bare `EPROTO`, a reset/);
    expect(handshake(alertCode("protocol_version"))).toBeUndefined();
    for (const error of [alertCode("protocol_version"), "EPROTO", "ECONNRESET", "ETIMEDOUT"])
      expect([error, request({ error })]).toEqual([error, "skip"]);
  });
});
