import { DEFAULT_API_BASE_URL } from "../core/cloudflare-client";
import { endpointFrom } from "./endpoint-source";

/** The environment variable that points every Cloudflare API call elsewhere (a local stand-in in tests). */
export const BASE_URL_ENV = "CLOUDFLARE_BASE_URL";

/**
 * The Cloudflare API's base URL: --api-base-url, else $CLOUDFLARE_BASE_URL (an empty variable counts as
 * unset), else Cloudflare's. It must be https, or plain http on loopback only (the tests' stand-in); a bad
 * one is named by where it came from, the flag or the variable (exit 2).
 */
export function cloudflareBaseUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return endpointFrom(flag, "--api-base-url", env, BASE_URL_ENV) ?? DEFAULT_API_BASE_URL;
}
