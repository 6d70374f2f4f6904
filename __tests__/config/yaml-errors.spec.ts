import { parseConfigSource } from "../../lib/config/parse";

/** What parsing `text` as a YAML config refuses, as one line; "" when it is read. */
function refusal(text: string): string {
  try {
    parseConfigSource("c.yaml", text);
    return "";
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * A YAML error names what is wrong where it is: an alias used as a key is an alias (read as its text
 * when it stands for one), and a syntax error is placed at the text the parser tripped over and named by
 * the field it belongs to, not "(root)" and column 1.
 */
describe("YAML errors say what is wrong, at the field and column where it is", () => {
  test("an alias of a text used as a key is that text, as YAML reads it", () => {
    expect(parseConfigSource("c.yaml", "a: &k x\n*k : y\n")).toEqual({ a: "x", x: "y" });
  });

  test.each([
    ["x: &k a\na: 1\n*k : 2\n", "c.yaml: a: duplicate key (first at line 2, again at line 3); YAML keeps only one, so remove the other"],
    [
      "m: &k {a: 1}\nn:\n  *k : y\n",
      "c.yaml: n: the alias *k used as a key (line 3) stands for a mapping or list; allowed: plain text keys",
    ],
    ["*k : y\na: &k x\n", "c.yaml: (root): the alias *k used as a key (line 1) names no anchor before it; allowed: plain text keys"],
    ["? {a: 1}\n: y\n", "c.yaml: (root): a key (line 1) is a mapping or list; allowed: plain text keys"],
  ])("fails on an alias or a collection as a key, saying which: %j", (text, message) => {
    expect(refusal(text)).toBe(message);
  });

  test("fails on init's attestation template uncommented under `attestations: []`, at its column, naming readiness.attestations and the fix", () => {
    // As golive init writes it, with the `#` of each template line removed.
    const text = [
      "app: x",
      "readiness:",
      "  attestations: []",
      "    - item: prompt-injection-defence",
      "      owner: <person or team>",
      '      date: "2026-01-01"',
      "  exemptions: []",
      "",
    ].join("\n");
    expect(refusal(text)).toBe(
      "c.yaml: readiness.attestations: not valid YAML: A block sequence may not be used as an implicit map key at line 4, column 5; the line before closes its value with [] or {}: remove that to give the items below it",
    );
  });

  test.each([
    // Past a comment line the parser stops at, to the item itself.
    [
      "readiness:\n  attestations: []\n  # the first\n  - item: x\n",
      "c.yaml: readiness.attestations: ",
      "at line 4, column 3; the line before",
    ],
    ["a:\n  - 1\n - 2\n", "c.yaml: a: ", "at line 3, column 2"],
    ["a: b\n  c: d\n", "c.yaml: a: ", "at line 1, column 4"],
    // At the top level (the end of the file): the root, as before.
    ["app: [unclosed\n", "c.yaml: (root): ", "at line 2, column 1"],
  ])("fails on %j naming the field and the column of the text", (text, field, position) => {
    const message = refusal(text);
    expect(message.startsWith(`${field}not valid YAML: `)).toBe(true);
    expect(message).toContain(position);
  });
});
