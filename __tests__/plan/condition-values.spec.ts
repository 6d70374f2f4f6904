import { unmatched } from "../../lib/core/plan/condition-values";

/**
 * A Deny's condition moved between StringEquals and StringLike is compared by the strings each value
 * matches, read as IAM reads them: `${*}`, `${?}`, `${$}` are literal characters, another `${...}` a
 * policy variable known only per request ("Special characters", IAM User Guide, policy variables), and
 * StringLike's `?` any one character (IAM User Guide, condition operators).
 */
const LIKE = "StringLike aws:PrincipalTag/team";
const EQUALS = "StringEquals aws:PrincipalTag/team";

describe("condition values compared by the strings they match", () => {
  test("fails when an escaped ${*} is read as a wildcard: it matches only the literal team-*", () => {
    expect(unmatched(LIKE, ["team-${aws:username}"], LIKE, ["team-${*}"])).toEqual(["team-${aws:username}"]);
    expect(unmatched(LIKE, ["team-*"], LIKE, ["team-${*}"])).toEqual(["team-*"]);
    expect(unmatched(LIKE, ["team-a?"], LIKE, ["team-a${?}"])).toEqual(["team-a?"]);
    // The literal is matched by a wildcard, and by its own escape.
    expect(unmatched(LIKE, ["team-${*}", "team-${?}", "team-${$}"], LIKE, ["team-*"])).toEqual([]);
    expect(unmatched(EQUALS, ["team-*"], LIKE, ["team-${*}"])).toEqual([]);
  });

  test("fails on a policy variable on either side: its strings are not known before a request", () => {
    expect(unmatched(EQUALS, ["team-${aws:username}"], LIKE, ["team-*"])).toEqual(["team-${aws:username}"]);
    expect(unmatched(EQUALS, ["team-a"], LIKE, ["team-${aws:username}"])).toEqual(["team-a"]);
  });

  test("a literal * of a StringEquals value is one character, which StringLike's ? matches", () => {
    expect(unmatched("StringEquals kms:ResourceAliases", ["alias/a*"], "StringLike kms:ResourceAliases", ["alias/a?"])).toEqual([]);
    // A StringLike * still stands for runs ? does not match.
    expect(unmatched("StringLike kms:ResourceAliases", ["alias/a*"], "StringLike kms:ResourceAliases", ["alias/a?"])).toEqual(["alias/a*"]);
  });
});
