import type { SecureContext } from "node:tls";
import { trustFor } from "../../../core/tls-trust";

// A run hands the same CA list (~140 system roots plus --ca-file) to every probe; trustFor digests the
// whole list (~200 KB of JSON) on each call to find its cached context, which was most of a verify run's
// in-process CPU. Keyed by the list itself, the digest runs once per list; the context is the same one.
const byList = new WeakMap<readonly string[], SecureContext>();

/** trustFor(ca), looked up by the list's identity first: the lists are readonly and never edited. */
export function trustForList(ca: readonly string[]): SecureContext {
  let context = byList.get(ca);
  if (context === undefined) {
    context = trustFor(ca);
    byList.set(ca, context);
  }
  return context;
}
