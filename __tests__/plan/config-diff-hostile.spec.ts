import { renderPlanReport } from "../../lib/engines/plan";
import { compareConfig, configDigest } from "../../lib/engines/plan/config-digest";
import { configDiff } from "../../lib/engines/plan/config-diff";
import { unevaluatedExpression } from "../../lib/engines/plan/config-flags";
import { findReviewRecord } from "../../lib/engines/plan/review-record";
import { exampleConfig } from "../helpers/example-config";
import { type SynthJson, synthKind } from "../helpers/synth";
import { renderConfigReview } from "./config-review";

// What a hostile contributor can write into lib code so that its synthesized configuration weakens a
// stack while the configuration diff looks harmless. The heads are the synthesized stacks, edited as
// such a change would make cdktf write them (synthKind memoizes: each call is a fresh parsed copy).
const edge = (): SynthJson => synthKind(exampleConfig(), "edge");
const monitoring = (): SynthJson => synthKind(exampleConfig(), "monitoring");
const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const TOPIC_ARN = /^\$\{aws_sns_topic\.Alerts_\w+\.arn\}$/;

type Json = Record<string, unknown>;

function blocks(json: SynthJson, type: string): [string, Json][] {
  return Object.entries(json.resource[type] ?? {});
}

function block(json: SynthJson, type: string, prefix: string): [string, Json] {
  const found = blocks(json, type).find(([name]) => name.startsWith(prefix));
  if (!found) throw new Error(`no ${type} ${prefix}* in the synthesized stack`);
  return found;
}

/** The top level of a stack, to edit sections the SynthJson type does not name. */
const top = (json: SynthJson): Json => json as unknown as Json;

function review(stack: string, base: unknown, head: unknown) {
  const rendered = renderConfigReview(stack, base, head, COMMIT);
  const [report] = rendered.report.stacks;
  if (!report) throw new Error("no stack report");
  return { rendered, report, flags: report.risks.map((r) => `${r.rule} ${r.address}: ${r.detail}`) };
}

describe("`//` is a comment only where Terraform ignores it", () => {
  test('a `"//"` key in every alarm\'s dimensions (a metric that does not exist) is a change the review shows and the digest covers', () => {
    const head = monitoring();
    const alarms = blocks(head, "aws_cloudwatch_metric_alarm");
    expect(alarms.length).toBeGreaterThan(5);
    for (const [, alarm] of alarms) alarm.dimensions = { ...(alarm.dimensions as Json), "//": "none" };
    const { rendered, report } = review("monitoring-production", monitoring(), head);
    expect(report.counts.update).toBe(alarms.length);
    expect(report.changes.every((c) => c.kind === "update" && c.type === "aws_cloudwatch_metric_alarm")).toBe(true);
    expect(rendered.comment).toContain('dimensions."//": null -> "none"');
    expect(configDigest(head)).not.toBe(configDigest(monitoring()));
    // The deploy of the merged code is refused against a review of the base's configuration.
    const baseReview = findReviewRecord("comment.md", review("monitoring-production", monitoring(), monitoring()).rendered.comment);
    expect(compareConfig(baseReview, "monitoring-production", configDigest(head), COMMIT)).toMatchObject({ status: "differs" });
  });

  test("comments of the top level and of top-level block bodies (resource, data, output, variable, provider, terraform) are ignored; deeper ones count", () => {
    const base = monitoring();
    const commented = monitoring();
    const t = top(commented);
    t["//"] = { metadata: { version: "9.9.9" } };
    const [, alarm] = block(commented, "aws_cloudwatch_metric_alarm", "");
    alarm["//"] = { metadata: { path: "monitoring-production/Moved/Alarm" } };
    for (const section of ["output", "variable"]) for (const body of Object.values(t[section] as Json)) (body as Json)["//"] = "note";
    for (const bodies of Object.values(t.provider as Json)) for (const body of bodies as Json[]) body["//"] = "note";
    (t.terraform as Json)["//"] = "note";
    expect(configDigest(commented)).toBe(configDigest(base));
    expect(review("monitoring-production", base, commented).report.changes).toEqual([]);

    // inside a nested block or an attribute's value, `//` is a key Terraform sends on
    const backend = monitoring();
    ((top(backend).terraform as Json).backend as { s3: Json }).s3["//"] = "x";
    expect(configDigest(backend)).not.toBe(configDigest(base));
    expect(configDiff(base, backend).note.otherBlocks).toEqual(["terraform.backend"]);
    const nested = monitoring();
    const [, tagged] = block(nested, "aws_sns_topic", "Alerts");
    tagged.tags = { "//": "hidden" };
    expect(configDigest(nested)).not.toBe(configDigest(base));
    expect(review("monitoring-production", base, nested).report.counts.update).toBe(1);
  });
});

describe("values written as Terraform expressions are flagged, not read as text", () => {
  test("golive's own templates pass: plain references and the `$${1}` escape of its redirects", () => {
    for (const plain of [
      "${aws_sns_topic.Alerts_91F83244.arn}",
      "${data.cloudflare_zone.Zone.id}",
      "${var.alert_webhook_pagerduty}",
      "${local.name}",
      "${aws_sesv2_email_identity.Ses_E8AC89C5.dkim_signing_attributes[0].tokens}",
      '{"Resource":"${aws_sns_topic.A.arn}","Sid":"x"}',
      'wildcard_replace(http.request.uri.path, "/docs*", "/help$${1}")',
      "100%% sure, %%{ not a directive }",
      "$$${false}",
    ])
      expect([plain, unevaluatedExpression(plain)]).toEqual([plain, undefined]);
    for (const [text, found] of [
      ["${false}", "${false}"],
      ["${[]}", "${[]}"],
      ["${aws_sns_topic.A.arn}${false}", "${false}"],
      ["${ var.x }", "${ var.x }"],
      ["${[{everyone = {}}]}", "${[{everyone = {}}]}"],
      ['${"}" == "}" ? false : true} and more', '${"}" == "}" ? false : true}'],
      ["%{ if true }x%{ endif }", "%{ if true }"],
      ["${aws_sns_topic.A[*].arn}", "${aws_sns_topic.A[*].arn}"],
      ["${unclosed", "${unclosed"],
      // Plain in form, but a value the configuration sets itself (terraform_data's output is its input).
      ["${terraform_data.off.output}", "${terraform_data.off.output}"],
      ["${data.terraform_remote_state.other.outputs.enabled}", "${data.terraform_remote_state.other.outputs.enabled}"],
    ] as const)
      expect(unevaluatedExpression(text)).toBe(found);
  });

  test("an alarm's actions set to [] is alerting weakened: the topic reference was a notification", () => {
    const head = monitoring();
    const [name, alarm] = block(head, "aws_cloudwatch_metric_alarm", "");
    expect(alarm.alarm_actions).toEqual([expect.stringMatching(TOPIC_ARN)]);
    for (const attr of ["alarm_actions", "ok_actions", "insufficient_data_actions"]) alarm[attr] = [];
    const { flags } = review("monitoring-production", monitoring(), head);
    const said = (when: string) =>
      expect.stringMatching(
        new RegExp(
          `^alerting-loosened aws_cloudwatch_metric_alarm\\.${name}: alarm .+: no longer notifies \\$\\{aws_sns_topic\\.Alerts_\\w+\\.arn\\}${when}$`,
        ),
      );
    expect(flags).toEqual([said(""), said(" on INSUFFICIENT_DATA"), said(" on OK")]);
  });

  test('actions_enabled "${false}", "false" and actions written as "${[]}" are flagged by the alerting rule and as expressions', () => {
    const head = monitoring();
    const [[a, first], [b, second], [c, third]] = blocks(head, "aws_cloudwatch_metric_alarm") as [
      [string, Json],
      [string, Json],
      [string, Json],
    ];
    first.actions_enabled = "${false}";
    second.actions_enabled = "false";
    third.alarm_actions = "${[]}";
    const { flags, rendered } = review("monitoring-production", monitoring(), head);
    expect(flags).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(
            `^alerting-loosened aws_cloudwatch_metric_alarm\\.${a}: alarm .+: actions_enabled set by the expression \\$\\{false\\}: may disable its actions$`,
          ),
        ),
        `config-expression aws_cloudwatch_metric_alarm.${a}: actions_enabled = "\${false}": evaluated only when applied, the risk rules cannot read it`,
        expect.stringMatching(new RegExp(`^alerting-loosened aws_cloudwatch_metric_alarm\\.${b}: alarm .+: actions disabled$`)),
        expect.stringMatching(
          new RegExp(`^alerting-loosened aws_cloudwatch_metric_alarm\\.${c}: alarm .+: no longer notifies \\$\\{aws_sns_topic`),
        ),
        `config-expression aws_cloudwatch_metric_alarm.${c}: alarm_actions = "\${[]}": evaluated only when applied, the risk rules cannot read it`,
      ]),
    );
    expect(flags.filter((f) => f.startsWith("config-expression"))).toHaveLength(2);
    expect(rendered.comment).toContain("Expression the review cannot evaluate");
  });

  test('edge: managed WAF rules "${[]}", a rate limit enabled "${false}" and an Access include of everyone as an expression are flagged', () => {
    const head = edge();
    const [waf, managed] = block(head, "cloudflare_ruleset", "WafManaged");
    managed.rules = "${[]}";
    const [limits, rate] = block(head, "cloudflare_ruleset", "RateLimits");
    rate.rules = (rate.rules as Json[]).map((r, i) => (i === 0 ? { ...r, enabled: "${false}" } : r));
    const [users, policy] = block(head, "cloudflare_zero_trust_access_policy", "Access_policy-users");
    policy.include = "${[{everyone = {}}]}";
    const { flags } = review("edge-production", edge(), head);
    expect(flags).toEqual(
      expect.arrayContaining([
        `waf-loosened cloudflare_ruleset.${waf}: http_request_firewall_managed: rules set by the expression \${[]}: the 2 rule(s) may be gone`,
        expect.stringMatching(
          new RegExp(
            `^waf-loosened cloudflare_ruleset\\.${limits}: http_ratelimit: ".+" enabled set by the expression \\$\\{false\\}: may disable it$`,
          ),
        ),
        expect.stringMatching(
          new RegExp(
            `^access-widened cloudflare_zero_trust_access_policy\\.${users}: .+: include set by the expression \\$\\{\\[\\{everyone = \\{\\}\\}\\]\\}: may let anyone in$`,
          ),
        ),
        `config-expression cloudflare_ruleset.${waf}: rules = "\${[]}": evaluated only when applied, the risk rules cannot read it`,
        `config-expression cloudflare_ruleset.${limits}: rules[0].enabled = "\${false}": evaluated only when applied, the risk rules cannot read it`,
        `config-expression cloudflare_zero_trust_access_policy.${users}: include = "\${[{everyone = {}}]}": evaluated only when applied, the risk rules cannot read it`,
      ]),
    );
    expect(flags).toHaveLength(6);
  });

  test('a literal "false" disables a WAF rule as false does; a plain reference in place of the rules is flagged by the rule', () => {
    const head = edge();
    const [, custom] = block(head, "cloudflare_ruleset", "WafCustom");
    custom.rules = (custom.rules as Json[]).map((r, i) => (i === 0 ? { ...r, enabled: "false" } : r));
    const [waf, managed] = block(head, "cloudflare_ruleset", "WafManaged");
    managed.rules = "${cloudflare_ruleset.Other.rules}";
    const { flags } = review("edge-production", edge(), head);
    expect(flags).toEqual([
      expect.stringMatching(/^waf-loosened cloudflare_ruleset\.WafCustom_\w+: http_request_firewall_custom: ".+" disabled$/),
      `waf-loosened cloudflare_ruleset.${waf}: http_request_firewall_managed: rules set by the expression \${cloudflare_ruleset.Other.rules}: the 2 rule(s) may be gone`,
    ]);
  });

  test("an unchanged expression is not flagged again; a created block's expression is", () => {
    const base = edge();
    const [, managed] = block(base, "cloudflare_ruleset", "WafManaged");
    managed.description = '${upper("x")}';
    const head = edge();
    block(head, "cloudflare_ruleset", "WafManaged")[1].description = '${upper("x")}';
    expect(review("edge-production", base, head).flags).toEqual([]);
    const created = configDiff(undefined, head);
    const rendered = renderPlanReport(
      [{ stack: "edge-production", file: "x", plan: created.plan, configDiff: created.note }],
      "(full report)",
    );
    expect(rendered.report.stacks[0]?.risks.filter((r) => r.rule === "config-expression").map((r) => r.detail)).toEqual([
      'description = "${upper(\\"x\\")}": evaluated only when applied, the risk rules cannot read it',
    ]);
  });
});

describe("blocks the diff only names, and meta-arguments, are flagged", () => {
  test("a variable's default, a new local, a provider's region and a module are flagged by name", () => {
    const head = monitoring();
    const t = top(head);
    const [variable] = Object.keys(t.variable as Json);
    ((t.variable as Json)[variable ?? ""] as Json).default = "https://example.com/hook";
    t.locals = { enabled: false };
    const providers = t.provider as Record<string, Json[]>;
    providers.aws = (providers.aws ?? []).map((p) => ({ ...p, region: "ap-south-1" }));
    t.module = { extra: { source: "./evil" } };
    const { flags } = review("monitoring-production", monitoring(), head);
    const what = "changed: only named in a configuration diff, and what it sets reaches resources through references no rule follows";
    expect(flags).toEqual([
      `config-block-changed locals.enabled: ${what}`,
      `config-block-changed module.extra: ${what}`,
      `config-block-changed provider.aws: ${what}`,
      `config-block-changed variable.${variable}: ${what}`,
    ]);
  });

  test("count = 0 (a destroy the diff shows as an update), for_each and another provider configuration are flagged", () => {
    const head = monitoring();
    const [[a, first], [b, second]] = blocks(head, "aws_cloudwatch_metric_alarm") as [[string, Json], [string, Json]];
    first.count = 0;
    second.provider = "aws";
    const [c, topic] = block(head, "aws_sns_topic", "Alerts");
    topic.for_each = { x: 1 };
    const { flags } = review("monitoring-production", monitoring(), head);
    expect(flags).toEqual(
      expect.arrayContaining([
        `config-meta-argument aws_cloudwatch_metric_alarm.${a}: count = 0`,
        `config-meta-argument aws_cloudwatch_metric_alarm.${b}: provider "aws.us_east_1" -> "aws"`,
        `config-meta-argument aws_sns_topic.${c}: for_each = {"x":1}`,
      ]),
    );
  });

  test("a resource written in HCL's list form of labels is diffed like any other", () => {
    const head = monitoring();
    const t = top(head);
    const resources = t.resource as Json;
    const [, subscription] = Object.entries(resources.aws_sns_topic_subscription as Json)[0] ?? [];
    resources.aws_sns_topic_subscription = [{ ...(resources.aws_sns_topic_subscription as Json) }, { Hidden: subscription }];
    t.resource = [resources];
    const { report } = review("monitoring-production", monitoring(), head);
    expect(report.changes.map((c) => [c.kind, c.address])).toEqual([["create", "aws_sns_topic_subscription.Hidden"]]);
  });
});
