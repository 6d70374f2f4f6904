import { existsSync } from "node:fs";
import { join } from "node:path";
import { proseLines, REPO_ROOT, readDoc, userPages } from "./support";

/**
 * A code file README, docs/ or a runbook names in a code span (`__tests__/cli/process.spec.ts`) is a
 * path from the repository root, so a reader finds it: an abbreviated `cli/process.spec.ts` resolves
 * nowhere. (__tests__/architecture/cited-paths.spec.ts checks paths that start at a root folder.)
 */
const CODE_PATH = /`([\w.-]+(?:\/[\w.-]+)+\.(?:ts|js|mjs|sh))`/g;

const pages = userPages();

describe("code files cited in the docs", () => {
  test("the scan sees an abbreviated path", () => {
    expect([..."the tests of `cli/process.spec.ts` and `npm test`".matchAll(CODE_PATH)].map((m) => m[1])).toEqual(["cli/process.spec.ts"]);
  });

  test.each(pages)("%s cites each code file by its path from the repository root", (page) => {
    const unresolved = proseLines(readDoc(page)).flatMap(({ line, text }) =>
      [...text.matchAll(CODE_PATH)].filter((m) => !existsSync(join(REPO_ROOT, m[1] as string))).map((m) => `${page}:${line}: ${m[1]}`),
    );
    expect(unresolved).toEqual([]);
  });
});
