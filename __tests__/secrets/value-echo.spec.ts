import { valueEcho } from "../../lib/features/secrets/value-echo";

describe("what counts as a piece of a secret value in a message (value-echo.ts)", () => {
  test("the whole value, raw or JSON-escaped, however short, in golive's own line and in a server's text", () => {
    const echo = valueEcho('a"b');
    expect(echo.holdsWhole('x a"b y')).toBe(true);
    expect(echo.holdsWhole('x a\\"b y')).toBe(true);
    expect(echo.echoes('x a\\"b y')).toBe(true);
    expect(echo.holdsWhole("x a b y")).toBe(false);
  });

  test("a line of 4 or more characters once trimmed, a line ending in CR too; a shorter line is no piece", () => {
    const echo = valueEcho("one\r\n  zq4x\r\nlonger-line-here");
    expect(echo.echoes("rejected: zq4x")).toBe(true);
    expect(echo.echoes("rejected: one")).toBe(false);
    expect(echo.holdsWhole("rejected: zq4x")).toBe(false); // golive's own line is judged for the whole value only
  });

  test("8 characters of it in a row, anywhere, raw or JSON-escaped; 7 are no piece", () => {
    const echo = valueEcho('zq-unrelated"value');
    expect(echo.echoes("near unrelate!")).toBe(true);
    expect(echo.echoes('saw lated\\"va')).toBe(true);
    expect(echo.echoes("near unrelat!")).toBe(false);
  });
});
