import { createSecureContext, type SecureContext } from "node:tls";

// One secure context per CA list: building it parses every PEM (the system roots are ~140), which per
// connection took most of a verify run's CPU. Keyed by content, not by the array: every run (and every
// in-process run of the tests) builds its own list of the same roots plus its `--ca-file`.
const trustContexts = new Map<string, SecureContext>();
/** A handful of distinct lists at most in one process; the oldest is dropped beyond that. */
const MAX_CONTEXTS = 8;

/** The secure context that trusts exactly `ca` (the caller passes system roots plus `--ca-file`). */
export function trustFor(ca: readonly string[]): SecureContext {
  const key = ca.join("\n");
  let context = trustContexts.get(key);
  if (context === undefined) {
    context = createSecureContext({ ca: [...ca] });
    if (trustContexts.size >= MAX_CONTEXTS) trustContexts.delete(trustContexts.keys().next().value ?? "");
    trustContexts.set(key, context);
  }
  return context;
}
