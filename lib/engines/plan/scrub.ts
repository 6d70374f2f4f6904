import { SHOW_SENSITIVE } from "../../core/plan/values";

/**
 * Replaces known sensitive strings inside display text. Terraform does not always carry a sensitivity
 * mark along (a `terraform_data` output echoing a sensitive input is unmarked in the plan), so values
 * that are sensitive anywhere in a stack's plan are hidden everywhere in its report, before any
 * truncation can cut one (those its plan digest lists: what a review hides is part of the digest).
 */
export type Scrub = (text: string) => string;

export const NO_SCRUB: Scrub = (text) => text;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One regular expression for all secrets (and their JSON-escaped forms), longest first. */
export function scrubberFor(secrets: ReadonlySet<string>): Scrub {
  const forms = new Set<string>();
  for (const s of secrets) {
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
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
