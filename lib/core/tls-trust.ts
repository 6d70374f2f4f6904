import { createHash } from "node:crypto";
import { createSecureContext, type SecureContext } from "node:tls";
import { BoundedCache } from "./bounded-cache";

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
// a client key. A handful of distinct materials at most in one process.
const contexts = new BoundedCache<string, SecureContext>(8);

// A run hands the same CA list to every probe, and digesting it (~200 KB) on each call was most of a
// verify run's in-process CPU: a list already seen is found by its identity (lists are never edited).
const byList = new WeakMap<readonly string[], SecureContext>();

/** The secure context that trusts exactly `ca` and presents `clientCert`, when given. */
export function secureContextFor(material: TlsMaterial): SecureContext {
  const { ca, clientCert } = material;
  const key = createHash("sha256")
    .update(JSON.stringify([ca ?? null, clientCert?.cert ?? null, clientCert?.key ?? null]))
    .digest("hex");
  return contexts.get(key, () =>
    createSecureContext({
      ...(ca ? { ca: [...ca] } : {}),
      ...(clientCert ? { cert: clientCert.cert, key: clientCert.key } : {}),
    }),
  );
}

/** The secure context that trusts exactly `ca`. */
export function trustFor(ca: readonly string[]): SecureContext {
  let context = byList.get(ca);
  if (context === undefined) {
    context = secureContextFor({ ca });
    byList.set(ca, context);
  }
  return context;
}
