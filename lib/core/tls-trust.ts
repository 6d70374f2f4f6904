import { createHash } from "node:crypto";
import { createSecureContext, type SecureContext } from "node:tls";

/** What a TLS client trusts and, for origins that ask for one, the certificate it presents. */
export interface TlsMaterial {
  /** Trusted CAs (the caller passes system roots plus `--ca-file`); Node's defaults when absent. */
  readonly ca?: readonly string[];
  /** A client certificate and its key (PEM). */
  readonly clientCert?: { readonly cert: string; readonly key: string };
}

// One secure context per distinct material: building it parses every PEM (the system roots are ~140,
// about 55 ms), which per connection took most of a verify run's CPU, and per release watch most of its
// set-up. Keyed by a digest of the content, not by the array: every run (and every in-process run of the
// tests) builds its own list of the same roots plus its `--ca-file`; the digest keeps no second copy of
// a client key.
const contexts = new Map<string, SecureContext>();
/** A handful of distinct materials at most in one process; the oldest is dropped beyond that. */
const MAX_CONTEXTS = 8;

/** The secure context that trusts exactly `ca` and presents `clientCert`, when given. */
export function secureContextFor(material: TlsMaterial): SecureContext {
  const { ca, clientCert } = material;
  const key = createHash("sha256")
    .update(JSON.stringify([ca ?? null, clientCert?.cert ?? null, clientCert?.key ?? null]))
    .digest("hex");
  let context = contexts.get(key);
  if (context === undefined) {
    context = createSecureContext({
      ...(ca ? { ca: [...ca] } : {}),
      ...(clientCert ? { cert: clientCert.cert, key: clientCert.key } : {}),
    });
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value ?? "");
    contexts.set(key, context);
  }
  return context;
}

/** The secure context that trusts exactly `ca`. */
export function trustFor(ca: readonly string[]): SecureContext {
  return secureContextFor({ ca });
}
