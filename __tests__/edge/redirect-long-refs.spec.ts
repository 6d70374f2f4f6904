import { desiredRedirects, redirectRules } from "../../lib/features/edge/redirects";
import { slug } from "../../lib/core/names";
import { configErrorText, exampleConfig } from "../helpers/example-config";

// slug() keeps 60 characters of a source; a longer source's ref gets a hash of the whole source after
// them, so two long sources that share those 60 stay two rules, and a source that fits keeps its ref.

const LINUX = "example.com/documentation/getting-started/installation-guide-linux";
const MACOS = "example.com/documentation/getting-started/installation-guide-macos";
const redirects = (...from: string[]) => from.map((f, i) => ({ from: f, to: `https://chat.example.com/help/${i}`, status: 301 }));

function refsOf(...from: string[]): string[] {
  const cfg = exampleConfig([[["edge", "redirects"], redirects(...from)]]);
  return redirectRules(desiredRedirects(cfg))
    .filter((r) => r.description.startsWith("Redirect example.com/"))
    .map((r) => r.ref);
}

describe("redirect rule refs of long sources", () => {
  test("two long sources that share their first 60 slug characters are two rules", () => {
    expect(configErrorText([[["edge", "redirects"], redirects(LINUX, MACOS)]])).toBe("");
    const [linux, macos] = refsOf(LINUX, MACOS);
    const cut = "redirect_example_com_documentation_getting_started_installation_guide";
    expect(linux).toMatch(new RegExp(`^${cut}_[0-9a-f]{8}$`));
    expect(macos).toMatch(new RegExp(`^${cut}_[0-9a-f]{8}$`));
    expect(linux).not.toBe(macos);
    // The same source always gets the same ref.
    expect(refsOf(LINUX)).toEqual([linux]);
  });

  test("a source whose slug fits in 60 characters keeps its ref byte for byte", () => {
    const sixty = `example.com/${"a".repeat(60 - "example-com-".length)}`;
    expect(slug(sixty)).toHaveLength(60);
    const short = "example.com/docs/v2";
    expect(refsOf(sixty, short)).toEqual([`redirect_${slug(sixty).replace(/-/g, "_")}`, "redirect_example_com_docs_v2"]);
    // One character more is cut, and hashed.
    expect(refsOf(`${sixty}b`)[0]).toMatch(/^redirect_example_com_a{48}_[0-9a-f]{8}$/);
  });

  test("fails when two sources still become one ref (not cut: /a-b and /a/b)", () => {
    expect(configErrorText([[["edge", "redirects"], redirects("example.com/a-b", "example.com/a/b")]])).toContain(
      "both become the redirect rule id redirect_example_com_a_b",
    );
  });
});
