import type { AppConfig } from "../lib/config/schema";

/** The example config with `factor` times the hostnames, records, redirects, rate limits and paths. */
export function scaledConfig(base: AppConfig, factor: number): AppConfig {
  const zone = base.cloudflare.zone.name;
  const times = <T>(items: readonly T[], make: (item: T, copy: number) => T): T[] =>
    Array.from({ length: factor }, (_, copy) => items.map((item) => make(item, copy))).flat();
  const edge = base.edge;
  const labelled = (name: string, copy: number) => (copy === 0 ? name : name === zone ? `c${copy}.${zone}` : `c${copy}-${name}`);
  return {
    ...base,
    // More rate-limit rules than lower tiers allow; the bench measures our cost, not a plan's limits.
    cloudflare: { ...base.cloudflare, plan: "enterprise" },
    edge: {
      ...edge,
      hostnames: times(edge.hostnames, (h, c) => ({ ...h, name: labelled(h.name, c) })),
      dns: times(edge.dns, (r, c) => ({ ...r, name: labelled(r.name, c), content: `${r.content}-${c}` })),
      redirects: times(edge.redirects, (r, c) => {
        const [host, ...path] = r.from.split("/");
        return { ...r, from: [labelled(host ?? "", c), ...path].join("/") };
      }),
      rateLimits: times(edge.rateLimits ?? [], (r, c) => ({ ...r, name: `${r.name}-${c}`, paths: r.paths.map((p) => `${p}-${c}`) })),
      access: {
        ...edge.access,
        // An Enterprise account's raised limits (edge.access.accountLimits): the bench's hostnames and
        // paths go past the default 5 domains per application, as a large real tenant's would.
        accountLimits: { ...edge.access.accountLimits, domainsPerApplication: 10000, applications: 100000 },
        paths: times(edge.access.paths, (p, c) => ({ ...p, path: c === 0 ? p.path : `${p.path === "/" ? "" : p.path}/area${c}` })),
      },
    },
  };
}
