import { configErrorText, type ConfigEdit } from "../helpers/example-config";

const F = "config/production.yaml";

describe("redirect targets with preservePath", () => {
  test("fails on a target with a query or fragment while the path is preserved: the path would land inside them", () => {
    expect(configErrorText([[["edge", "redirects", 1, "to"], "https://chat.example.com/help?x=1#top"]])).toBe(
      `${F}: edge.redirects[1].to: has a query or fragment ("?x=1#top"), which the preserved path would be appended after; allowed: a target without ? or # (the request's query string is kept), or preservePath: false`,
    );
    expect(configErrorText([[["edge", "redirects", 0, "to"], "https://chat.example.com/#top"]])).toContain(
      `${F}: edge.redirects[0].to: has a query or fragment ("#top")`,
    );
  });

  test("a fixed target (preservePath: false) may carry a query or fragment", () => {
    expect(
      configErrorText([
        [["edge", "redirects", 1, "to"], "https://chat.example.com/help?x=1#top"],
        [["edge", "redirects", 1, "preservePath"], false],
      ]),
    ).toBe("");
  });
});

const WHY =
  "a redirect from the whole host answers every request to it, so the app there would never be served; remove the redirect or the hostname";
const hostname = (name: string): ConfigEdit => [["edge", "hostnames", 3], { name, origin: "192.0.2.12" }];

describe("an app hostname is never also a whole-host redirect source", () => {
  test("fails on a hostname that a configured redirect takes away, naming both fields", () => {
    expect(configErrorText([hostname("old.example.com")])).toBe(
      `${F}: edge.redirects[0].from: "old.example.com" is also edge.hostnames[3].name; ${WHY}`,
    );
  });

  test("fails on the non-canonical host (canonicalHost: apex redirects www) listed as a hostname", () => {
    expect(configErrorText([hostname("www.example.com")])).toBe(
      `${F}: edge.canonicalHost: "www.example.com" is also edge.hostnames[3].name; ${WHY}`,
    );
  });

  test("a redirect of one path of an app hostname is fine (example.com/docs in the example)", () => {
    expect(configErrorText([])).toBe("");
  });

  test("fails on a target whose kept-path expression is over Cloudflare's 4,096 characters, naming edge.redirects[i].to", () => {
    // A `$` of the target path is written `$$` in wildcard_replace: 2,010 of them make 4,114 characters as Cloudflare gets them (Terraform reads `$${1}` as `${1}`).
    const to = `https://chat.example.com/${"$".repeat(2010)}`;
    const text = configErrorText([[["edge", "redirects", 1, "to"], to]]);
    expect(text).toMatch(
      /^config\/production\.yaml: edge\.redirects\[1\]\.to: makes this redirect's target URL expression 4114 characters; Cloudflare allows at most 4096 in one rule expression: use a shorter target, or a shorter source path$/,
    );
    expect(configErrorText([[["edge", "redirects", 1, "to"], `https://chat.example.com/${"$".repeat(2000)}`]])).toBe(""); // 4,094
  });
});
