import type { AppConfig } from "../../config/schema";
import { protectedHostnames } from "../../features/edge/access";
import { isTunnelTarget, ORIGIN_PULL_KEY_SECRET, originTargets } from "../../features/edge/origin-lockdown";
import type { OriginLockdown } from "../../features/edge/schema";
import type { AnswerProblem } from "./answers";
import type { KnownAnswers } from "./questions";

/** Where a person learns each lockdown, and how to move to authenticated-origin-pulls. */
export const LOCKDOWN_RUNBOOK = 'runbooks/deploy.md, "Origin lockdown"';

/**
 * Each `edge.originLockdown` and why one would take it, strongest first: the prompt lists them. GL-AUTH-002
 * passes for each as init writes it (lib/features/edge/rules/GL-AUTH-002.ts).
 */
export const LOCKDOWN_REASONS: Readonly<Record<OriginLockdown, string>> = {
  "authenticated-origin-pulls": `strongest for origins with a public address: Cloudflare presents a client certificate of your own CA and each origin requires it; needs that certificate now (a PEM file, public) and its key as the deploy secret ${ORIGIN_PULL_KEY_SECRET}`,
  tunnel:
    "the origins have no public address at all: every origin is a Cloudflare Tunnel name (<tunnel id>.cfargotunnel.com, served by cloudflared)",
  "access-jwt":
    "works today with no certificate, as every hostname init writes is behind Access: the app itself must check the Cf-Access-Jwt-Assertion header of every request; move to authenticated-origin-pulls later",
};

/**
 * The strongest lockdown that needs nothing init cannot know: authenticated-origin-pulls with a
 * certificate given, tunnel when every origin is a tunnel, else access-jwt, which createConfig holds to
 * every hostname being wholly behind Access (accessJwtGap).
 */
export function defaultOriginLockdown(origins: readonly string[], withCertificate: boolean): OriginLockdown {
  if (withCertificate) return "authenticated-origin-pulls";
  return origins.length > 0 && origins.every(isTunnelTarget) ? "tunnel" : "access-jwt";
}

/**
 * Why `lockdown` cannot go with the origins and certificate answered so far, or undefined: the same rules
 * as lib/features/edge/validate/origin-lockdown.ts, said before the config is written.
 */
export function originLockdownClash(lockdown: string, origins: readonly string[], withCertificate: boolean): string | undefined {
  if (withCertificate && lockdown !== "authenticated-origin-pulls")
    return `--origin-pull-certificate is used only with authenticated-origin-pulls (got "${lockdown}"); choose it, or leave the certificate out`;
  const untunnelled = origins.filter((o) => !isTunnelTarget(o)).length;
  if (lockdown !== "tunnel" || untunnelled === 0) return undefined;
  return `origin lockdown "tunnel" needs every origin to be a Cloudflare Tunnel name (<tunnel id>.cfargotunnel.com), and ${untunnelled} of ${origins.length} ${untunnelled === 1 ? "is" : "are"} not; give tunnel names, or choose authenticated-origin-pulls or access-jwt`;
}

/** The answers edge.originLockdown must agree with. */
const LOCKDOWN_ANSWERS: readonly string[] = ["origin", "origin-lockdown", "origin-pull-certificate"];

/**
 * originLockdownClash at the answer just given (`values`, for `flag`) against the answers so far, or
 * undefined: asked again on a terminal, a usage error as flags. Each clash is said at the answer that
 * makes it: origins against tunnel, a certificate against another lockdown.
 */
export function lockdownAnswerClash(flag: string, values: readonly string[], known: KnownAnswers): string | undefined {
  if (!LOCKDOWN_ANSWERS.includes(flag)) return undefined;
  const lockdown = flag === "origin-lockdown" ? values[0] : known.get("origin-lockdown")?.[0];
  if (lockdown === undefined) return undefined;
  const origins = flag === "origin" ? values : flag === "origin-lockdown" ? (known.get("origin") ?? []) : [];
  const withCertificate = flag === "origin-pull-certificate" || (flag === "origin-lockdown" && known.has("origin-pull-certificate"));
  return originLockdownClash(lockdown, origins, withCertificate);
}

/** Why authenticated-origin-pulls cannot be written without a certificate (the prompt's and the flag's reason). */
export const CERTIFICATE_REQUIRED = `required with authenticated-origin-pulls: a client certificate of your own CA (how to make one: ${LOCKDOWN_RUNBOOK}); without it Cloudflare presents its global certificate, which every Cloudflare account shares, and GL-AUTH-002 blocks`;

/** The answers' lockdown problem, naming the flag to fix, or undefined. */
export function originLockdownProblem(a: {
  readonly originLockdown: OriginLockdown;
  readonly origins: readonly string[];
  readonly originPullCertificate?: string;
}): AnswerProblem | undefined {
  const withCertificate = a.originPullCertificate !== undefined;
  const clash = originLockdownClash(a.originLockdown, a.origins, withCertificate);
  if (clash !== undefined) return { flag: "origin-lockdown", message: clash };
  if (a.originLockdown === "authenticated-origin-pulls" && !withCertificate)
    return {
      flag: "origin-pull-certificate",
      message: `${CERTIFICATE_REQUIRED}; or choose --origin-lockdown access-jwt now and move later`,
    };
  return undefined;
}

/**
 * The hostnames whose origins are reachable other than by a tunnel and that no Access application at `/`
 * covers: under access-jwt no Access token reaches those origins to check, so GL-AUTH-002 fails for them.
 */
export function hostsOutsideAccess(cfg: AppConfig): string[] {
  const whole = cfg.edge.access.paths.some((p) => p.path === "/");
  const covered = new Set(whole ? protectedHostnames(cfg) : []);
  const open = originTargets(cfg).filter((t) => !isTunnelTarget(t.origin) && !covered.has(t.hostname));
  return [...new Set(open.map((t) => t.hostname))];
}

/** Why the validated config's access-jwt would leave a hostname unlocked (GL-AUTH-002), or undefined. */
export function accessJwtGap(cfg: AppConfig): AnswerProblem | undefined {
  if (cfg.edge.originLockdown !== "access-jwt") return undefined;
  const open = hostsOutsideAccess(cfg);
  if (open.length === 0) return undefined;
  return {
    flag: "origin-lockdown",
    message: `access-jwt locks only hostnames wholly behind Access, and ${open.join(", ")} ${open.length === 1 ? "is" : "are"} not (GL-AUTH-002 would block); give --origin-lockdown authenticated-origin-pulls --origin-pull-certificate FILE, or --origin-lockdown tunnel with tunnel origins (${LOCKDOWN_RUNBOOK})`,
  };
}
