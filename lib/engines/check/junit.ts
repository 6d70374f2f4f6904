import type { CheckReport, RuleResult } from "./engine";
import { describeLocation } from "./scorecard";
import { accessSection } from "./access/render";

// XML 1.0 allows only these characters (https://www.w3.org/TR/xml/#charsets), even escaped: any other
// (a control character, a lone surrogate) would make the whole file unreadable, so it becomes U+FFFD.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text for element content or a double-quoted attribute; tabs and newlines survive in attributes too. */
export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML_CHAR, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

function attrs(values: Readonly<Record<string, string | number>>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join("");
}

function findingsText(r: RuleResult): string {
  return r.findings.map((f) => `- ${f.message}\n  at ${describeLocation(f.location)}`).join("\n");
}

/** The body of one testcase: a failure for a failing blocker, skipped for skipped and exempt rules. */
function testcaseBody(r: RuleResult): string {
  switch (r.status) {
    case "fail":
      if (r.rule.severity === "blocker") {
        const message = r.findings[0]?.message ?? r.rule.title;
        return `<failure${attrs({ message, type: "blocker" })}>${xmlEscape(`fix: ${r.rule.fix}\n${findingsText(r)}`)}</failure>`;
      }
      // A warning does not block the launch, so it is no failure; its findings are still shown.
      return `<system-out>${xmlEscape(`WARNING: ${r.rule.fix}\n${findingsText(r)}`)}</system-out>`;
    case "skipped":
      return `<skipped${attrs({ message: r.note ?? "skipped" })}/>`;
    case "exempt":
      return `<skipped${attrs({ message: `exempt until ${r.exemption?.expires ?? "?"}: ${r.exemption?.reason ?? ""}` })}/>`;
    case "attested":
    case "n/a":
      return `<system-out>${xmlEscape(`${r.status === "n/a" ? "not applicable" : "attested"}: ${r.note ?? ""}`)}</system-out>`;
    case "pass":
      return "";
  }
}

/** The suite's "who can read secrets and state" section, as the table prints it (GL-SEC-007 holds any failure). */
function accessOut(report: CheckReport, env: string): string[] {
  const section = accessSection((report.access ?? []).filter((a) => a.env === env));
  return section.length > 0 ? [`    <system-out>${xmlEscape(section.join("\n"))}</system-out>`] : [];
}

const isFailure = (r: RuleResult) => r.status === "fail" && r.rule.severity === "blocker";
const isSkipped = (r: RuleResult) => r.status === "skipped" || r.status === "exempt";

/**
 * JUnit XML for CI test reports (the Jenkins / GitLab / Azure DevOps dialect): one testsuite per
 * environment, one testcase per rule; failing blockers are failures, skipped and exempted rules are
 * skipped, warnings pass with their findings in system-out. No timestamps: the same input gives the
 * same file.
 */
export function toJunit(report: CheckReport): string {
  const suites = report.environments.map((env) => {
    const results = report.results.filter((r) => r.env === env);
    const cases = results.map((r) => {
      const body = testcaseBody(r);
      const head = `    <testcase${attrs({ classname: `golive.check.${env}`, name: `${r.rule.id} ${r.rule.title}` })}`;
      return body === "" ? `${head}/>` : `${head}>\n      ${body}\n    </testcase>`;
    });
    const counts = {
      tests: results.length,
      failures: results.filter(isFailure).length,
      errors: 0,
      skipped: results.filter(isSkipped).length,
    };
    return [
      `  <testsuite${attrs({ name: env, ...counts })}>`,
      `    <properties><property${attrs({ name: "today", value: report.today })}/></properties>`,
      ...cases,
      ...accessOut(report, env),
      "  </testsuite>",
    ].join("\n");
  });
  const total = {
    tests: report.results.length,
    failures: report.results.filter(isFailure).length,
    errors: 0,
    skipped: report.results.filter(isSkipped).length,
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: "golive check", ...total })}>`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}
