import type { CheckResult, DnsObservation, ExpectedRecord } from "../../core/verify/types";
import { fail, pass, skip } from "../../core/verify/result";
import { environmentOf } from "../../core/readiness/model";
import { NO_RECORD } from "../../core/verify/no-record";
import { quoted } from "../../core/verify/quoted";
import { isTxtOfKind, type SingleTxtKind, singleTxtKindOf } from "./single-txt";

export function recordLabel(r: { type: string; name: string }): string {
  return `${r.type} ${r.name}`;
}

/** An MX as its zone-file data (`10 mx1.example.net`; a null MX, RFC 7505, points at the root: `0 .`), any other record's value as is. */
function recordData(r: { value?: string; priority?: number }): string {
  return r.priority === undefined ? (r.value ?? "") : `${r.priority} ${r.value === "" ? "." : r.value}`;
}

/** A record's data as a finding shows it: an MX as zone-file data, any other value quoted, credentials masked first (quoted). */
export function shownRecord(r: { value?: string; priority?: number }): string {
  return r.priority === undefined ? quoted(r.value ?? "") : recordData(r);
}

/** DNS names compare case-blind and without the trailing dot; TXT content compares exactly. */
export function normalizeValue(type: ExpectedRecord["type"], value: string): string {
  return type === "TXT" ? value : value.toLowerCase().replace(/\.$/, "");
}

/** How to check a record whose value is known only after apply: the stack's outputs, as `golive zone` reads them. */
export const VALUES_HINT = "check it with --values FILE (terraform output -json of the stack, as golive zone takes)";

/**
 * A DKIM key's name, `<selector>._domainkey.<domain>` (RFC 6376 3.6.2.1): whatever TXT golive declares
 * there is a key (v= is optional, RFC 6376 3.6.1), and verifiers look nowhere else for one.
 */
const isDkimKeyName = (name: string): boolean => name.includes("._domainkey.");

/**
 * An SES Easy DKIM CNAME: `<token>._domainkey.<domain>` pointing at `<token>.<DKIM domain of the
 * region>`, `dkim.amazonses.com` in most regions (SES VerifyDomainDkim: "Name:
 * token._domainkey.example.com, Type: CNAME, Value: token.dkim.amazonses.com",
 * https://docs.aws.amazon.com/ses/latest/APIReference/API_VerifyDomainDkim.html; the other regions'
 * domains in schema.ts SES_DKIM_DOMAINS). The email stack synthesizes exactly that target, so the live
 * CNAME is compared with the synthesized one once `--values` gives the tokens.
 */
export function isDkimRecord(r: { type: string; name: string }): boolean {
  return r.type === "CNAME" && isDkimKeyName(r.name);
}

/**
 * Why a second record of a kind (single-txt.ts: the one definition config validation uses too, so
 * "v=dmarc1" or " v=DMARC1" counts here as it counts for mailauth) breaks the first, by kind, with the
 * tag the finding names it by. `everyTxt`: at a DKIM key's name every TXT counts, not only those of the kind.
 */
const SINGLE_TXT_RULES: Readonly<Record<SingleTxtKind, { readonly tag: string; readonly rule: string; readonly everyTxt?: true }>> = {
  spf: { tag: "v=spf1", rule: "RFC 7208 4.5: two SPF records are a permerror, so receivers treat SPF as failing" },
  dmarc: { tag: "v=DMARC1", rule: "RFC 7489 6.6.3: with two DMARC records the domain has no DMARC policy" },
  "mta-sts": { tag: "v=STSv1", rule: "RFC 8461 3.1: with two MTA-STS records senders assume no policy" },
  "tls-rpt": { tag: "v=TLSRPTv1", rule: "RFC 8460 3: with two TLS-RPT records senders assume no reporting" },
  // mailauth 4.13.1 getPublicKey (its tools module) reads `list[0]` of the TXT answer, whatever it holds.
  dkim: {
    tag: "TXT",
    rule: "RFC 6376 3.6.2.2 leaves the choice of TXT to the verifier (mailauth reads the first one returned), so signatures fail at random",
    everyTxt: true,
  },
};

/**
 * A key's TXT records with equal joined texts once each: one key published as two RRs split at
 * different 255-byte boundaries is the same key whichever the verifier reads (RFC 6376 3.6.2.2 joins the
 * strings), as config validation counts same-value records once. SPF and DMARC keep every RR: a receiver
 * counts two equal records as two (RFC 7208 4.5, RFC 7489 6.6.3).
 */
function distinctTexts(values: DnsObservation["values"]): DnsObservation["values"] {
  return values.filter((v, i) => values.findIndex((w) => w.value === v.value) === i);
}

/** Why the name holds more than one record of the expected record's kind (SINGLE_TXT_RULES), else undefined. */
function secondOfKind(expected: ExpectedRecord, obs: DnsObservation): string | undefined {
  if (expected.type !== "TXT" || expected.value === undefined) return undefined;
  const want = expected.value;
  const keyName = isDkimKeyName(expected.name);
  const kind = keyName ? "dkim" : singleTxtKindOf(want);
  if (kind === undefined) return undefined;
  const { tag, rule, everyTxt } = SINGLE_TXT_RULES[kind];
  const same = everyTxt && keyName ? distinctTexts(obs.values) : obs.values.filter((v) => isTxtOfKind(kind, v.value));
  if (same.length < 2) return undefined;
  const others = same.filter((v) => v.value !== want).map(shownRecord);
  const beside = others.length === 0 ? "it twice" : `the synthesized one and ${others.join(", ")}`;
  return `${same.length} ${tag} records live at ${expected.name}: ${beside}; ${rule}: delete all but the one stack ${expected.stack} declares`;
}

/** An MX as compared: its preference and its exchange, case-blind, without the trailing dot. */
const mxKey = (r: { value?: string; priority?: number }): string => `${r.priority} ${normalizeValue("MX", r.value ?? "")}`;

/**
 * Why the live MX records of the name are more than the synthesized ones (`declared`, every stack's
 * MX records of that name), else undefined. Senders deliver to any MX of the name, the lowest
 * preference first, so one no stack declares receives the domain's mail; beside a null MX it turns
 * "accepts no mail" into "mail goes there" (RFC 7505 3: a domain that advertises a null MX "MUST NOT
 * advertise any other MX RR").
 */
function extraMx(expected: ExpectedRecord, obs: DnsObservation, declared: readonly ExpectedRecord[]): string | undefined {
  if (expected.type !== "MX") return undefined;
  const wanted = new Set(declared.filter((d) => d.value !== undefined).map(mxKey));
  // Said once per name, on the first declared MX that is live: the set is wrong, not each of its records.
  const live = new Set(obs.values.map(mxKey));
  const first = declared.find((d) => d.value !== undefined && live.has(mxKey(d)));
  if (first !== undefined && mxKey(first) !== mxKey(expected)) return undefined;
  const extra = obs.values.filter((v) => !wanted.has(mxKey(v))).map(shownRecord);
  if (extra.length === 0) return undefined;
  const [so, it] = extra.length === 1 ? ["so is", "it"] : ["so are", "them"];
  const others = `${shownRecord(expected)} is live, but ${so} ${extra.join(", ")}, which no stack declares`;
  if (declared.some((d) => d.value === ""))
    return `${others}: a null MX must stand alone (RFC 7505 3: a domain that advertises a null MX MUST NOT advertise any other MX), else senders deliver there: delete ${it}`;
  return `${others}: senders deliver to every MX of ${expected.name}, so the live set must equal the synthesized one (${declared.map(shownRecord).join(", ")}): delete ${it}, or declare ${it} in the config`;
}

/**
 * How a declared record that is not live gets published: its stack applied, or, where another DNS host
 * serves the zone, the zone file. Stacks are named `<kind>-<env>` (core/names.ts stackName).
 */
function publishFix(stack: string): string {
  const env = environmentOf(stack, []) ?? stack;
  return `the record is not published: apply stack ${stack} (cdktf deploy ${stack}), which declares it; golive zone ${env} prints every record to publish where another DNS host serves the zone`;
}

/**
 * The synthesized record must be among what the resolver returns for its name and type, be the
 * only one of its kind there (SINGLE_TXT_RULES), and, an MX, stand with no MX but those `declared` at
 * the name (extraMx; every synthesized record of that name and type, @default the record alone). `pending`
 * names the after-apply values (`dkim_tokens[0]`) a record still waits for: it is skipped, saying how
 * to check it, never passed.
 */
export function evaluateRecord(
  expected: ExpectedRecord,
  obs: DnsObservation | undefined,
  pending: readonly string[] = [],
  declared: readonly ExpectedRecord[] = [expected],
): CheckResult {
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
  if (obs.error !== undefined) {
    const missing = NO_RECORD.has(obs.error) ? `; ${publishFix(expected.stack)}` : "";
    return fail(check, target, `lookup failed (${obs.error}); expected ${shownRecord(expected)}${missing}`);
  }
  const found = obs.values.find(
    (v) => normalizeValue(expected.type, v.value) === want && (expected.priority === undefined || v.priority === expected.priority),
  );
  const second = found ? (secondOfKind(expected, obs) ?? extraMx(expected, obs, declared)) : undefined;
  if (second !== undefined) return fail(check, target, second);
  if (found) return pass(check, target, `live and equal to stack ${expected.stack}: ${shownRecord(expected)}`);
  const live = obs.values.map(shownRecord).join(", ") || "(none)";
  return fail(check, target, `live ${live}; synthesized (stack ${expected.stack}) ${shownRecord(expected)}`);
}
