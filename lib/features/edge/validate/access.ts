import { type IdOwner, idCollisions } from "../../../core/collisions";
import type { AppConfig } from "../../../config/schema";
import { shownValue } from "../../../core/shown-input";
import { type ConfigIssue, formatPath } from "../../../core/issues";
import { slug } from "../../../core/names";
import { isPublicMailDomain } from "../public-mail";

/**
 * Each Access path becomes one application with the construct id `app-<slug>` (access.ts): `/a-b`,
 * `/a/b` and `/a_b` would share one, and `/root` would take the id of `/`.
 */
function applicationIdIssues(cfg: AppConfig): ConfigIssue[] {
  const access = cfg.edge.access;
  const seen = new Set<string>();
  const owners: IdOwner[] = [];
  const add = (path: string, at: (string | number)[]) => {
    const normal = path === "/" ? "/" : path.replace(/\/+$/, "");
    if (seen.has(normal)) return; // the same application: its roles and tokens are merged
    seen.add(normal);
    owners.push({ id: `app-${normal === "/" ? "root" : slug(normal)}`, path: at, value: path });
  };
  for (const [i, p] of access.paths.entries()) add(p.path, ["edge", "access", "paths", i, "path"]);
  for (const [i, t] of access.serviceTokens.entries()) {
    for (const [j, p] of t.paths.entries()) add(p, ["edge", "access", "serviceTokens", i, "paths", j]);
  }
  return idCollisions(owners, (id) => `the Access application id ${id}`);
}

/** A role's policy is `policy-<role>`, a token's `policy-token-<token>`: role `token-x` and token `x` would share one. */
function policyIdIssues(cfg: AppConfig): ConfigIssue[] {
  const access = cfg.edge.access;
  // Distinct token names only: a token listed twice is reported as such above.
  const tokens = access.serviceTokens.filter((t, i) => access.serviceTokens.findIndex((u) => u.name === t.name) === i);
  const owners: IdOwner[] = [
    ...tokens.map((t) => ({
      id: `policy-token-${t.name}`,
      path: ["edge", "access", "serviceTokens", access.serviceTokens.indexOf(t), "name"],
      value: t.name,
    })),
    ...Object.keys(access.roles).map((name) => ({ id: `policy-${name}`, path: ["edge", "access", "roles", name], value: name })),
  ];
  return idCollisions(owners, (id) => `the Access policy id ${id}`);
}

/**
 * An entry listed twice in one list: a role's emails (compared without case, as mail is delivered) and
 * email domains (lower-case already), a path's roles, a token's paths (two that differ only in case
 * have a rule of their own). Cloudflare would get the rule twice, or Terraform a set
 * one shorter than the config, a diff on every plan.
 */
function repeatedEntryIssues(values: readonly string[], at: readonly (string | number)[], anyCase = false): ConfigIssue[] {
  const first = new Map<string, number>();
  const issues: ConfigIssue[] = [];
  values.forEach((value, i) => {
    const key = anyCase ? value.toLowerCase() : value;
    const prev = first.get(key);
    if (prev === undefined) first.set(key, i);
    else issues.push({ path: [...at, i], message: `${shownValue(value)} is listed twice (also ${formatPath([...at, prev])})` });
  });
  return issues;
}

/** Every list of edge.access whose entries must differ (repeatedEntryIssues). */
function accessListIssues(cfg: AppConfig): ConfigIssue[] {
  const access = cfg.edge.access;
  const at = (...path: (string | number)[]) => ["edge", "access", ...path];
  return [
    ...Object.entries(access.roles).flatMap(([name, role]) => [
      ...repeatedEntryIssues(role.emails ?? [], at("roles", name, "emails"), true),
      ...repeatedEntryIssues(role.emailDomains ?? [], at("roles", name, "emailDomains")),
    ]),
    ...access.paths.flatMap((p, i) => repeatedEntryIssues(p.roles, at("paths", i, "roles"))),
    ...access.serviceTokens.flatMap((t, i) => repeatedEntryIssues(t.paths, at("serviceTokens", i, "paths"))),
  ];
}

export function validateAccess(cfg: AppConfig): ConfigIssue[] {
  const access = cfg.edge.access;
  const issues: ConfigIssue[] = [];
  const roleNames = Object.keys(access.roles);
  for (const [name, role] of Object.entries(access.roles)) {
    if ((role.emails ?? []).length + (role.emailDomains ?? []).length === 0 && !role.idpGroup) {
      issues.push({
        path: ["edge", "access", "roles", name],
        message: "a role needs at least one of emails, emailDomains or idpGroup; an empty role would match nobody",
      });
    }
    (role.emailDomains ?? []).forEach((domain, i) => {
      if (isPublicMailDomain(domain))
        issues.push({
          path: ["edge", "access", "roles", name, "emailDomains", i],
          message: `${shownValue(domain)} is a public mail provider's domain (anyone can get an address there), so the role would admit anyone who can sign in; list the people under emails, or use an idpGroup`,
        });
    });
  }
  const seenPaths = new Map<string, number>();
  access.paths.forEach((p, i) => {
    p.roles.forEach((r, j) => {
      if (!roleNames.includes(r)) {
        issues.push({
          path: ["edge", "access", "paths", i, "roles", j],
          message: `unknown role ${shownValue(r)}; allowed: ${roleNames.join(", ") || "(define edge.access.roles first)"}`,
        });
      }
    });
    const prev = seenPaths.get(p.path);
    if (prev !== undefined)
      issues.push({
        path: ["edge", "access", "paths", i, "path"],
        message: `path "${p.path}" is listed twice (also edge.access.paths[${prev}])`,
      });
    else seenPaths.set(p.path, i);
  });
  if (!seenPaths.has("/")) {
    issues.push({
      path: ["edge", "access", "paths"],
      message: 'must include path "/" so no part of a hostname is left without authentication',
    });
  }
  const tokenNames = new Set<string>();
  access.serviceTokens.forEach((t, i) => {
    if (tokenNames.has(t.name))
      issues.push({ path: ["edge", "access", "serviceTokens", i, "name"], message: `service token "${t.name}" is listed twice` });
    tokenNames.add(t.name);
    t.paths.forEach((p, j) => {
      if (p === "/")
        issues.push({
          path: ["edge", "access", "serviceTokens", i, "paths", j],
          message: 'a service token on "/" would open the whole hostname to machine callers; name the callback paths',
        });
    });
  });
  return [...issues, ...accessListIssues(cfg), ...applicationIdIssues(cfg), ...policyIdIssues(cfg)];
}
