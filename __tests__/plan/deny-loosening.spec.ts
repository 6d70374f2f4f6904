import { flags, rc } from "./fixtures";

// The upgrade from 6c84c0b rewrote the boundary's GoliveKeysStay Deny from the two key aliases under
// ForAnyValue:StringEquals to one StringLike pattern covering both (a plan an auditor made against a moto
// baseline); hostile edits hid beside it: an action dropped (h23), a pattern that misses a key (h5).
const KEY_ACTIONS = ["kms:DisableKey", "kms:ScheduleKeyDeletion", "kms:PutKeyPolicy"];
const ALIASES = ["alias/opsbot-production-secrets", "alias/opsbot-production-tfstate"];

const keysStay = (actions: readonly string[], condition: unknown) => ({
  Sid: "GoliveKeysStay",
  Effect: "Deny",
  Action: actions,
  Resource: "*",
  Condition: condition,
});
const equalsAliases = { "ForAnyValue:StringEquals": { "kms:ResourceAliases": ALIASES } };
const likeAliases = (pattern: string) => ({ "ForAnyValue:StringLike": { "kms:ResourceAliases": pattern } });
const allowAll = { Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" };

/** The flags of an update of the boundary policy from `before` to `after` (each beside an Allow of everything). */
const boundaryFlags = (before: unknown, after: unknown) => {
  const policy = (st: unknown) => ({ name: "opsbot-production-boundary", policy: JSON.stringify({ Statement: [allowAll, st] }) });
  return flags(rc("aws_iam_policy", ["update"], policy(before), policy(after)));
};

describe("a Deny moved from StringEquals to StringLike is read by the strings it matches", () => {
  test("a pattern matching every alias it named raises nothing", () => {
    expect(boundaryFlags(keysStay(KEY_ACTIONS, equalsAliases), keysStay(KEY_ACTIONS, likeAliases("alias/opsbot-production-*")))).toEqual(
      [],
    );
  });

  test("fails when the pattern no longer matches a key it denied, naming that key's alias (h5)", () => {
    expect(
      boundaryFlags(keysStay(KEY_ACTIONS, equalsAliases), keysStay(KEY_ACTIONS, likeAliases("alias/opsbot-production-secrets"))),
    ).toEqual([
      'permissions-widened: policy opsbot-production-boundary: statement "GoliveKeysStay": ForAnyValue:StringLike kms:ResourceAliases (was ForAnyValue:StringEquals) no longer matches alias/opsbot-production-tfstate',
    ]);
  });

  test("fails when the pattern matches only with ? where a value had a longer run", () => {
    expect(
      boundaryFlags(keysStay(KEY_ACTIONS, equalsAliases), keysStay(KEY_ACTIONS, likeAliases("alias/opsbot-production-?????ts"))),
    ).toEqual([
      'permissions-widened: policy opsbot-production-boundary: statement "GoliveKeysStay": ForAnyValue:StringLike kms:ResourceAliases (was ForAnyValue:StringEquals) no longer matches alias/opsbot-production-tfstate',
    ]);
  });

  test("fails when the set qualifier changes too: ForAllValues is another condition", () => {
    const allValues = { "ForAllValues:StringLike": { "kms:ResourceAliases": "alias/opsbot-production-*" } };
    expect(boundaryFlags(keysStay(KEY_ACTIONS, equalsAliases), keysStay(KEY_ACTIONS, allValues))).toEqual([
      'permissions-widened: policy opsbot-production-boundary: statement "GoliveKeysStay" now applies only when ForAllValues:StringLike kms:ResourceAliases',
    ]);
  });
});

describe("a Deny of the same Sid is judged for every way it loosened", () => {
  const when = "(when ForAnyValue:StringEquals kms:ResourceAliases alias/opsbot-production-secrets|alias/opsbot-production-tfstate)";

  test("fails when an action is dropped beside a benign condition rewrite, naming the action (h23)", () => {
    const kept = KEY_ACTIONS.filter((a) => a !== "kms:ScheduleKeyDeletion");
    expect(boundaryFlags(keysStay(KEY_ACTIONS, equalsAliases), keysStay(kept, likeAliases("alias/opsbot-production-*")))).toEqual([
      `permissions-widened: policy opsbot-production-boundary: statement "GoliveKeysStay" ${when} narrowed: it no longer denies all it did (left out: action kms:ScheduleKeyDeletion)`,
    ]);
  });

  test("fails with both losses said when an action is dropped and a key left out", () => {
    const kept = KEY_ACTIONS.filter((a) => a !== "kms:ScheduleKeyDeletion");
    expect(boundaryFlags(keysStay(KEY_ACTIONS, equalsAliases), keysStay(kept, likeAliases("alias/opsbot-production-secrets")))).toEqual([
      `permissions-widened: policy opsbot-production-boundary: statement "GoliveKeysStay" ${when} narrowed: it no longer denies all it did (left out: action kms:ScheduleKeyDeletion)`,
      'permissions-widened: policy opsbot-production-boundary: statement "GoliveKeysStay": ForAnyValue:StringLike kms:ResourceAliases (was ForAnyValue:StringEquals) no longer matches alias/opsbot-production-tfstate',
    ]);
  });

  test("fails when a new condition limits it and a resource is dropped: both said", () => {
    const deny = (resources: string[], condition?: unknown) => ({
      Sid: "Keys",
      Effect: "Deny",
      Action: "kms:ScheduleKeyDeletion",
      Resource: resources,
      ...(condition ? { Condition: condition } : {}),
    });
    const [a, b] = ["arn:aws:kms:us-east-1:111111111111:key/a", "arn:aws:kms:us-east-1:111111111111:key/b"];
    expect(boundaryFlags(deny([a, b]), deny([a], { Bool: { "aws:ViaAWSService": "false" } }))).toEqual([
      `permissions-widened: policy opsbot-production-boundary: statement "Keys" narrowed: it no longer denies all it did (left out: resource ${b})`,
      'permissions-widened: policy opsbot-production-boundary: statement "Keys" now applies only when Bool aws:ViaAWSService',
    ]);
  });
});

describe("a Deny removed is named, also when a Deny of another Sid covers it", () => {
  const ENCRYPT = ["kms:Encrypt", "kms:GenerateDataKey"];
  const secretValues = {
    Sid: "NoSecretValueEncryption",
    Effect: "Deny",
    Action: ENCRYPT,
    Resource: "*",
    Condition: { StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com" } },
  };
  const topicKey = {
    Sid: "NoTopicKeyCrypto",
    Effect: "Deny",
    Action: [...ENCRYPT, "kms:Decrypt"],
    Resource: "*",
    Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/opsbot-production-topic" } },
  };
  const guardFlags = (before: unknown[], after: unknown[]) => {
    const policy = (sts: unknown[]) => ({ name: "deploy-guard", policy: JSON.stringify({ Statement: [allowAll, ...sts] }) });
    return flags(rc("aws_iam_policy", ["update"], policy(before), policy(after)));
  };
  const removed =
    'permissions-widened: policy deploy-guard: statement "NoSecretValueEncryption" (when StringLike kms:ViaService secretsmanager.*.amazonaws.com) removed';

  test("fails naming NoSecretValueEncryption when it is removed and NoTopicKeyCrypto added (h14)", () => {
    expect(guardFlags([secretValues], [topicKey])).toEqual([
      `${removed}; covering it, statement "NoTopicKeyCrypto" now applies only when ForAnyValue:StringEquals kms:ResourceAliases`,
    ]);
  });

  test("removed alone, it is named as removed; NoTopicKeyCrypto added beside it raises nothing", () => {
    expect(guardFlags([secretValues], [])).toEqual([removed]);
    expect(guardFlags([secretValues], [secretValues, topicKey])).toEqual([]);
  });
});
