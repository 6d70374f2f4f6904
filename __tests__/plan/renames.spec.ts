import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { codeBlockLines } from "../../lib/engines/plan/code-block";
import { renameSuggestion } from "../../lib/engines/plan/renames";
import { addressParts } from "./fixtures";

interface Pair {
  readonly type: string;
  readonly before: Record<string, unknown>;
  readonly after: Record<string, unknown>;
  /** Computed attributes of the create (known after apply). */
  readonly unknown?: readonly string[];
}

/** Renames flagged in a plan holding, per pair, a destroy `<type>.old<i>` and a create `<type>.new<i>`. */
function renames(pairs: readonly Pair[]): string[] {
  const resource_changes = pairs.flatMap((p, i) => [
    {
      address: `${p.type}.old${i}`,
      mode: "managed",
      type: p.type,
      name: `old${i}`,
      change: { actions: ["delete"], before: p.before, after: null, after_unknown: {}, before_sensitive: {}, after_sensitive: false },
    },
    {
      address: `${p.type}.new${i}`,
      mode: "managed",
      type: p.type,
      name: `new${i}`,
      change: {
        actions: ["create"],
        before: null,
        after: p.after,
        after_unknown: Object.fromEntries((p.unknown ?? []).map((k) => [k, true])),
        before_sensitive: false,
        after_sensitive: {},
      },
    },
  ]);
  const plan = parsePlanJson("p.json", JSON.stringify({ format_version: "1.2", resource_changes }));
  const r = renderPlanReport([{ stack: "access-production", file: "p.json", plan }], "full.md");
  return (r.report.stacks[0]?.risks ?? []).filter((f) => f.rule === "construct-renamed").map((f) => f.address);
}

const same = (type: string, value: Record<string, unknown>, computed: Record<string, unknown> = { id: "x-1", arn: "arn:aws:x" }): Pair => ({
  type,
  before: { ...value, ...computed },
  after: value,
  unknown: Object.keys(computed),
});

describe("the rename guard knows what names each type", () => {
  test.each([
    same("aws_iam_openid_connect_provider", { url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] }),
    same("aws_sesv2_email_identity", { email_identity: "example.com" }),
    same("aws_sesv2_configuration_set", { configuration_set_name: "golive-prod" }),
    same("aws_route53_health_check", { type: "HTTPS", fqdn: "origin.example.com", port: 443, resource_path: "/health" }),
    same("cloudflare_workers_script", { account_id: "abc", script_name: "mta-sts", content: "export default {}" }),
    same("aws_sns_topic_subscription", {
      topic_arn: "arn:aws:sns:us-east-1:111111111111:alerts",
      protocol: "email",
      endpoint: "oncall@example.com",
    }),
    same("aws_kms_key", { description: "state key", deletion_window_in_days: 30 }),
    same("aws_db_instance", { identifier: "prod-db", engine: "postgres" }),
    same("aws_lambda_function", { function_name: "api", runtime: "nodejs20.x" }),
    same("cloudflare_zone_setting", { zone_id: "z1", setting_id: "min_tls_version", value: "1.2" }),
  ])("$type destroyed and created as the same object is flagged", (pair) => {
    expect(renames([pair])).toEqual([`${pair.type}.old0`]);
  });

  test("objects that differ in what names them are not flagged", () => {
    expect(
      renames([
        { type: "aws_sesv2_email_identity", before: { email_identity: "example.com" }, after: { email_identity: "example.org" } },
        {
          type: "aws_route53_health_check",
          before: { type: "HTTPS", fqdn: "a.example.com" },
          after: { type: "HTTPS", fqdn: "b.example.com" },
        },
        {
          type: "aws_sns_topic_subscription",
          before: { topic_arn: "arn:aws:sns:us-east-1:111111111111:alerts", protocol: "email", endpoint: "a@example.com" },
          after: { topic_arn: "arn:aws:sns:us-east-1:111111111111:alerts", protocol: "email", endpoint: "b@example.com" },
        },
        // A health check without an address (a calculated one) has no identity: the type alone names nothing.
        { type: "aws_route53_health_check", before: { type: "CALCULATED" }, after: { type: "CALCULATED" } },
      ]),
    ).toEqual([]);
  });
});

describe("any other type: a destroy and a create whose known values are equal", () => {
  test("a type without an entry, its computed values left out, is flagged", () => {
    expect(
      renames([
        same("aws_glue_catalog_database", { name: "events", description: "raw events" }, { id: "123:events", arn: "arn:aws:glue:x" }),
      ]),
    ).toEqual(["aws_glue_catalog_database.old0"]);
    expect(renames([same("terraform_data", { input: { build: "42" } }, { id: "u-1", output: { build: "42" } })])).toEqual([
      "terraform_data.old0",
    ]);
  });

  test("one value that differs, or only references in common, is no rename", () => {
    expect(
      renames([
        { type: "aws_glue_catalog_database", before: { name: "events", description: "a" }, after: { name: "events", description: "b" } },
        { type: "aws_glue_catalog_table", before: { database_name: "x", catalog_id: "1" }, after: { catalog_id: "1" } },
      ]),
    ).toEqual([]);
  });

  test("each create pairs with one destroy at most", () => {
    const pair = same("aws_glue_catalog_database", { name: "events" });
    const flags = renames([pair, { ...pair, after: { name: "other" } }]);
    expect(flags).toEqual(["aws_glue_catalog_database.old0"]);
  });
});

describe("the moved block the rename guard suggests", () => {
  /** A terraform_data renamed from `from` to `to` (its input kept), as Terraform plans it. */
  function renameReport(from: string, to: string) {
    const side = (address: string) => ({ address, ...addressParts(address) });
    const input = { input: "opsbot/production/db" };
    const resource_changes = [
      {
        ...side(from),
        change: {
          actions: ["delete"],
          before: { ...input, id: "u-1" },
          after: null,
          after_unknown: {},
          before_sensitive: {},
          after_sensitive: false,
        },
      },
      {
        ...side(to),
        change: {
          actions: ["create"],
          before: null,
          after: input,
          after_unknown: { id: true },
          before_sensitive: false,
          after_sensitive: {},
        },
      },
    ];
    const plan = parsePlanJson("p.json", JSON.stringify({ format_version: "1.2", resource_changes }));
    const rendered = renderPlanReport([{ stack: "secrets-production", file: "p.json", plan }], "full.md");
    const flag = rendered.report.stacks[0]?.risks.find((f) => f.rule === "construct-renamed");
    if (!flag) throw new Error("no rename flag");
    return { flag, json: rendered.json, markdown: rendered.comment };
  }

  // HCL allows a one-line block only with a single argument: `terraform validate` (1.11.4, 2026-12-02)
  // refused the old one-line form ("Invalid single-argument block definition") and accepted this one
  // beside a terraform_data resource. Terraform is a fixture tool here, never a test dependency.
  test("has from and to on lines of their own, and the JSON report holds it as one string with line breaks", () => {
    const { flag, json } = renameReport("terraform_data.old[0]", "terraform_data.renamed[0]");
    const detail = [
      'terraform_data.old[0] destroyed and terraform_data.renamed[0] created with the same known values (input): if the construct was renamed, keep the object with this moved block (cdktf: resource.moveFromId("terraform_data.old[0]") on the new construct):',
      "moved {",
      "  from = terraform_data.old[0]",
      "  to   = terraform_data.renamed[0]",
      "}",
    ].join("\n");
    expect(flag.detail).toBe(detail);
    expect(JSON.parse(json).stacks[0].risks).toContainEqual(expect.objectContaining({ rule: "construct-renamed", detail }));
  });

  test("the comment shows the moved block as a fenced hcl block under the flag, the sentence on the flag's line", () => {
    const { markdown } = renameReport("terraform_data.old[0]", "terraform_data.renamed[0]");
    expect(markdown).toContain(
      [
        'created with the same known values (input): if the construct was renamed, keep the object with this moved block (cdktf: resource.moveFromId("terraform_data.old&#91;0&#93;") on the new construct):',
        "  ```hcl",
        "  moved {",
        "    from = terraform_data.old[0]",
        "    to   = terraform_data.renamed[0]",
        "  }",
        "  ```",
      ].join("\n"),
    );
  });

  test("an address from the plan cannot add a line to the block or close the fenced block Markdown shows it in", () => {
    const hostile = 'terraform_data.renamed["x\n```\n}\n<img src=x onerror=alert(1)>````"]';
    const { flag } = renameReport("terraform_data.old[0]", hostile);
    const { movedBlock } = renameSuggestion(flag.detail);
    expect(movedBlock).toEqual([
      "moved {",
      "  from = terraform_data.old[0]",
      '  to   = terraform_data.renamed["x\\n```\\n}\\n<img src=x onerror=alert(1)>````"]',
      "}",
    ]);
    const block = codeBlockLines(movedBlock, "hcl", "  ");
    expect(block[0]).toBe("  `````hcl");
    expect(block.at(-1)).toBe("  `````");
    // CommonMark closes a fence only on a line of at least as many backticks: none inside has five.
    expect(block.slice(1, -1).filter((l) => /`{5}/.test(l))).toEqual([]);
    expect(codeBlockLines(["moved {", "}"], "hcl")).toEqual(["```hcl", "moved {", "}", "```"]);
  });
});
