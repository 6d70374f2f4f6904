import type { Step, World } from "./iam-world";
import type { CheckName } from "./matrix-checks";
import { callsIn } from "./role-limit-checks";

/**
 * Other systems of the account that the deploying roles' managed policies reach (PowerUserAccess,
 * ReadOnlyAccess) and their stacks never call: another bucket's objects, snapshot sharing, the detection
 * controls (CloudTrail, GuardDuty, Config), IAM Identity Center assignments, backup restores, and
 * another team's topic, which carries no golive:scope tag. Each is denied by the roles' reach policies
 * (deploy-reach, admin-deploy-reach) or the untagged-topic deny; what golive's stacks call on their own
 * topics, tagged or not yet, stays allowed.
 */
export function reachChecks(world: World): ReadonlyMap<CheckName, readonly Step[]> {
  const { at, call } = callsIn(world);
  const prefix = `${world.cfg.app}-${world.cfg.environment}-`;
  const team = at("sns", "chat-alerts");
  const own = at("sns", `${prefix}alerts`, "us-east-1");
  const scopeTag = { "aws:RequestTag/golive:scope": `${world.cfg.app}/${world.cfg.environment}`, "aws:TagKeys": ["golive:scope"] };
  return new Map<CheckName, readonly Step[]>([
    ["s3:GetObject of another system's bucket", [call("s3:GetObject", "arn:aws:s3:::customer-data-bucket/export.csv")]],
    [
      "rds:ModifyDBSnapshotAttribute (share a database snapshot)",
      [call("rds:ModifyDBSnapshotAttribute", at("rds", "snapshot:orders-nightly"))],
    ],
    [
      "ec2:ModifySnapshotAttribute (share a volume snapshot)",
      [call("ec2:ModifySnapshotAttribute", `arn:aws:ec2:${world.region}::snapshot/snap-0123456789abcdef0`)],
    ],
    ["cloudtrail:StopLogging", [call("cloudtrail:StopLogging", at("cloudtrail", "trail/organization"))]],
    ["guardduty:DeleteDetector", [call("guardduty:DeleteDetector", at("guardduty", "detector/12abc34d567e8fa901bc2d34e56789f0"))]],
    ["config:StopConfigurationRecorder", [call("config:StopConfigurationRecorder", "*")]],
    ["sso:CreateAccountAssignment", [call("sso:CreateAccountAssignment", "arn:aws:sso:::instance/ssoins-0123456789abcdef")]],
    ["backup:StartRestoreJob", [call("backup:StartRestoreJob", at("backup", "recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45"))]],
    ["sns:Subscribe to another team's untagged topic", [call("sns:Subscribe", team)]],
    ["sns:TagResource of another team's untagged topic (to take it over)", [call("sns:TagResource", team, scopeTag)]],
    ["own alert topic, not yet tagged: tag it, subscribe to it", [call("sns:TagResource", own, scopeTag), call("sns:Subscribe", own)]],
  ]);
}
