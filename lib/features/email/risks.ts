import { parseTagList } from "./findings";
import { isSpf } from "./spf";
import { parseSpf } from "./spf-parse";
import { unquoteTxt } from "../../core/txt";
import type { ChangeView } from "../../core/plan/changes";
import { UNKNOWN } from "../../core/plan/values";
import { afterOf, at, type RiskRule, str } from "../../platform/risks";

/** A DNS record's name/type/content from a masked cloudflare_dns_record value, if readable. */
interface Txt {
  readonly name: string;
  readonly type: string;
  readonly content: string;
}

function record(value: unknown): Txt | undefined {
  const name = str(at(value, "name"));
  const type = str(at(value, "type"));
  const content = str(at(value, "content"));
  if (name === undefined || type === undefined) return undefined;
  return { name: name.toLowerCase(), type: type.toUpperCase(), content: content === undefined ? "" : unquoteTxt(content) };
}

/**
 * A record whose name, type or content is known only after apply (`-> (known after apply)`: a DKIM
 * token of an SES identity replaced in the same plan): not a deleted record, and nothing to compare.
 */
function pending(value: unknown): boolean {
  return ["name", "type", "content"].some((k) => at(value, k) === UNKNOWN);
}

function isDmarc(r: Txt | undefined): r is Txt {
  return r !== undefined && r.type === "TXT" && (r.name === "_dmarc" || r.name.startsWith("_dmarc.")) && /^v=dmarc1\b/i.test(r.content);
}

/** DMARC tags, parsed as the email validators parse them. */
function tags(content: string): Map<string, string> {
  return parseTagList(content, "dmarc").tags;
}

const POLICY_RANK: Readonly<Record<string, number>> = { none: 0, quarantine: 1, reject: 2 };

function policyRank(p: string | undefined): number {
  return p === undefined ? -1 : (POLICY_RANK[p.toLowerCase()] ?? -1);
}

function pct(t: Map<string, string>): number {
  const v = Number(t.get("pct") ?? "100");
  return Number.isFinite(v) ? v : 100;
}

function dmarcWeakenings(change: ChangeView): string[] {
  const before = record(change.before);
  if (!isDmarc(before) || pending(afterOf(change))) return [];
  const after = record(afterOf(change));
  if (!isDmarc(after) || after.name !== before.name) return [`DMARC record at ${before.name} deleted (receivers fall back to no policy)`];
  const b = tags(before.content);
  const a = tags(after.content);
  const out: string[] = [];
  const bp = b.get("p");
  const ap = a.get("p");
  if (policyRank(ap) < policyRank(bp)) out.push(`p lowered: ${bp} -> ${ap ?? "(missing)"}`);
  const bsp = b.get("sp") ?? bp;
  const asp = a.get("sp") ?? ap;
  if (policyRank(asp) < policyRank(bsp) && (b.has("sp") || a.has("sp"))) out.push(`sp lowered: ${bsp} -> ${asp ?? "(missing)"}`);
  if (pct(a) < pct(b)) out.push(`pct lowered: ${pct(b)} -> ${pct(a)}`);
  if (b.has("rua") && !a.has("rua")) out.push("rua removed: aggregate reports stop");
  return out.map((d) => `${before.name}: ${d}`);
}

export const dmarcWeakened: RiskRule = {
  id: "dmarc-weakened",
  title: "DMARC weakened",
  explanation: "A lower p/sp/pct or a missing rua lets spoofed mail from the domain through, or hides it from you.",
  types: ["cloudflare_dns_record"],
  check: dmarcWeakenings,
};

const QUALIFIER_RANK: Readonly<Record<string, number>> = { "-": 0, "~": 1, "?": 2, "+": 3 };

interface Spf {
  /** Qualifier of `all` ("?" when absent, as RFC 7208 treats a missing all). */
  readonly all: string;
  readonly mechanisms: ReadonlySet<string>;
}

/** The parts of an SPF record a widening compares, read with the email validators' parser. */
function spfOf(r: Txt | undefined): Spf | undefined {
  if (r === undefined || r.type !== "TXT" || !isSpf(r.content)) return undefined;
  const terms = parseSpf(r.content).terms;
  return {
    all: terms.find((t) => t.kind === "all")?.qualifier ?? "?",
    mechanisms: new Set(terms.filter((t) => t.kind !== "all" && t.kind !== "exp").map((t) => t.text.replace(/^\+/, "").toLowerCase())),
  };
}

function spfWidenings(change: ChangeView): string[] {
  const beforeRec = record(change.before);
  const afterRec = record(afterOf(change));
  const before = spfOf(beforeRec);
  const after = spfOf(afterRec);
  if (after === undefined || afterRec === undefined) return [];
  const name = afterRec.name;
  if (before === undefined) {
    return (QUALIFIER_RANK[after.all] ?? 0) >= 2
      ? [`${name}: new SPF record ends in ${after.all}all (any server may send as the domain)`]
      : [];
  }
  const out: string[] = [];
  if ((QUALIFIER_RANK[after.all] ?? 0) > (QUALIFIER_RANK[before.all] ?? 0)) out.push(`${name}: ${before.all}all -> ${after.all}all`);
  const added = [...after.mechanisms].filter((m) => !before.mechanisms.has(m));
  if (added.length > 0) out.push(`${name}: new senders allowed: ${added.join(" ")}`);
  return out;
}

export const spfWidened: RiskRule = {
  id: "spf-widened",
  title: "SPF widened",
  explanation: "A softer `all` or new include/ip ranges lets more servers send mail as the domain.",
  types: ["cloudflare_dns_record"],
  check: spfWidenings,
};

function isDkimRecord(r: Txt | undefined): r is Txt {
  return r !== undefined && (r.type === "CNAME" || r.type === "TXT") && r.name.includes("._domainkey");
}

const SES_IDENTITY_TYPES = ["aws_sesv2_email_identity", "aws_ses_domain_identity", "aws_ses_domain_dkim"];

function dkimRemovals(change: ChangeView): string[] {
  if (SES_IDENTITY_TYPES.includes(change.type)) {
    const what = change.type === "aws_ses_domain_dkim" ? "SES DKIM tokens" : "SES identity";
    const id = str(at(change.before, "email_identity")) ?? str(at(change.before, "domain")) ?? change.address;
    if (change.kind === "delete") return [`${what} ${id} deleted: mail stops being DKIM-signed`];
    if (change.kind === "replace") return [`${what} ${id} replaced: new DKIM tokens must be published before mail is signed again`];
    const changed = change.attributes.filter((a) => a.path.startsWith("dkim_signing_attributes"));
    return changed.length > 0
      ? [`${id}: DKIM signing changed (${changed.map((a) => `${a.path}: ${a.before} -> ${a.after}`).join("; ")})`]
      : [];
  }
  const before = record(change.before);
  if (!isDkimRecord(before) || pending(afterOf(change))) return [];
  const after = record(afterOf(change));
  if (!isDkimRecord(after) || after.name !== before.name)
    return [`DKIM ${before.type} ${before.name} deleted: signatures with this selector stop verifying`];
  if (after.type === "TXT" && /(^|;)\s*p=\s*(;|$)/i.test(after.content)) return [`DKIM key at ${before.name} revoked (empty p=)`];
  return [];
}

export const dkimRemoved: RiskRule = {
  id: "dkim-removed",
  title: "DKIM removed",
  explanation: "Without the published key or SES signing, receivers fail DKIM and, with DMARC enforcing, reject mail.",
  types: ["cloudflare_dns_record", ...SES_IDENTITY_TYPES],
  check: dkimRemovals,
};
