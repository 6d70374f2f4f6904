import { flags, rc } from "./fixtures";
import { githubTrust } from "./github-trust";

// A GitHub OIDC trust that gains a subject is flagged (trust-widened) with what kind of subject it is:
// a branch (`ref:refs/heads/...`) or a pull request (`pull_request`) runs code nobody approved for
// that environment, unlike a protected environment (`environment:<name>`), whose deployment rules
// decide who gets its token.

const ENV = "repo:o/r:environment:production";
const WIDE = " (a branch or pull request, not a protected environment)";

/** The flags of a role's trust going from the production environment alone to it and `subject`. */
const widenedTo = (subject: string): string[] =>
  flags(
    rc(
      "aws_iam_role",
      ["update"],
      { name: "r", assume_role_policy: githubTrust(ENV) },
      { name: "r", assume_role_policy: githubTrust(ENV, subject) },
    ),
  );

describe("the kind of a new OIDC subject in a role's trust", () => {
  test("a pull request's subject (repo:o/r:pull_request) is flagged as a branch or pull request", () => {
    expect(widenedTo("repo:o/r:pull_request")).toEqual([`trust-widened: role r trust: new OIDC subject repo:o/r:pull_request${WIDE}`]);
  });

  test("a branch's subject is flagged the same way", () => {
    expect(widenedTo("repo:o/r:ref:refs/heads/feature")).toEqual([
      `trust-widened: role r trust: new OIDC subject repo:o/r:ref:refs/heads/feature${WIDE}`,
    ]);
  });

  test("another protected environment is a new subject, without that note; a wildcard says wildcard", () => {
    expect(widenedTo("repo:o/r:environment:staging")).toEqual([
      "trust-widened: role r trust: new OIDC subject repo:o/r:environment:staging",
    ]);
    expect(widenedTo("repo:o/r:*")).toEqual(["trust-widened: role r trust: new OIDC subject repo:o/r:* (wildcard)"]);
  });

  test("an environment whose name only contains pull_request is an environment, not a pull request", () => {
    expect(widenedTo("repo:o/r:environment:pull_request-preview")).toEqual([
      "trust-widened: role r trust: new OIDC subject repo:o/r:environment:pull_request-preview",
    ]);
  });
});
