import { dirname, join, normalize } from "node:path";
import { repoEntry } from "../helpers/runbooks/repo-files";
import { anchorsOf, featureReadmes, linksOf, readDoc, slug, userPages } from "./support";

/**
 * A relative link's problem, or undefined when its file (and anchor, in a Markdown file) exists. A link
 * into config/ is to an example environment, looked up among the examples (repoEntry): config/ is the user's.
 */
function brokenLink(from: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:: not checked offline
  const [pathPart = "", anchor] = target.split("#", 2);
  const path = pathPart === "" ? from : normalize(join(dirname(from), decodeURIComponent(pathPart)));
  if (path.startsWith("..")) return `${target}: leaves the repository`;
  const entry = repoEntry(path);
  if (entry === undefined) return `${target}: ${path} does not exist`;
  if (anchor === undefined || anchor === "") return undefined;
  if (entry === "directory" || !path.endsWith(".md")) return `${target}: an anchor into ${path}, which is not a Markdown page`;
  return anchorsOf(readDoc(path)).has(anchor) ? undefined : `${target}: ${path} has no heading with the anchor #${anchor}`;
}

describe("links in README, docs/, runbooks/ and lib/features/*/README.md", () => {
  test.each([...userPages(), ...featureReadmes()])("every relative link of %s points to an existing file and heading", (file) => {
    const broken = linksOf(readDoc(file))
      .map((l) => ({ l, why: brokenLink(file, l.target) }))
      .filter((b) => b.why !== undefined)
      .map((b) => `${file}:${b.l.line}: ${b.why}`);
    expect(broken).toEqual([]);
  });

  test("headings become GitHub's anchors: punctuation, code marks and emoji dropped, repeats numbered", () => {
    expect(slug("Credentials (`access-<env>`)")).toBe("credentials-access-env");
    expect(slug("The review is current, and risks block")).toBe("the-review-is-current-and-risks-block");
    expect(slug("🚨 Risk flags (5)")).toBe("-risk-flags-5");
    const page = ["# A", "## Same", "```md", "## Not a heading", "```", "## Same"].join("\n");
    expect([...anchorsOf(page)]).toEqual(["a", "same", "same-1"]);
  });

  test("fails a link to a missing file, a missing heading, or outside the repository", () => {
    expect(brokenLink("README.md", "docs/nope.md")).toMatch(/does not exist/);
    expect(brokenLink("README.md", "docs/state.md#nope")).toMatch(/no heading with the anchor #nope/);
    expect(brokenLink("docs/state.md", "../../x.md")).toMatch(/leaves the repository/);
    expect(brokenLink("docs/state.md", "../runbooks/deploy.md")).toBeUndefined();
    expect(brokenLink("docs/state.md", "#backends")).toBeUndefined();
    expect(brokenLink("docs/state.md", "../config/production.yaml")).toBeUndefined();
    expect(brokenLink("docs/state.md", "../config/prod.yaml")).toMatch(/does not exist/);
  });
});
