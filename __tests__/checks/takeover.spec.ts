import { join } from "node:path";
import { stringify } from "yaml";
import { writeFileSync, mkdirSync } from "node:fs";
import type { IndirectReader, ReadAccess } from "../../lib/core/access/report";
import { buildModel, type StackInput } from "../../lib/core/readiness/model";
import { type CheckReport, runChecksWithAccess } from "../../lib/engines/check/engine";
import { renderTable } from "../../lib/engines/check/scorecard";
import { golive, tempDir } from "../helpers/cli";
import { editedInput, exampleConfig, WITHOUT_STAGING } from "../helpers/example-config";
import { writeSynthOutput } from "../helpers/synth-output";
import { blocksOf, clone, envConfig, exampleEnv, isObj, RUNBOOKS, TODAY } from "./support";

/**
 * IAM takes no resource policy on a role, so whoever may rewrite a golive role's trust, or pass it to
 * a compute service, reads what the role reads (lib/engines/check/access/takeover.ts). `golive check`
 * lists those readers apart from the direct ones: intended for whoever administers the account and
 * for the admin-deploy role over the runtime roles it deploys, a GL-SEC-007 blocker for anyone else.
 */
const ACCOUNT_ADMIN = "account administrator (AdministratorAccess, named by no golive policy)";
const ROOT = "account root user";
const ADMIN_ENV = "GitHub environment production-admin";
const DEPLOY_ENV = "GitHub environment production";
const NAMED_ADMIN =
  "administrator arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef";
const APP_ROLE = "opsbot-production-app";

async function checked(stacks: readonly StackInput[]): Promise<CheckReport> {
  const cfg = exampleConfig();
  return runChecksWithAccess({
    model: buildModel(stacks),
    configs: new Map([["production", envConfig(cfg)]]),
    runbooks: RUNBOOKS,
    today: TODAY,
  });
}

function entry(report: CheckReport, name: string): ReadAccess {
  const found = report.access?.[0]?.entries.find((e) => e.name === name);
  if (!found) throw new Error(`no entry ${name}`);
  return found;
}

/** `<reader> via <role>` for each indirect reader, intended or not. */
function paths(readers: readonly IndirectReader[], intended: boolean): string[] {
  return readers.filter((r) => r.intended === intended).map((r) => `${r.reader} via ${r.role}`);
}

/** The examples' stacks with the deploy role's guard lifted for one call: it may rewrite the app role's trust. */
function deployRetrustsApp(): StackInput[] {
  const stacks = clone(exampleEnv().stacks);
  const guard = blocksOf(stacks, "aws_iam_role_policy").find((b) => b.attrs.name === "deploy-guard");
  if (!guard) throw new Error("no deploy-guard policy");
  const policy: unknown = JSON.parse(String(guard.attrs.policy));
  const statements = isObj(policy) && Array.isArray(policy.Statement) ? policy.Statement : [];
  for (const s of statements)
    if (isObj(s) && s.Sid === "NoIamChanges" && Array.isArray(s.Action)) s.Action = s.Action.filter((a) => a !== "iam:Update*");
  statements.push({
    Sid: "RetrustTheApp",
    Effect: "Allow",
    Action: "iam:UpdateAssumeRolePolicy",
    Resource: `arn:aws:iam::111111111111:role/${APP_ROLE}`,
  });
  guard.attrs.policy = JSON.stringify(policy);
  // The reach cap denies every service but the stacks' own; the planted grant must pass it too.
  const reach = blocksOf(stacks, "aws_iam_policy").find((b) => b.attrs.name === "opsbot-production-deploy-reach");
  if (!reach) throw new Error("no deploy-reach policy");
  const capped: unknown = JSON.parse(String(reach.attrs.policy));
  const caps = isObj(capped) && Array.isArray(capped.Statement) ? capped.Statement : [];
  for (const s of caps)
    if (isObj(s) && s.Sid === "OnlyAppliedServices" && Array.isArray(s.NotAction)) s.NotAction.push("iam:UpdateAssumeRolePolicy");
  reach.attrs.policy = JSON.stringify(capped);
  return stacks;
}

/**
 * The examples' stacks with the boundary's CiRolesUntouched statement gone: a role in the prefix may
 * change the CI roles again, so a role the admin-deploy role creates re-trusts the deploy role.
 */
function ciRolesUnguarded(): StackInput[] {
  const stacks = clone(exampleEnv().stacks);
  const boundary = blocksOf(stacks, "aws_iam_policy").find((b) => b.attrs.name === "opsbot-production-boundary");
  if (!boundary) throw new Error("no boundary policy");
  const policy: unknown = JSON.parse(String(boundary.attrs.policy));
  if (!isObj(policy) || !Array.isArray(policy.Statement)) throw new Error("boundary without statements");
  const kept = policy.Statement.filter((s) => !(isObj(s) && s.Sid === "CiRolesUntouched"));
  expect(kept).toHaveLength(policy.Statement.length - 1);
  boundary.attrs.policy = JSON.stringify({ ...policy, Statement: kept });
  return stacks;
}

const sec007 = (report: CheckReport) => report.results.find((r) => r.rule.id === "GL-SEC-007");

describe("readers by taking over a golive role", () => {
  let production: CheckReport;
  beforeAll(async () => {
    production = await checked(exampleEnv().stacks);
  });

  test("the account administrator and root user read the app's secrets and edge state by re-trusting the roles that do, reported as intended", () => {
    const databaseUrl = entry(production, "opsbot/production/database-url");
    expect(databaseUrl.readers).not.toContain(ACCOUNT_ADMIN);
    expect(paths(databaseUrl.indirect, true)).toEqual(
      [ADMIN_ENV, NAMED_ADMIN, ACCOUNT_ADMIN, ROOT].flatMap((reader) => [
        `${reader} via ${APP_ROLE}`,
        `${reader} via opsbot-production-worker`,
      ]),
    );
    expect(paths(databaseUrl.indirect, false)).toEqual([]);
    expect(databaseUrl.indirect.map((r) => r.how)).toEqual(databaseUrl.indirect.map(() => "iam:UpdateAssumeRolePolicy"));
    const edge = entry(production, "edge-production");
    expect(edge.readers).not.toContain(ACCOUNT_ADMIN);
    expect(paths(edge.indirect, true)).toEqual([
      `${ACCOUNT_ADMIN} via opsbot-production-deploy`,
      `${ACCOUNT_ADMIN} via opsbot-production-plan-main`,
      `${ROOT} via opsbot-production-deploy`,
      `${ROOT} via opsbot-production-plan-main`,
    ]);
    // Nobody else of the examples' principals has such a path, so nothing blocks.
    const readers = new Set(production.access?.[0]?.entries.flatMap((e) => e.indirect.map((r) => r.reader)));
    expect([...readers]).toEqual([ADMIN_ENV, NAMED_ADMIN, ACCOUNT_ADMIN, ROOT]);
    expect(production.access?.[0]?.entries.flatMap((e) => e.unexpected)).toEqual([]);
    expect(sec007(production)?.status).toBe("pass");
  });

  test("the table lists them on a line of their own under each entry, apart from the direct readers", () => {
    const lines = renderTable(production).split("\n");
    const edge = lines.findIndex((l) => l.startsWith("  state of edge-production: "));
    expect(lines[edge]).toBe(`  state of edge-production: main branch, ${DEPLOY_ENV}, ${NAMED_ADMIN}`);
    expect(lines[edge + 1]).toBe(
      `    and by taking over a role that reads it: ${ACCOUNT_ADMIN} via opsbot-production-deploy, opsbot-production-plan-main (iam:UpdateAssumeRolePolicy); ${ROOT} via opsbot-production-deploy, opsbot-production-plan-main (iam:UpdateAssumeRolePolicy)`,
    );
  });

  test("fails when the deploy role may rewrite the app role's trust: the deploy environment reads the app's secrets through it", async () => {
    const report = await checked(deployRetrustsApp());
    const databaseUrl = entry(report, "opsbot/production/database-url");
    expect(databaseUrl.readers).not.toContain(DEPLOY_ENV);
    expect(paths(databaseUrl.indirect, false)).toEqual([`${DEPLOY_ENV} via ${APP_ROLE}`]);
    expect(databaseUrl.unexpected).toEqual([`${DEPLOY_ENV} (via taking over role ${APP_ROLE})`]);
    const result = sec007(report);
    expect(result?.status).toBe("fail");
    expect(result?.findings.map((f) => f.message)).toEqual(
      ["database-url", "model-provider-api-key", "webhook-signing-secret"].map(
        (name) =>
          `secret opsbot/production/${name} can be read by ${DEPLOY_ENV} (via taking over role ${APP_ROLE}), outside its intended readers`,
      ),
    );
    expect(renderTable(report)).toContain(`${DEPLOY_ENV} via ${APP_ROLE} (iam:UpdateAssumeRolePolicy) (NOT INTENDED)`);
  });

  test("fails when a role the admin environment creates in the prefix may re-trust the CI roles: it reads edge state through the deploy role", async () => {
    const report = await checked(ciRolesUnguarded());
    const edge = entry(report, "edge-production");
    expect(edge.readers).not.toContain(ADMIN_ENV);
    expect(paths(edge.indirect, false)).toEqual([
      `${ADMIN_ENV} via opsbot-production-deploy`,
      `${ADMIN_ENV} via opsbot-production-plan-main`,
    ]);
    expect(edge.indirect.filter((r) => !r.intended).map((r) => r.how)).toEqual(
      Array(2).fill("iam:CreateRole opsbot-production-created-by-takeover, then iam:UpdateAssumeRolePolicy"),
    );
    expect(sec007(report)?.status).toBe("fail");
    // With the boundary as golive writes it, the same chain ends at the CI roles (the first test: nothing unintended).
    expect(paths(entry(production, "edge-production").indirect, false)).toEqual([]);
  });

  test("golive check exits 1 on it, naming the takeover", async () => {
    const dir = tempDir("golive-takeover-");
    mkdirSync(join(dir, "config"));
    writeFileSync(join(dir, "config", "production.yaml"), stringify(editedInput([WITHOUT_STAGING])));
    writeSynthOutput(join(dir, "cdktf.out"), Object.fromEntries(deployRetrustsApp().map((s) => [s.name, s.json])));
    const run = await golive(["check", "production", "--today", TODAY], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^ {4}and by taking over a role that reads it: .*GitHub environment production via opsbot-production-app \(iam:UpdateAssumeRolePolicy\) \(NOT INTENDED\)/m,
    );
    expect(run.stdout).toContain(
      `secret opsbot/production/database-url can be read by ${DEPLOY_ENV} (via taking over role ${APP_ROLE}), outside its intended readers`,
    );
  });
});
