import { readFileSync } from "node:fs";
import { join } from "node:path";
import { proseLines, REPO_ROOT, readDoc, userPages } from "./support";

/** `^20.19.0 || ^22.9.0 || >=24` as the docs say it: `20.19+, 22.9+ or 24`. */
function spoken(engines: string): string {
  const parts = engines.split("||").map((range) => {
    const trimmed = range.trim();
    const caret = /^\^(\d+\.\d+)\.0$/.exec(trimmed);
    if (caret?.[1]) return `${caret[1]}+`;
    const atLeast = /^>=(\d+)$/.exec(trimmed);
    if (atLeast?.[1]) return atLeast[1];
    throw new Error(`package.json engines.node: no wording for ${JSON.stringify(trimmed)}; add one here`);
  });
  return parts.length === 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} or ${parts.at(-1)}`;
}

/**
 * Every "Node.js <versions>" a page states, as written: the versions golive supports. ("Node 22.1+" without
 * ".js" is how docs/testing.md says what a version's runtime does, not what golive supports.)
 */
const STATED = /Node\.js (\d+(?:\.\d+)*\+?(?:, \d+(?:\.\d+)*\+?)*(?: or \d+(?:\.\d+)*\+?)?)/g;

const pages = userPages();

describe("the Node.js versions the docs state", () => {
  const engines: string = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).engines.node;

  test("are spoken as package.json's engines are written", () => {
    expect(spoken("^20.19.0 || ^22.9.0 || >=24")).toBe("20.19+, 22.9+ or 24");
  });

  test("README states them", () => {
    expect(readDoc("README.md")).toContain(`Node.js ${spoken(engines)}`);
  });

  test.each(pages)("%s states only package.json's engines", (page) => {
    const stated = proseLines(readDoc(page)).flatMap(({ line, text }) =>
      [...text.matchAll(STATED)].map((m) => `${page}:${line}: Node.js ${m[1]}`),
    );
    expect(stated.filter((s) => !s.endsWith(`Node.js ${spoken(engines)}`))).toEqual([]);
  });
});
