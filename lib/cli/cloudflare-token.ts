import { checkHeaderSafeEnv } from "./header-safe-env";

/** The variable golive reads the Cloudflare API token from (preflight, release rollback --now and promote --watch). */
export const CLOUDFLARE_TOKEN_ENV = "CLOUDFLARE_API_TOKEN";

/**
 * CLOUDFLARE_API_TOKEN, "" when unset (each command says then whether it needs one). It goes out as
 * `Authorization: Bearer <token>`: a value Node cannot put in a header (a line break, a tab, a control
 * or non-ASCII character) made every request fail before it was sent, which the commands reported as
 * "cannot reach the Cloudflare API". Refused here instead (exit 2), naming the variable, never the value;
 * checked in a dry run too, which would otherwise pass where the real run fails.
 */
export function cloudflareApiToken(env: NodeJS.ProcessEnv): string {
  const token = env[CLOUDFLARE_TOKEN_ENV] ?? "";
  // The usual cause, said only when it is the one found.
  const cause = /[\r\n]/.test(token)
    ? " (a line break at its end usually comes from where it was copied: a token file or a pasted secret that ends with one; strip it, e.g. tr -d '\\r\\n')"
    : "";
  checkHeaderSafeEnv(env, [CLOUDFLARE_TOKEN_ENV], `a Cloudflare API token as Cloudflare shows it${cause}`);
  return token;
}
