import { promises as dns } from "node:dns";
import { isIP } from "node:net";
import { errorCode } from "../../../core/error-code";
import type { DnsObservation, RecordKind } from "../../../core/verify/types";
import type { Resolution } from "../../../platform/probes";
import { NO_RECORD } from "../../../core/verify/no-record";

export interface ResolverOptions {
  /** `host:port` of the DNS server to use for everything; the system resolver when absent. */
  readonly server?: string;
  readonly timeoutMs: number;
  /** Refuse to probe any hostname that does not resolve to a loopback address. */
  readonly loopbackOnly: boolean;
}

export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === "::1" || /^::ffff:127\./i.test(address);
}

/** The address part of `host:port` / `[v6]:port`, for the loopback guard. */
export function serverHost(server: string): string {
  const v6 = /^\[([^\]]+)\]:\d+$/.exec(server);
  if (v6) return v6[1] as string;
  const i = server.lastIndexOf(":");
  return i === -1 ? server : server.slice(0, i);
}

/**
 * A TXT record's text from the character-strings resolveTxt returns. Node hands each string's bytes over
 * as latin1, so UTF-8 content (a DMARC rua with an IDN, a verification note) must be decoded from the
 * bytes, joined first: a multi-byte character may straddle the 255-byte split between two strings.
 */
export function txtText(chunks: readonly string[]): string {
  return Buffer.concat(chunks.map((c) => Buffer.from(c, "latin1"))).toString("utf8");
}

const unresolved = (host: string, code: string): Resolution => ({ error: `${host} does not resolve (${code})`, code });

/** One record type's addresses, or the code of why there are none (ENODATA for an empty answer). */
async function addressesOrCode(lookup: () => Promise<string[]>): Promise<{ addresses: string[]; code: string }> {
  try {
    const addresses = await lookup();
    return { addresses, code: "ENODATA" };
  } catch (err) {
    return { addresses: [], code: errorCode(err) };
  }
}

/** Resolves names once each (bounded: one A, at most one AAAA query per name) and applies the loopback guard. */
export class HostResolver {
  private readonly resolver?: dns.Resolver;
  private readonly cache = new Map<string, Promise<Resolution>>();

  constructor(private readonly options: ResolverOptions) {
    if (options.server !== undefined) {
      this.resolver = new dns.Resolver({ timeout: options.timeoutMs, tries: 2 });
      this.resolver.setServers([options.server]);
    }
  }

  resolve(host: string): Promise<Resolution> {
    let hit = this.cache.get(host);
    if (!hit) {
      hit = this.lookup(host).then((r) => this.guard(host, r));
      this.cache.set(host, hit);
    }
    return hit;
  }

  private async lookup(host: string): Promise<Resolution> {
    if (isIP(host)) return { address: host };
    const resolver = this.resolver;
    if (!resolver) {
      try {
        return { address: (await dns.lookup(host)).address };
      } catch (err) {
        return unresolved(host, errorCode(err));
      }
    }
    const v4 = await addressesOrCode(() => resolver.resolve4(host));
    const first4 = v4.addresses[0];
    if (first4 !== undefined) return { address: first4 };
    const v6 = await addressesOrCode(() => resolver.resolve6(host));
    const first6 = v6.addresses[0];
    if (first6 !== undefined) return { address: first6 };
    // A lookup that failed (a timeout, SERVFAIL) is why there is no address, not an absent record.
    const code = [v4.code, v6.code].find((c) => !NO_RECORD.has(c)) ?? v6.code;
    return code === "ENODATA" ? { error: `${host} has no A/AAAA record`, code } : unresolved(host, code);
  }

  private guard(host: string, r: Resolution): Resolution {
    if ("address" in r && this.options.loopbackOnly && !isLoopback(r.address)) {
      return { error: `${host} resolves to ${r.address}, not a loopback address; not probed (--loopback-only)` };
    }
    return r;
  }

  /** What the resolver returns for one record; errors are part of the observation. */
  async records(name: string, type: RecordKind): Promise<DnsObservation> {
    const r = this.resolver ?? dns;
    try {
      if (type === "TXT") return { name, type, values: (await r.resolveTxt(name)).map((chunks) => ({ value: txtText(chunks) })) };
      if (type === "MX") return { name, type, values: (await r.resolveMx(name)).map((m) => ({ value: m.exchange, priority: m.priority })) };
      return { name, type, values: (await r.resolveCname(name)).map((value) => ({ value })) };
    } catch (err) {
      return { name, type, values: [], error: errorCode(err) };
    }
  }
}
