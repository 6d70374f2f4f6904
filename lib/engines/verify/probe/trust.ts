import { createSecureContext, type SecureContext } from "node:tls";

// One secure context per CA list: building it parses every PEM (the system roots are ~140), which per
// connection took most of a verify run's CPU.
const trustContexts = new WeakMap<readonly string[], SecureContext>();

/** The secure context that trusts exactly `ca` (the caller passes system roots plus `--ca-file`). */
export function trustFor(ca: readonly string[]): SecureContext {
  let context = trustContexts.get(ca);
  if (context === undefined) {
    context = createSecureContext({ ca: [...ca] });
    trustContexts.set(ca, context);
  }
  return context;
}
