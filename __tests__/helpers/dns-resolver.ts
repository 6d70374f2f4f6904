import { promises as dns } from "node:dns";
import type { DNSResolver } from "mailauth";

const MAX_CNAME_DEPTH = 8;

/**
 * A mailauth resolver that asks only the DNS server on 127.0.0.1:<port> (the test's nsd), so the test
 * never touches the network. When a name has only a CNAME (SES-style DKIM) it follows the chain itself.
 */
export function loopbackResolver(port: number): DNSResolver {
  const resolver = new dns.Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([`127.0.0.1:${port}`]);
  const resolve = async (name: string, rrtype: string, depth: number): Promise<unknown> => {
    try {
      return await resolver.resolve(name, rrtype);
    } catch (err) {
      const code = typeof err === "object" && err !== null && "code" in err ? err.code : undefined;
      if (code !== "ENODATA" || rrtype === "CNAME" || depth >= MAX_CNAME_DEPTH) throw err;
      const targets = await resolver.resolveCname(name).catch(() => []);
      const target = targets[0];
      if (target === undefined) throw err;
      return resolve(target, rrtype, depth + 1);
    }
  };
  // mailauth's .d.ts types answers as strings, but at run time it takes whatever dns.resolve returns
  // (MX objects too): the answer is passed through unchanged, exactly as mailauth's default resolver does.
  return (name, rrtype) => resolve(name, rrtype, 0) as Promise<string[][] | string[]>;
}
