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
        address: `cloudflare_dns_record.a${SPOOF}`,
        mode: "managed",
        type: "cloudflare_dns_record",
        name: "a",
        change: { actions: ["update"], before: dmarc("v=DMARC1; p=reject"), after: dmarc(`v=DMARC1; p=none; ${SPOOF}`), after_unknown: {} },
      },
      {
        address: RTL,
        previous_address: `cloudflare_dns_record.old${SPOOF}`,
        mode: "managed",
        type: "cloudflare_dns_record",
        name: "b",
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

  test("code uses a fence longer than any backtick run inside", () => {
    expect(code("a")).toBe("`a`");
    expect(code("a``b")).toBe("``` a``b ```");
  });

  test("plain leaves no HTML, link bracket, code span, table cell or mention", () => {
    expect(plain("<b>[x](y) `z` | @team ~~s~~ &amp;")).toBe(
      "&#60;b>&#91;x&#93;(y) &#96;z&#96; &#124; &#64;team &#126;&#126;s&#126;&#126; &#38;amp;",
    );
  });

  test("fenced lines cannot close their fence", () => {
    expect(fenced("a ```` b\n```")).toBe("a '''' b\\n'''");
  });
});
