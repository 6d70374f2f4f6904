import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configErrorText, REPO_ROOT, type ConfigEdit } from "../helpers/example-config";

/** The fenced blocks of docs/configuration.md's "## Reading config errors" section, as lists of lines. */
function readmeErrorBlocks(): string[][] {
  const readme = readFileSync(join(REPO_ROOT, "docs", "configuration.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Reading config errors"), readme.indexOf("## What synth writes"));
  return [...section.matchAll(/```\n([\s\S]*?)```/g)].map((m) => (m[1] ?? "").trim().split("\n"));
}

describe("docs/configuration.md's config error examples are real output", () => {
  const [schemaLines, crossFieldLines] = readmeErrorBlocks();

  test("the schema pass reports every shape problem of the example at once", () => {
    const edits: ConfigEdit[] = [
      [["cloudflare", "plan"], "gold"],
      [["edge", "hsts", "maxAge"], 86400],
    ];
    expect(configErrorText(edits).split("\n")).toEqual(schemaLines);
  });

  test("the cross-field pass reports every problem of the example at once", () => {
    const edits: ConfigEdit[] = [
      [["cloudflare", "plan"], "free"],
      [["edge", "hostnames", 1, "name"], "chat.example.org"],
      [["edge", "rateLimits", 0, "requestsPerPeriod"], 60000],
    ];
    const lines = configErrorText(edits).split("\n");
    expect(crossFieldLines?.length).toBe(3);
    for (const line of crossFieldLines ?? []) expect(lines).toContain(line);
  });
});
