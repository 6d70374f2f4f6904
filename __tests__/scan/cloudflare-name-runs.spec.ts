import { join } from "node:path";
import patterns from "../../lib/core/secret-patterns.json";
import { REPO_ROOT } from "../helpers/example-config";

// The Cloudflare patterns that read a name holding cloudflare/cf and token/key (in either order) once
// spelled both parts with lazy runs between them: a name of "cf_key" repeated cost the square of its
// length (30,000 characters 0.45 s, 120,000 about 7 s) in the scanner and in every plan value the
// redaction reads. They find both parts with lookaheads now and read the name once. Values built at
// run time: the gate scans this file.
const j = (...parts: string[]) => parts.join("");
const TOKEN = j("Qw7eRt5y", "Ui3oPa1s", "Df9gHj8k", "Lz6xCv4b", "Nm2qWe0r");
const LONG_NAME = "cf_key".repeat(20_000);
// Far above the linear cost (a few ms), far below the quadratic one.
const BUDGET_MS = 1500;

function compile(literal: string): RegExp {
  const [, source = "", flags = ""] = /^\/(.+)\/([a-z]*)$/s.exec(literal) ?? [];
  return new RegExp(source, `${flags.replace(/[gu]/g, "")}gu`);
}

/** The scanner's patterns (.secretlintrc.js builds them from the data file), by name. */
function scannerPattern(name: string): RegExp {
  const config: { rules: { options?: { patterns?: { name: string; patterns: string[] }[] } }[] } = require(
    join(REPO_ROOT, ".secretlintrc.js"),
  );
  const found = config.rules.flatMap((r) => r.options?.patterns ?? []).find((p) => p.name === name);
  return compile(found?.patterns[0] ?? "/(?!)/");
}

const NAMED = [
  patterns.values.find((v) => v.name.startsWith("Cloudflare API token or Global API key after a cloudflare/cf"))?.name ?? "",
  patterns.assignments.find((a) => a.name.startsWith("Cloudflare API token (40 characters) or Global API key (37 hex) assigned"))?.name ??
    "",
];

describe("the Cloudflare name patterns read a long name once", () => {
  test.each(NAMED)("%s: a 120,000-character name of cf and key costs linear time, and the token after it is still found", (name) => {
    const re = scannerPattern(name);
    const started = Date.now();
    expect(LONG_NAME.replace(re, "X")).toBe(LONG_NAME);
    expect(`${LONG_NAME}-x`.replace(re, "X")).toBe(`${LONG_NAME}-x`);
    expect(Date.now() - started).toBeLessThan(BUDGET_MS);
    // the value pattern reads `NAME value`, the assignment `NAME=value`: each finds its own form
    const found = [`ENV ${LONG_NAME} ${TOKEN}`, `export ${LONG_NAME}=${TOKEN}`].filter((t) => t.search(re) !== -1);
    expect(found).toHaveLength(1);
    for (const text of found) expect(text.replace(re, "X")).not.toContain(TOKEN);
  });
});
