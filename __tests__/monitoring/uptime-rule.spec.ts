import { uptimeChecks } from "../../lib/features/monitoring/rules/GL-MON-001";
import { buildModel, envViews } from "../../lib/core/readiness/model";
import type { RuleOutcome } from "../../lib/platform/readiness";
import type { AppConfig } from "../../lib/config/schema";
import { exampleConfig } from "../helpers/example-config";
import { type SynthJson, synthKind } from "../helpers/synth";

/**
 * GL-MON-001 certifies that an outage pages someone: the alarm must watch the check's HealthCheckStatus,
 * fire when it drops to 0, run its actions and live where Route 53 publishes the metric, and the check
 * must neither be disabled nor inverted. Each case edits the synthesized JSON the way an addOverride or
 * a teammate's extra construct would.
 */
const KINDS = ["edge", "traffic", "monitoring"] as const;
type Stacks = Readonly<Record<(typeof KINDS)[number], SynthJson>>;
const synthesizedOf = (cfg: AppConfig): Stacks =>
  Object.fromEntries(KINDS.map((kind) => [kind, synthKind(cfg, kind)])) as Record<(typeof KINDS)[number], SynthJson>;
const synthesized = synthesizedOf(exampleConfig());

type Block = Record<string, unknown>;

/** GL-MON-001 on the stacks, the monitoring (and edge) stack edited first. */
function check(
  edit: (monitoring: SynthJson) => void = () => {},
  from: Stacks = synthesized,
  editEdge?: (edge: SynthJson) => void,
): RuleOutcome {
  const monitoring = structuredClone(from.monitoring);
  edit(monitoring);
  const edge = structuredClone(from.edge);
  editEdge?.(edge);
  const stacks = KINDS.map((kind) => ({
    name: `${kind}-production`,
    file: `${kind}.tf.json`,
    json: kind === "monitoring" ? monitoring : kind === "edge" ? edge : from[kind],
  }));
  const [env] = envViews(buildModel(stacks), ["production"]);
  if (!env) throw new Error("no environment");
  return uptimeChecks.check({ env, runbooks: [], today: "2026-11-29", knownRuleIds: new Set() });
}

const messages = (out: RuleOutcome): string[] => (out.kind === "non-compliant" ? out.findings.map((f) => f.message) : [out.kind]);
const blocks = (j: SynthJson, type: string): [string, Block][] => Object.entries(j.resource[type] ?? {});
const alarms = (j: SynthJson) => blocks(j, "aws_cloudwatch_metric_alarm");
const downAlarms = (j: SynthJson) => alarms(j).filter(([, a]) => a.metric_name === "HealthCheckStatus");
const HOSTS = ["api.example.com", "app.example.com", "chat.example.com", "example.com"];

describe("GL-MON-001: an uptime alarm that cannot page does not count", () => {
  test("passes as synthesized (the example's alarms watch HealthCheckStatus, Minimum < 1, in us-east-1)", () => {
    expect(check()).toEqual({ kind: "compliant" });
    const [, alarm] = downAlarms(synthesized.monitoring as SynthJson)[0] ?? [];
    expect(alarm).toMatchObject({
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: 1,
      provider: "aws.us_east_1",
    });
  });

  test("fails every hostname when the alarms have actions_enabled = false (as a boolean or a string)", () => {
    for (const value of [false, "false"]) {
      const out = messages(check((j) => alarms(j).forEach(([, a]) => (a.actions_enabled = value))));
      expect(out).toHaveLength(HOSTS.length);
      expect(out.every((m) => m.includes("has actions_enabled = false, so no action runs when it fires"))).toBe(true);
    }
    expect(check((j) => alarms(j).forEach(([, a]) => (a.actions_enabled = true)))).toEqual({ kind: "compliant" });
  });

  test("fails when every health check is inverted, or disabled: Route 53 then reports a down host healthy", () => {
    const inverted = messages(check((j) => blocks(j, "aws_route53_health_check").forEach(([, c]) => (c.invert_healthcheck = true))));
    expect(inverted).toHaveLength(HOSTS.length);
    expect(inverted).toContain(
      "the health check of api.example.com is inverted (invert_healthcheck = true: Route 53 reports it healthy while the host is down), so no alarm on it can report an outage",
    );
    expect(inverted.find((m) => m.startsWith("no health check of chat.example.com can report an outage: "))).toContain(
      "aws_route53_health_check.Uptime_origin-chat-example-com_",
    );
    const disabled = messages(check((j) => blocks(j, "aws_route53_health_check").forEach(([, c]) => (c.disabled = "true"))));
    expect(disabled).toContain(
      "the health check of api.example.com is disabled (disabled = true: Route 53 stops checking and reports it healthy), so no alarm on it can report an outage",
    );
  });

  test("fails when disabled, invert_healthcheck or actions_enabled is an expression: Terraform evaluates it to a boolean golive cannot see", () => {
    const onChecks = (attr: string, value: string) =>
      messages(check((j) => blocks(j, "aws_route53_health_check").forEach(([, c]) => (c[attr] = value))));
    const disabled = onChecks("disabled", "${true}");
    expect(disabled).toHaveLength(HOSTS.length);
    expect(disabled).toContain(
      "the health check of api.example.com may be disabled (cannot tell: disabled is the expression ${true}; write a literal), so no alarm on it can report an outage",
    );
    expect(onChecks("invert_healthcheck", "${!false}")).toContain(
      "the health check of api.example.com may be inverted (cannot tell: invert_healthcheck is the expression ${!false}; write a literal), so no alarm on it can report an outage",
    );
    const actions = messages(check((j) => alarms(j).forEach(([, a]) => (a.actions_enabled = "${false}"))));
    expect(actions).toHaveLength(HOSTS.length);
    expect(
      actions.every((m) =>
        m.includes("may run no action when it fires (cannot tell: actions_enabled is the expression ${false}; write a literal)"),
      ),
    ).toBe(true);
  });

  test("fails a check through Cloudflare of type TCP or plain HTTP: the proxy accepts the connection and redirects to HTTPS", () => {
    const edgeChecks = (j: SynthJson) => blocks(j, "aws_route53_health_check").filter(([name]) => name.startsWith("Uptime_edge-"));
    const onlyEdge = (j: SynthJson, setting: Block) => {
      for (const [name] of blocks(j, "aws_route53_health_check"))
        if (!name.startsWith("Uptime_edge-")) delete j.resource.aws_route53_health_check?.[name];
      edgeChecks(j).forEach(([, c]) => Object.assign(c, setting));
    };
    const tcp = messages(check((j) => onlyEdge(j, { type: "TCP" })));
    expect(tcp).toHaveLength(HOSTS.length);
    expect(tcp).toContain(
      "the health check of example.com checks through Cloudflare with type TCP: Cloudflare accepts the connection whatever the origin does, so it stays healthy while the host is down; use HTTPS or HTTPS_STR_MATCH, so no alarm on it can report an outage",
    );
    const http = messages(check((j) => onlyEdge(j, { type: "http", port: 80 })));
    expect(http).toHaveLength(HOSTS.length);
    expect(http[0]).toContain(
      "checks through Cloudflare with type HTTP: Cloudflare accepts the connection and redirects plain HTTP to HTTPS",
    );
    expect(messages(check((j) => onlyEdge(j, { type: "CALCULATED" })))[0]).toContain("is of type CALCULATED, which requests no endpoint");
    expect(messages(check((j) => onlyEdge(j, { type: "${var.type}" })))[0]).toContain(
      "may probe nothing that fails when the host is down (cannot tell: type is the expression ${var.type}; write a literal)",
    );
    // HTTPS_STR_MATCH through the edge counts: only the hosts behind Access fail, for Access.
    const strMatch = messages(check((j) => onlyEdge(j, { type: "HTTPS_STR_MATCH", search_string: "ok" })));
    expect(strMatch).toHaveLength(HOSTS.length - 1);
    expect(strMatch.every((m) => m.includes("is behind Cloudflare Access"))).toBe(true);
    // At an origin a TCP connection or a plain-HTTP answer comes from the origin's own server: it still shows it up.
    const originsTcp = (j: SynthJson) =>
      blocks(j, "aws_route53_health_check").forEach(([name, c]) =>
        Object.assign(c, name.startsWith("Uptime_edge-") ? {} : { type: "TCP" }),
      );
    expect(check(originsTcp)).toEqual({ kind: "compliant" });
  });

  test("an inverted edge check is covered when the host's origin check still pages", () => {
    const out = check((j) =>
      blocks(j, "aws_route53_health_check")
        .filter(([name]) => name.startsWith("Uptime_edge-chat"))
        .forEach(([, c]) => (c.invert_healthcheck = true)),
    );
    expect(out).toEqual({ kind: "compliant" });
  });

  test("fails when chat's two down alarms are gone, though the latency alarm on its origin check remains", () => {
    const out = messages(
      check((j) => {
        for (const [name] of downAlarms(j)) if (name.includes("chat-example-com")) delete j.resource.aws_cloudwatch_metric_alarm?.[name];
      }),
    );
    expect(out).toEqual([
      'the health check of chat.example.com has no CloudWatch alarm that notifies someone when it is unhealthy: "opsbot-production average latency over 500 ms: chat.example.com (origin)" watches AWS/Route53 TimeToFirstByte, not AWS/Route53 HealthCheckStatus',
    ]);
  });

  test("fails an alarm that does not fire exactly when the check is unhealthy; LessThanOrEqualToThreshold 0 fires", () => {
    const withCondition = (condition: Block) => check((j) => downAlarms(j).forEach(([, a]) => Object.assign(a, condition)));
    for (const condition of [
      { comparison_operator: "GreaterThanThreshold", threshold: 0 },
      { comparison_operator: "LessThanThreshold", threshold: 0 },
      { comparison_operator: "LessThanThreshold", threshold: 2 },
      { comparison_operator: "LessThanOrEqualToThreshold", threshold: 1 },
      { threshold: "${var.threshold}" },
    ]) {
      const out = messages(withCondition(condition));
      expect(out).toHaveLength(HOSTS.length);
      expect(out.every((m) => m.includes("which does not fire exactly when the check is unhealthy (0): use LessThanThreshold 1"))).toBe(
        true,
      );
    }
    expect(withCondition({ comparison_operator: "LessThanOrEqualToThreshold", threshold: 0 })).toEqual({ kind: "compliant" });
    expect(withCondition({ statistic: "Average" })).toEqual({ kind: "compliant" });
    expect(messages(withCondition({ statistic: "SampleCount" }))[0]).toContain(
      "uses the statistic SampleCount; HealthCheckStatus takes Minimum, Average, Maximum",
    );
  });

  test("fails an alarm outside us-east-1 (default provider, or its own region argument): the metric exists only there", () => {
    const out = messages(check((j) => downAlarms(j).forEach(([, a]) => delete a.provider)));
    expect(out).toHaveLength(HOSTS.length);
    expect(out.every((m) => m.includes("is in eu-west-1; Route 53 publishes health check metrics only in us-east-1"))).toBe(true);
    expect(messages(check((j) => downAlarms(j).forEach(([, a]) => (a.region = "eu-central-1"))))[0]).toContain("is in eu-central-1;");
    // A region Terraform resolves at plan time cannot be read here: not a finding.
    expect(check((j) => downAlarms(j).forEach(([, a]) => (a.region = "${var.region}")))).toEqual({ kind: "compliant" });
  });

  test("fails an alarm whose dimensions are not exactly the check's HealthCheckId (no such metric exists)", () => {
    const out = messages(check((j) => downAlarms(j).forEach(([, a]) => Object.assign(a.dimensions as Block, { Region: "us-east-1" }))));
    expect(out).toHaveLength(HOSTS.length);
    expect(out.every((m) => m.includes("has dimensions other than HealthCheckId = this check's id"))).toBe(true);
    // Another attribute of the check is not its id.
    const fqdn = messages(
      check((j) =>
        downAlarms(j).forEach(([, a]) =>
          Object.assign(a.dimensions as Block, { HealthCheckId: String((a.dimensions as Block).HealthCheckId).replace(".id}", ".fqdn}") }),
        ),
      ),
    );
    expect(fqdn).toHaveLength(HOSTS.length);
  });

  test("an alarm written as one returned metric_query counts; one returning a math expression does not", () => {
    const asQuery = (a: Block, extra: Block[] = [], statusReturned = true) => {
      a.metric_query = [
        {
          id: "status",
          return_data: statusReturned,
          metric: { namespace: a.namespace, metric_name: a.metric_name, dimensions: a.dimensions, stat: a.statistic, period: a.period },
        },
        ...extra,
      ];
      for (const key of ["namespace", "metric_name", "dimensions", "statistic", "period"]) delete a[key];
    };
    expect(check((j) => downAlarms(j).forEach(([, a]) => asQuery(a)))).toEqual({ kind: "compliant" });
    const returning = (extra: Block[], statusReturned: boolean) =>
      messages(check((j) => downAlarms(j).forEach(([, a]) => asQuery(a, extra, statusReturned))));
    // `status * 0 + 1` is always 1: golive cannot tell a math expression that pages from one that never does.
    const expression = returning([{ id: "up", expression: "status * 0 + 1", return_data: true }], false);
    expect(expression).toHaveLength(HOSTS.length);
    expect(expression.every((m) => m.includes('returns the metric math expression "status * 0 + 1", which golive does not evaluate'))).toBe(
      true,
    );
    const two = returning([{ id: "up", expression: "status", return_data: true }], true);
    expect(two.every((m) => m.includes("has no single metric_query with return_data = true"))).toBe(true);
  });

  test("fails an alarm that sets a unit, on the alarm or in its returned metric_query: it may sit in INSUFFICIENT_DATA", () => {
    const out = messages(check((j) => alarms(j).forEach(([, a]) => (a.unit = "Seconds"))));
    expect(out).toHaveLength(HOSTS.length);
    expect(out.every((m) => m.includes('sets unit "Seconds": CloudWatch then evaluates only datapoints published in that unit'))).toBe(
      true,
    );
    const inQuery = messages(
      check((j) =>
        downAlarms(j).forEach(([, a]) => {
          a.metric_query = [
            {
              id: "status",
              return_data: true,
              metric: {
                namespace: a.namespace,
                metric_name: a.metric_name,
                dimensions: a.dimensions,
                stat: a.statistic,
                period: a.period,
                unit: "Count",
              },
            },
          ];
          for (const key of ["namespace", "metric_name", "dimensions", "statistic", "period"]) delete a[key];
        }),
      ),
    );
    expect(inQuery).toHaveLength(HOSTS.length);
    expect(inQuery.every((m) => m.includes('sets unit "Count"'))).toBe(true);
  });

  test("fails every hostname when the down alarms fire only after a day (period 3600 x 24 datapoints); 60 min still pages", () => {
    const waiting = (period: number, count: number, datapoints = true) =>
      messages(
        check((j) =>
          downAlarms(j).forEach(([, a]) => {
            a.period = period;
            a.evaluation_periods = count;
            if (datapoints) a.datapoints_to_alarm = count;
            else delete a.datapoints_to_alarm;
          }),
        ),
      );
    const late = waiting(3600, 24);
    expect(late).toHaveLength(HOSTS.length);
    expect(late.every((m) => m.includes("fires only after 1440 min unhealthy (period 3600 s x 24 datapoints), more than the 60 min"))).toBe(
      true,
    );
    // Without datapoints_to_alarm the alarm fires after evaluation_periods breaching periods.
    expect(waiting(3600, 24, false)).toHaveLength(HOSTS.length);
    expect(waiting(60, 60)).toEqual(["compliant"]);
    expect(waiting(60, 61)).toHaveLength(HOSTS.length);
  });

  test("alarms that would page but reach nobody say so, the latency alarm of chat's origin check not muddling it", () => {
    const out = messages(check((j) => delete j.resource.aws_sns_topic_subscription));
    expect(out.sort()).toEqual(
      HOSTS.map(
        (host) =>
          `the health check of ${host} has no CloudWatch alarm with alarm_actions that reach a subscriber (an SNS topic with a subscription)`,
      ),
    );
  });

  test("fails when every subscription of the topic has a filter_policy: SNS sends it only the messages the policy matches", () => {
    const filtered = (filter: (name: string) => boolean) =>
      messages(
        check((j) =>
          blocks(j, "aws_sns_topic_subscription")
            .filter(([name]) => filter(name))
            .forEach(([, s]) => Object.assign(s, { filter_policy: '{"severity":["critical"]}', filter_policy_scope: "MessageBody" })),
        ),
      );
    const out = filtered(() => true);
    expect(out).toHaveLength(HOSTS.length);
    expect(
      out.every((m) =>
        m.includes(
          "has no alarm_actions that reach a subscriber (an SNS topic with a subscription): aws_sns_topic.Alerts_91F83244 has only subscriptions with a filter_policy (aws_sns_topic_subscription.Alerts_email-oncall-example-com_49F899C3, ",
        ),
      ),
    ).toBe(true);
    expect(out[0]).toContain(
      "SNS sends only the messages the policy matches (golive writes none), and golive cannot tell that an alarm matches",
    );
    // One subscription without a filter still gets every alarm.
    expect(filtered((name) => !name.startsWith("Alerts_webhook-"))).toEqual(["compliant"]);
  });

  describe("the alert topic's key must let CloudWatch encrypt, or KMS refuses it and SNS drops the alarm", () => {
    const KEY = "aws_kms_key.Alerts_Key_9E1197AF";
    const keyOf = (j: SynthJson): Block => {
      const [[, key] = ["", {}]] = blocks(j, "aws_kms_key");
      return key;
    };
    const statements = (j: SynthJson): Block[] => JSON.parse(String(keyOf(j).policy)).Statement;
    const withStatements = (j: SynthJson, edit: (all: Block[]) => Block[]) => {
      keyOf(j).policy = JSON.stringify({ Version: "2012-10-17", Statement: edit(statements(j)) });
    };
    /** The key policy with its AlarmsPublishEncrypted statement amended. */
    const amendPublish = (change: Block) => (j: SynthJson) =>
      withStatements(j, (all) => all.map((st) => (st.Sid === "AlarmsPublishEncrypted" ? { ...st, ...change } : st)));
    const dropped = (why: string) =>
      `has no alarm_actions that reach a subscriber (an SNS topic with a subscription): aws_sns_topic.Alerts_91F83244 is encrypted with ${KEY}, ${why}: KMS refuses CloudWatch and SNS drops every alarm`;
    const everyHost = (out: string[], text: string) => {
      expect(out).toHaveLength(HOSTS.length);
      expect(out.every((m) => m.includes(text))).toBe(true);
    };

    test("fails when the key policy's AlarmsPublishEncrypted statement is gone or narrowed", () => {
      everyHost(
        messages(check((j) => withStatements(j, (all) => all.filter((st) => st.Sid !== "AlarmsPublishEncrypted")))),
        dropped("whose policy does not Allow cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey"),
      );
      everyHost(
        messages(check(amendPublish({ Action: "kms:Decrypt" }))),
        dropped("whose policy does not Allow cloudwatch.amazonaws.com kms:GenerateDataKey"),
      );
      everyHost(
        messages(check(amendPublish({ Principal: { Service: "events.amazonaws.com" } }))),
        dropped("whose policy does not Allow cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey"),
      );
      // kms:* or the exact actions SNS asks for still grant.
      expect(check(amendPublish({ Action: "KMS:*" }))).toEqual({ kind: "compliant" });
      const exact = { Action: ["kms:Decrypt", "kms:GenerateDataKey"] };
      expect(check(amendPublish(exact))).toEqual({ kind: "compliant" });
    });

    test("fails on a Deny without condition that refuses CloudWatch, a disabled key, no policy, or one golive cannot read", () => {
      const denyAll = { Sid: "NoUse", Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*" };
      everyHost(
        messages(check((j) => withStatements(j, (all) => [...all, denyAll]))),
        dropped(
          'whose policy Denies cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey (statement "NoUse", without a condition)',
        ),
      );
      everyHost(messages(check((j) => (keyOf(j).is_enabled = false))), dropped("which is disabled (is_enabled = false)"));
      everyHost(
        messages(check((j) => delete keyOf(j).policy)),
        dropped("which has no key policy (the default lets only the account's IAM principals use it, not cloudwatch.amazonaws.com)"),
      );
      everyHost(
        messages(check((j) => (keyOf(j).policy = "${jsonencode(local.key_policy)}"))),
        dropped("whose policy is not literal JSON (cannot tell whether it lets cloudwatch.amazonaws.com use the key)"),
      );
    });

    test("fails on a Deny written with NotAction that does not list the calls, or NotPrincipal that does not name CloudWatch", () => {
      const notAction = { Sid: "OnlyDescribe", Effect: "Deny", Principal: "*", NotAction: ["kms:Describe*"], Resource: "*" };
      everyHost(
        messages(check((j) => withStatements(j, (all) => [...all, notAction]))),
        dropped(
          'whose policy Denies cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey (statement "OnlyDescribe", without a condition)',
        ),
      );
      const notPrincipal = {
        Sid: "OnlyRoot",
        Effect: "Deny",
        NotPrincipal: { AWS: "arn:aws:iam::111111111111:root" },
        Action: "kms:*",
        Resource: "*",
      };
      everyHost(
        messages(check((j) => withStatements(j, (all) => [...all, notPrincipal]))),
        dropped(
          'whose policy Denies cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey (statement "OnlyRoot", without a condition)',
        ),
      );
      // A NotAction listing the calls, or a NotPrincipal sparing CloudWatch, refuses it nothing.
      const spares = [
        { ...notAction, NotAction: ["kms:Decrypt", "kms:GenerateDataKey*"] },
        { ...notPrincipal, NotPrincipal: { Service: "cloudwatch.amazonaws.com" } },
      ];
      for (const st of spares) expect(check((j) => withStatements(j, (all) => [...all, st]))).toEqual({ kind: "compliant" });
    });

    test("fails when the AlarmsPublishEncrypted Allow has a condition golive does not write", () => {
      const [account] = [...JSON.stringify(synthesized.monitoring).matchAll(/"allowed_account_ids":\["(\d{12})"\]/g)].map((m) => m[1]);
      expect(account).toBe("111111111111");
      const conditioned = (Condition: Block) => messages(check(amendPublish({ Condition })));
      const limited =
        'whose policy Allows cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey only under a condition golive does not write (statement "AlarmsPublishEncrypted": cannot tell whether it matches)';
      everyHost(conditioned({ StringEquals: { "aws:SourceAccount": "999999999999" } }), dropped(limited));
      everyHost(
        // Another account throughout: only the provider's allowed_account_ids tells it from golive's.
        conditioned({
          StringEquals: { "aws:SourceAccount": "999999999999" },
          ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:*:999999999999:alarm:*" },
        }),
        dropped(limited),
      );
      everyHost(conditioned({ ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:*:${account}:alarm:web-*` } }), dropped(limited));
      everyHost(conditioned({ IpAddress: { "aws:SourceIp": "10.0.0.0/8" } }), dropped(limited));
      // golive's own conditions, or none, grant.
      expect(check(amendPublish({ Condition: { StringEquals: { "aws:SourceAccount": account } } }))).toEqual({ kind: "compliant" });
      expect(check(amendPublish({ Condition: { ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:*:${account}:alarm:*` } } }))).toEqual({
        kind: "compliant",
      });
    });

    test("fails on a Deny of the calls under a condition golive cannot judge", () => {
      const deny = {
        Sid: "OnlyVpc",
        Effect: "Deny",
        Principal: "*",
        Action: "kms:GenerateDataKey*",
        Resource: "*",
        Condition: { StringNotEquals: { "aws:SourceVpc": "vpc-1" } },
      };
      everyHost(
        messages(check((j) => withStatements(j, (all) => [...all, deny]))),
        dropped(
          'whose policy may Deny cloudwatch.amazonaws.com kms:GenerateDataKey (statement "OnlyVpc" has a condition golive cannot judge: cannot tell)',
        ),
      );
    });

    test("follows the key through an aws_kms_alias or an aws_kms_key_policy; alias/aws/sns and an unknown key do not deliver", () => {
      const byAlias = (j: SynthJson) =>
        blocks(j, "aws_sns_topic").forEach(([, t]) => (t.kms_master_key_id = "alias/opsbot-production-alerts"));
      expect(check(byAlias)).toEqual({ kind: "compliant" });
      everyHost(
        messages(
          check((j) => {
            byAlias(j);
            withStatements(j, (all) => all.filter((st) => st.Sid !== "AlarmsPublishEncrypted"));
          }),
        ),
        "whose policy does not Allow cloudwatch.amazonaws.com",
      );
      const ownPolicy = (j: SynthJson) => {
        j.resource.aws_kms_key_policy = { Other: { key_id: `\${${KEY}.id}`, policy: JSON.stringify({ Statement: [] }) } };
      };
      everyHost(messages(check(ownPolicy)), "whose policy does not Allow cloudwatch.amazonaws.com");
      const topicKey = (value: string) => (j: SynthJson) => blocks(j, "aws_sns_topic").forEach(([, t]) => (t.kms_master_key_id = value));
      everyHost(
        messages(check(topicKey("alias/aws/sns"))),
        "is encrypted with alias/aws/sns, whose policy does not let cloudwatch.amazonaws.com use it",
      );
      everyHost(
        messages(check(topicKey("${var.key}"))),
        "is encrypted with a key golive cannot find (kms_master_key_id is the expression ${var.key}): cannot tell whether cloudwatch.amazonaws.com may use it",
      );
    });
  });

  test("an alarm that fails on its actions and on something else names both", () => {
    const out = messages(
      check((j) => {
        delete j.resource.aws_sns_topic_subscription;
        downAlarms(j).forEach(([, a]) => (a.actions_enabled = false));
      }),
    );
    expect(out[0]).toMatch(
      /has actions_enabled = false, so no action runs when it fires, has no alarm_actions that reach a subscriber \(an SNS topic with a subscription\)$/,
    );
  });
});

describe("GL-MON-001: behind Cloudflare Access a check through the edge sees the login, not the app", () => {
  // checkOrigins: false needs the latency alarm on a public hostname's edge check (validate.ts).
  const edgeOnly = synthesizedOf(
    exampleConfig([
      [["monitoring", "checkOrigins"], false],
      [["monitoring", "latency", "target"], "edge"],
      [["monitoring", "latency", "hostname"], "example.com"],
    ]),
  );
  const behindAccess = (host: string, alarm = `opsbot-production edge down: ${host}`) =>
    `${host} is behind Cloudflare Access and its only paging alarms ("${alarm}") watch checks through the edge at a path Access covers: Access answers them with its login redirect, which Route 53 counts as healthy, so no alarm fires when the app is down; keep monitoring.checkOrigins (an origin check bypasses Access) or point a check at a health path Access does not cover`;

  test("fails each hostname behind Access whose only check is its edge check (monitoring.checkOrigins: false); the public one passes", () => {
    expect(blocks(edgeOnly.monitoring, "aws_route53_health_check").every(([, c]) => c.ip_address === undefined)).toBe(true);
    expect(messages(check(undefined, edgeOnly)).sort()).toEqual(
      ["api.example.com", "app.example.com", "chat.example.com"].map((h) => behindAccess(h)),
    );
  });

  test("fails when the origin checks' alarms are gone: chat's origin at its IP, api's by its own name, the load-balanced app's pool origins", () => {
    const withoutOriginAlarms = (prefix: string) =>
      messages(
        check((j) => {
          for (const [name] of downAlarms(j)) if (name.startsWith(prefix)) delete j.resource.aws_cloudwatch_metric_alarm?.[name];
        }),
      );
    expect(withoutOriginAlarms("Alarms_origin-chat-example-com-down")).toEqual([behindAccess("chat.example.com")]);
    expect(withoutOriginAlarms("Alarms_origin-api-example-com-down")).toEqual([behindAccess("api.example.com")]);
    expect(withoutOriginAlarms("Alarms_pool-")).toEqual([behindAccess("app.example.com")]);
    // One pool origin still checked: the app is still watched somewhere behind the load balancer.
    expect(withoutOriginAlarms("Alarms_pool-blue")).toEqual(["compliant"]);
  });

  test("fails when the check that reaches the app probes an address that is none of the host's origins", () => {
    const probing = (prefix: string, ip: string) => (j: SynthJson) =>
      blocks(j, "aws_route53_health_check")
        .filter(([name]) => name.startsWith(prefix))
        .forEach(([, c]) => (c.ip_address = ip));
    const elsewhere = messages(check(probing("Uptime_origin-chat-", "198.51.100.77")));
    expect(elsewhere).toEqual([behindAccess("chat.example.com")]);
    // Every pool origin check probing elsewhere leaves the load-balanced app unwatched; one that still probes a pool origin watches it.
    expect(messages(check(probing("Uptime_pool-", "198.51.100.77")))).toEqual([behindAccess("app.example.com")]);
    expect(messages(check(probing("Uptime_pool-blue-", "198.51.100.77")))).toEqual(["compliant"]);
    expect(messages(check(probing("Uptime_pool-blue-1_", "192.0.2.41")))).toEqual(["compliant"]);
  });

  test("a check probing another address is named when it is the host's only check", () => {
    const onlyOrigin = (j: SynthJson) => {
      for (const [name, c] of blocks(j, "aws_route53_health_check")) {
        if (name.startsWith("Uptime_edge-chat-")) delete j.resource.aws_route53_health_check?.[name];
        if (name.startsWith("Uptime_origin-chat-")) c.ip_address = "198.51.100.77";
      }
    };
    expect(messages(check(onlyOrigin))).toEqual([
      "the health check of chat.example.com probes 198.51.100.77, which is none of the origins of chat.example.com (192.0.2.11): it stays healthy while they are down, so no alarm on it can report an outage",
    ]);
  });

  test("an edge check at a path no Access application covers reaches the app", () => {
    const chatOffRoot = (edge: SynthJson) => {
      for (const [name, app] of blocks(edge, "cloudflare_zero_trust_access_application"))
        if (name.startsWith("Access_app-root_"))
          app.destinations = (app.destinations as Block[]).filter((d) => d.uri !== "chat.example.com");
    };
    expect(messages(check(undefined, edgeOnly, chatOffRoot)).sort()).toEqual(
      ["api.example.com", "app.example.com"].map((h) => behindAccess(h)),
    );
    // /hooks is still behind Access on chat: a check there sees only the login.
    const atHooks = (j: SynthJson) =>
      blocks(j, "aws_route53_health_check")
        .filter(([name]) => name.startsWith("Uptime_edge-chat-"))
        .forEach(([, c]) => (c.resource_path = "/hooks/healthz"));
    expect(messages(check(atHooks, edgeOnly, chatOffRoot))).toContain(behindAccess("chat.example.com"));
  });
});
