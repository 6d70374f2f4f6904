import { promises as dns } from "node:dns";

/** The resolver shape mailauth accepts: like dns.promises.resolve(name, rrtype). */
export type MailauthResolver = (name: string, rrtype: string) => Promise<unknown>;

const MAX_CNAME_DEPTH = 8;

/**
 * A resolver that asks only the DNS server on 127.0.0.1:<port> (the test's nsd), so the test never
 * touches the network. When a name has only a CNAME (SES-style DKIM), it follows the chain itself.
 */
export function loopbackResolver(port: number): MailauthResolver {
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
  return (name, rrtype) => resolve(name, rrtype, 0);
}
