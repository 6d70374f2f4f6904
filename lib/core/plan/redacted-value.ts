/**
 * The one text every redaction writes in place of what it hides, in a file of its own: the text
 * redaction (redact-values.ts), the walk by secret names (secret-named.ts) and the attribute diff
 * (attribute-diff.ts) all write it, and a review reads "(redacted)" the same wherever it stands.
 */

/** What a redacted value reads as; parentheses, not brackets: `[x](url)` after it could form a link. */
export const REDACTED_VALUE = "(redacted)";
