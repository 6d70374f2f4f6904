import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import patterns from "../../lib/core/secret-patterns.json";
import { MAX_NAME_SHOWN } from "../../lib/engines/plan/scrub";

// A run of scheme characters ("Ab1-" repeated) cost the URL-password pattern the square of its length:
// 25,000 characters 4 s, 100,000 33 s. Names have no length limit in a plan. Timing is the bench's; these
// assert on output, and a quadratic pattern would not finish within the test's timeout.
const RUN = "Ab1-".repeat(100_000);

describe("a plan's names of any length", () => {
  /** A plan updating one resource with this for_each key and creating an output of this name. */
  function planNamed(key: string): string {
    return JSON.stringify({
      format_version: "1.2",
      planned_values: {},
      resource_changes: [
        {
          address: `terraform_data.t["${key}"]`,
          mode: "managed",
          type: "terraform_data",
          name: "t",
          index: key,
          change: {
            actions: ["update"],
            before: { input: 1 },
            after: { input: 2 },
            after_unknown: {},
            before_sensitive: {},
            after_sensitive: {},
          },
        },
      ],
      output_changes: {
        [key]: { actions: ["create"], before: null, after: "x", after_unknown: false, before_sensitive: false, after_sensitive: false },
      },
    });
  }
  const render = (key: string) => renderPlanReport([{ stack: "s", file: "s.json", plan: parsePlanJson("s.json", planNamed(key)) }], "r.md");

  test("the auditor's 400,000-character key: redacted as a token-like run too long to classify, shown cut", () => {
    const { comment, json } = render(RUN);
    expect(comment).toContain('- `terraform_data.t["(redacted)… (cut: 400,020 characters)` (1 attribute)');
    expect(comment).toContain("- `(redacted)… (cut: 400,000 characters)` (create)");
    expect(json).not.toContain("Ab1-Ab1-");
  });

  test("a readable 400,000-character name is shown cut, saying so, in the comment and the JSON", () => {
    const key = "ab.".repeat(133_334);
    const address = `terraform_data.t["${key}"]`;
    const { comment, json } = render(key);
    const shown = `${address.slice(0, MAX_NAME_SHOWN)}… (cut: ${address.length.toLocaleString("en-US")} characters)`;
    expect(comment).toContain(`- \`${shown}\` (1 attribute)`);
    expect(comment).toContain(`- \`${key.slice(0, MAX_NAME_SHOWN)}… (cut: 400,002 characters)\` (create)`);
    expect(comment.length).toBeLessThan(10_000);
    expect(JSON.parse(json).stacks[0].changes[0].address).toBe(shown);
  });

  test("the shared URL-password pattern reads a long run once, and still finds a password after it", () => {
    const shared = patterns.values.find((p) => p.name === "password in a URL")?.pattern ?? "";
    const [, source = "", flags = ""] = /^\/(.+)\/([a-z]*)$/s.exec(shared) ?? [];
    const re = new RegExp(source, `${flags}g`);
    expect(RUN.replace(re, "X")).toBe(RUN);
    const password = ["p", "w".repeat(12)].join("");
    const glued = `${"a".repeat(50)}https://user:${password}@db.internal`;
    expect(`${RUN}${glued}`.replace(re, "X")).not.toContain(password);
  });
});
