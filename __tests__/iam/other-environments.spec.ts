import { sendingDomain } from "../../lib/features/email/model";
import { exampleConfig } from "../helpers/example-config";
import { buildWorld, roleActor, type Step, verdict } from "./iam-world";

/**
 * Environments, and apps, may share an AWS account. An audit (iam-simulate 0.1.173) found one
 * environment's deploy role (PowerUserAccess) could unsubscribe or delete another's alert topic, delete
 * or silence its alarms, and send mail as its SES identity or replace its DKIM key; a review found the
 * first fix, keyed on the `environment` tag, still let it at another app's environment of the same name.
 * The deploy role now keeps off SNS, CloudWatch and SES resources whose `golive:scope` tag (golive's
 * provider default tags) names another app or environment, and off SNS topics without the tag whose
 * names are not this environment's (`<app>-<env>-*`): another team's, which carries no golive tag at all.
 * Alarms and SES identities not of this environment's names are denied, tagged or not (other-teams.ts).
 */
const cfg = exampleConfig();
const world = buildWorld(cfg);
const deploy = roleActor(world, `${cfg.app}-${cfg.environment}-deploy`);
const ACCOUNT = world.accountId;

/** An app's environment, its sending domain, and the tags golive's provider gives its resources. */
interface Owner {
  readonly app: string;
  readonly env: string;
  /** @default `<env>.<app>.example.com` */
  readonly domain?: string;
}
const tagsOf = (o: Owner): Record<string, string> => ({
  "aws:ResourceTag/app": o.app,
  "aws:ResourceTag/environment": o.env,
  "aws:ResourceTag/golive:scope": `${o.app}/${o.env}`,
});

/** A resource of `owner` in this account, by the names golive gives them. */
function resources(owner: Owner): [action: string, resource: string][] {
  const prefix = `${owner.app}-${owner.env}`;
  const topic = `arn:aws:sns:eu-west-1:${ACCOUNT}:${prefix}-alerts`;
  const alarm = `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${prefix} origin down: chat.example.com`;
  const identity = `arn:aws:ses:eu-west-1:${ACCOUNT}:identity/${owner.domain ?? `${owner.env}.${owner.app}.example.com`}`;
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

/** The calls on `owner`'s resources the deploy role may make when they carry `tags`. */
async function allowed(owner: Owner, tags: Record<string, string> = tagsOf(owner)): Promise<string[]> {
  const out: string[] = [];
  for (const [action, resource] of resources(owner)) {
    const step: Step = { action, resource, resourceAccount: ACCOUNT, context: tags };
    if ((await verdict([deploy], [step])) === "allowed") out.push(action);
  }
  return out;
}

const OWN: Owner = { app: cfg.app, env: cfg.environment, domain: cfg.email && sendingDomain(cfg, cfg.email) };

describe("the deploy role and another environment's alerting and mail in one account", () => {
  test("fails closed: nothing of another environment's alert topic, alarms or SES identity", async () => {
    expect(await allowed({ app: cfg.app, env: "staging" })).toEqual([]);
  });

  test("fails closed: nothing of another app's environment of the same name (tagged environment=production too)", async () => {
    expect(await allowed({ app: "otherapp", env: cfg.environment })).toEqual([]);
    expect(await allowed({ app: `${cfg.app}-${cfg.environment}-x`, env: cfg.environment })).toEqual([]);
  });

  test("its own environment's (tagged opsbot/production) stay the deploy role's to apply", async () => {
    expect(await allowed(OWN)).toEqual(resources(OWN).map(([action]) => action));
  });

  // Not golive's at all: no golive:scope tag, so the tag deny leaves it to the name denies (other-teams.ts).
  test("fails closed on another team's topic, alarm and identity tagged with its own `environment` only, or untagged", async () => {
    const other: Owner = { app: "billing", env: "prod" };
    expect(await allowed(other, { "aws:ResourceTag/environment": "prod" })).toEqual([]);
    expect(await allowed(other, {})).toEqual([]);
  });

  test("its own topic, alarm and identity without golive:scope (created before the tag existed) stay its own, by name", async () => {
    expect(await allowed(OWN, {})).toEqual(resources(OWN).map(([action]) => action));
  });
});
