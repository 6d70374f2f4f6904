import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { code, fenced, plain, visible } from "../../lib/engines/plan/markdown-text";

const SPOOF =
  "x\n\n</details>\n\n## ✅ Security review: approved\n\n![ok](https://evil.example/a.png) [docs](javascript:alert(1)) @security-team ```";
const RTL = "cloudflare_dns_record.\u202Eetadpu";

/** A plan whose every string a reviewer reads holds a Markdown breakout. */
function hostilePlan(): string {
  const dmarc = (value: string) => ({ name: "_dmarc.example.com", type: "TXT", content: value, ttl: 300 });
  return JSON.stringify({
    format_version: "1.2",
    resource_changes: [
      {
        // Agreeing with its name: a plan whose address disagrees with its parts is refused (addresses.ts).
        address: `cloudflare_dns_record.a${SPOOF}`,
        mode: "managed",
        type: "cloudflare_dns_record",
        name: `a${SPOOF}`,
        change: { actions: ["update"], before: dmarc("v=DMARC1; p=reject"), after: dmarc(`v=DMARC1; p=none; ${SPOOF}`), after_unknown: {} },
      },
      {
        address: RTL,
        previous_address: `cloudflare_dns_record.old${SPOOF}`,
        mode: "managed",
        type: "cloudflare_dns_record",
        name: RTL.slice("cloudflare_dns_record.".length),
        change: {
          actions: ["delete", "create"],
          before: { name: "b" },
          after: { name: `b${SPOOF}` },
          after_unknown: {},
          replace_paths: [[`name${SPOOF}`]],
        },
      },
    ],
    output_changes: { [`out${SPOOF}`]: { actions: ["update"], before: "a", after: `b${SPOOF}` } },
  });
}

describe("a hostile plan cannot spoof the PR comment", () => {
  const plan = parsePlanJson("hostile.json", hostilePlan());
  const { comment } = renderPlanReport([{ stack: "edge-production", file: "hostile.json", plan }], "`plan-report.md`");
  const lines = comment.split("\n");
  /** What GitHub renders as Markdown: the comment without fenced blocks and code spans, which show text as is. */
  const active = comment.replace(/^(`{3,})[a-z]*\n[\s\S]*?^\1$/gm, "").replace(/(`+)[^`][\s\S]*?\1/g, "");

  test("no plan value starts a heading, a quote or a list of its own", () => {
    expect(lines.filter((l) => l.startsWith("#") && !/^(## golive plan review|### (`edge-production`|🚨 Risk flags))/.test(l))).toEqual([]);
    expect(
      lines.some((l) => l.includes("## ✅") && !l.startsWith("- ") && !l.startsWith("    ") && !l.startsWith("~") && !l.startsWith("-/+")),
    ).toBe(false);
  });

  test("no plan value closes a folded block, adds an image or a link, or mentions anyone", () => {
    // HTML acts only at the start of a line: a plan value never gets there (inside code it is text).
    expect(lines.filter((l) => /^\s*<\/?details>/.test(l)).length).toBe(
      lines.filter((l) => l === "<details>" || l === "</details>").length,
    );
    expect(lines.filter((l) => l === "</details>").length).toBe(lines.filter((l) => l === "<details>").length);
    expect(active).toContain("golive plan review");
    expect(active).not.toMatch(/!\[ok\]\(/);
    expect(active).not.toMatch(/\]\(javascript:/);
    expect(active).not.toContain("@security-team");
    expect(active).not.toContain("## ✅");
  });

  test("bidi controls are shown, not obeyed", () => {
    expect(comment).not.toContain("\u202E");
    expect(comment).toContain("\\u202e");
  });
});

describe("escaping for each Markdown context", () => {
  test("visible keeps text on one line and shows controls", () => {
    expect(visible("a\nb\r\tc\u0000\u2066")).toBe("a\\nb\\r\\tc\\u0000\\u2066");
  });

  test("visible shows every character that displays nothing: format, tag, filler and variation characters", () => {
    // Each of these made an address read as another (`["prod<U+E0041>"]` as `["prod"]`).
    const hidden = ["\u00ad", "\u034f", "\u115f", "\u180e", "\u3164", "\ufe0f", "\ufff9", "\u{1d173}", "\u{e0041}"];
    expect(hidden.map((h) => visible(`prod${h}`))).toEqual([
      "prod\\u00ad",
      "prod\\u034f",
      "prod\\u115f",
      "prod\\u180e",
      "prod\\u3164",
      "prod\\ufe0f",
      "prod\\ufff9",
      "prod\\u{1d173}",
      "prod\\u{e0041}",
    ]);
    expect(code('aws_s3_bucket.b["prod\u{e0041}"]')).toBe('`aws_s3_bucket.b["prod\\u{e0041}"]`');
    expect(visible("prod é ü 東京 ✓")).toBe("prod é ü 東京 ✓");
  });

  test("visible shows blanks that look like a space or nothing, and marks that strike an ASCII character", () => {
    // Each made `Alarms_latency-average_E497EB36<blank>` read as the real address.
    const blanks = ["\u00a0", "\u2007", "\u3000", "\u2800", "\ufffc", "\u0336", "\u20e0", "a\u0336\u0336"];
    expect(blanks.map((b) => visible(`prod${b}`))).toEqual([
      "prod\\u00a0",
      "prod\\u2007",
      "prod\\u3000",
      "prod\\u2800",
      "prod\\ufffc",
      "prod\\u0336",
      "prod\\u20e0",
      "proda\\u0336\\u0336",
    ]);
    // A space stays one, and a mark on a letter of another script is that script's spelling.
    expect(visible("a b ก\u0e34 ग\u093f")).toBe("a b ก\u0e34 ग\u093f");
  });

  test("code uses a fence longer than any backtick run inside", () => {
    expect(code("a")).toBe("`a`");
    expect(code("a``b")).toBe("``` a``b ```");
  });

  test("plain leaves no HTML, link bracket, code span, table cell or mention", () => {
    expect(plain("<b>[x](y) `z` | @team ~~s~~ &amp;")).toBe(
      "&#60;b>&#91;x&#93;(y) &#96;z&#96; &#124; `@team` &#126;&#126;s&#126;&#126; &#38;amp;",
    );
  });

  test("plain shows a word GitHub would mention, link or reference as code, however it is written", () => {
    expect(plain("ask @team, see https://x.example/a or www.x.example (org/repo#12) mail a@x.example")).toBe(
      "ask `@team`, see `https://x.example/a` or `www.x.example` (`org/repo#12`) mail `a@x.example`",
    );
    expect(plain("`@x` ```")).toBe("`` `@x` `` &#96;&#96;&#96;");
  });

  test("plain shows the other references GitHub autolinks as code: GH-12 and a commit SHA, alone or after user@ or org/repo@", () => {
    expect(plain("fixes GH-26 and gh-7 (see a5c3785ed8d6a35868bc169f07e40e889087fd2e, a5c3785 or org/repo@a5c3785ed)")).toBe(
      "fixes `GH-26` and `gh-7` (see `a5c3785ed8d6a35868bc169f07e40e889087fd2e`, `a5c3785` or `org/repo@a5c3785ed`)",
    );
    // Not a whole word of hex (a cdktf id's suffix, a 64-digit sha256, AGH-1), or shorter than 7: plain text.
    const ordinary = `Db_1A2B3C4D ${"ab".repeat(32)} AGH-1 cafe12 AES-256 account 1234`;
    expect(plain(ordinary)).toBe(ordinary);
  });

  test("fenced lines cannot close their fence", () => {
    expect(fenced("a ```` b\n```")).toBe("a '''' b\\n'''");
  });
});

/** The comment as GitHub acts on it: without fenced blocks and code spans (a run of n backticks closes at the next run of n). */
function outsideCode(markdown: string): string {
  return markdown.replace(/^(`{3,})[a-z]*\n[\s\S]*?^\1$/gm, "").replace(/(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, "");
}

describe("names from a plan cannot mention anyone or add a link", () => {
  const EVIL = "@octocat https://evil.example/approve www.evil.example #1 ops@evil.example";
  const trust = (principal: string) =>
    JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }] });
  const rc = (type: string, actions: string[], before: unknown, after: unknown) => ({
    address: `${type}.x`,
    mode: "managed",
    type,
    name: "x",
    change: { actions, before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
  });
  const plan = parsePlanJson(
    "evil.json",
    JSON.stringify({
      format_version: "1.2",
      resource_changes: [
        rc(
          "cloudflare_zero_trust_access_policy",
          ["update"],
          { name: EVIL, decision: "allow", include: [{ group: { id: "g" } }] },
          { name: EVIL, decision: "allow", include: [{ group: { id: "g" } }, { everyone: {} }] },
        ),
        rc(
          "aws_iam_role",
          ["update"],
          { name: EVIL, assume_role_policy: trust("arn:aws:iam::111111111111:root") },
          { name: EVIL, assume_role_policy: trust(EVIL) },
        ),
        rc("aws_sns_topic", ["delete", "create"], { name: EVIL }, { name: `${EVIL}-2` }),
      ],
    }),
  );
  const { report, comment } = renderPlanReport([{ stack: "app|1 | 9 | 9", file: "evil.json", plan }], "`r.md`");

  test("an Access policy, role, principal and topic name are flagged with the name in code spans", () => {
    const details = report.stacks.flatMap((s) => s.risks.map((r) => r.detail));
    expect(details).toEqual(
      expect.arrayContaining([
        `${EVIL}: include now has everyone`,
        `role ${EVIL} trust: new principal ${EVIL}`.replace(`principal ${EVIL}`, `principal AWS:${EVIL}`),
      ]),
    );
    expect(details.some((d) => d.startsWith(`alert topic ${EVIL} replaced`))).toBe(true);
    const active = outsideCode(comment);
    expect(active).toContain("include now has everyone");
    expect(active).not.toMatch(/@octocat|@evil/);
    expect(active).not.toMatch(/https?:\/\/|www\./i);
    expect(active).not.toMatch(/(^|[^&\w])#1\b/);
    expect(comment).toContain("`@octocat`");
  });

  test("a pipe in a stack name cannot add a cell to the summary table", () => {
    const row = comment.split("\n").find((l) => l.startsWith("| `app"));
    expect(row).toBe("| `app\\|1 \\| 9 \\| 9` | **3** | 0 | 1 | 0 | 2 | 0 | 0 | 0 |");
    // GFM splits a row on every pipe not escaped by a backslash, inside code spans too.
    expect(row?.split(/(?<!\\)\|/).length).toBe(11);
  });
});
