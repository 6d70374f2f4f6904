import { redactCredentials } from "../../core/plan/redact-values";
import { escapeRegExp } from "../../core/regexp";
import { SHOW_SENSITIVE } from "../../core/plan/values";

/**
 * Replaces known sensitive strings inside display text. Terraform does not always carry a sensitivity
 * mark along (a `terraform_data` output echoing a sensitive input is unmarked in the plan), so values
 * that are sensitive anywhere in a stack's plan are hidden everywhere in its report, before any
 * truncation can cut one (those its plan digest lists: what a review hides is part of the digest).
 */
export type Scrub = (text: string) => string;

export const NO_SCRUB: Scrub = (text) => text;

/** How many times over a secret's JSON-escaped form is looked for: a jsonencode'd string inside a jsonencode'd attribute is escaped twice. */
const ESCAPE_LEVELS = 3;

/** One regular expression for all secrets (and their JSON-escaped forms, up to ESCAPE_LEVELS deep), longest first. */
export function scrubberFor(secrets: ReadonlySet<string>): Scrub {
  const forms = new Set<string>();
  for (const s of secrets) {
    let form = s;
    forms.add(form);
    for (let level = 0; level < ESCAPE_LEVELS; level++) {
      const escaped = JSON.stringify(form).slice(1, -1);
      if (escaped === form) break;
      forms.add(escaped);
      form = escaped;
    }
  }
  if (forms.size === 0) return NO_SCRUB;
  const re = new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join("|"),
    "g",
  );
  return (text) => text.replace(re, SHOW_SENSITIVE);
}

/** Hides the secrets, then credential shapes: for a value before it is cut to length (lib/core/plan/format-value.ts reads at most 4,096 characters of it). */
export function valueScrub(secrets: Scrub): Scrub {
  return secrets === NO_SCRUB ? redactCredentials : (text) => redactCredentials(secrets(text));
}

/**
 * How much of a name (an address, an output name, an attribute path, a `for_each` key) the patterns
 * read, and how much of what they leave is shown. A plan's names have no length limit; the patterns
 * cost more on longer text, and a credential cut in two at the end of what they read could pass
 * unrecognised: what is shown stops well before that end, so such a credential is never shown.
 */
export const MAX_NAME_SCANNED = 4096;
export const MAX_NAME_SHOWN = 1024;

/**
 * For names, as for values: the secrets, then credential shapes, on at most MAX_NAME_SCANNED
 * characters, before any rendering, so nothing after rendering has to find a credential in a name
 * (index.ts). A longer name is shown cut, saying so.
 */
export function nameScrub(secrets: Scrub): Scrub {
  const values = valueScrub(secrets);
  return (text) => {
    const scrubbed = values(text.length > MAX_NAME_SCANNED ? text.slice(0, MAX_NAME_SCANNED) : text);
    if (text.length <= MAX_NAME_SHOWN) return scrubbed;
    return `${scrubbed.slice(0, MAX_NAME_SHOWN)}… (cut: ${text.length.toLocaleString("en-US")} characters)`;
  };
}

/** How one stack's report hides text (report.ts, StackScrub): only the secrets its plan digest lists, and credential shapes. */
export function stackScrubFor(hidden: ReadonlySet<string>): { readonly values: Scrub; readonly names: Scrub } {
  const secrets = scrubberFor(hidden);
  return { values: valueScrub(secrets), names: nameScrub(secrets) };
}
