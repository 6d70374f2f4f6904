import { exampleConfig } from "../helpers/example-config";
import { buildWorld, roleActor, type Step, verdict } from "./iam-world";

/**
 * Environments may share an AWS account. An audit (iam-simulate 0.1.173) found one environment's
 * deploy role (PowerUserAccess) could unsubscribe or delete another's alert topic, delete or silence
 * its alarms, and send mail as its SES identity or replace its DKIM key. The deploy role now keeps off
 * SNS, CloudWatch and SES resources tagged for another environment (golive's provider default tags).
 */
const cfg = exampleConfig();
const world = buildWorld(cfg);
const deploy = roleActor(world, `${cfg.app}-${cfg.environment}-deploy`);
const ACCOUNT = world.accountId;

/** A resource of environment `env` in this account, by the names golive gives them. */
function resources(env: string): [action: string, resource: string][] {
  const topic = `arn:aws:sns:eu-west-1:${ACCOUNT}:opsbot-${env}-alerts`;
  const alarm = `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:opsbot-${env}-origin-down`;
  const identity = `arn:aws:ses:eu-west-1:${ACCOUNT}:identity/${env}.example.com`;
  return [
    ["sns:Subscribe", topic],
    ["sns:DeleteTopic", topic],
    ["sns:SetTopicAttributes", topic],
    ["cloudwatch:DeleteAlarms", alarm],
    ["cloudwatch:DisableAlarmActions", alarm],
    ["ses:SendEmail", identity],
    ["ses:PutEmailIdentityDkimSigningAttributes", identity],
  ];
}

async function allowed(env: string, tag: string): Promise<string[]> {
  const out: string[] = [];
  for (const [action, resource] of resources(env)) {
    const step: Step = { action, resource, resourceAccount: ACCOUNT, context: { "aws:ResourceTag/environment": tag } };
    if ((await verdict([deploy], [step])) === "allowed") out.push(action);
  }
  return out;
}

describe("the deploy role and another environment's alerting and mail in one account", () => {
  test("fails closed: nothing of another environment's alert topic, alarms or SES identity", async () => {
    expect(await allowed("staging", "staging")).toEqual([]);
  });

  test("its own environment's (tagged production) stay the deploy role's to apply", async () => {
    expect(await allowed(cfg.environment, cfg.environment)).toEqual(resources(cfg.environment).map(([action]) => action));
  });
});
