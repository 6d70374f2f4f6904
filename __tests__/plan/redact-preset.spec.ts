import { rmSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { extname, join } from "node:path";
import { mayHoldCredential } from "../../lib/core/credential-shapes";
import { redactCredentials, redactReportText } from "../../lib/core/plan/redact-values";
import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import patterns from "../../lib/core/secret-patterns.json";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { addressParts } from "./fixtures";
import { ALNUM, HEX, j, LETTERS, PRESET_SAMPLES as SAMPLES, type PresetSample as Sample, rep } from "../helpers/secret-samples";

// The secret scan runs @secretlint/secretlint-rule-preset-recommend, whose rules keep their patterns
// inside; lib/core/secret-patterns.json copies them (presetRecommend) for the plan review's redaction.
// Here each rule runs in-process (secretlint's core, no CLI) on a sample it must flag, and the review
// must hide the sample's secret: a preset update that adds a finding fails until it is listed there.
// secretlint's packages are ES modules, which jest's module registry (CommonJS here) cannot load; Node's
// own require can (require(esm), Node >= 20.19). Jest's `node:module` is a subclass of Node's Module
// whose createRequire returns jest's require, so Node's is taken from the class it extends.
const nodeModule: typeof Module = Object.getPrototypeOf(Module)?.createRequire ? Object.getPrototypeOf(Module) : Module;
const nodeRequire = nodeModule.createRequire(join(REPO_ROOT, "package.json"));
/** What this test uses of secretlint's core and preset (their own types are ES-module only). */
interface PresetRule {
  readonly meta: { readonly id: string };
  readonly messages?: Readonly<Record<string, unknown>>;
}
interface SecretlintCore {
  lintSource(args: {
    source: { filePath: string; content: string; ext: string; contentType: "text" };
    options: { config: { rules: { id: string; rule: PresetRule; options: Readonly<Record<string, unknown>> }[] } };
  }): Promise<{ messages: { messageId: string }[] }>;
}
const core: SecretlintCore = nodeRequire("@secretlint/core");
const preset: { rules: readonly PresetRule[] } = nodeRequire("@secretlint/secretlint-rule-preset-recommend");

const PREFIX = "@secretlint/secretlint-rule-";
const ruleName = (id: string) => id.replace(PREFIX, "");
/** Every finding the preset's rules can report: `<rule>/<message id>`. */
const PRESET_FINDINGS = preset.rules.flatMap((r) => Object.keys(r.messages ?? {}).map((m) => `${ruleName(r.meta.id)}/${m}`));
const LISTED = patterns.presetRecommend.flatMap((p) => p.messages.map((m) => ({ finding: `${p.rule}/${m}`, entry: p })));

/** A RegExp-like string (`/source/flags`) as a RegExp, as every reader of secret-patterns.json compiles it. */
function regExp(literal: string): RegExp {
  const [, source = "", flags = ""] = /^\/(.+)\/([a-z]*)$/s.exec(literal) ?? [];
  return new RegExp(source, `${flags}u`);
}

/** The pattern the redaction uses for a listed finding: its copy, or the value pattern it names. */
function patternFor(finding: string): string | undefined {
  const entry = LISTED.find((l) => l.finding === finding)?.entry;
  if (!entry) return undefined;
  if ("pattern" in entry && entry.pattern) return entry.pattern;
  if ("sameAs" in entry) return patterns.values.find((v) => v.name === entry.sameAs)?.pattern;
  return undefined;
}

/** The findings of one preset rule on a text, by message id. */
async function findings(rule: string, s: Sample): Promise<string[]> {
  const file = s.file ?? "sample.txt";
  const creator = preset.rules.find((r) => r.meta.id === `${PREFIX}${rule}`);
  if (!creator) throw new Error(`no preset rule ${rule}`);
  const result = await core.lintSource({
    source: { filePath: join(REPO_ROOT, "sample", file), content: s.text, ext: extname(file), contentType: "text" },
    options: { config: { rules: [{ id: creator.meta.id, rule: creator, options: s.options ?? {} }] } },
  });
  return result.messages.map((m) => m.messageId);
}

describe("the plan review redacts everything the secret scan's preset rules find (lib/core/secret-patterns.json presetRecommend)", () => {
  test("every finding of every preset rule is listed once, and nothing else is", () => {
    expect(PRESET_FINDINGS.length).toBeGreaterThan(30);
    expect([...LISTED.map((l) => l.finding)].sort()).toEqual([...PRESET_FINDINGS].sort());
  });

  test("each listed finding has a copy of the rule's pattern, names a value pattern, or says why a review shows it", () => {
    for (const { finding, entry } of LISTED) {
      const how = ["pattern", "sameAs", "shown"].filter((k) => k in entry);
      expect([finding, how.length]).toEqual([finding, 1]);
      if ("sameAs" in entry) expect([finding, patterns.values.some((v) => v.name === entry.sameAs)]).toEqual([finding, true]);
      const pattern = "pattern" in entry ? entry.pattern : undefined;
      if (pattern !== undefined) expect([finding, regExp(pattern).flags, /\(\?<[a-z]/i.test(pattern)]).toEqual([finding, "u", false]);
    }
  });

  test("every finding a review redacts has a sample here", () => {
    const redacted = LISTED.filter((l) => !("shown" in l.entry)).map((l) => l.finding);
    expect(redacted.filter((f) => !SAMPLES.some((s) => s.finding === f))).toEqual([]);
  });

  test.each(SAMPLES.map((s) => [s.finding, s] as const))(
    "%s: the rule flags its sample and the review hides the secret",
    async (finding, s) => {
      const [rule = "", message] = finding.split("/");
      expect(await findings(rule, s)).toContain(message);
      expect(regExp(patternFor(finding) ?? "/$^/").test(s.text)).toBe(true);
      expect(mayHoldCredential(s.text)).toBe(true);
      for (const out of [redactCredentials(s.text), redactReportText(s.text)]) {
        expect(out).not.toContain(s.secret);
        expect(out).toContain(REDACTED_VALUE);
      }
    },
  );
});

// Issue 14's reproduction: six credentials the scan (or its preset) knows, in TXT contents and outputs.
const SIX: Readonly<Record<string, string>> = {
  "GitLab personal access token": j("glp", "at-", rep(ALNUM, 20)),
  "Shopify access token": j("shp", "at_", rep(HEX, 32)),
  "SendGrid API key": j("S", "G.", rep(ALNUM, 22), ".", rep(ALNUM, 43)),
  "Hugging Face token": j("h", "f_", rep(LETTERS, 34)),
  "Twilio API key": j("S", "K", rep(HEX, 32)),
  "Mailgun API key": j("ke", "y-", rep(HEX, 32)),
};

function sixPlan(): string {
  const txt = (i: number, value: string) => {
    const address = `cloudflare_dns_record.txt${i}`;
    const rec = (content: string) => ({ name: "t.example.com", type: "TXT", content, ttl: 300 });
    return {
      address,
      ...addressParts(address),
      change: {
        actions: ["update"],
        before: rec("old"),
        after: rec(`"verify=${value}"`),
        after_unknown: {},
        before_sensitive: {},
        after_sensitive: {},
      },
    };
  };
  const values = Object.values(SIX);
  return JSON.stringify({
    format_version: "1.2",
    resource_changes: values.map((v, i) => txt(i, v)),
    output_changes: Object.fromEntries(
      values.map((v, i) => [`key_${i}`, { actions: ["update"], before: "old", after: v, after_unknown: false }]),
    ),
  });
}

describe("issue 14: credentials the scan knows never reach plan-report", () => {
  test("GitLab, Shopify, SendGrid, Hugging Face, Twilio and Mailgun keys in TXT contents and outputs: neither the comment, the full report nor the JSON shows one", async () => {
    const r = renderPlanReport([{ stack: "edge-production", file: "six.json", plan: parsePlanJson("six.json", sixPlan()) }], "r.md");
    const dir = tempDir("golive-redact-six-");
    try {
      writeFileSync(join(dir, "edge-production.json"), sixPlan());
      const markdown = await golive(["plan-report", "edge-production.json"], { cwd: dir });
      const json = await golive(["plan-report", "edge-production.json", "--json"], { cwd: dir });
      expect([markdown.code, json.code]).toEqual([0, 0]);
      const texts = { comment: r.comment, full: r.fullMarkdown, json: r.json, stdout: markdown.stdout, jsonStdout: json.stdout };
      for (const [kind, value] of Object.entries(SIX))
        for (const [where, text] of Object.entries(texts))
          expect({ kind, where, leaked: text.includes(value) }).toEqual({ kind, where, leaked: false });
      expect(r.comment).toContain(`content: "old" -> "\\"verify=${REDACTED_VALUE}\\""`);
      expect(JSON.parse(json.stdout)).toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
