import { type ConfigEdit, configErrorText } from "../helpers/example-config";

const F = "config/production.yaml";
const ALLOWED = "allowed: the path as Cloudflare normalizes it before rules match (no . or .. segments, no //)";

/**
 * Cloudflare normalizes the request path (dot segments removed, `//` merged) before a rule compares
 * `http.request.uri.path`, so a rule written on an unnormalized path could never match: the admin
 * restriction or the rate limit would be silently off.
 */
describe("paths in path rules must be normalized: a rule on an unnormalized path never matches", () => {
  test.each<[string, ConfigEdit, string]>([
    ["an admin path with //", [["edge", "waf", "admin", "paths"], ["//admin"]], "edge.waf.admin.paths[0]: has an empty segment (//)"],
    [
      "an admin path with // inside",
      [["edge", "waf", "admin", "paths"], ["/admin//users"]],
      "edge.waf.admin.paths[0]: has an empty segment (//)",
    ],
    [
      "a rate-limit path with ..",
      [["edge", "rateLimits", 0, "paths"], ["/api/../chat"]],
      "edge.rateLimits[0].paths[0]: has a . or .. segment",
    ],
    [
      "a rate-limit path with .",
      [["edge", "rateLimits", 0, "paths"], ["/api/./chat"]],
      "edge.rateLimits[0].paths[0]: has a . or .. segment",
    ],
    [
      "an Access path ending in ..",
      [["edge", "access", "paths", 1, "path"], "/admin/.."],
      "edge.access.paths[1].path: has a . or .. segment",
    ],
    [
      "a redirect source path with ..",
      [["edge", "redirects", 1, "from"], "example.com/a/../b"],
      "edge.redirects[1].from: its path has a . or .. segment",
    ],
    [
      "a redirect source path with //",
      [["edge", "redirects", 1, "from"], "example.com//docs"],
      "edge.redirects[1].from: its path has an empty segment (//)",
    ],
  ])("fails on %s, naming the field", (_, edit, message) => {
    const text = configErrorText([edit]);
    expect(text.split("\n")).toHaveLength(1);
    expect(text).toContain(`${F}: ${message}; ${ALLOWED}`);
  });

  test("normalized paths pass, dots inside a segment and a trailing slash included", () => {
    expect(
      configErrorText([
        [
          ["edge", "waf", "admin", "paths"],
          ["/admin/", "/v1.2/admin", "/.well-known/admin"],
        ],
        [["edge", "redirects", 1, "from"], "example.com/docs/"],
      ]),
    ).toBe("");
  });
});
