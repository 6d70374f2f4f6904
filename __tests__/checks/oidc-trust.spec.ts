import { exampleConfig } from "../helpers/example-config";
import { synthKind } from "../helpers/synth";
import { check, messages, ruleById } from "./support";

const rule = ruleById("GL-SEC-005");
const access = synthKind(exampleConfig(), "access");

/** The account's provider is created by another environment: staging reads it (`oidcProvider: existing`). */
const reading = synthKind(exampleConfig([[["secrets", "github", "oidcProvider"], "existing"]], "staging"), "access");

/** The access stack with every web-identity trust rewritten by `edit` (the parsed policy document). */
function withTrust(edit: (condition: Record<string, Record<string, unknown>>) => void, stack = access, name = "access-production") {
  const json = JSON.parse(JSON.stringify(stack)) as typeof stack;
  for (const role of Object.values(json.resource.aws_iam_role ?? {})) {
    const policy = JSON.parse(String(role.assume_role_policy)) as { Statement: { Condition?: Record<string, Record<string, unknown>> }[] };
    for (const s of policy.Statement) if (s.Condition) edit(s.Condition);
    role.assume_role_policy = JSON.stringify(policy);
  }
  return [{ name, file: `cdktf.out/stacks/${name}/cdk.tf.json`, json }];
}

const HOST = "token.actions.githubusercontent.com";

describe("GL-SEC-005: OIDC trust pinned by exact subject and audience", () => {
  test("is compliant on the synthesized trust (StringEquals on aud and sub)", () => {
    expect(
      check(
        rule,
        withTrust(() => {}),
      ).kind,
    ).toBe("compliant");
  });

  test("fails on a `repo:org/*` subject pattern, naming the role and what is allowed", () => {
    const out = check(
      rule,
      withTrust((c) => {
        const equals = c.StringEquals ?? {};
        c.StringLike = { [`${HOST}:sub`]: "repo:example-org/*" };
        delete equals[`${HOST}:sub`];
      }),
    );
    expect(out.kind).toBe("non-compliant");
    expect(messages(out).join("\n")).toContain("a `:sub` pattern (StringLike repo:example-org/*); allowed: StringEquals on exact subjects");
  });

  test("fails without an `aud` condition, or with another audience", () => {
    for (const aud of [undefined, "https://github.com/example-org"]) {
      const out = check(
        rule,
        withTrust((c) => {
          const equals = c.StringEquals ?? {};
          if (aud === undefined) delete equals[`${HOST}:aud`];
          else equals[`${HOST}:aud`] = aud;
        }),
      );
      expect([aud, out.kind]).toEqual([aud, "non-compliant"]);
      expect(messages(out).join("\n")).toContain('without an `:aud` condition equal to "sts.amazonaws.com"');
    }
  });

  test("an exact subject under StringLike (no wildcard) is still exact", () => {
    const out = check(
      rule,
      withTrust((c) => {
        const equals = c.StringEquals ?? {};
        c.StringLike = { [`${HOST}:sub`]: equals[`${HOST}:sub`] };
        delete equals[`${HOST}:sub`];
      }),
    );
    expect(out.kind).toBe("compliant");
  });

  test("accepts the provider read with a data source (oidcProvider: existing), still checking every trust's sub", () => {
    expect(
      check(
        rule,
        withTrust(() => {}, reading, "access-staging"),
      ).kind,
    ).toBe("compliant");
    const unpinned = check(
      rule,
      withTrust((c) => delete c.StringEquals?.[`${HOST}:sub`], reading, "access-staging"),
    );
    expect(unpinned.kind).toBe("non-compliant");
    // One finding per role, and none pinned.
    expect(messages(unpinned).filter((m) => m.endsWith("without a `:sub` condition naming the repository"))).toHaveLength(4);
    expect(messages(unpinned)).toContain("no aws_iam_role trusts the OIDC provider with a `:sub` condition");
    const [stack] = withTrust(() => {}, reading, "access-staging");
    if (!stack) throw new Error("no stack");
    delete stack.json.data?.aws_iam_openid_connect_provider;
    expect(messages(check(rule, [stack]))).toContain("no aws_iam_openid_connect_provider is declared (or read) for CI");
  });
});
