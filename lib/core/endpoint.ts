import { REDACTED, redact } from "./redact";

/** What an API endpoint given on the command line or in the environment may be, for messages. */
export const ALLOWED_ENDPOINTS = "allowed: an https:// URL (plain http only to 127.0.0.1, localhost or [::1])";

/** The parts a base URL may not have, for messages. */
const ALLOWED_PARTS = `${ALLOWED_ENDPOINTS}, with no user-info (user:password@), query (?...) or fragment (#...)`;

/** Longest endpoint an error quotes: enough to recognise a typo, too short for a pasted file. */
const MAX_SHOWN = 100;

/**
 * `endpoint` as an error quotes it, never its credential part: everything up to the last `@` after the
 * scheme masked (user-info, even one the URL parser would split elsewhere: a password holding `/`, `?`
 * or `#`), the query and fragment masked (`?token=...`), credential shapes masked, cut short.
 */
function shownEndpoint(endpoint: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(endpoint)?.[0] ?? "";
  const rest = endpoint.slice(scheme.length);
  const at = rest.lastIndexOf("@");
  const afterUser = at === -1 ? rest : `${REDACTED}@${rest.slice(at + 1)}`;
  const cut = afterUser.search(/[?#]/);
  const shown = redact(`${scheme}${cut === -1 ? afterUser : `${afterUser.slice(0, cut + 1)}${REDACTED}`}`);
  return JSON.stringify(shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN - 3)}...` : shown);
}

/** The authority of a URL that parsed (http or https): what follows `//` up to the path, query or fragment (WHATWG URL). */
function authorityOf(endpoint: string): string {
  const rest = endpoint.slice(endpoint.indexOf("//") + 2);
  const end = rest.search(/[/\\?#]/);
  return end === -1 ? rest : rest.slice(0, end);
}

/**
 * Why `endpoint` may not receive a credential (`got "...", allowed: ...`), or undefined when it may: API
 * endpoints (a local stand-in in tests) must be https://, or plain http only on the loopback interface,
 * so a token or a signed request never crosses a network in the clear. It is a base URL that paths are
 * appended to, so it has no user-info (a password in it would be printed by every --dry-run request
 * line and kept in shell history and CI logs; the credentials live in the environment) and no query or
 * fragment (`base?x=1` + `/zones` sends the path inside the query: the API answers 404 for the wrong
 * reason). The message never quotes the user-info, query or fragment.
 */
export function endpointProblem(endpoint: string): string | undefined {
  const problem = `got ${shownEndpoint(endpoint)}, ${ALLOWED_ENDPOINTS}`;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return problem;
  }
  if (/\s/.test(endpoint)) return problem;
  const loopbackHttp = url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !loopbackHttp) return problem;
  if (url.username !== "" || url.password !== "" || authorityOf(endpoint).includes("@"))
    return `got ${shownEndpoint(endpoint)}: a user name or password in the URL is refused (not shown); ${ALLOWED_PARTS}`;
  if (/[?#]/.test(endpoint))
    return `got ${shownEndpoint(endpoint)}: a query or fragment is refused (paths are appended to this base URL); ${ALLOWED_PARTS}`;
  return undefined;
}
