import { unquoteTxt } from "../../core/txt";
import { FEATURES } from "../../features";
import { fillExpressions, type AfterApplyValues } from "./after-apply";
import type { LoadBalancedName, StackRecord } from "./stack-records";
import { zoneTxt } from "./txt-rdata";

/** TTL written for Cloudflare's "automatic" (1), which is what proxied records use. */
export const AUTO_TTL = 300;
/** Stand-in SOA/NS: Cloudflare serves its own; these only make the file loadable by nsd, bind, knot. */
export const STAND_IN_NAMESERVER = "ns.golive.invalid.";

export interface ZoneLine {
  readonly name: string;
  readonly ttl: number;
  readonly type: string;
  readonly rdata: string;
  readonly stack: string;
  readonly address: string;
  /** Values still unknown (known after apply); the line is written commented out. */
  readonly missing: readonly string[];
}

/** A name a load balancer answers for, as the export lists it (the name absolute, as in `lines`). */
export interface LoadBalancedLine {
  readonly name: string;
  readonly proxied: boolean;
  readonly enabled: boolean;
  readonly stack: string;
  readonly address: string;
}

export interface ZoneExport {
  readonly zone: string;
  readonly text: string;
  readonly lines: readonly ZoneLine[];
  /** Names a load balancer answers for: comments in `text`, as no record line can say what Cloudflare answers. */
  readonly loadBalanced: readonly LoadBalancedLine[];
  /** Every missing value, once: `dkim_tokens[0]`, ... */
  readonly unresolved: readonly string[];
}

function absolute(host: string): string {
  return host.endsWith(".") ? host : `${host}.`;
}

function rdataOf(r: StackRecord, content: string): string {
  switch (r.type) {
    case "CNAME":
      return absolute(content);
    case "MX":
      return `${r.priority ?? 0} ${absolute(content)}`;
    case "TXT":
      // Re-split so every character-string is <= 255 bytes whatever the stack wrote; non-ASCII as \DDD.
      return zoneTxt(unquoteTxt(content));
    case "CAA":
      return `${r.caa?.flags ?? 0} ${r.caa?.tag ?? "issue"} "${r.caa?.value ?? ""}"`;
    case "SRV": {
      // `<weight> <port> <target>`: the target absolute, like CNAME and MX targets, or a zone file reads
      // it relative to $ORIGIN (RFC 1035 section 5.1: sip.example.com.example.com.).
      const [weight, port, target] = content.split(" ");
      return target === undefined ? `${r.priority ?? 0} ${content}` : `${r.priority ?? 0} ${weight} ${port} ${absolute(target)}`;
    }
    default:
      return content;
  }
}

function toLine(r: StackRecord, values: AfterApplyValues): ZoneLine {
  const name = fillExpressions(r.name, values);
  const content = fillExpressions(r.content ?? "", values);
  return {
    name: absolute(name.text),
    ttl: r.ttl === 1 ? AUTO_TTL : r.ttl,
    type: r.type,
    rdata: rdataOf(r, content.text),
    stack: r.stack,
    address: r.address,
    missing: [...new Set([...name.missing, ...content.missing])],
  };
}

function order(a: ZoneLine, b: ZoneLine): number {
  const rev = (n: string) => n.split(".").reverse().join(".");
  return rev(a.name).localeCompare(rev(b.name)) || a.type.localeCompare(b.type) || a.rdata.localeCompare(b.rdata);
}

export interface RenderOptions {
  readonly zone: string;
  readonly records: readonly StackRecord[];
  readonly values: AfterApplyValues;
  /** Hostnames Cloudflare creates records for itself (Worker custom domains): listed as comments. */
  readonly managedHostnames?: readonly string[];
  /** Records other zones must publish (the email's DMARC report authorisations): listed as comments. */
  readonly foreignRecords?: readonly string[];
  /** Hostnames load balancers answer for with records of their own: listed as comments. */
  readonly loadBalanced?: readonly LoadBalancedName[];
  readonly stacks: readonly string[];
}

/**
 * The comment for a load-balanced name. A master-file record cannot stand for it: Cloudflare answers
 * with its own addresses (proxied) or the healthy endpoints' (DNS-only), chosen per query, and its
 * record takes precedence over an A, AAAA or CNAME of the name, so a record here would never be served.
 */
function loadBalancedComment(lb: LoadBalancedLine): string {
  const host = lb.name.replace(/\.$/, "");
  const mode = lb.proxied ? "proxied" : "DNS-only";
  const answer = lb.enabled
    ? "record created by Cloudflare for the load balancer; declare no record for this name"
    : "the load balancer is disabled: Cloudflare serves this name's own records, if any";
  return `; ${host}: load-balanced (${mode}), ${answer} (${lb.stack} ${lb.address})`;
}

/**
 * A CNAME at the apex, which Cloudflare flattens: it answers the target's A/AAAA addresses
 * (developers.cloudflare.com/dns/cname-flattening/set-up-cname-flattening/: "CNAME flattening occurs by
 * default for all plans when your domain uses a CNAME record for its zone apex"). A master file cannot
 * hold it beside the apex's SOA and NS (RFC 1034 3.6.2; nsd-checkzone refuses the file), so it is a comment.
 */
function flattenedApexComment(rr: string, l: ZoneLine): string {
  return `; FLATTENED BY CLOUDFLARE (the apex answers the target's A/AAAA; a master file cannot hold a CNAME beside SOA and NS): ${rr} (${l.stack} ${l.address})`;
}

/** A stand-in list of `count` values (`a,b,c`), as the hint for `--set` shows an output's values. */
function exampleValues(count = 1): string {
  return Array.from({ length: count }, (_, i) => String.fromCharCode(97 + (i % 26))).join(",");
}

/**
 * How to supply the values known only after apply, from the concerns' declarations (`zoneExport.afterApply`):
 * the outputs of the stacks that declare them, or each output's values given by hand.
 */
function supplyHint(): string {
  const declared = FEATURES.flatMap((f) => {
    const kind = f.stack?.kind;
    return kind === undefined ? [] : (f.zoneExport?.afterApply ?? []).map((value) => ({ kind, value }));
  });
  const outputs = [...new Set(declared.map((d) => `golive outputs ${d.kind}-<env>`))].join(", ");
  const sets = declared.map((d) => `--set ${d.value.output}=${exampleValues(d.value.count)}`).join(" ");
  return `;   supply them: ${outputs} | golive zone <env> --values -  or  ${sets}`;
}

/** What the records other zones must publish are, as the concerns that list them say (`zoneExport.foreignRecordsAre`). */
const FOREIGN_RECORDS_ARE = FEATURES.flatMap((f) =>
  f.zoneExport?.foreignRecordsOutput && f.zoneExport.foreignRecordsAre ? [f.zoneExport.foreignRecordsAre] : [],
);

function foreignRecordComment(rr: string): string {
  const what = FOREIGN_RECORDS_ARE.length > 0 ? ` (${FOREIGN_RECORDS_ARE.join(" or ")})` : "";
  return `; ANOTHER ZONE MUST PUBLISH${what}: ${rr}`;
}

/** Renders an RFC 1035 master file: stand-in SOA/NS, then every record; unknown values commented out. */
export function renderZone(options: RenderOptions): ZoneExport {
  const origin = absolute(options.zone);
  const lines = options.records.map((r) => toLine(r, options.values)).sort(order);
  const loadBalanced = (options.loadBalanced ?? [])
    .map((lb): LoadBalancedLine => ({ ...lb, name: absolute(lb.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const unresolved = [...new Set(lines.flatMap((l) => l.missing))];
  const out: string[] = [
    `; Zone ${options.zone} as declared by ${options.stacks.join(", ")} (golive zone).`,
    "; SOA and NS are stand-ins: Cloudflare answers with its own. Proxied records show their origin.",
  ];
  if (unresolved.length > 0) {
    out.push(`; INCOMPLETE: ${unresolved.join(", ")} known only after apply; records using them are commented out`, supplyHint());
  }
  for (const host of options.managedHostnames ?? []) out.push(`; ${host}: record created by Cloudflare (Worker custom domain)`);
  for (const lb of loadBalanced) out.push(loadBalancedComment(lb));
  for (const rr of options.foreignRecords ?? []) out.push(foreignRecordComment(rr));
  out.push(
    `$ORIGIN ${origin}`,
    `$TTL ${AUTO_TTL}`,
    `${origin} 3600 IN SOA ${STAND_IN_NAMESERVER} hostmaster.${origin} 1 7200 3600 1209600 ${AUTO_TTL}`,
    `${origin} 3600 IN NS ${STAND_IN_NAMESERVER}`,
  );
  for (const l of lines) {
    const rr = `${l.name} ${l.ttl} IN ${l.type} ${l.rdata}`;
    if (l.missing.length > 0) out.push(`; UNKNOWN UNTIL APPLY (${l.missing.join(", ")}): ${rr}`);
    else if (l.name === origin && l.type === "CNAME") out.push(flattenedApexComment(rr, l));
    else out.push(rr);
  }
  return { zone: options.zone, text: `${out.join("\n")}\n`, lines, loadBalanced, unresolved };
}
