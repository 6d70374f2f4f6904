import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AccessEvaluation } from "../../lib/core/access/report";
import { buildModel, envViews, type StackInput } from "../../lib/core/readiness/model";
import { whoCanRead } from "../../lib/engines/check/access/who-can-read";
import { type CheckReport, runChecksWithAccess } from "../../lib/engines/check/engine";
import { toJunit } from "../../lib/engines/check/junit";
import { toSarif } from "../../lib/engines/check/sarif";
import { renderTable, toJson } from "../../lib/engines/check/scorecard";
import { XMLValidator } from "fast-xml-parser";
import { exampleConfig, REPO_ROOT } from "../helpers/example-config";
import { synthKind } from "../helpers/synth";
import { blocksOf, clone, envConfig, exampleEnv, isObj, type Obj, RUNBOOKS, TODAY } from "./support";

/**
 * #13: `golive check` asks the IAM simulator who can read each secret and state object, prints it
 * ("Who can read secrets and state"), and GL-SEC-007 blocks on any reader outside the intended set
 * (lib/engines/check/access/intended.ts, the same set the access-matrix test expects).
 */
const PR = "pull request";
const MAIN = "main branch";
const app = (env: string) => `runtime role opsbot-${env}-app`;
const worker = "runtime role opsbot-production-worker";
/** secrets.administrators of the production example. */
const ADMIN =
  "administrator arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef";

function readersOf(evaluation: AccessEvaluation | undefined): Record<string, readonly string[]> {
  return Object.fromEntries((evaluation?.entries ?? []).map((e) => [`${e.kind} ${e.name}`, e.readers]));
}

async function checked(env: string, stacks: readonly StackInput[]): Promise<CheckReport> {
  const cfg = exampleConfig([], env);
  return runChecksWithAccess({ model: buildModel(stacks), configs: new Map([[env, envConfig(cfg)]]), runbooks: RUNBOOKS, today: TODAY });
}

const sec007 = (report: CheckReport) => report.results.find((r) => r.rule.id === "GL-SEC-007");

describe("who can read secrets and state", () => {
  const { stacks } = exampleEnv();
  let production: CheckReport;
  let staging: CheckReport;
  beforeAll(async () => {
    production = await checked("production", stacks);
    const kinds = ["access", "secrets", "monitoring"];
    staging = await checked(
      "staging",
      kinds.map((kind) => ({ name: `${kind}-staging`, file: `${kind}.tf.json`, json: synthKind(exampleConfig([], "staging"), kind) })),
    );
  });

  test("production: each secret only by the runtime roles that list it, each state object only by the roles that plan or apply its stack", () => {
    const [access] = production.access ?? [];
    expect(access?.principals).toEqual([
      PR,
      MAIN,
      "GitHub environment production",
      "GitHub environment production-admin",
      app("production"),
      worker,
      ADMIN,
      "account administrator (AdministratorAccess, named by no golive policy)",
      "account root user",
      "another account (999999999999, AdministratorAccess)",
    ]);
    expect(readersOf(access)).toEqual({
      "secret opsbot/production/database-url": [app("production"), worker],
      "secret opsbot/production/model-provider-api-key": [app("production"), worker],
      "secret opsbot/production/webhook-signing-secret": [app("production")],
      "state access-production": [PR, MAIN, ADMIN],
      "state secrets-production": [PR, MAIN, "GitHub environment production-admin", ADMIN],
      "state edge-production": [MAIN, "GitHub environment production", ADMIN],
      "state email-production": [PR, MAIN, "GitHub environment production", ADMIN],
      "state monitoring-production": [MAIN, "GitHub environment production", ADMIN],
      "state traffic-production": [PR, MAIN, "GitHub environment production", ADMIN],
      // Through SNS (subscription endpoints): whoever administers the account too, as no resource policy can stop them.
      "secret alert webhook URLs (subscriptions of SNS topic opsbot-production-alerts)": [
        MAIN,
        "GitHub environment production",
        ADMIN,
        "account administrator (AdministratorAccess, named by no golive policy)",
        "account root user",
      ],
    });
    expect(sec007(production)?.status).toBe("pass");
  });

  test("staging (local state): the secrets, each read by the app alone", () => {
    expect(readersOf(staging.access?.[0])).toEqual({
      "secret opsbot/staging/database-url": [app("staging")],
      "secret opsbot/staging/model-provider-api-key": [app("staging")],
      "secret opsbot/staging/webhook-signing-secret": [app("staging")],
    });
    expect(sec007(staging)?.status).toBe("pass");
  });

  test("the table prints the section and --json carries it", () => {
    const table = renderTable(production);
    expect(table).toContain("Who can read secrets and state (every synthesized policy evaluated with an IAM simulator):");
    expect(table).toMatch(/^ {2}state of edge-production: main branch, GitHub environment production, administrator arn:\S+$/m);
    expect(table).toMatch(/^ {2}secret opsbot\/production\/webhook-signing-secret: runtime role opsbot-production-app$/m);
    expect(toJson(production)).toMatchObject({ access: [{ env: "production", entries: expect.any(Array) }] });
  });

  test("sarif carries it as run properties and junit as the suite's system-out", () => {
    const sarif = toSarif(production) as { runs: { properties?: { whoCanReadSecretsAndState?: unknown } }[] };
    expect(sarif.runs[0]?.properties?.whoCanReadSecretsAndState).toEqual(production.access);
    const xml = toJunit(production);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toMatch(
      /<system-out>Who can read secrets and state [^<]*state of edge-production: main branch, GitHub environment production, administrator arn:/,
    );
  });

  test("fails naming the principals when the deploy role trusts pull_request and the state key and bucket let the whole account in", async () => {
    const weak = clone(stacks);
    const policyOf = (attrs: Obj, attr: string): Obj => JSON.parse(String(attrs[attr]));
    const deploy = blocksOf(weak, "aws_iam_role").find((b) => b.attrs.name === "opsbot-production-deploy");
    if (!deploy) throw new Error("no deploy role");
    const trust = policyOf(deploy.attrs, "assume_role_policy");
    const [statement] = Array.isArray(trust.Statement) ? trust.Statement : [];
    const subjects =
      isObj(statement) && isObj(statement.Condition) && isObj(statement.Condition.StringEquals) ? statement.Condition.StringEquals : {};
    subjects["token.actions.githubusercontent.com:sub"] = [
      "repo:example-org/opsbot:environment:production",
      "repo:example-org/opsbot:pull_request",
    ];
    deploy.attrs.assume_role_policy = JSON.stringify(trust);
    // The state key's decrypt no longer names the state users, and the bucket no longer denies everyone else.
    const key = blocksOf(weak, "aws_kms_key").find((b) => String(b.attrs.policy).includes("StateThroughS3"));
    const bucket = blocksOf(weak, "aws_s3_bucket_policy")[0];
    if (!key || !bucket) throw new Error("no state key or bucket policy");
    const keyPolicy = policyOf(key.attrs, "policy");
    for (const s of Array.isArray(keyPolicy.Statement) ? keyPolicy.Statement : [])
      if (isObj(s) && isObj(s.Condition)) delete s.Condition.ArnEquals;
    key.attrs.policy = JSON.stringify(keyPolicy);
    const bucketPolicy = policyOf(bucket.attrs, "policy");
    bucketPolicy.Statement = (Array.isArray(bucketPolicy.Statement) ? bucketPolicy.Statement : []).filter(
      (s) => isObj(s) && s.Sid !== "StateUsersOnly",
    );
    bucket.attrs.policy = JSON.stringify(bucketPolicy);

    const report = await checked("production", weak);
    const result = sec007(report);
    expect(result?.status).toBe("fail");
    const messages = result?.findings.map((f) => f.message) ?? [];
    expect(messages).toContain(
      "state of edge-production can be read by pull request, account administrator (AdministratorAccess, named by no golive policy), account root user, outside its intended readers",
    );
    expect(messages).toContain(
      "state of access-production can be read by account administrator (AdministratorAccess, named by no golive policy), account root user, outside its intended readers",
    );
    // A pull request that may deploy reads the alert webhook URLs through SNS; no other secret.
    expect(messages.filter((m) => m.startsWith("secret "))).toEqual([
      "secret alert webhook URLs (subscriptions of SNS topic opsbot-production-alerts) can be read by pull request, outside its intended readers",
    ]);
    expect(result?.findings[0]?.location).toMatchObject({ kind: "resource", stack: "bootstrap-production" });
    expect(renderTable(report)).toMatch(/^ {2}state of monitoring-production: pull request \(NOT INTENDED\), main branch, /m);
  });

  test("fails, saying why, when the synthesized IAM cannot be evaluated", async () => {
    const broken = clone(stacks);
    const secretPolicy = blocksOf(broken, "aws_secretsmanager_secret_policy")[0];
    if (!secretPolicy) throw new Error("no secret policy");
    secretPolicy.attrs.secret_arn = "${aws_secretsmanager_secret.Elsewhere.arn}";
    const [view] = envViews(buildModel(broken), ["production"]);
    if (!view) throw new Error("no view");
    const evaluation = await whoCanRead(exampleConfig(), view);
    expect(evaluation?.error).toBe("cannot resolve ${aws_secretsmanager_secret.Elsewhere.arn}");
  });

  test("an environment with neither secrets nor S3 state is not evaluated", async () => {
    const [view] = envViews(buildModel(stacks.filter((s) => s.name.startsWith("edge-"))), ["production"]);
    if (!view) throw new Error("no view");
    expect(await whoCanRead(exampleConfig(), view)).toBeUndefined();
  });

  test("the IAM simulator is loaded only inside the function that asks it (no other module of lib imports it)", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
      );
    const importers = files(join(REPO_ROOT, "lib")).filter((f) => readFileSync(f, "utf8").includes("@cloud-copilot/"));
    expect(importers.map((f) => f.slice(REPO_ROOT.length + 1))).toEqual(["lib/engines/check/access/simulate.ts"]);
    const text = readFileSync(join(REPO_ROOT, "lib/engines/check/access/simulate.ts"), "utf8");
    expect(text).not.toMatch(/^import (?!type).*@cloud-copilot/m);
  });

  // As a process (the simulator loaded through bin/golive.js's own loader, not jest's): the spawned
  // `golive check --json` of __tests__/cli/process.spec.ts, which asserts the section on its report.
});
