import type { AccessEvaluation } from "../../lib/core/access/report";
import type { AppConfig } from "../../lib/config/schema";
import { accessSection } from "../../lib/engines/check/access/render";
import { whoCanRead } from "../../lib/engines/check/access/who-can-read";
import { onlyIntendedReaders } from "../../lib/features/secrets/rules/GL-SEC-007";
import type { EnvView } from "../../lib/core/readiness/model";
import { configErrorText, exampleConfig } from "../helpers/example-config";
import type { SynthJson } from "../helpers/synth";
import { iamView } from "./iam-world";

/**
 * With S3 state, the bootstrap stack's bucket and key policies let only the CI roles (each for its
 * stacks) and `secrets.administrators` use state. `access-<env>` is applied by hand, so with no
 * administrator named nobody could ever write its state: the first deploy after bootstrap fails
 * (the audit simulated an SSO administrator, the root user and every CI role: all denied) while
 * `golive check` said READY. Config loading refuses it, and `golive check` blocks on it (GL-SEC-007)
 * from the synthesized policies alone, whatever config says.
 */

const ADMIN =
  "administrator arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef";
const DEPLOY_ENV = "GitHub environment production";
const DEPLOY_ROLE = "arn:aws:iam::111111111111:role/opsbot-production-deploy";

async function evaluate(cfg: AppConfig, view: EnvView): Promise<{ access: AccessEvaluation; findings: string[]; section: string }> {
  const access = await whoCanRead(cfg, view);
  if (!access) throw new Error("not evaluated");
  const out = onlyIntendedReaders.check({ env: view, access, runbooks: [], today: "2026-11-29", knownRuleIds: new Set() });
  const findings = out.kind === "non-compliant" ? out.findings.map((f) => f.message) : [];
  return { access, findings, section: accessSection([access]).join("\n") };
}

/** The production example as it was before the fix: S3 state and CI roles, no administrator (past validation). */
function withoutAdministrators(): AppConfig {
  const cfg = exampleConfig();
  if (!cfg.secrets) throw new Error("no secrets");
  return { ...cfg, secrets: { ...cfg.secrets, administrators: [] } };
}

/** Adds a bucket-policy statement denying the deploy role every state write (a policy edited by hand). */
function denyDeployWrites(kind: string, json: SynthJson): void {
  if (kind !== "bootstrap") return;
  for (const policy of Object.values(json.resource.aws_s3_bucket_policy ?? {})) {
    const doc = JSON.parse(String(policy.policy)) as { Statement: unknown[] };
    doc.Statement.push({
      Sid: "NoDeployWrites",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: "arn:aws:s3:::opsbot-production-tfstate/*",
      Condition: { ArnEquals: { "aws:PrincipalArn": DEPLOY_ROLE } },
    });
    policy.policy = JSON.stringify(doc);
  }
}

describe("whoever applies a stack can write its state", () => {
  // iamView holds the stacks with IAM (access, secrets, email, monitoring, bootstrap): who-can-read asks
  // about the state of the stacks it is given.
  test("production example: each state object is written by exactly those who apply its stack and the administrators", async () => {
    const cfg = exampleConfig();
    const { access, findings } = await evaluate(cfg, iamView(cfg));
    const writes = Object.fromEntries(access.entries.filter((e) => e.kind === "state").map((e) => [e.name, [e.appliers, e.writers]]));
    expect(writes).toEqual({
      "access-production": [[ADMIN], [ADMIN]],
      "secrets-production": [["GitHub environment production-admin"], ["GitHub environment production-admin", ADMIN]],
      "email-production": [[DEPLOY_ENV], [DEPLOY_ENV, ADMIN]],
      "monitoring-production": [[DEPLOY_ENV], [DEPLOY_ENV, ADMIN]],
    });
    expect(findings).toEqual([]);
  });

  test("fails when no administrator is named: nobody could deploy access-production, and check says so", async () => {
    const cfg = withoutAdministrators();
    const { access, findings, section } = await evaluate(cfg, iamView(cfg));
    expect(access.entries.find((e) => e.name === "access-production")).toMatchObject({ appliers: [], writers: [] });
    expect(findings).toEqual([
      "state of access-production: access-production is applied by hand and secrets.administrators names nobody: nobody can write its state; add the role you deploy access-production with to secrets.administrators",
    ]);
    expect(section).toMatch(/^ {2}state of access-production: pull request, main branch; CANNOT BE DEPLOYED: /m);
  });

  test("fails when the bucket policy locks the deploy role out of the state of the stacks it applies", async () => {
    const cfg = exampleConfig();
    const { findings } = await evaluate(cfg, iamView(cfg, denyDeployWrites));
    expect(findings).toEqual(
      ["email", "monitoring"].map(
        (kind) =>
          `state of ${kind}-production: ${DEPLOY_ENV}, who apply ${kind}-production, cannot write its state: nobody could deploy it`,
      ),
    );
  });

  test("fails to load S3 state with a bootstrap and no secrets.administrators, naming the field and what to add", () => {
    expect(configErrorText([[["secrets", "administrators"], []]])).toBe(
      'config/production.yaml: secrets.administrators: required with state.backend s3 and state.bootstrap: the state bucket lets only the CI roles and these roles read or write state, and no CI role applies access-production; add the IAM role you deploy access-production with by hand, such as ["arn:aws:iam::111111111111:role/opsbot-admins"] (docs/state.md)',
    );
    // Local state, or a bucket another environment bootstraps (its config names who may use it): not required.
    expect(
      configErrorText([
        [["secrets", "administrators"], []],
        [["state"], { backend: "local" }],
      ]),
    ).toBe("");
    expect(
      configErrorText([
        [["secrets", "administrators"], []],
        [["state", "bootstrap"], false],
      ]),
    ).toBe("");
  });

  test("fails on a bootstrapped state bucket in another account than the CI roles, which its policies would lock out", () => {
    expect(configErrorText([[["state", "accountId"], "222222222222"]])).toBe(
      'config/production.yaml: state.accountId: "222222222222" is not secrets.accountId "111111111111": the state bucket bootstrapped here admits the CI roles of its own account only; allowed: the same account, or bootstrap: false with a bucket whose policy you manage',
    );
  });

  test("fails on an administrator inside golive's own role prefix, which every policy denies administration", () => {
    expect(configErrorText([[["secrets", "administrators"], ["arn:aws:iam::111111111111:role/opsbot-production-admins"]]])).toBe(
      'config/production.yaml: secrets.administrators[0]: "arn:aws:iam::111111111111:role/opsbot-production-admins" is one of golive\'s own roles (role/opsbot-production-*), which every key, secret and state policy denies administration; allowed: a role of the people who apply access-production, outside that prefix',
    );
  });
});
