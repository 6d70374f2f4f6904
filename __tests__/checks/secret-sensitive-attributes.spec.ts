import { addResource, check, clone, exampleEnv, messages, type Obj, ruleById } from "./support";

// GL-SEC-004: an attribute the AWS provider marks sensitive fails a literal whatever its name
// (lib/features/readiness/sensitive-attributes.ts).
describe("GL-SEC-004 fails a literal in an attribute the AWS provider marks sensitive", () => {
  const example = exampleEnv();
  const rule = ruleById("GL-SEC-004");
  // Assembled at run time so this file stays clean for the secret-scanning gate.
  const word = ["Volcano", "harp", "1993"].join("-");
  const found = (type: string, attrs: Obj) => {
    const stacks = clone(example.stacks);
    addResource(stacks, "secrets-", type, "p", attrs);
    return messages(check(rule, stacks));
  };
  const sensitiveValue = 'value holds a literal value for "value", which the AWS provider marks sensitive (value not shown)';

  test("fails a SecureString SSM parameter's literal value, never showing it", () => {
    const out = found("aws_ssm_parameter", { name: "/app/db", type: "SecureString", value: word });
    expect(out).toEqual([sensitiveValue]);
    expect(out.join("\n")).not.toContain(word);
  });

  test("fails when the parameter's type is an expression (it may be SecureString) or its value a quoted expression", () => {
    expect(found("aws_ssm_parameter", { name: "/app/db", type: "${var.kind}", value: word })).toEqual([sensitiveValue]);
    expect(found("aws_ssm_parameter", { name: "/app/db", type: "SecureString", value: `\${"${word}"}` })).toEqual([sensitiveValue]);
  });

  test("passes a String or StringList parameter's literal (plain configuration) and a SecureString set from a variable", () => {
    expect(found("aws_ssm_parameter", { name: "/app/region", type: "String", value: "eu-west-1" })).toEqual([]);
    expect(found("aws_ssm_parameter", { name: "/app/regions", type: "StringList", value: "eu-west-1,eu-central-1" })).toEqual([]);
    expect(found("aws_ssm_parameter", { name: "/app/db", type: "SecureString", value: "${var.db_password}" })).toEqual([]);
  });

  test("a secret version's literal secret_string is reported once (secretKeys and the provider-sensitive list both name it)", () => {
    expect(found("aws_secretsmanager_secret_version", { secret_id: "x", secret_string: word })).toEqual([
      'secret_string holds a literal value for "secret_string" (value not shown)',
    ]);
  });
});
