import type { AppConfig } from "../../config/schema";
import { slug } from "../../core/names";

/** One Access include selector, in the provider's shape (camelCase). */
export type AccessInclude =
  | { readonly email: { readonly email: string } }
  | { readonly emailDomain: { readonly domain: string } }
  | { readonly okta: { readonly identityProviderId: string; readonly name: string } }
  | { readonly azureAd: { readonly identityProviderId: string; readonly id: string } }
  | { readonly saml: { readonly identityProviderId: string; readonly attributeName: string; readonly attributeValue: string } };

export interface AccessRoleModel {
  readonly name: string;
  readonly include: readonly AccessInclude[];
}

export interface AccessAppModel {
  /** Construct id suffix, from the path: `root` for `/`. */
  readonly key: string;
  readonly path: string;
  /** `host` or `host/path` for every protected hostname: what Access matches. */
  readonly destinations: readonly string[];
  readonly roles: readonly string[];
  readonly serviceTokens: readonly string[];
}

export interface AccessModel {
  readonly roles: readonly AccessRoleModel[];
  readonly serviceTokens: readonly { readonly name: string; readonly duration: string }[];
  readonly apps: readonly AccessAppModel[];
}

function includesFor(role: AppConfig["edge"]["access"]["roles"][string]): AccessInclude[] {
  const out: AccessInclude[] = [];
  for (const email of role.emails ?? []) out.push({ email: { email } });
  for (const domain of role.emailDomains ?? []) out.push({ emailDomain: { domain } });
  const g = role.idpGroup;
  if (g?.type === "okta") out.push({ okta: { identityProviderId: g.identityProviderId, name: g.group } });
  if (g?.type === "azure_ad") out.push({ azureAd: { identityProviderId: g.identityProviderId, id: g.group } });
  if (g?.type === "saml")
    out.push({ saml: { identityProviderId: g.identityProviderId, attributeName: "groups", attributeValue: g.group } });
  return out;
}

/**
 * Hostnames that get an Access application: every app hostname not explicitly public, and the
 * load-balanced release hostname (served by the traffic stack, not an edge record).
 */
export function protectedHostnames(cfg: AppConfig): string[] {
  const hosts = cfg.edge.hostnames.filter((h) => h.public === undefined).map((h) => h.name);
  return cfg.release && !hosts.includes(cfg.release.hostname) ? [...hosts, cfg.release.hostname] : hosts;
}

/**
 * One Access application per path, covering that path on every protected hostname: `/` for whole
 * hosts and one per more specific path (Access applies the most specific match), each allowing only
 * its roles or tokens. Per path rather than per host+path keeps the count linear in config size.
 */
export function desiredAccess(cfg: AppConfig): AccessModel {
  const access = cfg.edge.access;
  const roles = Object.entries(access.roles).map(([name, role]) => ({ name, include: includesFor(role) }));
  const byPath = new Map<string, { roles: Set<string>; tokens: Set<string> }>();
  const entry = (path: string) => {
    const normal = path === "/" ? "/" : path.replace(/\/+$/, "");
    const e = byPath.get(normal) ?? { roles: new Set<string>(), tokens: new Set<string>() };
    byPath.set(normal, e);
    return e;
  };
  for (const p of access.paths) for (const r of p.roles) entry(p.path).roles.add(r);
  for (const t of access.serviceTokens) for (const p of t.paths) entry(p).tokens.add(t.name);
  const hosts = protectedHostnames(cfg);
  const apps: AccessAppModel[] =
    hosts.length === 0
      ? []
      : [...byPath.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([path, e]) => ({
            key: path === "/" ? "root" : slug(path),
            path,
            destinations: hosts.map((h) => (path === "/" ? h : `${h}${path}`)),
            roles: [...e.roles].sort(),
            serviceTokens: [...e.tokens].sort(),
          }));
  return { roles, serviceTokens: access.serviceTokens.map((t) => ({ name: t.name, duration: t.duration })), apps };
}

/**
 * The account-wide Access objects besides applications that EdgeAccess creates from `model`, by
 * construct id: one group and one reusable allow policy per role, and per service token the token and
 * a reusable non_identity policy. The construct (constructs/edge-access.ts) names its children with
 * the same id functions, so the limits check (access-limits.ts) counts what is created.
 */
export function accountObjects(model: AccessModel): { readonly groups: readonly string[]; readonly reusablePolicies: readonly string[] } {
  return {
    groups: model.roles.map((r) => groupId(r.name)),
    reusablePolicies: [...model.roles.map((r) => rolePolicyId(r.name)), ...model.serviceTokens.map((t) => tokenPolicyId(t.name))],
  };
}

/** Construct ids of EdgeAccess's children: state addresses, never to be renamed. */
export const groupId = (role: string): string => `group-${role}`;
export const rolePolicyId = (role: string): string => `policy-${role}`;
export const tokenPolicyId = (token: string): string => `policy-token-${token}`;

/** An Access application at `appPath` covers `path` and everything below it, at a segment boundary. */
export function appCovers(appPath: string, path: string): boolean {
  return appPath === "/" || path === appPath || path.startsWith(`${appPath}/`);
}

/**
 * The service tokens Access lets through at `path` on `host`: those of the most specific application
 * covering it (Access applies the most specific match), so `/hooks/health` takes the tokens of `/hooks`
 * unless a longer path has an application of its own. Undefined when `host` is not behind Access.
 */
export function serviceTokensAt(cfg: AppConfig, host: string, path: string): readonly string[] | undefined {
  if (!protectedHostnames(cfg).includes(host)) return undefined;
  const covering = desiredAccess(cfg).apps.filter((a) => appCovers(a.path, path));
  const mostSpecific = covering.reduce<AccessAppModel | undefined>(
    (best, a) => (best && best.path.length >= a.path.length ? best : a),
    undefined,
  );
  return mostSpecific?.serviceTokens ?? [];
}

/** Every path of `edge.access.serviceTokens`, in config order, each once. */
export function serviceTokenPaths(cfg: AppConfig): string[] {
  return [...new Set(cfg.edge.access.serviceTokens.flatMap((t) => t.paths))];
}
