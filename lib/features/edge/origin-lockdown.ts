import type { AppConfig } from "../../config/schema";

/**
 * The Terraform variable that carries the private key of `edge.originPullCertificate` (sensitive, never
 * in config or cdk.tf.json), and the GitHub environment secret the deploy sets it from.
 */
export const ORIGIN_PULL_KEY_VARIABLE = "origin_pull_private_key";
export const ORIGIN_PULL_KEY_SECRET = "ORIGIN_PULL_PRIVATE_KEY";

/** A Cloudflare Tunnel's public name: `<tunnel id>.cfargotunnel.com` has no address anyone can call. */
export function isTunnelTarget(target: string): boolean {
  return /\.cfargotunnel\.com\.?$/i.test(target);
}

/** One origin as Cloudflare reaches it: its address or name, and the hostname sent as SNI and Host. */
export interface OriginTarget {
  readonly hostname: string;
  readonly origin: string;
}

/** Every origin behind the proxy: proxied edge hostnames and the release pools, once per hostname and origin. */
export function originTargets(cfg: AppConfig): OriginTarget[] {
  const all: OriginTarget[] = [
    ...cfg.edge.hostnames.filter((h) => h.proxied).map((h) => ({ hostname: h.name, origin: h.origin })),
    ...(cfg.release
      ? [...cfg.release.pools.blue.origins, ...cfg.release.pools.green.origins].map((o) => ({
          hostname: cfg.release?.hostname ?? "",
          origin: o.address,
        }))
      : []),
  ];
  const seen = new Set<string>();
  return all.filter((t) => {
    const key = `${t.hostname} ${t.origin}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
