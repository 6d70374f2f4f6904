import { isInZone } from "../../core/names";
import { isSpf } from "./spf";

/** A record as the email checks read it: name (a trailing dot is ignored), type, unquoted TXT value. */
export interface NamedRecord {
  readonly name: string;
  readonly type: string;
  readonly text?: string;
}

const ADDRESS_TYPES: readonly string[] = ["A", "AAAA", "CNAME"];

function bare(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

/** `*.dev.example.com` answers for `x.dev.example.com` (a name with no records of its own). */
function wildcardCovers(record: string, name: string): boolean {
  return record.startsWith("*.") && name.endsWith(record.slice(1));
}

/** The records answering for a bare name: its own, else a wildcard's. */
function recordsAt(records: readonly NamedRecord[], n: string): readonly NamedRecord[] {
  const exact = records.filter((r) => bare(r.name) === n);
  return exact.length > 0 ? exact : records.filter((r) => wildcardCovers(bare(r.name), n));
}

/**
 * Whether a name has A (A, AAAA, CNAME) or MX records, as golive knows it, for SPF void-lookup
 * counting; config validation and `golive zone` both ask this, so they agree:
 * - declared by a stack (or created by Cloudflare for a Worker custom domain): true;
 * - in the zone, but not declared: false, a void lookup (golive declares the zone's records);
 * - in another zone: undefined, unknown (reported as a risk, never counted).
 */
export function declaredPresence(
  records: readonly NamedRecord[],
  zone: string | undefined,
  managedHostnames: readonly string[] = [],
): (name: string, type: "A" | "MX") => boolean | undefined {
  const apex = zone === undefined ? undefined : bare(zone);
  const managed = managedHostnames.map(bare);
  return (name, type) => {
    const n = bare(name);
    const here = recordsAt(records, n);
    const matches = (r: NamedRecord) => (type === "MX" ? r.type === "MX" : ADDRESS_TYPES.includes(r.type));
    if (here.some(matches) || (type === "A" && managed.includes(n))) return true;
    return apex !== undefined && isInZone(n, apex) ? false : undefined;
  };
}

/** The SPF record a stack declares at a name, so includes of it are counted with its real cost. */
export function declaredSpf(records: readonly NamedRecord[]): (name: string) => string | undefined {
  return (name) => {
    const n = bare(name);
    return records.find((r) => r.type === "TXT" && bare(r.name) === n && r.text !== undefined && isSpf(r.text))?.text;
  };
}

/** How many MX hosts a stack declares at a name (0 when none): what an SPF `mx` aimed there resolves. */
export function declaredMxHosts(records: readonly NamedRecord[]): (name: string) => number {
  return (name) => recordsAt(records, bare(name)).filter((r) => r.type === "MX").length;
}
