import { findRedirectLoops, Redirect } from "../../lib/domain/redirects";

const r = (from: string, to: string, preservePath = true): Redirect => {
  const [host, ...path] = from.split("/");
  return { fromHost: host as string, fromPath: path.length ? `/${path.join("/")}` : "/", to, status: 301, preservePath, source: [] };
};

describe("redirect loop detection", () => {
  test("a chain that ends is not a loop", () => {
    expect(findRedirectLoops([r("a.example.com", "https://b.example.com"), r("b.example.com", "https://c.example.com")])).toEqual([]);
  });

  test("fails on a -> b -> a, reported once", () => {
    expect(findRedirectLoops([r("a.example.com", "https://b.example.com"), r("b.example.com", "https://a.example.com")])).toEqual([[0, 1]]);
  });

  test("fails on a host redirecting into itself while keeping the path", () => {
    expect(findRedirectLoops([r("a.example.com", "https://a.example.com/new")])).toEqual([[0]]);
  });

  test("a path redirect into another path of the same host is fine", () => {
    expect(findRedirectLoops([r("a.example.com/docs", "https://a.example.com/help")])).toEqual([]);
  });

  test("fails on a three-step loop through path prefixes", () => {
    const loops = findRedirectLoops([
      r("a.example.com/x", "https://b.example.com/y"),
      r("b.example.com/y", "https://c.example.com"),
      r("c.example.com", "https://a.example.com/x"),
    ]);
    expect(loops).toHaveLength(1);
    expect([...(loops[0] ?? [])].sort()).toEqual([0, 1, 2]);
  });
});
