import type { CheckResult, DnsObservation, ExpectedRecord } from "../../core/verify/types";
import { fail, pass, skip } from "../../core/verify/result";

export function recordLabel(r: { type: string; name: string }): string {
  return `${r.type} ${r.name}`;
}

function describe(r: { value?: string; priority?: number }): string {
  // A null MX (RFC 7505) points at the root: shown as ".".
  return r.priority === undefined ? JSON.stringify(r.value) : `${r.priority} ${r.value === "" ? "." : r.value}`;
}

/** DNS names compare case-blind and without the trailing dot; TXT content compares exactly. */
export function normalizeValue(type: ExpectedRecord["type"], value: string): string {
  return type === "TXT" ? value : value.toLowerCase().replace(/\.$/, "");
}

/** The synthesized record must be among what the resolver returns for its name and type. */
export function evaluateRecord(expected: ExpectedRecord, obs: DnsObservation | undefined): CheckResult {
  const check = "dns.record";
  const target = recordLabel(expected);
  if (expected.value === undefined) {
    return skip(check, target, `value known only after apply (stack ${expected.stack}); unverifiable here`);
  }
  const want = normalizeValue(expected.type, expected.value);
  if (obs === undefined) return fail(check, target, "not queried");
  if (obs.error !== undefined) return fail(check, target, `lookup failed (${obs.error}); expected ${describe(expected)}`);
  const found = obs.values.find(
    (v) => normalizeValue(expected.type, v.value) === want && (expected.priority === undefined || v.priority === expected.priority),
  );
  if (found) return pass(check, target, `live and equal to stack ${expected.stack}: ${describe(expected)}`);
  const live = obs.values.map(describe).join(", ") || "(none)";
  return fail(check, target, `live ${live}; synthesized (stack ${expected.stack}) ${describe(expected)}`);
}
