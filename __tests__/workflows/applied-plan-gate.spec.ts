import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type GateIo, runRiskGate } from "../../scripts/ci/gate";
import { type FlagsRecord, flagsLine, flagsRecordFrom, flagsRecordOf, MAX_KEYS_CHARS } from "../../scripts/ci/flags-record";
import { tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { HEAD } from "./support";

// deploy-environment.yml holds the real plan of edge-* and monitoring-* to the flags their signed review
// raised, flag by flag (scripts/ci/applied-plan-gate.ts): by rule, address and detail, each reviewed
// flag matched once. Counting per rule let a flag of an unreviewed change through in place of a
// reviewed one the live state already had.
interface Flag {
  readonly rule: string;
  readonly address: string;
  readonly detail: string;
}

const dkim = (selector: string): Flag => ({
  rule: "dkim-removed",
  address: `cloudflare_dns_record.Email_dkim-${selector}_0E1F2A3B`,
  detail: `DKIM CNAME ${selector}._domainkey.example.com deleted: signatures with this selector stop verifying`,
});
const waf = (detail: string): Flag => ({ rule: "waf-loosened", address: "cloudflare_ruleset.RateLimits", detail });
const alarm = (detail: string): Flag => ({ rule: "alerting-loosened", address: "aws_cloudwatch_metric_alarm.Errors", detail });
const CONFIG_DIFF = { base: true, head: true, otherBlocks: [] };

/** `golive plan-report --json` output holding `risks` on each stack; `configDiff`: reviewed as a configuration diff. */
function reportOf(stacks: Readonly<Record<string, readonly Flag[]>>, configDiff = true): string {
  const entries = Object.entries(stacks).map(([stack, risks]) => ({
    stack,
    errored: false,
    risks,
    ...(configDiff ? { configDiff: CONFIG_DIFF } : {}),
  }));
  return JSON.stringify({ riskCount: entries.reduce((n, s) => n + s.risks.length, 0), failures: [], stacks: entries });
}

/** review.yml's `digest` output for a review that raised `risks` on edge-production (configuration diff). */
const reviewedOf = (risks: readonly Flag[], stack = "edge-production"): string =>
  `<!-- golive:plan-digest {"v":5,"stacks":{}} --> ${flagsLine(flagsRecordOf(reportOf({ [stack]: risks }), []) as FlagsRecord)}\n`;

/** risk-gate.ts --applied-plan over files held in memory: the exit code and everything it printed. */
function gate(files: Readonly<Record<string, string>>, stack = "edge-production"): { code: number; out: string } {
  let out = "";
  const io: GateIo = { read: (f) => files[f], write: () => undefined, stdout: (t) => void (out += t), stderr: (t) => void (out += t) };
  const code = runRiskGate(["--applied-plan", stack, "--reviewed", "r.txt", "--report", "p.json", "--commit", HEAD], io);
  return { code, out };
}

/** The gate of a plan raising `raised` on edge-production against a review that raised `reviewed`. */
const matched = (reviewed: readonly Flag[], raised: readonly Flag[]) =>
  gate({ "r.txt": reviewedOf(reviewed), "p.json": reportOf({ "edge-production": raised }, false) });

/** The refused flags an error line names, between "did not accept for it: " and "; its configuration". */
const refused = (out: string): string => /did not accept for it: (.*); its configuration is the reviewed one/.exec(out)?.[1] ?? out;

describe("risk-gate.ts --applied-plan matches each flag of the real plan to one the signed review raised", () => {
  test("fails on the audit's repro, run as review.yml runs it: a count-only flags line accepting one dkim-removed raised on another selector", () => {
    const dir = tempDir("golive-applied-plan-");
    writeFileSync(join(dir, "report.json"), reportOf({ "edge-production": [dkim("golive1")] }, false));
    writeFileSync(
      join(dir, "reviewed.txt"),
      `<!-- golive:plan-flags {"v":1,"complete":true,"count":1,"stacks":{"edge-production":{"dkim-removed":1}},"sha256":"${"0".repeat(64)}"} -->\n`,
    );
    const args = ["--applied-plan", "edge-production", "--reviewed", join(dir, "reviewed.txt"), "--report", join(dir, "report.json")];
    const run = spawnSync(
      process.execPath,
      ["-r", "./lib/runtime/register-ts.js", "scripts/ci/risk-gate.ts", ...args, "--commit", "a".repeat(40)],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
      },
    );
    expect([run.status, run.stderr, refused(run.stdout)]).toEqual([
      1,
      "",
      'dkim-removed on "cloudflare_dns_record.Email_dkim-golive1_0E1F2A3B": "DKIM CNAME golive1._domainkey.example.com deleted: signatures with this selector stop verifying" (the review only counts its dkim-removed, signed by an older golive or too many to name one by one: none is matched)',
    ]);
  });

  test("fails on the audit's realistic case: golive1 deleted by an unreviewed merge, the review accepted deleting golive3, already gone live", () => {
    const { code, out } = matched([dkim("golive3")], [dkim("golive1")]);
    expect([code, refused(out)]).toEqual([
      1,
      'dkim-removed on "cloudflare_dns_record.Email_dkim-golive1_0E1F2A3B": "DKIM CNAME golive1._domainkey.example.com deleted: signatures with this selector stop verifying" (the review raised it on other resources only)',
    ]);
  });

  test("passes when every flag is one the review raised, by rule, address and detail, in any order, and fewer than it raised", () => {
    const reviewed = [dkim("golive1"), dkim("golive3"), waf('http_ratelimit: "Rate limit chat" requests_per_period 30 -> 3000')];
    expect(matched(reviewed, [reviewed[2] as Flag, dkim("golive1")])).toEqual({
      code: 0,
      out: `edge-production: its plan's risk flags (waf-loosened, dkim-removed) are ones the signed review of ${HEAD.slice(0, 12)} raised, accepted (each matched by rule, address and detail)\n`,
    });
  });

  test("fails on a flag at a reviewed address with another detail, and on one raised more often than the review did", () => {
    const chat = waf('http_ratelimit: "Rate limit chat" requests_per_period 30 -> 3000');
    const login = waf('http_ratelimit: "Rate limit login" requests_per_period 10 -> 1000');
    expect(refused(matched([login], [chat]).out)).toBe(
      `waf-loosened on "cloudflare_ruleset.RateLimits": ${JSON.stringify(chat.detail)} (the review raised it there with another detail)`,
    );
    expect(refused(matched([login], [login, login]).out)).toBe(
      `waf-loosened on "cloudflare_ruleset.RateLimits": ${JSON.stringify(login.detail)} (the plan raises it there more often than the review did)`,
    );
  });

  // A configuration diff shows `${aws_sns_topic.alerts.arn}` where the plan shows the topic's ARN.
  test("a reviewed detail holding a template matches one flag of that rule at its address, whatever its detail, after the exact matches", () => {
    const reviewed = [
      alarm("alarm app-production-5xx: no longer notifies ${aws_sns_topic.alerts.arn}"),
      alarm("alarm app-production-5xx: actions disabled"),
    ];
    const notifies = alarm("alarm app-production-5xx: no longer notifies arn:aws:sns:us-east-1:123456789012:app-production-alerts");
    const disabled = reviewed[1] as Flag;
    const threshold = alarm("alarm app-production-5xx: threshold 5 -> 500 (GreaterThanThreshold)");
    const check = (raised: readonly Flag[]) =>
      gate(
        { "r.txt": reviewedOf(reviewed, "monitoring-production"), "p.json": reportOf({ "monitoring-production": raised }, false) },
        "monitoring-production",
      );
    expect(check([notifies, disabled]).code).toBe(0);
    expect(check([disabled, notifies]).code).toBe(0);
    const { code, out } = check([notifies, disabled, threshold]);
    expect([code, refused(out)]).toEqual([
      1,
      `alerting-loosened on "aws_cloudwatch_metric_alarm.Errors": ${JSON.stringify(threshold.detail)} (the plan raises it there more often than the review did)`,
    ]);
    expect(check([threshold]).code).toBe(0); // one of that rule at that address: the template could be anything
    expect(check([{ ...threshold, address: "aws_cloudwatch_metric_alarm.Latency" }]).code).toBe(1);
  });

  test("fails on flags accepted for another stack only, on a rule id an object inherits, and when the digest output holds no flags line", () => {
    const reviewed = reviewedOf([waf("x")]);
    expect(
      refused(gate({ "r.txt": reviewed, "p.json": reportOf({ "edge-production": [{ ...waf("x"), rule: "constructor" }] }) }).out),
    ).toBe('constructor on "cloudflare_ruleset.RateLimits": "x" (the review raised none of this rule on the stack)');
    expect(gate({ "r.txt": reviewed, "p.json": reportOf({ "monitoring-production": [waf("x")] }) }, "monitoring-production").code).toBe(1);
    expect(
      gate({ "r.txt": '<!-- golive:plan-digest {"v":5,"stacks":{}} -->\n', "p.json": reportOf({ "edge-production": [waf("x")] }) }).code,
    ).toBe(1);
  });

  test("names at most five refused flags, each on the error line: a detail's line break cannot start a workflow command", () => {
    const raised = Array.from({ length: 7 }, (_, i) => waf(`rule ${i}\n::warning::forged`));
    const { code, out } = matched([], raised);
    expect(code).toBe(1);
    expect(out.split("\n")).toEqual([expect.stringMatching(/^::error::/), ""]);
    expect(refused(out).split(" (the review raised none of this rule on the stack)").length).toBe(6);
    expect(refused(out)).toMatch(/, and 2 more$/);
  });

  test("fails when the plan's flags cannot be read: no report, another stack's, or a plan that errored", () => {
    const errored = JSON.stringify({ stacks: [{ stack: "edge-production", errored: true, risks: [] }], failures: [] });
    for (const p of [undefined, "{", reportOf({ "traffic-production": [] }), errored]) {
      const { code, out } = gate({ "r.txt": reviewedOf([waf("x")]), ...(p === undefined ? {} : { "p.json": p }) });
      expect([code, out]).toEqual([
        1,
        "::error::edge-production: the risk flags of its plan could not be read (golive plan-report wrote no report of it): edge-production and the stacks after it are not applied\n",
      ]);
    }
  });

  test("passes a plan without flags whatever the review; refuses a usage it does not know with exit 2", () => {
    expect(gate({ "r.txt": "", "p.json": reportOf({ "edge-production": [] }) })).toEqual({
      code: 0,
      out: "edge-production: its plan raises no risk flag\n",
    });
    const io: GateIo = { read: () => undefined, write: () => undefined, stdout: () => undefined, stderr: () => undefined };
    expect(runRiskGate(["--applied-plan", "edge-production", "--report", "p.json"], io)).toBe(2);
    expect(runRiskGate(["--flags-line", "--flags", "f.json", "--commit", HEAD], io)).toBe(2);
  });
});

describe("the signed flags line keys each flag of a stack reviewed as a configuration diff", () => {
  test("keys only configuration-diff stacks, as many per rule as counted, and reads them back", () => {
    const report = JSON.parse(reportOf({ "edge-production": [dkim("golive1"), dkim("golive3")], "email-production": [dkim("x")] }));
    delete report.stacks[1].configDiff;
    const record = flagsRecordOf(JSON.stringify(report), []) as FlagsRecord;
    expect(Object.keys(record.keys ?? {})).toEqual(["edge-production"]);
    expect(record.keys?.["edge-production"]?.["dkim-removed"]).toHaveLength(2);
    expect(flagsRecordFrom(JSON.parse(JSON.stringify(record)))).toEqual(record);
  });

  test("fails to read a record whose keys do not name exactly the flags it counts, or are not keys", () => {
    const record = flagsRecordOf(reportOf({ "edge-production": [dkim("golive1"), waf("x")] }), []) as FlagsRecord;
    const keys = record.keys?.["edge-production"] ?? {};
    const [one = ""] = keys["dkim-removed"] ?? [];
    for (const bad of [
      { "edge-production": { ...keys, "dkim-removed": [one, one] } },
      { "edge-production": { "dkim-removed": [one] } },
      { "edge-production": { ...keys, "dkim-removed": ["not a key"] } },
      { "traffic-production": keys },
      [],
    ])
      expect(flagsRecordFrom({ ...record, keys: bad })).toBeUndefined();
  });

  test("keeps the keys within MAX_KEYS_CHARS: the stacks with most flags lose theirs first, and their flags are then refused", () => {
    const many = Array.from({ length: 300 }, (_, i) => waf(`rule ${i}`));
    const record = flagsRecordOf(
      reportOf({ "edge-production": many, "monitoring-production": [alarm("alarm a deleted")] }),
      [],
    ) as FlagsRecord;
    expect(Object.keys(record.keys ?? {})).toEqual(["monitoring-production"]);
    expect(JSON.stringify(record.keys).length).toBeLessThanOrEqual(MAX_KEYS_CHARS);
    const reviewed = `${flagsLine(record)}\n`;
    expect(refused(gate({ "r.txt": reviewed, "p.json": reportOf({ "edge-production": [waf("rule 1")] }, false) }).out)).toContain(
      "(the review only counts its waf-loosened ×300, signed by an older golive or too many to name one by one: none is matched)",
    );
  });
});
