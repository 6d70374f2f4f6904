import { configErrorText } from "../helpers/example-config";

const F = "config/production.yaml";

describe("limits the APIs and RFCs set, refused by field", () => {
  test("a * label in email.nonSending (DMARC looks up _dmarc.<name> itself, RFC 7489 6.6.3)", () => {
    expect(configErrorText([[["email", "nonSending", 0], "*.example.com"]])).toContain(
      `${F}: email.nonSending[0]: "*.example.com" has a * label; allowed: names written out`,
    );
  });

  test("a wildcard zone name", () => {
    expect(configErrorText([[["cloudflare", "zone", "name"], "*.example.com"]])).toContain(
      `${F}: cloudflare.zone.name: must be a DNS name without a * label`,
    );
  });

  test("an owner tag beginning with aws: in any case, or with characters tags refuse (Secrets Manager TagResource)", () => {
    expect(configErrorText([[["secrets", "owner"], "AWS:platform"]])).toContain(
      `${F}: secrets.owner: must not begin with aws: (AWS reserves the prefix in tag values)`,
    );
    expect(configErrorText([[["secrets", "owner"], "ops\nteam"]])).toContain(`${F}: secrets.owner: may hold letters, digits, spaces`);
    expect(configErrorText([[["secrets", "owner"], "plattform-team@example.com"]])).toBe("");
  });

  test("an email address with more than 64 characters before the @ (RFC 5321 4.5.3.1.1)", () => {
    const long = `${"a".repeat(65)}@example.com`;
    expect(configErrorText([[["monitoring", "alerts", "emails", 0], long]])).toContain(
      `${F}: monitoring.alerts.emails[0]: must have at most 64 characters before the @ (RFC 5321)`,
    );
    expect(configErrorText([[["monitoring", "alerts", "emails", 0], `${"a".repeat(64)}@example.com`]])).toBe("");
  });

  test("an MTA-STS mx pattern longer than a DNS name (RFC 1035)", () => {
    const label = "a".repeat(63);
    expect(configErrorText([[["email", "mtaSts", "mx", 0], `${label}.${label}.${label}.${label}.net`]])).toContain(
      `${F}: email.mtaSts.mx[0]: must be at most 253 characters (RFC 1035)`,
    );
  });
});
