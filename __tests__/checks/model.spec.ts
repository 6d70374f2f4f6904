import { expressionCoversPath } from "../../lib/features/edge/expression-match";
import { deniesInsecureTransport, policyStatements } from "../../lib/core/readiness/iam";
import { buildModel, environmentOf, envView, envViews, referencedAddresses } from "../../lib/core/readiness/model";
import { cadenceDays } from "../../lib/features/secrets/rules/GL-SEC-002";
import { check, messages, ruleById } from "./support";

const meta = (path: string) => ({ "//": { metadata: { path } } });
/** The zone edgeStack declares: zone resources count only in it (zone-scope.ts). */
const ZONE_ID = "${cloudflare_zone.Zone.id}";

function edgeStack(records: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    name: "edge-qa",
    file: "cdktf.out/stacks/edge-qa/cdk.tf.json",
    json: {
      resource: {
        cloudflare_zone: { Zone: { ...meta("edge-qa/Zone/Resource"), name: "example.org" } },
        cloudflare_dns_record: records,
        ...extra,
      },
    },
  };
}

describe("synth model", () => {
  test("indexes resources and data sources by type with their construct paths", () => {
    const model = buildModel([
      {
        name: "secrets-qa",
        file: "f.json",
        json: {
          resource: { aws_kms_key: { Key_1: { ...meta("secrets-qa/Key/Resource") } } },
          data: { aws_iam_policy_document: { Doc: { statement: [] } } },
        },
      },
      { name: "bootstrap", file: "b.json", json: { resource: { aws_s3_bucket: { State: {} } } } },
    ]);
    const [qa] = envViews(model);
    expect(qa?.env).toBe("qa");
    expect(qa?.ofType("aws_kms_key").map((r) => [r.address, r.path])).toEqual([["aws_kms_key.Key_1", "secrets-qa/Key/Resource"]]);
    expect(qa?.dataOfType("aws_iam_policy_document").map((r) => r.address)).toEqual(["data.aws_iam_policy_document.Doc"]);
    expect(qa?.ofType("aws_s3_bucket").map((r) => r.path)).toEqual(["bootstrap/State"]);
  });

  test("assigns stacks to the longest known environment suffix; unsuffixed stacks are shared", () => {
    expect(environmentOf("edge-eu-production", ["production", "eu-production"])).toBe("eu-production");
    expect(environmentOf("bootstrap", ["production"])).toBeUndefined();
    expect(environmentOf("edge-staging", [])).toBe("staging");
  });

  test("a stack of an environment not checked joins no view (its findings are never blamed on another)", () => {
    const stack = (name: string) => ({ name, file: `${name}.json`, json: { resource: { aws_s3_bucket: { [name]: {} } } } });
    const views = envViews(buildModel([stack("edge-production"), stack("edge-staging"), stack("bootstrap")]), ["production"]);
    expect(views.map((v) => [v.env, v.ofType("aws_s3_bucket").map((r) => r.stack)])).toEqual([
      ["production", ["edge-production", "bootstrap"]],
    ]);
  });

  test("references are read as whole addresses, only inside interpolations", () => {
    const refs = referencedAddresses({
      a: "${aws_secretsmanager_secret.S_10.id}",
      b: ["${element(aws_route53_health_check.H-1[0].id, 0)}"],
      c: "${data.aws_iam_policy_document.P.json}",
      d: "aws_kms_key.K.arn",
    });
    expect([...refs].sort()).toEqual(["aws_route53_health_check.H-1", "aws_secretsmanager_secret.S_10", "data.aws_iam_policy_document.P"]);
  });

  test("a rate-limit expression covers a path when it matches the path and everything below it", () => {
    const expr =
      '(http.request.uri.path eq "/api/chat" or starts_with(http.request.uri.path, "/api/chat/") or starts_with(http.request.uri.path, "/api/"))';
    expect(expressionCoversPath(expr, "/api/chat")).toBe(true);
    expect(expressionCoversPath(expr, "/api/tools")).toBe(true);
    expect(expressionCoversPath(expr, "/admin")).toBe(false);
    expect(expressionCoversPath('(http.request.uri.path eq "/api/chat" or http.request.uri.path eq "/api/tools")', "/api/chat")).toBe(
      false,
    );
  });

  test("reads IAM statements from JSON strings and from data.aws_iam_policy_document references", () => {
    const view = envView(
      "qa",
      buildModel([
        {
          name: "s-qa",
          file: "f",
          json: {
            data: {
              aws_iam_policy_document: {
                P: {
                  statement: [
                    { effect: "Deny", actions: ["*"], condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] },
                  ],
                },
              },
            },
          },
        },
      ]).stacks,
    );
    expect(deniesInsecureTransport(policyStatements(view, "${data.aws_iam_policy_document.P.json}") ?? [])).toBe(true);
    expect(deniesInsecureTransport(policyStatements(view, JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*" }] })) ?? [])).toBe(
      false,
    );
    expect(policyStatements(view, "${jsonencode(local.x)}")).toBeUndefined();
  });

  test("reads manual rotation cadences from tags", () => {
    expect(cadenceDays({ "rotation-period-days": "90" })).toBe(90);
    expect(cadenceDays({ rotation: "30d" })).toBe(30);
    expect(cadenceDays({ rotation: "P45D" })).toBe(45);
    expect(cadenceDays({ owner: "90" })).toBeUndefined();
    expect(cadenceDays({ rotation: "90" })).toBeUndefined();
  });
});

describe("GL-AUTH-001 without a config", () => {
  const rule = ruleById("GL-AUTH-001");
  test("accepts a record whose comment declares it public with a reason, and a redirect-only name", () => {
    const stacks = [
      edgeStack(
        {
          Landing: {
            ...meta("edge-qa/Dns/landing"),
            name: "example.org",
            type: "A",
            content: "192.0.2.1",
            proxied: true,
            comment: "public: marketing page with no data",
          },
          Old: { ...meta("edge-qa/Dns/old"), name: "old.example.org", type: "AAAA", content: "100::", proxied: true },
        },
        {
          cloudflare_ruleset: {
            R: {
              zone_id: ZONE_ID,
              phase: "http_request_dynamic_redirect",
              rules: [{ action: "redirect", expression: '(http.host eq "old.example.org")' }],
            },
          },
        },
      ),
    ];
    expect(check(rule, stacks).kind).toBe("compliant");
  });

  test("fails for a proxied name with a short public comment, and for a path-only Access app", () => {
    const stacks = [
      edgeStack(
        {
          App: {
            ...meta("edge-qa/Dns/app"),
            name: "app.example.org",
            type: "CNAME",
            content: "o.example.net",
            proxied: true,
            comment: "public: yes",
          },
        },
        { cloudflare_zero_trust_access_application: { A: { destinations: [{ type: "public", uri: "app.example.org/admin" }] } } },
      ),
    ];
    expect(messages(check(rule, stacks))).toEqual([
      "app.example.org is proxied to users but no Access application covers it and it is not declared public",
    ]);
  });

  test("is not applicable without a Cloudflare zone", () => {
    expect(check(rule, [{ name: "secrets-qa", file: "f", json: { resource: { aws_kms_key: { K: {} } } } }]).kind).toBe("not-applicable");
  });
});

describe("GL-SEC-004 secret literal patterns", () => {
  const rule = ruleById("GL-SEC-004");
  const scan = (json: unknown) => messages(check(rule, [{ name: "x-qa", file: "f", json }]));

  test("finds keys in variables, providers and nested blocks, never echoing them", () => {
    const found = scan({
      variable: { hook: { default: "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX" } },
      provider: { aws: [{ access_key: "AKIAIOSFODNN7EXAMPLE" }] },
      resource: { null_resource: { N: { triggers: { k: "-----BEGIN RSA PRIVATE KEY-----\nMIIE" } } } },
      locals: { model: "sk-proj-abc123def456ghi789jkl012" },
    });
    expect(found).toEqual([
      "variable.hook.default holds a Slack webhook URL (value not shown)",
      'provider.aws[0].access_key holds a literal value for "access_key" (value not shown)',
      "triggers.k holds a private key (value not shown)",
      "locals.model holds an API key (sk-...) (value not shown)",
    ]);
  });

  test("accepts references, empty values and ordinary text", () => {
    expect(
      scan({
        resource: { aws_secretsmanager_secret_version: { V: { secret_string: "${var.value}", password: "" } } },
        locals: { text: "task-runner-production-disk-usage" },
      }),
    ).toEqual([]);
  });
});

describe("edge rule details", () => {
  const managed = (overrides: unknown) =>
    edgeStack(
      {},
      {
        cloudflare_ruleset: {
          M: {
            ...meta("edge-qa/WafManaged/Resource"),
            zone_id: ZONE_ID,
            phase: "http_request_firewall_managed",
            rules: [{ action: "execute", expression: "true", action_parameters: { id: "4814384a9e5d4991b9815dcfc25d2f1f", overrides } }],
          },
        },
      },
    );

  test("GL-EDGE-007 fails when the OWASP ruleset is overridden to log only, naming the rule index", () => {
    expect(
      messages(check(ruleById("GL-EDGE-007"), [managed({ rules: [{ id: "6179ae15870a4bb7b2d480d4843b323c", action: "log" }] })])),
    ).toEqual([
      'rules[0] of cloudflare_ruleset.M runs the OWASP Core Ruleset but gives its score rule action "log", so nothing is blocked',
    ]);
    expect(
      check(ruleById("GL-EDGE-007"), [
        managed({ rules: [{ id: "6179ae15870a4bb7b2d480d4843b323c", action: "block", score_threshold: 25 }] }),
      ]).kind,
    ).toBe("compliant");
  });

  test("GL-EDGE-003 accepts HSTS set as a response header and fails a short max-age there", () => {
    const withHeader = (value: string) =>
      edgeStack(
        {},
        {
          cloudflare_ruleset: {
            H: {
              zone_id: ZONE_ID,
              phase: "http_response_headers_transform",
              rules: [
                {
                  action: "rewrite",
                  expression: "true",
                  action_parameters: { headers: { "Strict-Transport-Security": { operation: "set", value } } },
                },
              ],
            },
          },
        },
      );
    expect(check(ruleById("GL-EDGE-003"), [withHeader("max-age=31536000; includeSubDomains")]).kind).toBe("compliant");
    expect(messages(check(ruleById("GL-EDGE-003"), [withHeader("max-age=300")]))).toEqual([
      "Strict-Transport-Security header of rules[0]: max-age is 300, must be at least 31536000 (one year)",
    ]);
  });
});
