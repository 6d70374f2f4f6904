import { addResource, check, clone, exampleEnv, messages, ruleById } from "./support";

// GL-SEC-004: an expression whose whole value is written in cdk.tf.json is a literal, however it is spelled.
describe("GL-SEC-004 reads a Terraform expression under a secret attribute as a literal unless it references an object", () => {
  const example = exampleEnv();
  const rule = ruleById("GL-SEC-004");
  // Assembled at run time so this file stays clean for the secret-scanning gate.
  const word = ["Volcano", "harp", "1993"].join("-");
  const found = (secretString: string) => {
    const stacks = clone(example.stacks);
    addResource(stacks, "secrets-", "aws_secretsmanager_secret_version", "v", { secret_id: "x", secret_string: secretString });
    return messages(check(rule, stacks));
  };

  test.each([
    [`\${"${word}"}`],
    [`\${join("", ["${word}", "-pw"])}`],
    [`\${"${word}"}\${"-pw"}`],
    [`\${"var.${word}"}`],
    ["${each.value}"],
  ])("fails %s: no resource, var, data, local or module in it", (value) => {
    const out = found(value);
    expect(out).toEqual([`secret_string holds a literal value for "secret_string" (value not shown)`]);
    expect(out.join("\n")).not.toContain(word);
  });

  test.each([
    ["${aws_secretsmanager_secret.x.id}"],
    ["${var.x}"],
    ["${local.x}"],
    ["${data.aws_secretsmanager_secret_version.x.secret_string}"],
    ['${format("%s", var.x)}'],
    ['${"${var.x}"}'],
  ])("passes %s: it references another object", (value) => {
    expect(found(value)).toEqual([]);
  });
});
