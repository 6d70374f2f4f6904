import { parsePlanJson, type PlanInput, renderPlanReport } from "../../lib/engines/plan";
import { parseRiskRules } from "../../lib/engines/plan/custom-rules";
import { commentFor } from "../../lib/engines/plan/limit";
import { renderMarkdown } from "../../lib/engines/plan/render-markdown";
import { buildReport } from "../../lib/engines/plan/report";
import { fixtureInput, fixtureText } from "./fixtures";

function record(i: number, ttl: number): Record<string, unknown> {
  return {
    id: `rec-${i}`,
    zone_id: "0123456789abcdef0123456789abcdef",
    name: `host-${i}.example.com`,
    type: "A",
    content: "192.0.2.1",
    ttl,
  };
}

function update(i: number, from: number, to: number): Record<string, unknown> {
  return {
    address: `cloudflare_dns_record.r${i}`,
    mode: "managed",
    type: "cloudflare_dns_record",
    name: `r${i}`,
    change: {
      actions: ["update"],
      before: record(i, from),
      after: record(i, to),
      after_unknown: {},
      before_sensitive: {},
      after_sensitive: {},
    },
  };
}

function destroy(i: number): Record<string, unknown> {
  return {
    address: `cloudflare_dns_record.gone${i}`,
    mode: "managed",
    type: "cloudflare_dns_record",
    name: `gone${i}`,
    change: {
      actions: ["delete"],
      before: record(100 + i, 300),
      after: null,
      after_unknown: {},
      before_sensitive: {},
      after_sensitive: false,
    },
  };
}

/** 12 records whose TTL goes 300 -> 60, 2 going 300 -> 120, 3 destroyed. */
const dns: PlanInput = {
  stack: "dns-production",
  file: "dns.json",
  plan: parsePlanJson(
    "dns.json",
    JSON.stringify({
      format_version: "1.2",
      resource_changes: [
        ...Array.from({ length: 12 }, (_, i) => update(i, 300, 60)),
        update(20, 300, 120),
        update(21, 300, 120),
        ...[0, 1, 2].map(destroy),
      ],
    }),
  ),
};

describe("identical changes collapse into one entry", () => {
  const r = renderPlanReport([dns], "r.md");

  test("12 records with the same change are one line with a count, the first addresses and the change", () => {
    expect(r.comment).toContain("🟡 **Update** (14)");
    expect(r.comment).toContain(
      "- 12 × `cloudflare_dns_record`, the same change: `ttl: 300 -> 60`: `cloudflare_dns_record.r0`, `cloudflare_dns_record.r1`, `cloudflare_dns_record.r10` … and 9 more",
    );
    expect(r.comment).toContain("~ 12 × cloudflare_dns_record (the same change; cloudflare_dns_record.r0, …)\n    ttl: 300 -> 60\n");
    expect(r.comment.match(/ttl: 300 -> 60/g)?.length).toBe(2); // once in the list, once in the attribute block
    // The 14 updates (12 of them one entry) and the three destroys, each with the values it removes.
    expect(r.comment).toContain("Attribute changes (17 resources)");
  });

  test("two alike are still listed one by one, and destroys never collapse", () => {
    expect(r.comment).toContain("- `cloudflare_dns_record.r20` (1 attribute)");
    expect(r.comment).toContain("- `cloudflare_dns_record.r21` (1 attribute)");
    for (const i of [0, 1, 2]) expect(r.comment).toContain(`- \`cloudflare_dns_record.gone${i}\``);
  });

  test("flagged changes are never collapsed, and the JSON report lists every change", () => {
    const rules = parseRiskRules(
      "r.json",
      JSON.stringify({
        rules: [
          {
            id: "team-ttl",
            label: "TTL lowered to 60",
            severity: "low",
            match: { type: "cloudflare_dns_record", attribute: "ttl", to: 60 },
          },
        ],
      }),
    );
    const flagged = renderPlanReport([dns], "r.md", undefined, [], undefined, { customRules: rules });
    expect(flagged.comment).not.toContain("12 ×");
    for (let i = 0; i < 12; i++) expect(flagged.comment).toContain(`- \`cloudflare_dns_record.r${i}\` (1 attribute)`);
    expect(JSON.parse(r.json).stacks[0].changes).toHaveLength(17);
  });
});

describe("only changes that do the same collapse, whatever is shown of them", () => {
  // A real plan (fixtures/plans/offline/README.md): three inputs alike in their first 180 characters.
  type Json = Record<string, unknown>;
  const real = (): Json => JSON.parse(fixtureText("offline", "collapse-long-values.json"));
  const review = (plan: Json) =>
    renderPlanReport([{ stack: "td", file: "td.json", plan: parsePlanJson("td.json", JSON.stringify(plan)) }], "r.md").comment;
  const inputs = (plan: Json) => (plan.resource_changes as { change: { after: { input: string } } }[]).map((rc) => rc.change.after);

  test("three changes that differ past the 160 characters shown are listed one by one", () => {
    const comment = review(real());
    expect(comment).not.toContain("the same change");
    for (const key of ["one", "two", "three"]) expect(comment).toContain(`- \`terraform_data.cfg["${key}"]\` (2 attributes)`);
  });

  test("the same three with equal values are one line", () => {
    const plan = real();
    for (const after of inputs(plan)) after.input = `${"a".repeat(180)}-keep`;
    expect(review(plan)).toContain("- 3 × `terraform_data`, the same change:");
  });

  test("values shown alike because redacted, or differing past the 40 attributes shown, are not the same change", () => {
    const records = (password: (i: number) => string, extra: (i: number) => number) =>
      Array.from({ length: 3 }, (_, i) => ({
        address: `terraform_data.r${i}`,
        mode: "managed",
        type: "terraform_data",
        name: `r${i}`,
        change: {
          actions: ["update"],
          before: { input: {} },
          after: {
            input: {
              DB_PASSWORD: password(i),
              ...Object.fromEntries(Array.from({ length: 45 }, (_, k) => [`k${k}`, k === 44 ? extra(i) : k])),
            },
          },
          after_unknown: {},
        },
      }));
    const same = review({
      format_version: "1.2",
      resource_changes: records(
        () => "hunter2-same",
        () => 1,
      ),
    });
    expect(same).toContain("- 3 × `terraform_data`, the same change (46 attributes)");
    expect(same).not.toContain("input.k44:"); // sorted, k44 is the 41st: past the 40 shown
    for (const plan of [
      records(
        (i) => `hunter2-${i}`,
        () => 1,
      ),
      records(
        () => "hunter2-same",
        (i) => i,
      ),
    ]) {
      const comment = review({ format_version: "1.2", resource_changes: plan });
      expect(comment).not.toContain("the same change");
      expect(comment).not.toContain("hunter2");
    }
  });
});

describe("a group of identical changes never hides a rename or an import (real plans, fixtures/plans/aws-provider)", () => {
  const comment = (file: string) =>
    renderPlanReport([{ stack: "p", file, plan: parsePlanJson(file, fixtureText("aws-provider", file)) }], "r.md").comment;
  const CHANGE = '`input: "v1" -> "v2"`, `output: "v1" -> (known after apply)`';

  test("four moved and three unmoved updates alike are two lines; the moved one names each address it moves from", () => {
    const lines = comment("moved-group-updates.json")
      .split("\n")
      .filter((l) => l.includes("the same change:"));
    expect(lines).toEqual([
      `- 4 × \`terraform_data\`, the same change: ${CHANGE} (each moved from another address): \`terraform_data.h[0]\` (moved from \`terraform_data.g[0]\`), \`terraform_data.h[1]\` (moved from \`terraform_data.g[1]\`), \`terraform_data.h[2]\` (moved from \`terraform_data.g[2]\`) … and 1 more`,
      `- 3 × \`terraform_data\`, the same change: ${CHANGE}: \`terraform_data.s[0]\`, \`terraform_data.s[1]\`, \`terraform_data.s[2]\``,
    ]);
  });

  test("three imports with the same update say they are importing", () => {
    expect(comment("import-group-updates.json")).toContain(
      '- 3 × `aws_sns_topic`, the same change: `display_name: "" -> "Team"` (importing): `aws_sns_topic.i["1"]`',
    );
  });
});

describe("over the comment limit, attribute diffs go in order of importance", () => {
  // A quiet stack (updates only, no flag), and edge-production with flags and destroys.
  const quiet: PlanInput = {
    stack: "quiet-staging",
    file: "q.json",
    plan: parsePlanJson(
      "q.json",
      JSON.stringify({ format_version: "1.2", resource_changes: Array.from({ length: 40 }, (_, i) => update(i, 300, 200 + i)) }),
    ),
  };
  const report = buildReport([quiet, fixtureInput("cdktf/edge-production.json")]);
  const full = renderMarkdown(report);
  const size = (attributes: "stacks-at-risk" | "changes-at-risk") =>
    renderMarkdown(report, { attributes, maxItems: Number.POSITIVE_INFINITY, summaryNote: "x".repeat(200) }).length;

  test("first those of stacks without flags or destroys", () => {
    const { markdown } = commentFor(report, "r.md", size("stacks-at-risk") + 10, full);
    expect(full).toContain("cloudflare_dns_record.r5\n    ttl: 300 -> 205");
    expect(markdown).not.toContain("ttl: 300 -> 205");
    expect(markdown).toContain("_Attribute changes of 40 resources left out to fit the comment._");
    expect(markdown).toContain('value: "strict" -> "flexible"'); // a flagged change of the risky stack
    expect(markdown).toMatch(/^~ cloudflare_zero_trust_access_service_token/m); // no flag, kept: its stack has flags
  });

  test("then the unflagged changes of the risky stack; flagged, destroyed and replaced changes keep theirs longest", () => {
    const { markdown } = commentFor(report, "r.md", size("changes-at-risk") + 10, full);
    expect(markdown).toContain('value: "strict" -> "flexible"');
    expect(markdown).toContain('value: "1.2" -> "1.0"');
    expect(markdown).not.toMatch(/^~ cloudflare_zero_trust_access_service_token/m); // unflagged update of the risky stack
    expect(size("changes-at-risk")).toBeLessThan(size("stacks-at-risk"));
  });
});
