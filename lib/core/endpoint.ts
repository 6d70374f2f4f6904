/** What an API endpoint given on the command line or in the environment may be, for messages. */
export const ALLOWED_ENDPOINTS = "allowed: an https:// URL (plain http only to 127.0.0.1, localhost or [::1])";

/**
 * Why `endpoint` may not receive a credential (`got "...", allowed: ...`), or undefined when it may: API
 * endpoints (a local stand-in in tests) must be https://, or plain http only on the loopback interface,
 * so a token or a signed request never crosses a network in the clear.
 */
export function endpointProblem(endpoint: string): string | undefined {
  const problem = `got ${JSON.stringify(endpoint)}, ${ALLOWED_ENDPOINTS}`;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return problem;
  }
  if (/\s/.test(endpoint)) return problem;
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) return undefined;
  return problem;
}
