import { configErrorText, exampleConfig } from "../helpers/example-config";
import { desiredSecrets } from "../../lib/features/secrets/model";

const item = (i: number, ...rest: (string | number)[]) => ["secrets", "items", i, ...rest];

describe("secrets config", () => {
  test("the example configs are valid and model every secret without a value", () => {
    const secrets = desiredSecrets(exampleConfig());
    expect(secrets.map((s) => s.secretName)).toEqual([
      "opsbot/production/model-provider-api-key",
      "opsbot/production/webhook-signing-secret",
      "opsbot/production/database-url",
    ]);
    expect(desiredSecrets(exampleConfig([], "staging")).every((s) => s.rotation.mode === "manual")).toBe(true);
  });

  test("fails on an invalid secret name, naming the field", () => {
    expect(configErrorText([[item(0, "name"), "Model_Key"]])).toContain(
      "config/production.yaml: secrets.items[0].name: must be 2-42 lower-case letters",
    );
  });

  test("fails on rotation without a function and without a cadence, naming both options", () => {
    const text = configErrorText([[item(1, "rotation"), {}]]);
    expect(text).toContain("secrets.items[1].rotation: got neither lambda nor everyDays; allowed: lambda {functionArn, roleArn}");
  });

  test("fails on a reader that is not a runtime role, listing the allowed ones", () => {
    expect(configErrorText([[item(0, "readers"), ["app", "billing"]]])).toContain(
      'secrets.items[0].readers[1]: unknown runtime role "billing"; allowed: app, worker',
    );
  });

  test("fails on duplicate secret names and on runtime roles named like the CI roles", () => {
    const text = configErrorText([
      [item(1, "name"), "model-provider-api-key"],
      [["secrets", "runtimeRoles", 1, "name"], "deploy"],
    ]);
    expect(text).toContain('secrets.items[1].name: secret "model-provider-api-key" is listed twice');
    expect(text).toContain('secrets.runtimeRoles[1].name: "deploy" is reserved');
  });

  test("fails on a rotation function outside the secrets region", () => {
    const text = configErrorText([[item(2, "rotation", "lambda", "functionArn"), "arn:aws:lambda:us-east-1:111111111111:function:rotate"]]);
    expect(text).toContain(
      'secrets.items[2].rotation.lambda.functionArn: function is in region "us-east-1"; Secrets Manager rotation needs it in secrets.region "eu-west-1"',
    );
  });

  test("fails on a malformed account id, writer ARN or repository", () => {
    const text = configErrorText([
      [["secrets", "accountId"], "1234"],
      [["secrets", "writers"], ["opsbot-secret-operators"]],
      [["secrets", "github", "repository"], "opsbot"],
    ]);
    expect(text).toContain("secrets.accountId: must be a 12-digit AWS account id");
    expect(text).toContain("secrets.writers[0]: must be an IAM role ARN");
    expect(text).toContain("secrets.github.repository: must be <org>/<repo>");
  });

  test("fails on a secret value slipped into config (unknown key)", () => {
    expect(configErrorText([[item(0, "value"), "not-allowed"]])).toContain("secrets.items[0].value: unknown key");
  });
});
