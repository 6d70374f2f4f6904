/**
 * Pointers into a section of another page, as the pages write them: a path from the repository root
 * (`runbooks/rollback.md`, `docs/edge.md`, with or without code marks), then the section's name in double
 * quotes, after a comma, a parenthesis or "from" (`runbooks/rollback.md` from "After either path";
 * (runbooks/deploy.md, "Origin lockdown", step 1)). Read from prose only, across line breaks.
 */
const POINTER =
  /`?((?:runbooks|docs)\/[\w.-]+\.md)`?,?\s+(?:\(\s*)?(?:(?:from|in|under|section)\s+(?:the\s+)?(?:section\s+)?)?"([^"\n]+(?:\n[^"\n]+)?)"/g;

export interface SectionPointer {
  /** 1-based line of the page where the path starts. */
  readonly line: number;
  readonly page: string;
  /** The quoted name, white space collapsed. */
  readonly section: string;
}

/** Every section pointer in `prose` (a page's text outside code blocks; line numbers are its own). */
export function sectionPointers(prose: string): SectionPointer[] {
  return [...prose.matchAll(POINTER)].map((m) => ({
    line: prose.slice(0, m.index).split("\n").length,
    page: m[1] ?? "",
    section: (m[2] ?? "").replace(/\s+/g, " ").trim(),
  }));
}

/** A heading as its reader sees it: code marks dropped, white space collapsed, any case. */
export const headingName = (heading: string): string => heading.replace(/`/g, "").replace(/\s+/g, " ").trim().toLowerCase();
