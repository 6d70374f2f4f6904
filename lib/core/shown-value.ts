import { clip } from "./clip";

/**
 * How much of a given value (a flag's, a field's) a message repeats: enough to recognise it, never a
 * pasted file. As environment names (64) and --resolver (80) were cut before there was one rule.
 */
export const MAX_SHOWN_CHARS = 80;

/** `value`'s length as a message says it: `100,000 characters`. */
export function characters(value: string): string {
  return `${value.length.toLocaleString("en-US")} characters`;
}

/** The start of `value`, JSON-quoted (a control character or escape is printed as text) and cut at `max` with "…". */
export function quotedStart(value: string, max = MAX_SHOWN_CHARS): string {
  return JSON.stringify(clip(value, max));
}

/**
 * `value` as a message quotes what was given: JSON-quoted, and a longer one cut at `max` and followed by
 * its length, `"aaaa…" (100,000 characters)`, so one bad value is one short line however long it is.
 */
export function shownValue(value: string, max = MAX_SHOWN_CHARS): string {
  return value.length <= max ? JSON.stringify(value) : `${quotedStart(value, max)} (${characters(value)})`;
}

/**
 * The most of a path argument a message repeats: a long absolute path (a CI runner's workspace) whole,
 * but never a pasted value (a 100,000-character argument made a 100,084-byte line).
 */
const MAX_SHOWN_PATH_CHARS = 240;

/** A path argument as a message shows it: whole, or its start and its length, as a long flag value is shown. */
export function shownPathArgument(path: string): string {
  return path.length <= MAX_SHOWN_PATH_CHARS ? path : `${quotedStart(path, MAX_SHOWN_PATH_CHARS)}, a value of ${characters(path)}`;
}
