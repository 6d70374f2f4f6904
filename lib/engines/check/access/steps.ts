import type { Step } from "./simulate";
import type { KeyInfo, World } from "./world";

/**
 * The API calls behind the questions golive asks. Reading a secret takes GetSecretValue and a
 * decrypt through Secrets Manager; reading state takes GetObject and a decrypt through S3: both the
 * resource and the key must let the caller in. The decrypt comes first: every question about one
 * key shares it, so most principals are answered by one simulated call (see `Answers`).
 */

/**
 * A call on a key, with the context KMS gives its policy (aliases, tags, the calling service). `extra`
 * adds to or replaces it: `{ "kms:ResourceAliases": [] }` asks about the key once its alias is gone.
 */
export function kmsStep(
  world: World,
  key: KeyInfo,
  action: string,
  via?: string,
  extra: Readonly<Record<string, string | readonly string[]>> = {},
): Step {
  return {
    action,
    resource: key.arn,
    resourceAccount: world.accountId,
    resourcePolicy: key.policy,
    context: {
      "kms:CallerAccount": world.accountId,
      "kms:ResourceAliases": [key.alias],
      ...Object.fromEntries(Object.entries(key.tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v])),
      ...(via ? { "kms:ViaService": `${via}.${key.region}.amazonaws.com` } : {}),
      ...extra,
    },
  };
}

/** A call on a secret (by its full name), under its resource policy. */
export function secretStep(world: World, secretName: string, action: string): Step {
  const s = world.secrets.get(secretName);
  if (!s) throw new Error(`no secret ${secretName}`);
  return { action, resource: s.arn, resourceAccount: world.accountId, ...(s.policy !== undefined ? { resourcePolicy: s.policy } : {}) };
}

/** A call on a stack kind's state object, under the bucket policy. */
export function stateObjectStep(world: World, kind: string, action: string): Step {
  return {
    action,
    resource: world.stateObject(kind),
    resourceAccount: world.accountId,
    ...(world.bucket?.policy !== undefined ? { resourcePolicy: world.bucket.policy } : {}),
  };
}

export function readSecretSteps(world: World, secretName: string): Step[] {
  const key = world.keys.secrets;
  if (!key) throw new Error("no secrets key");
  return [kmsStep(world, key, "kms:Decrypt", "secretsmanager"), secretStep(world, secretName, "secretsmanager:GetSecretValue")];
}

export function readStateSteps(world: World, kind: string): Step[] {
  const key = world.keys.state;
  if (!key) throw new Error("no state key");
  return [kmsStep(world, key, "kms:Decrypt", "s3"), stateObjectStep(world, kind, "s3:GetObject")];
}

/** Writing a stack kind's state: a data key through S3 (SSE-KMS with the state key) and the PutObject itself. */
export function writeStateSteps(world: World, kind: string): Step[] {
  const key = world.keys.state;
  if (!key) throw new Error("no state key");
  return [kmsStep(world, key, "kms:GenerateDataKey", "s3"), stateObjectStep(world, kind, "s3:PutObject")];
}

/**
 * The ways to read the endpoints of a topic's subscriptions, an https one's being an alert webhook
 * URL: any one of them suffices. GetSubscriptionAttributes takes a subscription's ARN (`<topic
 * ARN>:<id>`), but the simulator's service data knows only the topic as its resource (it refuses
 * the subscription's ARN), so it is asked on the topic; the CI roles' denies name both.
 */
export function subscriptionEndpointReads(world: World, topicArn: string): Step[][] {
  const call = (action: string, resource: string): Step[] => [{ action, resource, resourceAccount: world.accountId }];
  return [
    call("sns:GetSubscriptionAttributes", topicArn),
    call("sns:ListSubscriptionsByTopic", topicArn),
    call("sns:ListSubscriptions", "*"),
  ];
}
