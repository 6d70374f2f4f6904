import { configErrorText } from "../helpers/example-config";

// An Access list that names one entry twice is refused by name: Cloudflare would get the rule twice, or
// Terraform a set one shorter than the config (a diff on every plan).

describe("edge.access lists whose entries must differ", () => {
  test.each([
    [
      "an email domain",
      [
        ["edge", "access", "roles", "users", "emailDomains"],
        ["example.com", "example.net", "example.com"],
      ],
      'config/production.yaml: edge.access.roles.users.emailDomains[2]: "example.com" is listed twice (also edge.access.roles.users.emailDomains[0])',
    ],
    [
      "an email, in another case",
      [
        ["edge", "access", "roles", "users", "emails"],
        ["a@example.com", "b@example.com", "A@example.com"],
      ],
      'config/production.yaml: edge.access.roles.users.emails[2]: "A@example.com" is listed twice (also edge.access.roles.users.emails[0])',
    ],
    [
      "a path's role",
      [
        ["edge", "access", "paths", 1, "roles"],
        ["admins", "admins"],
      ],
      'config/production.yaml: edge.access.paths[1].roles[1]: "admins" is listed twice (also edge.access.paths[1].roles[0])',
    ],
    [
      "a service token's path",
      [
        ["edge", "access", "serviceTokens", 0, "paths"],
        ["/hooks", "/hooks"],
      ],
      'config/production.yaml: edge.access.serviceTokens[0].paths[1]: "/hooks" is listed twice (also edge.access.serviceTokens[0].paths[0])',
    ],
  ] as const)("fails on %s listed twice, naming both places", (_what, edit, line) => {
    expect(configErrorText([edit]).split("\n")).toContain(line);
  });

  test("token paths that differ only in case get their own rule's line, not a second one", () => {
    const lines = configErrorText([
      [
        ["edge", "access", "serviceTokens", 0, "paths"],
        ["/hooks", "/Hooks"],
      ],
    ]).split("\n");
    expect(lines.filter((l) => l.includes("serviceTokens[0].paths[1]"))).toEqual([
      expect.stringMatching(
        /"\/Hooks" is listed twice \(also edge\.access\.serviceTokens\[0\]\.paths\[0\], "\/hooks"\); they differ only in case$/,
      ),
    ]);
  });
});
