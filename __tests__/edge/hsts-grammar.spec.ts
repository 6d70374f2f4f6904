import { readHsts } from "../../lib/features/edge/hsts";

/** RFC 6797 6.1 as readHsts applies it to a header value golive did not write (a transform rule's). */
describe("readHsts reads Strict-Transport-Security as a browser does", () => {
  test("directive names in any case, spaces around them, quoted values, unknown directives ignored", () => {
    expect(readHsts('MAX-AGE="31536000" ;  includeSubDomains;preload; x-max-age=0; foo="a;b"')).toEqual({
      valid: true,
      maxAge: 31536000,
      includeSubDomains: true,
      preload: true,
    });
    expect(readHsts("max-age=600;;")).toEqual({ valid: true, maxAge: 600, includeSubDomains: false, preload: false });
  });

  test("x-max-age is another directive: only max-age itself counts", () => {
    expect(readHsts("x-max-age=31536000; includeSubDomains; max-age=0")).toMatchObject({ valid: true, maxAge: 0 });
  });

  test("fails a repeated directive (6.1 item 2), whatever its case", () => {
    expect(readHsts("max-age=31536000; includeSubDomains; Max-Age=0")).toEqual({
      valid: false,
      why: "Max-Age appears more than once (RFC 6797 6.1 allows each directive once)",
    });
  });

  test("fails what breaks the grammar: no max-age, a non-number, a comma, an unclosed quote, a value on includeSubDomains", () => {
    const why = (value: string) => {
      const r = readHsts(value);
      return r.valid ? "valid" : r.why;
    };
    expect(why("includeSubDomains")).toBe("it has no max-age directive with a value, which RFC 6797 6.1.1 requires");
    expect(why("max-age=1y")).toBe('max-age "1y" is not a number of seconds');
    expect(why("max-age=31536000, max-age=0")).toBe("the value of max-age is neither a token nor a quoted string");
    expect(why('max-age="31536000; includeSubDomains')).toBe("a quoted value is not closed");
    expect(why("max-age=31536000; includeSubDomains=no")).toBe("includeSubDomains is given a value; it takes none");
    // A directive a quoted string hides is no directive: the header has no max-age.
    expect(why('x="a; max-age=31536000; includeSubDomains"')).toBe(
      "it has no max-age directive with a value, which RFC 6797 6.1.1 requires",
    );
  });
});
