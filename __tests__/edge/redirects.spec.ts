import { findRedirectLoops, type Redirect, redirectLocation } from "../../lib/features/edge/redirects";

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

  test("fails on a path redirect that lands back under its own prefix", () => {
    expect(findRedirectLoops([r("a.example.com/docs", "https://a.example.com/docs/v2")])).toEqual([[0]]);
  });
});

describe("redirect target", () => {
  test("a whole-host redirect appends the full request path", () => {
    expect(redirectLocation(r("old.example.com", "https://new.example.com"), "/a/b")).toBe("https://new.example.com/a/b");
  });

  test("a path redirect replaces the matched prefix with the target path", () => {
    const docs = r("example.com/docs", "https://chat.example.com/help");
    expect(redirectLocation(docs, "/docs/a/b")).toBe("https://chat.example.com/help/a/b");
    expect(redirectLocation(docs, "/docs")).toBe("https://chat.example.com/help");
  });

  test("without preservePath every request goes to the fixed target", () => {
    expect(redirectLocation(r("example.com/docs", "https://chat.example.com/help", false), "/docs/a")).toBe(
      "https://chat.example.com/help",
    );
  });
});
