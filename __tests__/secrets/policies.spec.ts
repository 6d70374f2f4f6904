import { secretResourcePolicy, secretsKeyPolicy } from "../../lib/features/secrets/policies";
import { trustedSubjects } from "../../lib/features/ci-access/model";
import { desiredRotation } from "../../lib/features/secrets/model";
import { exampleConfig } from "../helpers/example-config";
import { synthKind, resourcesOf } from "../helpers/synth";

const APP = "arn:aws:iam::111111111111:role/opsbot-production-app";
const OPS = "arn:aws:iam::111111111111:role/ops";
const GOLIVE = { managers: undefined, goliveRoles: "arn:aws:iam::111111111111:role/opsbot-production-*", goliveAdministrators: [] };

describe("secrets policy builders", () => {
  test("the key policy has no reader statement when no secret has readers (an empty principal list is invalid)", () => {
    const doc = secretsKeyPolicy({ accountId: "111111111111", region: "eu-west-1", readerArns: [], writerArns: [OPS], ...GOLIVE });
    expect(doc.Statement.map((s) => s.Sid)).toEqual([
      "KeyAdministration",
      "KeyAdministrators",
      "NoKeyAdministrationByGoliveRoles",
      "SecretWritersEncrypt",
    ]);
  });

  test("principal lists are de-duplicated", () => {
    const doc = secretResourcePolicy({ readerArns: [APP, APP], writerArns: [OPS, OPS], ...GOLIVE });
    expect(doc.Statement.find((s) => s.Sid === "AllowReaders")?.Principal).toEqual({ AWS: [APP] });
    expect(doc.Statement.find((s) => s.Sid === "DenyOtherReaders")?.Condition).toEqual({ StringNotEquals: { "aws:PrincipalArn": [APP] } });
  });

  test("rotation: a function makes it automatic (30 days by default), a cadence alone makes it manual", () => {
    const lambda = { functionArn: "arn:aws:lambda:eu-west-1:111111111111:function:r", roleArn: "arn:aws:iam::111111111111:role/r" };
    expect(desiredRotation({ name: "x", description: "0123456789", readers: ["app"], rotation: { lambda } })).toMatchObject({
      mode: "automatic",
      everyDays: 30,
    });
    expect(desiredRotation({ name: "x", description: "0123456789", readers: ["app"], rotation: { everyDays: 60 } })).toEqual({
      mode: "manual",
      everyDays: 60,
    });
    expect(desiredRotation({ name: "x", description: "0123456789", readers: ["app"], rotation: {} })).toBeUndefined();
  });

  test("with nobody named, a secret's policy still keeps golive's roles but the admin-deploy role from changing it", () => {
    const admin = "arn:aws:iam::111111111111:role/opsbot-production-admin-deploy";
    const doc = secretResourcePolicy({ readerArns: [APP], writerArns: [OPS], ...GOLIVE, goliveAdministrators: [admin] });
    expect(doc.Statement.find((s) => s.Sid === "DenyPolicyChangesByOthers")?.Condition).toEqual({
      ArnLike: { "aws:PrincipalArn": GOLIVE.goliveRoles },
      ArnNotEquals: { "aws:PrincipalArn": [admin] },
    });
  });

  test("deploy subjects never include pull requests", () => {
    const github = {
      repository: "example-org/opsbot",
      oidcProvider: "create" as const,
      deployFrom: "environment" as const,
      adminDeployPolicyArns: [],
      deployPolicyArns: [],
    };
    expect(trustedSubjects(github, "production", "deploy")).toEqual(["repo:example-org/opsbot:environment:production"]);
    expect(trustedSubjects(github, "production", "admin-deploy")).toEqual(["repo:example-org/opsbot:environment:production-admin"]);
    expect(trustedSubjects(github, "production", "plan")).toEqual(["repo:example-org/opsbot:pull_request"]);
  });

  test("a runtime role that reads no secret gets no inline policy", () => {
    const cfg = exampleConfig([[["secrets", "runtimeRoles", 2], { name: "batch", assumedBy: "ecs-tasks.amazonaws.com" }]]);
    const json = synthKind(cfg, "secrets");
    const batch = resourcesOf(json, "aws_iam_role").find(([, r]) => r.name === "opsbot-production-batch");
    expect(batch).toBeDefined();
    expect(resourcesOf(json, "aws_iam_role_policy").filter(([, p]) => p.role === `\${aws_iam_role.${batch?.[0]}.id}`)).toEqual([]);
  });
});
