import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { mayHoldCredential } from "../../lib/core/credential-shapes";
import { redactCredentials, redactReportText } from "../../lib/core/plan/redact-values";
import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import { isSecretName } from "../../lib/core/plan/secret-names";
import { contextPlan, PLANS } from "./fixtures";

// Secret-looking values are assembled at run time: the repository's secret scan reads this file.
const j = (...parts: string[]) => parts.join("");
const SECRET = (n: number) => j("Zq", "Xw9Leak", String(n).padStart(2, "0"));

/** Values that hold a secret by their context (a flag, a name, a URL parameter, YAML, base64), each with its secret. */
const CASES: readonly (readonly [string, unknown, string])[] = [
  ["a flag and its value as list items", ["app", "--password", SECRET(1)], SECRET(1)],
  ["an ECS command's flag and value", ["migrate", "--db-password", SECRET(2)], SECRET(2)],
  ["a prefixed flag in a command line", `app --db-password ${SECRET(3)}`, SECRET(3)],
  ["--auth-token", `app --auth-token ${SECRET(4)}`, SECRET(4)],
  ["--client-secret=", `app --client-secret=${SECRET(5)}`, SECRET(5)],
  ["a MySQL -p in a list of words", ["mysql", "-u", "root", j("-p", SECRET(6))], SECRET(6)],
  ["a MySQL -p in a shell line", `mysql -h db -u root -p${SECRET(7)}`, SECRET(7)],
  ["a suffixed name in a name/value pair", [{ name: "DB_PASSWORD_PRIMARY", value: SECRET(8) }], SECRET(8)],
  ["SECRET_KEY_BASE", { SECRET_KEY_BASE: SECRET(9) }, SECRET(9)],
  ["STRIPE_SECRET_LIVE in an assignment", [`STRIPE_SECRET_LIVE=${SECRET(10)}`], SECRET(10)],
  ["YAML name/value in a string", `env:\n- name: DB_PASSWORD\n  value: ${SECRET(11)}\n`, SECRET(11)],
  ["YAML value/name in a string", `- value: "${SECRET(12)}"\n  name: API_TOKEN\n`, SECRET(12)],
  ["an Azure SAS signature", `https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sr=b&sig=${SECRET(13)}%2Bx%3D`, SECRET(13)],
  ["an S3 presigned URL", `https://b.s3.amazonaws.com/k?X-Amz-Credential=AKID%2F${SECRET(14)}&X-Amz-Signature=${SECRET(15)}`, SECRET(15)],
  ["a token query parameter", `https://h.example.com/cb?x=1&access_token=${SECRET(16)}`, SECRET(16)],
  ["a ?key= parameter", `https://maps.example.com/api?key=${SECRET(17)}&q=x`, SECRET(17)],
  ["base64 of JSON with a secret-named key", Buffer.from(JSON.stringify({ db_password: SECRET(18) })).toString("base64"), SECRET(18)],
  ["base64 of a script with an assignment", Buffer.from(`#!/bin/sh\nexport DB_PASSWORD=${SECRET(19)}\n`).toString("base64"), SECRET(19)],
  ["CloudFormation parameters", [{ ParameterKey: "DbPassword", ParameterValue: SECRET(20) }], SECRET(20)],
];
/** Told by structure alone (the value of a pair naming a credential header): no text pattern, so no quick check either. */
const HEADER: readonly [string, unknown, string] = [
  "an Authorization header pair",
  [{ header: "Authorization", value: SECRET(21) }],
  SECRET(21),
];

describe("redaction: a secret told by its context never reaches the comment, the full report or the JSON", () => {
  const plan = parsePlanJson(
    "p.json",
    contextPlan(
      [...CASES, HEADER].map(([, v]) => v),
      7,
    ),
  );
  const r = renderPlanReport([{ stack: "app-staging", file: "p.json", plan }], "r.md");

  test.each([...CASES, HEADER].map(([name, , secret]) => [name, secret]))("%s", (_, secret) => {
    for (const [where, text] of Object.entries({ comment: r.comment, full: r.fullMarkdown, json: r.json }))
      expect({ where, leaked: text.includes(secret) }).toEqual({ where, leaked: false });
  });

  test("the list item after a secret flag reads as redacted at its place, the flag and the program stay", () => {
    expect(r.comment).toContain(`input[2]: ${REDACTED_VALUE} -> ${REDACTED_VALUE}`);
    expect(r.comment).toContain('"--password"');
    expect(r.comment).toContain(`input[3]: ${REDACTED_VALUE} -> ${REDACTED_VALUE}`);
    expect(r.comment).toContain(`sig=${REDACTED_VALUE}`);
    expect(r.comment).toContain("sv=2022-11-02&sr=b");
  });

  test("a list held in a JSON string (an ECS task's command) hides the item, and still shows it changed", () => {
    const doc = (v: string) => JSON.stringify([{ name: "app", command: ["migrate", "--password", v] }]);
    const p = parsePlanJson(
      "ecs.json",
      JSON.stringify({
        format_version: "1.2",
        resource_changes: [
          {
            address: "aws_ecs_task_definition.t",
            mode: "managed",
            type: "aws_ecs_task_definition",
            name: "t",
            change: {
              actions: ["update"],
              before: { container_definitions: doc(SECRET(30)) },
              after: { container_definitions: doc(SECRET(31)) },
              after_unknown: {},
            },
          },
        ],
      }),
    );
    const out = renderPlanReport([{ stack: "app-staging", file: "ecs.json", plan: p }], "r.md");
    for (const text of [out.comment, out.json]) for (const s of [SECRET(30), SECRET(31)]) expect(text).not.toContain(s);
    expect(out.comment).toContain(`container_definitions{}[0].command."${REDACTED_VALUE}": listed -> absent`);
    expect(out.comment).toContain('container_definitions{}[0].command."(redacted, changed)": absent -> listed');
  });
});

describe("redaction keeps settings about a secret readable", () => {
  test.each([
    "password_policy",
    "secret_arn",
    "token_url",
    "secret_id",
    "kms_key_id",
    "access_key_id",
    "password_length",
    "token_ttl",
    "secret_name",
    "bypass",
    "passthrough",
    "arn:aws:secretsmanager:us-east-1:111111111111:secret:inline-secret-gQgRvQ",
  ])("%s is not a secret name", (name) => {
    expect(isSecretName(name)).toBe(false);
  });

  test.each(["DB_PASSWORD_PRIMARY", "STRIPE_SECRET_LIVE", "SECRET_KEY_BASE", "dbPass", "clientSecret", "--db-password", "auth_token"])(
    "%s is a secret name",
    (name) => {
      expect(isSecretName(name)).toBe(true);
    },
  );

  test.each([
    '{"password_policy":"strict","secret_arn":"arn:aws:secretsmanager:us-east-1:111111111111:secret:db-Ab12Cd","token_url":"https://auth.example.com/token"}',
    "app --token-ttl 3600 --secret-arn arn:aws:secretsmanager:us-east-1:111111111111:secret:db-Ab12Cd",
    "https://auth.example.com/authorize?client_id=app&redirect_uri=https%3A%2F%2Fexample.com&response_type=code",
    "mkdir -p /var/lib/app && app --port 8080",
    "env:\n- name: LOG_LEVEL\n  value: debug\n",
    "c2VydmljZS5leGFtcGxlLmNvbSBpcyB1cA==",
  ])("%s is shown as it is", (text) => {
    expect(redactCredentials(text)).toBe(text);
  });

  test("a value under a secret name that is a setting or a reference stays: true, false, an ARN", () => {
    const p = parsePlanJson(
      "s.json",
      JSON.stringify({
        format_version: "1.2",
        resource_changes: [
          {
            address: "terraform_data.s",
            mode: "managed",
            type: "terraform_data",
            name: "s",
            change: {
              actions: ["update"],
              before: {
                input: {
                  DB_PASSWORD_ROTATE: "false",
                  secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:ssm:us-east-1:111111111111:parameter/db" }],
                },
              },
              after: {
                input: {
                  DB_PASSWORD_ROTATE: "true",
                  secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:ssm:us-east-1:111111111111:parameter/db2" }],
                },
              },
              after_unknown: {},
            },
          },
        ],
      }),
    );
    const out = renderPlanReport([{ stack: "app-staging", file: "s.json", plan: p }], "r.md");
    expect(out.comment).toContain('input.DB_PASSWORD_ROTATE: "false" -> "true"');
    expect(out.comment).toContain("arn:aws:ssm:us-east-1:111111111111:parameter/db2");
  });
});

describe("the report's own words after a secret-named key stay (the policy diff's absent -> listed)", () => {
  test("a real plan's new secretsmanager action reads absent -> listed, not (redacted) -> listed", () => {
    const plan = parsePlanJson("p.json", readFileSync(join(PLANS, "tf-new-policy-blocks.json"), "utf8"));
    const out = renderPlanReport([{ stack: "access-production", file: "p.json", plan }], "r.md");
    expect(out.comment).toContain('.Statement.ReadSecrets.Action."secretsmanager:DescribeSecret": absent -> listed');
    expect(out.comment).not.toContain("(redacted) -> listed");
  });

  test.each([
    ["password: absent -> listed", "password: absent -> listed"],
    ["password: absentminded99", `password: ${REDACTED_VALUE}`],
    ["token=listedXYZ12345", `token=${REDACTED_VALUE}`],
    // A weakened uptime check's flag after a Name tag ending in a secret-looking word (health-check-risks.ts).
    ...[
      "disabled (disabled = true): Route 53 reports it healthy",
      "inverted (invert_healthcheck): reports healthy",
      "failure_threshold 3 -> 10: needs more failed checks",
      "request_interval 10s -> 30s: checks less often",
      "fqdn a.example.com -> b.example.com: checks something else",
      "resource_path / -> /health: checks something else",
    ].map((rest) => [`health check opsbot-token: ${rest}`, `health check opsbot-token: ${rest}`]),
  ])("%s reads %s", (text, shown) => {
    expect(redactReportText(text)).toBe(shown);
  });
});

describe("the quick check lets every context pattern through", () => {
  test.each(CASES.map(([name, v]) => [name, typeof v === "string" ? v : JSON.stringify(v)]))("%s", (_, text) => {
    expect(mayHoldCredential(text)).toBe(true);
    expect(mayHoldCredential(text.toUpperCase())).toBe(true);
  });
});
