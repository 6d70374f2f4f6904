import { githubTrust } from "./github-trust";
import { type ProviderChange, reviewFlags, reviewOf } from "./provider-plan";

// What attaches a managed policy besides aws_iam_role_policy_attachment, in plans as the AWS provider
// writes them: aws_iam_policy_attachment, a role's managed_policy_arns, the *_policy_attachments_exclusive
// lists; and a role's permissions boundary, which caps them all.
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const BOUNDARY = "arn:aws:iam::123456789012:policy/opsbot-production-boundary";

/** An aws_iam_role as the provider holds it in state, with these managed policies and boundary. */
const role = (managed: readonly string[], boundary: string | null): Record<string, unknown> => ({
  arn: "arn:aws:iam::123456789012:role/opsbot-production-deploy",
  assume_role_policy: githubTrust("repo:example-org/opsbot:environment:production"),
  create_date: "2026-12-02T02:52:50Z",
  description: "",
  force_detach_policies: false,
  id: "opsbot-production-deploy",
  inline_policy: [],
  managed_policy_arns: managed,
  max_session_duration: 3600,
  name: "opsbot-production-deploy",
  name_prefix: "",
  path: "/",
  permissions_boundary: boundary,
  tags: {},
  tags_all: {},
  unique_id: "AROARZPUZDIKJ57GUG4KU",
});
const roleMasks = (managed: readonly string[]) => ({
  inline_policy: [],
  managed_policy_arns: managed.map(() => false),
  tags: {},
  tags_all: {},
});

function roleUpdate(before: [readonly string[], string | null], after: [readonly string[], string | null]): ProviderChange {
  return {
    address: "aws_iam_role.deploy",
    actions: ["update"],
    before: role(...before),
    after: role(...after),
    beforeSensitive: roleMasks(before[0]),
    afterSensitive: roleMasks(after[0]),
  };
}

/** A new aws_iam_policy_attachment of `policy` to the deploy role. */
const policyAttachment = (policy: string): ProviderChange => ({
  address: "aws_iam_policy_attachment.deploy",
  actions: ["create"],
  before: null,
  after: { groups: null, name: "deploy-admin", policy_arn: policy, roles: ["opsbot-production-deploy"], users: null },
  afterUnknown: { id: true, roles: [false] },
  afterSensitive: { roles: [false] },
});

/** An aws_iam_role_policy_attachments_exclusive of the deploy role holding `arns`. */
function exclusive(actions: readonly string[], before: readonly string[] | null, after: readonly string[]): ProviderChange {
  const value = (arns: readonly string[]) => ({ policy_arns: arns, role_name: "opsbot-production-deploy" });
  const mask = (arns: readonly string[]) => ({ policy_arns: arns.map(() => false) });
  return {
    address: "aws_iam_role_policy_attachments_exclusive.deploy",
    actions,
    before: before === null ? null : value(before),
    after: value(after),
    afterUnknown: mask(after),
    ...(before === null ? {} : { beforeSensitive: mask(before) }),
    afterSensitive: mask(after),
  };
}

describe("an administrator policy attached by any resource is flagged as IAM permissions widened", () => {
  test("a new aws_iam_policy_attachment of AdministratorAccess to a role is flagged; of ReadOnlyAccess it is not", () => {
    expect(reviewFlags(policyAttachment(ADMIN))).toEqual([
      "permissions-widened aws_iam_policy_attachment.deploy: role opsbot-production-deploy: AWS managed policy AdministratorAccess attached",
    ]);
    expect(reviewFlags(policyAttachment(READ_ONLY))).toEqual([]);
  });

  test("a role's managed_policy_arns gaining AdministratorAccess, or any other policy, is flagged; losing one is not", () => {
    expect(reviewFlags(roleUpdate([[READ_ONLY], BOUNDARY], [[READ_ONLY, ADMIN], BOUNDARY]))).toEqual([
      "permissions-widened aws_iam_role.deploy: role opsbot-production-deploy: AWS managed policy AdministratorAccess attached",
    ]);
    const ops = "arn:aws:iam::123456789012:policy/opsbot-ops";
    expect(reviewFlags(roleUpdate([[], BOUNDARY], [[ops], BOUNDARY]))).toEqual([
      `permissions-widened aws_iam_role.deploy: role opsbot-production-deploy: managed policy ${ops} attached (what it allows is not in this plan)`,
    ]);
    expect(reviewFlags(roleUpdate([[READ_ONLY, ADMIN], BOUNDARY], [[READ_ONLY], BOUNDARY]))).toEqual([]);
  });

  test("an exclusive attachments list created or updated with AdministratorAccess is flagged", () => {
    expect(reviewFlags(exclusive(["create"], null, [READ_ONLY, ADMIN]))).toEqual([
      "permissions-widened aws_iam_role_policy_attachments_exclusive.deploy: role opsbot-production-deploy: AWS managed policy AdministratorAccess attached",
    ]);
    expect(reviewFlags(exclusive(["update"], [READ_ONLY], [READ_ONLY, ADMIN]))).toEqual([
      "permissions-widened aws_iam_role_policy_attachments_exclusive.deploy: role opsbot-production-deploy: AWS managed policy AdministratorAccess attached",
    ]);
  });

  test("a new exclusive attachments list shows its policies, not only its name", () => {
    // Who may do what is read when it is new (lib/core/plan/changes.ts, SHOWN_WHEN_CREATED).
    const shown = reviewOf(exclusive(["create"], null, [READ_ONLY])).report.stacks[0]?.changes[0]?.attributes;
    expect(shown?.map((a) => `${a.path}: ${a.after}`)).toEqual([`policy_arns: ["${READ_ONLY}"]`, 'role_name: "opsbot-production-deploy"']);
  });
});

describe("a role's permissions boundary lifted is flagged as IAM permissions widened", () => {
  test("a boundary removed (ARN -> null) is flagged, naming it", () => {
    expect(reviewFlags(roleUpdate([[], BOUNDARY], [[], null]))).toEqual([
      `permissions-widened aws_iam_role.deploy: role opsbot-production-deploy: permissions boundary ${BOUNDARY} removed: its policies apply in full`,
    ]);
  });

  test("a boundary swapped for AdministratorAccess is flagged; one kept, added or swapped for another customer policy is not", () => {
    expect(reviewFlags(roleUpdate([[], BOUNDARY], [[], ADMIN]))).toEqual([
      `permissions-widened aws_iam_role.deploy: role opsbot-production-deploy: permissions boundary ${BOUNDARY} -> ${ADMIN}: a boundary that allows (nearly) everything`,
    ]);
    expect(reviewFlags(roleUpdate([[], ""], [[], BOUNDARY]))).toEqual([]);
    expect(reviewFlags(roleUpdate([[], BOUNDARY], [[], `${BOUNDARY}-v2`]))).toEqual([]);
  });
});
