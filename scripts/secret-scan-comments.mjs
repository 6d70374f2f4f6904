// The secretlint disable comments the secret gate refuses. secretlint's recommended preset bundles
// secretlint-rule-filter-comments, which drops every finding after a file-wide disable comment, on the
// line of a `-line` one and on the line below a `-next-line` one: whoever commits a token could hide it
// from the gate in the same file, where no reviewer of the gate looks. scripts/secretlint.mjs takes that
// rule out, so the token is still reported; a comment that would hide a finding is also refused, named,
// as a nested .secretlintignore is (scripts/secret-scan.sh). A false positive is named in the root
// .secretlintignore (/path/to/file) or built at run time, where reviewers see it.

// As the preset finds them (secretlint 12.0.0, secretlint-rule-filter-comments parseComments): anywhere
// in the text, not only inside a comment, the rest of the line read as the rule ids it disables.
const DIRECTIVE = /secretlint-(?<type>disable-next-line|disable-line|disable|enable)(?<options>.*)/g;

/**
 * The rule ids after a directive, as the preset's parseComment reads them: comma-separated, up to a
 * `--` that starts a reason. None means every rule.
 */
function ruleIds(options) {
  const reasonAt = options.indexOf("--");
  return (reasonAt === -1 ? options : options.slice(0, reasonAt))
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
}

/**
 * True when secretlint would drop findings for it: every rule (no id, or `*`), or a rule the gate runs
 * (all are `@secretlint/secretlint-rule-*`). Prose that names the comment (`secretlint-disable-line`
 * followed by more words) lists no such id and disables nothing, so docs may still mention it.
 */
function hidesFindings(type, options) {
  if (type === "enable") return false;
  const ids = ruleIds(options);
  return ids.length === 0 || ids.some((id) => id === "*" || id.includes("secretlint-rule-"));
}

/** Each disable comment in `text` that would hide a finding, as { line (1-based), comment }. */
export function refusedDisableComments(text) {
  const found = [];
  for (const match of text.matchAll(DIRECTIVE)) {
    const { type = "", options = "" } = match.groups ?? {};
    if (!hidesFindings(type, options)) continue;
    const line = text.slice(0, match.index).split("\n").length;
    found.push({ line, comment: `secretlint-${type}` });
  }
  return found;
}

/** The refusal line for one comment in `file`. */
export function disableCommentRefusal(file, { line, comment }) {
  return `${file}:${line}: a ${comment} comment is refused (it would hide a finding from the gate); delete it, and name a false positive in the root .secretlintignore (/path/to/file) or build it at run time`;
}
