import { quoteTxt, splitTxt, unquoteTxt } from "../../lib/core/txt";

describe("TXT splitting", () => {
  test("values up to 255 bytes stay one string", () => {
    expect(splitTxt("a".repeat(255))).toEqual(["a".repeat(255)]);
    expect(splitTxt("")).toEqual([""]);
  });

  test("longer values split at 255 bytes and join back to the original", () => {
    const value = `k=rsa; p=${"A".repeat(500)}`;
    const parts = splitTxt(value);
    expect(parts.map((p) => p.length)).toEqual([255, 254]);
    expect(parts.join("")).toBe(value);
  });

  test("multi-byte characters are never cut in half", () => {
    const parts = splitTxt("é".repeat(200));
    for (const p of parts) expect(Buffer.byteLength(p, "utf8")).toBeLessThanOrEqual(255);
    expect(parts.join("")).toBe("é".repeat(200));
  });

  test("chunks fill to 255 bytes exactly as Buffer counts them, for 1- to 4-byte characters and lone surrogates", () => {
    const value = "aé€😀\ud800".repeat(120);
    const parts = splitTxt(value);
    expect(parts.join("")).toBe(value);
    const sizes = parts.map((p) => Buffer.byteLength(p, "utf8"));
    for (const [i, size] of sizes.entries()) {
      expect(size).toBeLessThanOrEqual(255);
      // Full: the next character did not fit.
      if (i < parts.length - 1) expect(size + Buffer.byteLength([...(parts[i + 1] ?? "")][0] ?? "", "utf8")).toBeGreaterThan(255);
    }
  });

  test("a 200,000-character value splits into full 255-byte strings", () => {
    expect(splitTxt("x".repeat(200_000)).length).toBe(Math.ceil(200_000 / 255));
  });

  test("quoting escapes quotes and backslashes and round-trips", () => {
    const value = `say "hi" \\ ${"x".repeat(300)}`;
    expect(quoteTxt(value).startsWith('"say \\"hi\\" \\\\ ')).toBe(true);
    expect(unquoteTxt(quoteTxt(value))).toBe(value);
  });
});
