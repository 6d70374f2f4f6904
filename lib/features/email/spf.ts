import { error, warning, type EmailFinding } from "./findings";
import { spfNetworkTooWide } from "./schema";
import { knownSpfRecord } from "./spf-known";
import { SPF_LOOKUP_LIMIT, type SpfRecordOf, type SpfTermVisitor, unknownTargetFinding, walkLookups } from "./spf-lookups";
import { evaluatedTerms, parseSpf, type SpfRecord, type SpfTerm } from "./spf-parse";
import { isTxtOfKind } from "./single-txt";

/** RFC 7208 4.6.4: at most 2 void lookups (the 10-lookup limit: SPF_LOOKUP_LIMIT in spf-lookups.ts). */
export const SPF_VOID_LIMIT = 2;

/** RFC 7208 4.6.4: the evaluation of an `mx` mechanism queries the addresses of at most 10 MX hosts. */
export const SPF_MX_LIMIT = 10;

/**
 * RFC 7208 3.4: an SPF answer ought to fit one UDP packet, which it does when the name and the text of
 * its records stay under 450 octets; verifiers may silently ignore one that does not. Measured on the
 * record's own text (what golive composes): email.spf admits 50 networks, about 900 bytes.
 */
export const SPF_ADVISED_BYTES = 450;

export function isSpf(txt: string): boolean {
  return isTxtOfKind("spf", txt);
}

export interface SpfCheckOptions {
  /** Allow `~all` (config gives a reason). @default false */
  readonly allowSoftFail?: boolean;
  /**
   * Whether a name has records of a type, when known (see declaredPresence); a/mx targets without
   * them are void lookups. Undefined means unknown: the mechanism is reported as a void-lookup risk.
   */
  readonly hasRecords?: (name: string, type: "A" | "MX") => boolean | undefined;
  /**
   * How many MX hosts a stack declares at a name (see declaredMxHosts): an `mx` aimed at more than
   * SPF_MX_LIMIT is a permerror. @default none: MX hosts are not counted
   */
  readonly mxHostsOf?: (name: string) => number;
  /** SPF records golive declares itself, read before the known-provider table when counting includes. */
  readonly spfRecordOf?: SpfRecordOf;
  /** Name the record is published at (target of a bare `a` / `mx`). */
  readonly domain?: string;
  /**
   * The zone golive declares every record of (see declaredPresence): an include:/redirect= of a name in
   * it that spfRecordOf does not know has no SPF record, a permerror. @default none: such names are unknown
   */
  readonly zone?: string;
}

function checkAll(record: SpfRecord, options: SpfCheckOptions): EmailFinding[] {
  const out: EmailFinding[] = [];
  const idx = record.terms.findIndex((t) => t.kind === "all");
  const all = record.terms[idx];
  if (!all) {
    if (!record.terms.some((t) => t.kind === "redirect"))
      out.push(error("spf-no-all", 'the record does not end with "-all", so unlisted senders get a neutral result; add -all'));
    return out;
  }
  if (all.qualifier === "+" || all.qualifier === "?")
    out.push(error("spf-permissive-all", `"${all.text}" lets any server send as the domain; allowed: -all (or ~all with a reason)`));
  if (all.qualifier === "~" && !options.allowSoftFail)
    out.push(error("spf-softfail", '"~all" only marks forged mail as suspicious; use -all, or give email.spf.softFail.reason'));
  const after = record.terms.slice(idx + 1).filter((t) => t.kind !== "exp" && t.kind !== "unknown-modifier");
  if (after.length > 0)
    out.push(warning("spf-after-all", `terms after "${all.text}" are never evaluated: ${after.map((t) => t.text).join(" ")}`));
  return out;
}

/** A mechanism whose name golive knows has no records: a void lookup (RFC 7208 4.6.4). */
interface VoidLookup {
  readonly name: string;
  readonly term: SpfTerm;
  /** The include:/redirect= terms leading to the record holding `term`; empty in the checked record. */
  readonly via: readonly SpfTerm[];
}

/**
 * Void lookups over the whole evaluation, through the include:/redirect= records golive knows (as the
 * 10-lookup walk goes): RFC 7208 4.6.4 allows at most 2 per check_host(), not per record. Evaluation
 * stops at the first matching mechanism, but golive cannot know the client address, so it counts the
 * worst case, every term evaluated. Risks (names golive cannot see) are reported for the record's own terms.
 */
function voidCounter(options: SpfCheckOptions): { visit: SpfTermVisitor; findings: () => EmailFinding[] } {
  const out: EmailFinding[] = [];
  const voids: VoidLookup[] = [];
  const visit: SpfTermVisitor = (t, domain, via) => {
    if (t.kind !== "a" && t.kind !== "mx" && t.kind !== "exists") return;
    const name = t.target ?? domain;
    const known = name !== undefined && t.kind !== "exists" && !name.includes("%");
    const has = known ? options.hasRecords?.(name, t.kind === "a" ? "A" : "MX") : undefined;
    if (has === false && name !== undefined) voids.push({ name, term: t, via });
    else if (has === undefined && via.length === 0)
      out.push(
        warning(
          "spf-void-risk",
          `"${t.text}" queries DNS for a name whose records golive cannot see; if it returns nothing it is a void lookup (at most ${SPF_VOID_LIMIT} allowed)`,
        ),
      );
  };
  const where = (v: VoidLookup) => `${v.name} ("${v.term.text}"${v.via.length === 0 ? "" : ` in ${v.via.map((t) => t.text).join(" > ")}`})`;
  const findings = () => {
    const own = voids.filter((v) => v.via.length === 0).length;
    if (voids.length > SPF_VOID_LIMIT)
      out.push(
        error(
          "spf-void-lookups",
          `${voids.length} mechanisms name records that do not exist; more than ${SPF_VOID_LIMIT} void lookups is a permerror (RFC 7208 4.6.4, counted over the records it includes too): ${voids.map(where).join(", ")}; declare those names or remove the mechanisms`,
        ),
      );
    else if (own > 0) out.push(warning("spf-void-risk", `${own} mechanism(s) name records that do not exist (void lookups); remove them`));
    return out;
  };
  return { visit, findings };
}

/** An `mx` / `mx:` whose target declares more than SPF_MX_LIMIT MX hosts: receivers stop with permerror. */
function checkMxHosts(record: SpfRecord, options: SpfCheckOptions): EmailFinding[] {
  return evaluatedTerms(record).flatMap((t) => {
    const name = t.kind === "mx" ? (t.target ?? options.domain) : undefined;
    const hosts = name === undefined || name.includes("%") ? 0 : (options.mxHostsOf?.(name) ?? 0);
    return hosts > SPF_MX_LIMIT
      ? [
          error(
            "spf-mx-hosts",
            `"${t.text}": ${name} has ${hosts} MX hosts; an mx mechanism may look up the addresses of at most ${SPF_MX_LIMIT} (RFC 7208 4.6.4), so every receiver's SPF check ends in permerror; name the senders with a:, ip4: or ip6: instead`,
          ),
        ]
      : [];
  });
}

/** A passing `ip4:` / `ip6:` so wide it lets a large part of the internet send as the domain (`ip4:0.0.0.0/0` is `+all`). */
function checkWideNetworks(record: SpfRecord): EmailFinding[] {
  return evaluatedTerms(record).flatMap((t) => {
    const problem = (t.kind === "ip4" || t.kind === "ip6") && t.qualifier === "+" && t.target ? spfNetworkTooWide(t.target) : undefined;
    return problem ? [error("spf-wide-network", `"${t.text}": ${problem}`)] : [];
  });
}

/** A record not under SPF_ADVISED_BYTES: a warning with its size and what makes it long. */
function checkSize(txt: string, record: SpfRecord): EmailFinding[] {
  const bytes = Buffer.byteLength(txt.trim(), "utf8");
  if (bytes < SPF_ADVISED_BYTES) return [];
  const networks = record.terms.filter((t) => t.kind === "ip4" || t.kind === "ip6").length;
  return [
    warning(
      "spf-size",
      `the record is ${bytes} bytes (${networks} ip4:/ip6: networks); RFC 7208 3.4 advises under ${SPF_ADVISED_BYTES}, so that the DNS answer fits one UDP packet (verifiers may silently ignore a longer one): list fewer networks (the sending domain's: email.spf.networks), or move some into a record it includes`,
    ),
  ];
}

/** Every rule for one SPF value: syntax, all-qualifier, network width, MX hosts, lookup limit, void lookups, ptr, size. */
export function checkSpf(txt: string, options: SpfCheckOptions = {}): EmailFinding[] {
  const record = parseSpf(txt);
  if (record.terms.length === 0 && record.findings.length > 0) return [...record.findings];
  const out: EmailFinding[] = [
    ...record.findings,
    ...checkAll(record, options),
    ...checkWideNetworks(record),
    ...checkMxHosts(record, options),
  ];
  const declared = options.spfRecordOf;
  const recordOf: SpfRecordOf = declared ? (d) => declared(d) ?? knownSpfRecord(d) : knownSpfRecord;
  const voids = voidCounter(options);
  const { lookups, unknown } = walkLookups(record, recordOf, options.domain, voids.visit);
  out.push(...voids.findings());
  out.push(...unknown.map((u) => unknownTargetFinding(u, options.zone)));
  if (lookups > SPF_LOOKUP_LIMIT)
    out.push(
      error(
        "spf-lookups",
        `the record needs ${lookups} DNS lookups; allowed: at most ${SPF_LOOKUP_LIMIT} (remove includes or use ip4:/ip6: networks)`,
      ),
    );
  if (record.terms.some((t) => t.kind === "ptr"))
    out.push(warning("spf-ptr", '"ptr" is slow and unreliable (RFC 7208 5.5); use ip4:/ip6: or include: instead'));
  out.push(...checkSize(txt, record));
  return out;
}

/** Exactly one SPF record per name: two or more is a permerror for every receiver. */
export function checkSpfCount(name: string, txtValues: readonly string[]): EmailFinding[] {
  const spf = txtValues.filter(isSpf);
  return spf.length > 1 ? [error("spf-multiple", `${name} has ${spf.length} SPF records; allowed: exactly one (merge them)`)] : [];
}

/** `v=spf1 include:a ip4:n -all`, in config order. */
export function renderSpf(parts: {
  readonly includes: readonly string[];
  readonly networks: readonly string[];
  readonly softFail: boolean;
}): string {
  const nets = parts.networks.map((n) => (n.includes(":") ? `ip6:${n}` : `ip4:${n}`));
  return ["v=spf1", ...parts.includes.map((i) => `include:${i}`), ...nets, parts.softFail ? "~all" : "-all"].join(" ");
}
