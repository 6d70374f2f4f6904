import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { driftVerdict } from "../../scripts/ci/verdict";

// A failed create_before_destroy replacement leaves the old object deposed: Terraform plans its delete
// under the current object's address, with a `deposed` key. The current object's update may be only
// provider noise (values known after apply, empty vs null); the deposed delete never is. Marked by
// address alone, the delete passed as noise too and drift.yml closed the environment's drift issue.

const RULES = [1, 2, 3].map((i) => ({ action: "block", expression: `(http.request.uri.path eq "/x${i}")`, description: `r${i}` }));
const waf = (
  actions: string[],
  before: Record<string, unknown>,
  after: Record<string, unknown> | null,
  extra: Record<string, unknown> = {},
) => ({
  address: "cloudflare_ruleset.waf",
  mode: "managed",
  type: "cloudflare_ruleset",
  name: "waf",
  ...extra,
  change: {
    actions,
    before,
    after,
    after_unknown: after === null ? {} : { last_updated: true },
    before_sensitive: {},
    after_sensitive: {},
  },
});
const current = {
  id: "a".repeat(32),
  name: "waf",
  description: "",
  phase: "http_request_firewall_custom",
  rules: RULES,
  last_updated: "2026-12-01",
};
const PLAN = JSON.stringify({
  format_version: "1.2",
  resource_changes: [
    // Noise only: description "" -> null, last_updated known after apply.
    waf(["update"], current, { ...current, description: null, last_updated: undefined }),
    waf(["delete"], { ...current, id: "b".repeat(32) }, null, { deposed: "00000001" }),
  ],
});

function report() {
  return renderPlanReport(
    [{ stack: "edge-production", file: "edge-production.json", plan: parsePlanJson("edge-production.json", PLAN) }],
    "r.md",
  );
}

describe("a deposed object's delete beside a noise-only update of the same address", () => {
  test("only the update is marked likely drift, in the JSON and in the comment", () => {
    const r = report();
    const changes = (JSON.parse(r.json) as { stacks: { changes: { action: string; likelyDrift: boolean }[] }[] }).stacks[0]?.changes ?? [];
    expect(changes.map((c) => [c.action, c.likelyDrift]).sort()).toEqual([
      ["delete", false],
      ["update", true],
    ]);
    const deposedLine = r.comment.split("\n").find((l) => l.includes("deposed object"));
    expect(deposedLine).toBeDefined();
    expect(deposedLine).not.toContain("likely provider drift");
  });

  test("drift.yml's verdict is drift, not noise (which would close the drift issue)", () => {
    expect(driftVerdict(() => report().json).stdout).toBe("drift\n");
  });
});
