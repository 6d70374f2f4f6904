import { canonicalIpv6 } from "../../core/ip-addresses";
import type { ExpectedRecord } from "./expected";
import type { ObservedRecord } from "./observed";

/** Names compare case-insensitively, without a trailing dot. */
export function normalName(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

/** `"v=spf1 a" "-all"` -> `v=spf1 a-all` (TXT character-strings joined, RFC 7208 3.3); unquoted text as is. */
function txtValue(content: string): string {
  const parts = [...content.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => (m[1] ?? "").replace(/\\(.)/g, "$1"));
  return parts.length > 0 ? parts.join("") : content;
}

interface Comparable {
  readonly type: string;
  readonly content?: string;
  readonly priority?: number;
  readonly caa?: { readonly flags?: number; readonly tag?: string; readonly value?: string };
}

/** What makes two records of one name and type the same record, normalised as the API may spell it. */
export function contentKey(r: Comparable): string {
  const content = r.content ?? "";
  switch (r.type) {
    case "TXT":
      return txtValue(content);
    case "AAAA":
      return canonicalIpv6(content.toLowerCase());
    case "CNAME":
      return normalName(content);
    case "MX":
      return `${r.priority ?? ""} ${normalName(content)}`;
    case "CAA":
      return r.caa ? `${r.caa.flags ?? 0} ${r.caa.tag ?? ""} ${r.caa.value ?? ""}` : content.replace(/"/g, "");
    default:
      return content;
  }
}

/** `v=spf1`, `v=DMARC1`, `v=STSv1`: a TXT record a name may hold only one of (SPF and DMARC permerror on two). */
export function txtSlot(r: Comparable): string | undefined {
  if (r.type !== "TXT") return undefined;
  return /^v=([A-Za-z0-9]+)(?:\s|;|$)/.exec(txtValue(r.content ?? ""))?.[1]?.toLowerCase();
}

const ADDRESS = new Set(["A", "AAAA", "CNAME"]);

/** Comments golive writes on every record it creates (DnsRecords): an earlier apply's record, in its state. */
export function isGoliveRecord(r: ObservedRecord): boolean {
  return (r.comment ?? "").startsWith("golive:");
}

/** How one existing record relates to one record the stacks would create. */
export type RecordMatch =
  /** The same record: adopting it changes nothing. */
  | { readonly kind: "same"; readonly existing: ObservedRecord }
  /** Holds the slot the new record needs (same name and type, or the same SPF/DMARC/... TXT): adopting rewrites its content. */
  | { readonly kind: "replace"; readonly existing: ObservedRecord }
  /** Cannot live beside the new one and cannot be adopted (a CNAME and anything else on one name). */
  | { readonly kind: "conflict"; readonly existing: ObservedRecord };

/**
 * The existing records at `want`'s name that matter to it: the one to adopt (the same record, else the
 * one holding its slot), then those that cannot live beside it. Records of golive's own (an earlier
 * apply) and those already adopted for another wanted record (`taken`, by id) are left out.
 */
export function matchRecord(want: ExpectedRecord, existing: readonly ObservedRecord[], taken: ReadonlySet<string>): RecordMatch[] {
  const here = existing.filter((e) => normalName(e.name) === normalName(want.name) && !isGoliveRecord(e) && !taken.has(e.id));
  const out: RecordMatch[] = [];
  const same = here.find((e) => e.type === want.type && contentKey(e) === contentKey(want));
  const slot = txtSlot(want);
  // A name points at one origin: another address of the same type would share its traffic, so it is
  // taken over. Of TXT, only the one-per-name kinds (SPF, DMARC, ...) hold a slot; MX, CAA and other
  // TXT records may stand beside each other (an MX golive does not declare is reported: records-beside.ts).
  const holder = here.find((e) => e.type === want.type && (ADDRESS.has(want.type) || (slot !== undefined && txtSlot(e) === slot)));
  if (same) out.push({ kind: "same", existing: same });
  else if (holder) out.push({ kind: "replace", existing: holder });
  for (const e of here) {
    const cnameClash = (want.type === "CNAME") !== (e.type === "CNAME");
    if (cnameClash) out.push({ kind: "conflict", existing: e });
  }
  return out;
}

/** Existing address records at a name golive points somewhere: left there, they would keep answering for it. */
export function isAddress(type: string): boolean {
  return ADDRESS.has(type);
}
