import type { StackInput } from "../../lib/core/readiness/model";
import patterns from "../../lib/core/secret-patterns.json";
import type { RuleOutcome } from "../../lib/platform/readiness";
import { PRESET_LOOKALIKES, PRESET_SAMPLES } from "../helpers/secret-samples";
import { isCommentHolder, withoutCdktfComments } from "../../lib/core/terraform-comments";
import { addResource, blocksOf, check, clone, exampleEnv, type Obj, ruleById } from "./support";

// GL-SEC-004 fails what the secret scan fails: also what its preset rules find (secret-patterns.json
// presetRecommend), planted where a synthesized stack carries free text: a TXT record's content, a
// Worker's plain_text binding, a Lambda function's environment variable.
const example = exampleEnv();
const rule = ruleById("GL-SEC-004");

/** The first of the set's own shapes (for any file or Terraform JSON) that matches, as every reader compiles it. */
function valueShapeKind(text: string): string | undefined {
  return patterns.values
    .filter((v) => v.in === "any" || v.in === "terraform-json")
    .find((v) => {
      const [, source = "", flags = ""] = /^\/(.+)\/([a-z]*)$/s.exec(v.pattern) ?? [];
      return new RegExp(source, `${flags}u`).test(text);
    })?.kind;
}

/** What GL-SEC-004 says a sample holds: the set's own shape when one covers it, else the preset rule that finds it. */
function expectedKind(finding: string, text: string): string {
  return valueShapeKind(text) ?? `a credential the secret scan's "${finding.split("/")[0]}" rule finds`;
}

/**
 * The example's stacks with each text planted in turn in a TXT record, a Worker binding or a Lambda
 * environment variable; returns where each one stands, as `<address>: <attribute path>`.
 */
function planted(texts: readonly string[]): { stacks: StackInput[]; where: string[] } {
  const stacks = clone(example.stacks);
  const [worker] = blocksOf(stacks, "cloudflare_workers_script");
  if (!worker) throw new Error("the example synth has no Worker");
  const bindings: Obj[] = [];
  worker.attrs.bindings = bindings;
  const variables: Record<string, string> = {};
  addResource(stacks, "secrets-", "aws_lambda_function", "Planted", {
    function_name: "planted",
    role: "${aws_iam_role.Runtime.arn}",
    environment: { variables },
  });
  const where = texts.map((text, i) => {
    if (i % 3 === 0) {
      addResource(stacks, "edge-", "cloudflare_dns_record", `Planted_${i}`, {
        zone_id: "${cloudflare_zone.Zone.id}",
        name: `planted-${i}.example.com`,
        type: "TXT",
        content: text,
        ttl: 300,
      });
      return `cloudflare_dns_record.Planted_${i}: content`;
    }
    if (i % 3 === 1) {
      bindings.push({ type: "plain_text", name: `PLANTED_${i}`, text });
      return `cloudflare_workers_script.${worker.name}: bindings[${bindings.length - 1}].text`;
    }
    variables[`PLANTED_${i}`] = text;
    return `aws_lambda_function.Planted: environment.variables.PLANTED_${i}`;
  });
  return { stacks, where };
}

/** `<address>: <message>` of each finding on a resource. */
function findings(out: RuleOutcome): string[] {
  if (out.kind !== "non-compliant") return [];
  return out.findings.map((f) => `${f.location.kind === "resource" ? f.location.address : f.location.kind}: ${f.message}`);
}

describe("GL-SEC-004 fails every credential the secret scan's preset rules find (secret-patterns.json presetRecommend)", () => {
  test("the example synth passes, so every finding below is a planted value", () => {
    expect(check(rule, example.stacks).kind).toBe("compliant");
  });

  test("each preset sample fails it in a TXT record, a Worker binding or a Lambda environment variable, named by kind and never shown", () => {
    expect(PRESET_SAMPLES.length).toBeGreaterThan(30);
    const { stacks, where } = planted(PRESET_SAMPLES.map((s) => s.text));
    const out = findings(check(rule, stacks));
    const expected = PRESET_SAMPLES.map((s, i) => `${where[i]} holds ${expectedKind(s.finding, s.text)} (value not shown)`);
    expect([...out].sort()).toEqual([...expected].sort());
    const text = out.join("\n");
    for (const s of PRESET_SAMPLES)
      expect({ finding: s.finding, shown: text.includes(s.secret) }).toEqual({ finding: s.finding, shown: false });
  });

  test("the copies of the preset's patterns count: a Shopify, SendGrid and Hugging Face token fail by their rule's name", () => {
    const chosen = PRESET_SAMPLES.filter((s) => /^(?:shopify|sendgrid|huggingface)\//.test(s.finding));
    expect(chosen).toHaveLength(3);
    const { stacks } = planted(chosen.map((s) => s.text));
    const rules = findings(check(rule, stacks)).map((f) => /holds a credential the secret scan's "(\w+)" rule finds/.exec(f)?.[1]);
    expect(rules.sort()).toEqual(["huggingface", "sendgrid", "shopify"]);
  });

  test("passes their look-alikes (one character short, a character the rule does not allow, an account id) in the same places", () => {
    const { stacks } = planted(Object.values(PRESET_LOOKALIKES));
    expect(findings(check(rule, stacks))).toEqual([]);
  });
});

// Terraform ignores a `//` key only as a comment of a block's body; inside a value it is a key it sends.
describe("GL-SEC-004 and `//` keys", () => {
  test("a credential under a `//` key inside an attribute value fails; cdktf's own block comments are not read", () => {
    const gitlab = PRESET_SAMPLES.find((s) => s.finding.startsWith("gitlab/"));
    if (!gitlab) throw new Error("no gitlab sample");
    const stacks = clone(example.stacks);
    addResource(stacks, "secrets-", "aws_lambda_function", "Commented", {
      "//": { metadata: { note: gitlab.text } },
      function_name: "commented",
      role: "${aws_iam_role.Runtime.arn}",
      environment: { variables: { "//": gitlab.text } },
    });
    expect(findings(check(rule, stacks))).toEqual([
      `aws_lambda_function.Commented: environment.variables.// holds ${expectedKind(gitlab.finding, gitlab.text)} (value not shown)`,
    ]);
  });

  test("the walk's comment positions are exactly those the configuration diff drops (one rule for both)", () => {
    const doc = {
      "//": 1,
      resource: { t: { n: { "//": 2, m: { "//": 3 }, list: [{ "//": 4 }] } } },
      data: [{ t: { n: [{ "//": 5, nested: { "//": 6 } }] } }],
      provider: { aws: [{ "//": 7, default_tags: { "//": 8 } }] },
      terraform: { "//": 9, backend: { s3: { "//": 10 } } },
      output: { o: { "//": 11, value: { "//": 12 } } },
      unknown_section: { "//": 13 },
    };
    const kept = (value: unknown, path: (string | number)[] = [], out: number[] = []): number[] => {
      if (Array.isArray(value)) value.forEach((v, i) => kept(v, [...path, i], out));
      else if (value !== null && typeof value === "object")
        for (const [k, v] of Object.entries(value)) {
          if (k === "//" && isCommentHolder(path)) continue;
          if (k === "//") out.push(Number(v));
          else kept(v, [...path, k], out);
        }
      return out;
    };
    const afterDrop = (value: unknown, out: number[] = []): number[] => {
      if (Array.isArray(value)) for (const v of value) afterDrop(v, out);
      else if (value !== null && typeof value === "object")
        for (const [k, v] of Object.entries(value))
          if (k === "//") out.push(Number(v));
          else afterDrop(v, out);
      return out;
    };
    expect(kept(doc).sort((a, b) => a - b)).toEqual([3, 4, 6, 8, 10, 12, 13]);
    expect(afterDrop(withoutCdktfComments(doc)).sort((a, b) => a - b)).toEqual(kept(doc).sort((a, b) => a - b));
  });
});
