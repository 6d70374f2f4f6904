/**
 * Where a DNS name sits against the Public Suffix List (tldts, which ships a copy of the list): its public
 * suffix (`co.uk`, `io`, `github.io`) and its registrable domain, the suffix plus one label (`acme.co.uk`).
 * The private section counts too: Cloudflare refuses a name on the list as a zone of its own and takes
 * one label below a private suffix (`<name>.github.io`) as an apex.
 */
export interface SuffixPlace {
  readonly publicSuffix: string;
  /** undefined when the name is itself a public suffix. */
  readonly registrable?: string;
}

type Tldts = typeof import("tldts");
let tldts: Tldts | undefined;

/** tldts builds its suffix trie when loaded (tens of ms): only a config load pays for it, not --help. */
function list(): Tldts {
  tldts ??= require("tldts") as Tldts;
  return tldts;
}

/** The public suffix and registrable domain of a lower-case DNS name (punycode labels as written). */
export function suffixPlace(name: string): SuffixPlace {
  const parsed = list().parse(name, { allowPrivateDomains: true });
  const publicSuffix = parsed.publicSuffix ?? name;
  return parsed.domain ? { publicSuffix, registrable: parsed.domain } : { publicSuffix };
}
