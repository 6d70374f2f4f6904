/**
 * The CI roles' customer-managed Deny policies (CI_DENY_POLICIES) hold what the deploy role must never
 * do (docs/secrets-and-credentials.md): detaching one, deleting it with its attachments, or pointing
 * its attachment at another policy lifts those denies as surely as deleting the statements inline, so
 * each is IAM permissions widened (lib/features/ci-access/deny-detached.ts), in the pull request's
 * configuration diff and in a plan.
 */
import { exampleConfig } from "../helpers/example-config";
import { configReviewFlags, details, synthBlock } from "../helpers/plan-reviews";
import { type SynthJson, synthKind } from "../helpers/synth";
import { reviewFlags } from "../plan/provider-plan";

const STACK = "access-production";
const access = (): SynthJson => synthKind(exampleConfig(), "access");
const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const attachment = "aws_iam_role_policy_attachment";
const DEPLOY_NO_SECRETS = "Github_Deploy_Deny-no-other-secrets";
const DEPLOY_NO_CODE = "Github_Deploy_Deny-no-code-as-other-roles";

/** The flags of base against a head edited by `edit`. */
function flagsAfter(edit: (head: SynthJson) => void): string[] {
  const [base, head] = [access(), access()];
  edit(head);
  return configReviewFlags(base, head, STACK);
}

/** Removes block `id` of `type` from a synthesized stack. */
function drop(json: SynthJson, type: string, id: string): void {
  const blocks = json.resource[type];
  if (blocks) delete blocks[synthBlock(json, type, id)[0]];
}

const ref = (json: SynthJson, id: string) => `\${aws_iam_policy.${synthBlock(json, "aws_iam_policy", id)[0]}.arn}`;

describe("a CI deny policy detached, deleted or repointed is IAM permissions widened", () => {
  test("fails closed when the deploy role's no-other-secrets attachment is removed", () => {
    let policy = "";
    const found = flagsAfter((head) => {
      policy = ref(head, "Github_Deny-no-other-secrets");
      drop(head, attachment, DEPLOY_NO_SECRETS);
    });
    expect(found).toEqual([expect.stringMatching(new RegExp(`^permissions-widened ${attachment}\\.${DEPLOY_NO_SECRETS}_[0-9A-F]{8}: `))]);
    expect(details(found)).toEqual([
      `role \${aws_iam_role.${synthBlock(access(), "aws_iam_role", "Github_Deploy")[0]}.name}: deny policy ${policy} detached: its Deny statements no longer apply`,
    ]);
  });

  test("fails closed when the no-code-as-other-roles policy is deleted with its attachment", () => {
    const found = details(
      flagsAfter((head) => {
        drop(head, "aws_iam_policy", "Github_Deny-no-code-as-other-roles");
        drop(head, attachment, DEPLOY_NO_CODE);
      }),
    );
    expect(found).toContainEqual(
      expect.stringMatching(/deny policy \$\{aws_iam_policy\.Github_Deny-no-code-as-other-roles_[0-9A-F]{8}\.arn\} detached/),
    );
    expect(found).toContainEqual(
      'policy opsbot-production-no-code-as-other-roles deleted: statement "NoCodeAsOtherRoles" (Deny) no longer applies',
    );
  });

  test("fails closed when the attachment is pointed at ReadOnlyAccess instead", () => {
    const found = details(
      flagsAfter((head) => {
        synthBlock(head, attachment, DEPLOY_NO_CODE)[1].policy_arn = READ_ONLY;
      }),
    );
    expect(found).toEqual([
      expect.stringMatching(new RegExp(`Deny-no-code-as-other-roles_[0-9A-F]{8}\\.arn\\} detached, ${READ_ONLY} attached instead: `)),
    ]);
  });

  test("a plan that detaches a deny policy by its ARN is flagged; one whose new ARN is known only after apply is not", () => {
    const arn = "arn:aws:iam::123456789012:policy/opsbot-production-no-other-secrets";
    const state = { id: "x", policy_arn: arn, role: "opsbot-production-deploy" };
    expect(reviewFlags({ address: `${attachment}.deny`, actions: ["delete"], before: state, after: null })).toEqual([
      `permissions-widened ${attachment}.deny: role opsbot-production-deploy: deny policy ${arn} detached: its Deny statements no longer apply`,
    ]);
    const replaced = {
      address: `${attachment}.deny`,
      actions: ["delete", "create"],
      before: state,
      after: { policy_arn: null, role: "opsbot-production-deploy" },
      afterUnknown: { id: true, policy_arn: true },
      replacePaths: [["policy_arn"]],
    };
    expect(reviewFlags(replaced)).toEqual([]);
  });

  test("detaching another managed policy, or removing a whole role, is not flagged as a deny lifted", () => {
    const found = flagsAfter((head) => {
      synthBlock(head, attachment, DEPLOY_NO_CODE)[1].policy_arn = ref(head, "Github_Deny-no-other-secrets");
    });
    // Pointing one deny attachment at the other deny policy still detaches the first.
    expect(details(found)).toEqual([expect.stringMatching(/no-code-as-other-roles_[0-9A-F]{8}\.arn\} detached: /)]);
    const other = { id: "x", policy_arn: READ_ONLY, role: "opsbot-production-deploy" };
    expect(reviewFlags({ address: `${attachment}.ro`, actions: ["delete"], before: other, after: null })).toEqual([]);
  });
});
