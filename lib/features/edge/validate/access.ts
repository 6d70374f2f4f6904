import type { AppConfig } from "../../../config/schema";
import type { ConfigIssue } from "../../../core/issues";

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
  }
  const seenPaths = new Map<string, number>();
  access.paths.forEach((p, i) => {
    p.roles.forEach((r, j) => {
      if (!roleNames.includes(r)) {
        issues.push({
          path: ["edge", "access", "paths", i, "roles", j],
          message: `unknown role "${r}"; allowed: ${roleNames.join(", ") || "(define edge.access.roles first)"}`,
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
  return issues;
}
