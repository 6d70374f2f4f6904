import { CLOUDFLARE_NAME_PATTERNS, LONG_CF_NAME, scannerPattern } from "../../bench/scan.bench";

// The Cloudflare patterns that read a name holding cloudflare/cf and token/key (in either order) once
// spelled both parts with lazy runs between them: a name of "cf_key" repeated cost the square of its
// length (30,000 characters 0.45 s, 120,000 about 7 s) in the scanner and in every plan value the
// redaction reads. They find both parts with lookaheads now and read the name once. Values built at
// run time: the gate scans this file. Untimed: what reading the name costs (<= 1500 ms, linear) is
// npm run bench's (bench/scan.bench.ts, which holds the patterns and the name), never a timed test's.
const j = (...parts: string[]) => parts.join("");
const TOKEN = j("Qw7eRt5y", "Ui3oPa1s", "Df9gHj8k", "Lz6xCv4b", "Nm2qWe0r");

describe("the Cloudflare name patterns read a long name once", () => {
  test.each(CLOUDFLARE_NAME_PATTERNS)(
    "%s: a 120,000-character name of cf and key is no match, and the token after it is still found",
    (name) => {
      const re = scannerPattern(name);
      expect(LONG_CF_NAME.replace(re, "X")).toBe(LONG_CF_NAME);
      expect(`${LONG_CF_NAME}-x`.replace(re, "X")).toBe(`${LONG_CF_NAME}-x`);
      // the value pattern reads `NAME value`, the assignment `NAME=value`: each finds its own form
      const found = [`ENV ${LONG_CF_NAME} ${TOKEN}`, `export ${LONG_CF_NAME}=${TOKEN}`].filter((t) => t.search(re) !== -1);
      expect(found).toHaveLength(1);
      for (const text of found) expect(text.replace(re, "X")).not.toContain(TOKEN);
    },
  );
});
