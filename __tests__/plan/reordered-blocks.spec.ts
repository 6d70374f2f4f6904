import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { movedElements } from "../../lib/core/plan/moved-elements";
import type { ResourceChange } from "../../lib/core/plan/schema";
import { golive, tempDir } from "../helpers/cli";
import { fixtureText, flags, policyPlan, rc } from "./fixtures";

// Blocks of a list are matched by content (a security group's set of rules), but a ruleset's rules run
// in order: a skip rule with `ruleset: "current"` skips the rules after it. A real plan
// (__tests__/fixtures/plans/tf-reordered-rules.sh, terraform_data) goes from [block, skip] to
// [skip, block, log]: Terraform shows the block rule moved after skip; the review showed only the log
// rule added, and raised no flag.
const FILE = "tf-reordered-rules.json";
const BLOCK = {
  ref: "block-bad-net",
  description: "Block bad net",
  action: "block",
  expression: "(ip.src in {198.51.100.0/24})",
  enabled: true,
};
const SKIP = {
  ref: "api-skip",
  description: "Skip the rest for the API",
  action: "skip",
  expression: '(starts_with(http.request.uri.path, "/api"))',
  action_parameters: { ruleset: "current" },
  enabled: true,
};
const LOG = { ref: "log-all", description: "Log everything", action: "log", expression: "true", enabled: true };
const shown = (rule: Record<string, unknown>): string =>
  JSON.stringify(Object.fromEntries(Object.entries(rule).sort(([a], [b]) => a.localeCompare(b))));
const RULESET = {
  zone_id: "023e105f4ecef8ad9ca31a8372d0c353",
  name: "app-production-custom",
  kind: "zone",
  phase: "http_request_firewall_custom",
};
/** The hand-written plan: the custom firewall ruleset from [block, skip] to [skip, block, log]. */
const handWritten = rc("cloudflare_ruleset", ["update"], { ...RULESET, rules: [BLOCK, SKIP] }, { ...RULESET, rules: [SKIP, BLOCK, LOG] });
const FLAG =
  'waf-loosened: http_request_firewall_custom: skip rule "Skip the rest for the API" (api-skip) now runs before block rule "Block bad net" (block-bad-net): the requests it matches skip it';

/** The attribute lines of `address` in the review of `plan`. */
function lines(plan: unknown, address: string): string[] {
  const md = renderPlanReport(
    [{ stack: "edge-production", file: "p.json", plan: parsePlanJson("p.json", JSON.stringify(plan)) }],
    "r.md",
  ).comment;
  const all = md.split("\n");
  const start = all.indexOf(`~ ${address}`);
  const end = all.findIndex((l, i) => i > start && !l.startsWith("    "));
  return start < 0 ? [] : all.slice(start + 1, end).map((l) => l.trim());
}

describe("a block that changes places in a list reads as moved, also when others are added or removed", () => {
  test("the real plan: the block rule reads as removed from the first place and added after the skip rule, as Terraform shows it", () => {
    const lines_ = lines(JSON.parse(fixtureText(FILE)), "terraform_data.waf").filter((l) => l.startsWith("input."));
    expect(lines_).toEqual([
      `input.rules[0]: ${shown(BLOCK)} -> null`,
      `input.rules[1]: null -> ${shown(BLOCK)}`,
      `input.rules[2]: null -> ${shown(LOG)}`,
    ]);
  });

  test("fails to pass the real plan's ruleset unflagged: the skip rule now runs before the block rule", () => {
    const plan = policyPlan({ waf: "cloudflare_ruleset" }, FILE);
    for (const change of plan.resource_changes as ResourceChange[]) expect(flags(change)).toEqual([FLAG]);
    expect(lines(plan, "cloudflare_ruleset.waf")).toEqual([
      `rules[0]: ${shown(BLOCK)} -> null`,
      `rules[1]: null -> ${shown(BLOCK)}`,
      `rules[2]: null -> ${shown(LOG)}`,
    ]);
  });

  test("fails to pass the hand-written ruleset plan unflagged, run as plan-report runs (bin/golive.js --json)", async () => {
    const dir = tempDir("golive-reordered-");
    writeFileSync(join(dir, "edge-production.json"), JSON.stringify({ format_version: "1.2", resource_changes: [handWritten] }));
    const run = await golive(["plan-report", "edge-production.json", "--json"], { cwd: dir });
    const report = JSON.parse(run.stdout);
    const [stack] = report.stacks;
    expect(stack.risks.map((r: { rule: string; detail: string }) => `${r.rule}: ${r.detail}`)).toEqual([FLAG]);
    expect(stack.changes[0].attributes.map((a: { path: string }) => a.path)).toEqual(["rules[0]", "rules[1]", "rules[2]"]);
  });

  test("a block that only shifted (one added or removed before it) is unchanged; one changed in place is compared leaf by leaf", () => {
    const [a, b, c] = [{ n: "a" }, { n: "b" }, { n: "c" }];
    expect(movedElements([a, b], [c, a, b], undefined, undefined, undefined)).toEqual({ removed: [], added: [0] });
    expect(movedElements([a, b, c], [a, c], undefined, undefined, undefined)).toEqual({ removed: [1], added: [] });
    expect(movedElements([a, b, c], [a, { n: "B" }, c], undefined, undefined, undefined)).toBeUndefined();
  });

  test("blocks that all changed are compared in place only when each is alike the one in its place", () => {
    const rule = (ref: string, action: string, expression: string) => ({ ref, action, expression, enabled: true });
    const [block, skip] = [rule("block-bad-net", "block", "(ip.src in {198.51.100.0/24})"), rule("api-skip", "skip", "true")];
    const other = [rule("allow-office", "allow", "(ip.src in {192.0.2.0/24})"), rule("log-all", "log", "false")];
    expect(
      movedElements(
        [block, skip],
        [
          { ...block, action: "log" },
          { ...skip, enabled: false },
        ],
        undefined,
        undefined,
        undefined,
      ),
    ).toBeUndefined();
    expect(movedElements([block, skip], other, undefined, undefined, undefined)).toEqual({ removed: [0, 1], added: [0, 1] });
  });

  test("blocks reordered read as the fewest moved: the rest keep their order", () => {
    const [a, b, c, d] = [{ n: "a" }, { n: "b" }, { n: "c" }, { n: "d" }];
    expect(movedElements([a, b, c, d], [d, a, b, c], undefined, undefined, undefined)).toEqual({ removed: [3], added: [0] });
    expect(movedElements([a, b, c, d], [b, c, d, a], undefined, undefined, undefined)).toEqual({ removed: [0], added: [3] });
    expect(movedElements([a, b], [b, a], undefined, undefined, undefined)).toEqual({ removed: [0], added: [1] });
  });
});
