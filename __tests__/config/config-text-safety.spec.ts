import { configErrorText, exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

/** Config strings land in Terraform JSON, where `${...}` / `%{...}` are evaluated, not published. */
describe("Terraform template sequences in config strings", () => {
  test.each([
    [["secrets", "items", 0, "description"], '${file("/home/runner/.aws/credentials")}'],
    [["edge", "headers", "contentSecurityPolicy"], "default-src 'self' %{ if true }x%{ endif }"],
    [["app"], "${aws_secretsmanager_secret_version.db.secret_string}"],
    [["edge", "redirects", 0, "to"], "https://chat.example.com/${var.x}"],
  ])("fails on a template sequence at %j, naming the field", (path, value) => {
    const text = configErrorText([[path, value]]);
    expect(text).toContain(`config/production.yaml: ${path.join(".").replace(/\.(\d+)/g, "[$1]")}: `);
    expect(text).toMatch(/which Terraform would evaluate as a template/);
  });

  test("DNS record contents and comments may hold them: they are escaped, so Terraform publishes them as written", () => {
    const content = "note exists:%{i}._spf.example.com ${not-a-reference}";
    const cfg = exampleConfig([
      [["edge", "dns", 0, "content"], content],
      [["edge", "dns", 0, "comment"], "kept as ${written}"],
    ]);
    const record = resourcesOf(synthKind(cfg, "edge"), "cloudflare_dns_record").find(([, r]) => String(r.content).includes("exists:"));
    expect(record?.[1]).toMatchObject({
      content: expect.stringContaining("note exists:%%{i}._spf.example.com $${not-a-reference}"),
      comment: "kept as $${written}",
    });
  });
});

describe("config errors never echo a credential", () => {
  // Assembled at run time so this file stays clean for the secret scan.
  const keyId = ["AK", "IA", "Q7".repeat(8)].join("");
  test.each([
    [["app"], keyId],
    [["cloudflare", "plan"], `pro ${keyId}`],
    [["secrets", "items", 0, "name"], `sk-${"a1B2c3D4e5F6g7H8".repeat(2)}`],
  ])("fails at %j naming the field, with the credential-shaped value masked", (path, value) => {
    const text = configErrorText([[path, value]]);
    expect(text).toContain(`config/production.yaml: ${path.join(".").replace(/\.(\d+)/g, "[$1]")}: `);
    expect(text).not.toContain(value.replace(/^pro /, ""));
    expect(text).toContain("[REDACTED]");
  });
});
