import { mayHoldCredential } from "../core/credential-shapes";
import { shownValue } from "../core/shown-value";
import { UsageError } from "./types";

/** A word a message may repeat though the command echoes nothing else: short, plain, no credential shape. */
const PLAIN_WORD = /^[a-z][a-z0-9-]{0,23}$/;

/**
 * The subcommand `given` names, or a usage error naming what is allowed. With `echo` off (`secrets`,
 * where an argument may be a pasted value) an unknown word is repeated only when it is a short plain
 * word (a typo such as `frob` or `set`), never something that may be a secret.
 */
export function subcommandOf<T extends string>(given: string | undefined, allowed: readonly T[], echo = true): T {
  const sub = allowed.find((s) => s === given);
  if (sub !== undefined) return sub;
  const list = allowed.join(", ");
  if (given === undefined) throw new UsageError(`expected a subcommand; allowed: ${list}`);
  const shown =
    echo || (PLAIN_WORD.test(given) && !mayHoldCredential(given)) ? ` ${shownValue(given)}` : ", not shown as it may be a secret";
  throw new UsageError(`unknown subcommand${shown} (allowed: ${list})`);
}
