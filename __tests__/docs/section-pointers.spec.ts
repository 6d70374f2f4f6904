import { headingName, sectionPointers } from "../helpers/runbooks/section-pointers";
import { repoEntry } from "../helpers/runbooks/repo-files";
import { featureReadmes, proseLines, readDoc, userPages } from "./support";

/** A page's prose, code blocks blanked, so line numbers stay the page's own. */
function prose(text: string): string {
  const lines = text.split("\n").map(() => "");
  for (const { line, text: raw } of proseLines(text)) lines[line - 1] = raw;
  return lines.join("\n");
}

/** The headings of a page, as headingName reads them. */
function headings(text: string): Set<string> {
  return new Set(
    proseLines(text)
      .flatMap(({ text: raw }) => /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(raw)?.[1] ?? [])
      .map(headingName),
  );
}

/** The pointers in `text` whose page is missing or has no section of that name, as `line: page "section"`. */
function danglingPointers(text: string): string[] {
  return sectionPointers(prose(text)).flatMap(({ line, page, section }) => {
    const found = repoEntry(page) === "file" && headings(readDoc(page)).has(headingName(section));
    return found ? [] : [`${line}: ${page} "${section}"`];
  });
}

describe("a section another page is sent to by name exists in that page", () => {
  test("the scan reads each form the pages use and fails a section the page does not have", () => {
    const page = [
      "Continue with `runbooks/rollback.md`",
      '  from "after the rollback"; see (runbooks/rollback.md,',
      '"Both colours failing") and `runbooks/deploy.md`, "Origin lockdown", step 1.',
      "```",
      'runbooks/deploy.md "Not a pointer in code"',
      "```",
      'and docs/edge.md ("No such section").',
    ].join("\n");
    expect(sectionPointers(prose(page)).map((p) => `${p.line}:${p.page}:${p.section}`)).toEqual([
      "1:runbooks/rollback.md:after the rollback",
      "2:runbooks/rollback.md:Both colours failing",
      "3:runbooks/deploy.md:Origin lockdown",
      "7:docs/edge.md:No such section",
    ]);
    expect(danglingPointers(page)).toEqual(['1: runbooks/rollback.md "after the rollback"', '7: docs/edge.md "No such section"']);
  });

  test.each([...userPages(), ...featureReadmes()])("%s points only to sections that exist", (page) => {
    expect(danglingPointers(readDoc(page)).map((d) => `${page}:${d}`)).toEqual([]);
  });
});
