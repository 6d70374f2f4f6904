import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parsePlanJson, type PlanInput, renderPlanReport } from "../../lib/engines/plan";
import { buildReport } from "../../lib/engines/plan/report";
import { renderMarkdown } from "../../lib/engines/plan/render-markdown";
import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import type { ChangeView } from "../../lib/core/plan/changes";
import { protectedDestroyed } from "../../lib/features/readiness/risks";
import { tempDir, golive } from "../helpers/cli";
import { fixtureText, PLANS } from "./fixtures";

// tf-destroys.sh: a real plan destroying a secret, its version, an e-mail subscription and a terraform_data.
const FIXTURE = "tf-destroys.json";
const NEVER_SHOWN = "stand-in-value-never-shown";

type Json = Record<string, unknown>;

function destroysPlan(edit: (changes: Json[]) => void = () => {}): Json {
  const plan: Json = JSON.parse(fixtureText(FIXTURE));
  edit(plan.resource_changes as Json[]);
  return plan;
}

function input(plan: Json, stack = "data-production"): PlanInput {
  return { stack, file: `${stack}.json`, plan: parsePlanJson(`${stack}.json`, JSON.stringify(plan)) };
}

/** The lines of one resource in the attribute block, up to the next resource. */
function attributeLinesOf(markdown: string, address: string): string[] {
  const lines = markdown.split("\n");
  const start = lines.indexOf(`- ${address}`);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && !l.startsWith("    "));
  return lines.slice(start + 1, end < 0 ? undefined : end).map((l) => l.trim());
}

function valuesBefore(changes: Json[], address: string): Json {
  const rc = changes.find((c) => c.address === address) as Json;
  return (rc.change as Json).before as Json;
}

describe("a destroyed resource shows what it removes", () => {
  const review = renderPlanReport([input(destroysPlan())], "the CI artifact");
  const json = JSON.parse(review.json) as { stacks: { changes: { address: string; attributes: Json[] }[] }[] };
  const changes = json.stacks[0]?.changes ?? [];

  test("each destroy lists its identifying before values, `-> null`, in the comment", () => {
    expect(attributeLinesOf(review.comment, "aws_secretsmanager_secret.old[0]")).toEqual(
      expect.arrayContaining(['name: "app/db" -> null', 'description: "database password of the old app" -> null']),
    );
    expect(attributeLinesOf(review.comment, "aws_sns_topic_subscription.oncall[0]")).toEqual(
      expect.arrayContaining(['endpoint: "oncall@example.com" -> null', 'protocol: "email" -> null']),
    );
    expect(attributeLinesOf(review.comment, "terraform_data.gone[0]")).toEqual(
      expect.arrayContaining(['input.owner: "payments" -> null', 'input.purpose: "nightly export" -> null']),
    );
    expect(review.fullMarkdown).toContain('    endpoint: "oncall@example.com" -> null');
  });

  test("a destroyed policy is shown statement leaf by statement leaf", () => {
    expect(attributeLinesOf(review.comment, "aws_secretsmanager_secret.old[0]")).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^policy\{\}\.Statement\.Read\.Principal\.AWS\."arn:aws:iam::123456789012:role\/app"/),
      ]),
    );
  });

  test("a sensitive before value stays hidden, named as sensitive", () => {
    expect(attributeLinesOf(review.comment, "aws_secretsmanager_secret_version.old[0]")).toContain("secret_string: (sensitive) -> null");
    for (const text of [review.comment, review.fullMarkdown, review.json]) expect(text).not.toContain(NEVER_SHOWN);
  });

  test("empty, false and zero before values are hidden as for a replacement", () => {
    const secret = attributeLinesOf(review.comment, "aws_secretsmanager_secret.old[0]");
    expect(secret).toContain('name: "app/db" -> null');
    for (const noise of ["kms_key_id", "name_prefix", "recovery_window_in_days", "replica", "tags_all", "force_overwrite_replica_secret"])
      expect(secret.filter((l) => l.startsWith(`${noise}:`))).toEqual([]);
  });

  test("the JSON report carries the same values for each destroy", () => {
    const attributes = (address: string) => changes.find((c) => c.address === address)?.attributes ?? [];
    expect(attributes("aws_secretsmanager_secret.old[0]")).toContainEqual({ path: "name", before: '"app/db"', after: "null" });
    expect(attributes("aws_sns_topic_subscription.oncall[0]")).toContainEqual({
      path: "endpoint",
      before: '"oncall@example.com"',
      after: "null",
    });
    expect(attributes("terraform_data.gone[0]")).toContainEqual({ path: "input.owner", before: '"payments"', after: "null" });
    expect(attributes("aws_secretsmanager_secret_version.old[0]")).toContainEqual({
      path: "secret_string",
      before: "(sensitive)",
      after: "null",
    });
  });

  test("credential-shaped before values are redacted as any other value is", () => {
    // Built at run time: the repository's secret scan reads this file.
    const token = ["ghp", "aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xYzZ9q"].join("_");
    const password = ["Vq8pLm", "2Rz7"].join("");
    const plan = destroysPlan((rcs) => {
      valuesBefore(rcs, "terraform_data.gone[0]").input = { owner: "payments", token };
      valuesBefore(rcs, "aws_secretsmanager_secret.old[0]").description = `postgres://app:${password}@db.internal.example:5432/app`;
    });
    const redacted = renderPlanReport([input(plan)], "the CI artifact");
    for (const text of [redacted.comment, redacted.json]) {
      expect(text).not.toContain(token.slice(4));
      expect(text).not.toContain(password);
    }
    expect(attributeLinesOf(redacted.comment, "terraform_data.gone[0]").join("\n")).toContain(REDACTED_VALUE);
    expect(attributeLinesOf(redacted.comment, "aws_secretsmanager_secret.old[0]").join("\n")).toMatch(/^description: .*\(redacted\)/m);
  });

  test("identifying values come first, so the 40-line cut keeps them and counts the rest", () => {
    const plan = destroysPlan((rcs) => {
      const values = valuesBefore(rcs, "aws_sns_topic_subscription.oncall[0]");
      for (let i = 0; i < 60; i++) values[`a_setting_${String(i).padStart(2, "0")}`] = `value ${i}`;
    });
    const view = buildReport([input(plan)]).stacks[0]?.changes.find((c) => c.address === "aws_sns_topic_subscription.oncall[0]");
    expect(view?.attributes).toHaveLength(40);
    expect(view?.attributes.map((a) => a.path)).toEqual(expect.arrayContaining(["endpoint", "protocol", "topic_arn", "arn", "id"]));
    // The 60 settings and the subscription's own 8 non-empty values.
    expect((view?.attributes.length ?? 0) + (view?.attributesOmitted ?? 0)).toBe(60 + 8);
    expect(renderMarkdown(buildReport([input(plan)]))).toContain("    … and 28 more attributes");
  });

  test("a destroy's values are among the last attribute blocks a summary drops", () => {
    const plan = destroysPlan();
    const report = buildReport([input(plan, "data-production"), input(JSON.parse(fixtureText("tf-changes.json")), "data-staging")]);
    const atRisk = renderMarkdown(report, { attributes: "changes-at-risk", maxItems: Number.POSITIVE_INFINITY });
    expect(attributeLinesOf(atRisk, "aws_sns_topic_subscription.oncall[0]")).toContain('endpoint: "oncall@example.com" -> null');
    expect(renderMarkdown(report, { attributes: "none", maxItems: Number.POSITIVE_INFINITY })).not.toContain('oncall@example.com" -> null');
  });
});

describe("golive plan-report on a plan that destroys", () => {
  test("the comment, --full-report and --json show the destroyed values, never the sensitive one", async () => {
    const dir = tempDir("golive-destroyed-values-");
    mkdirSync(join(dir, "plans"));
    writeFileSync(join(dir, "plans", "data-production.json"), readFileSync(join(PLANS, FIXTURE)));
    const markdown = await golive(["plan-report", "plans", "--full-report", "full.md"], { cwd: dir });
    expect(markdown.code).toBe(0);
    const full = readFileSync(join(dir, "full.md"), "utf8");
    const asJson = await golive(["plan-report", "plans", "--json"], { cwd: dir });
    expect(asJson.code).toBe(0);
    for (const text of [markdown.stdout, full]) {
      expect(text).toContain('    name: "app/db" -> null');
      expect(text).toContain('    endpoint: "oncall@example.com" -> null');
      expect(text).toContain('    input.purpose: "nightly export" -> null');
      expect(text).toContain("    secret_string: (sensitive) -> null");
    }
    expect(asJson.stdout).toContain('"before": "\\"oncall@example.com\\""');
    for (const text of [markdown.stdout, full, asJson.stdout, markdown.stderr, asJson.stderr]) expect(text).not.toContain(NEVER_SHOWN);
  });
});

describe("a deposed object's destroy", () => {
  // The shape of a real plan (terraform 1.11, AWS provider 5.100) after a create_before_destroy
  // replacement failed to destroy the old object: the same address, a second change with `deposed`.
  const deposedPlan = destroysPlan((changes) => {
    const rc = changes.find((c) => c.address === "aws_secretsmanager_secret.old[0]") as Json;
    rc.deposed = "89a747f4";
  });

  test("is named as the deposed object, not the object in use, in the comment and the JSON", () => {
    const r = renderPlanReport([input(deposedPlan)], "full.md");
    expect(r.fullMarkdown).toContain(
      "- `aws_secretsmanager_secret.old[0]` (count reduced; deposed object `89a747f4`: left over from a partially failed replacement, not the current object)",
    );
    const change = JSON.parse(r.json).stacks[0].changes.find((c: Json) => c.address === "aws_secretsmanager_secret.old[0]");
    expect(change).toMatchObject({ action: "delete", deposed: "89a747f4" });
  });

  test("an ordinary destroy carries no deposed note", () => {
    const r = renderPlanReport([input(destroysPlan())], "full.md");
    expect(r.fullMarkdown).not.toContain("deposed");
    expect(r.fullMarkdown).toContain("- `aws_secretsmanager_secret.old[0]` (count reduced)\n");
  });
});

describe("the protected-destroyed flag of a deposed object", () => {
  const bucket = (deposed?: string): ChangeView => ({
    address: "aws_s3_bucket.StateBucket_Bucket_0A1B2C3D",
    ...(deposed !== undefined ? { deposed } : {}),
    type: "aws_s3_bucket",
    mode: "managed",
    kind: "delete",
    actions: ["delete"],
    replacePaths: [],
    importing: false,
    attributes: [],
    attributesOmitted: 0,
    attributesKey: "",
    before: { bucket: "opsbot-production-tfstate" },
    after: null,
  });

  test("says the old object of a failed replacement is destroyed and the current one stays", () => {
    expect(protectedDestroyed.check(bucket("89a747f4"))).toEqual([
      expect.stringMatching(
        /^deposed object destroyed \(left over from a partially failed replacement; the current object stays\): opsbot-production-tfstate: /,
      ),
    ]);
    expect(protectedDestroyed.check(bucket())).toEqual([expect.stringMatching(/^destroyed: opsbot-production-tfstate: /)]);
  });
});
