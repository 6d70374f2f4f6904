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

/** How to check a record whose value is known only after apply: the stack's outputs, as `golive zone` reads them. */
export const VALUES_HINT = "check it with --values FILE (terraform output -json of the stack, as golive zone takes)";

/**
 * An SES Easy DKIM CNAME: `<token>._domainkey.<domain>` pointing at `<token>.<DKIM domain of the
 * region>`, `dkim.amazonses.com` in most regions (SES VerifyDomainDkim: "Name:
 * token._domainkey.example.com, Type: CNAME, Value: token.dkim.amazonses.com",
 * https://docs.aws.amazon.com/ses/latest/APIReference/API_VerifyDomainDkim.html; the other regions'
 * domains in schema.ts SES_DKIM_DOMAINS). The email stack synthesizes exactly that target, so the live
 * CNAME is compared with the synthesized one once `--values` gives the tokens.
 */
export function isDkimRecord(r: { type: string; name: string }): boolean {
  return r.type === "CNAME" && r.name.includes("._domainkey.");
}

/**
 * The synthesized record must be among what the resolver returns for its name and type. `pending`
 * names the after-apply values (`dkim_tokens[0]`) a record still waits for: it is skipped, saying how
 * to check it, never passed.
 */
export function evaluateRecord(expected: ExpectedRecord, obs: DnsObservation | undefined, pending: readonly string[] = []): CheckResult {
  const check = "dns.record";
  const target = recordLabel(expected);
  if (expected.value === undefined) {
    const what = isDkimRecord(expected) ? "DKIM CNAME check skipped" : "skipped";
    if (pending.length > 0)
      return skip(
        check,
        target,
        `${what}: ${pending.join(", ")} known only after apply (stack ${expected.stack}), unverifiable without it; ${VALUES_HINT.replace("the stack", expected.stack)}`,
      );
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
