import { configErrorText } from "../helpers/example-config";

const F = "config/production.yaml";

describe("bad config gets field-named errors", () => {
  test("the example config is valid as shipped", () => {
    expect(configErrorText([])).toBe("");
    expect(configErrorText([], "staging")).toBe("");
  });

  test("fails on unknown keys, naming each", () => {
    const text = configErrorText([
      [["edge", "waf", "managed", "owsap"], true],
      [["colour"], "blue"],
    ]);
    expect(text).toContain(`${F}: edge.waf.managed.owsap: unknown key`);
    expect(text).toContain(`${F}: colour: unknown key`);
  });

  test("fails on an enum value, saying what was given and what is allowed", () => {
    expect(configErrorText([[["cloudflare", "plan"], "gold"]])).toBe(
      `${F}: cloudflare.plan: Invalid option: expected one of "free"|"pro"|"business"|"enterprise"; got "gold"`,
    );
  });

  test("fails on a missing required field", () => {
    expect(configErrorText([[["edge", "securityContact"], undefined]])).toMatch(
      /^config\/production\.yaml: edge\.securityContact: is required; allowed: an email address such as ops@example\.com .*$/,
    );
  });

  test("fails on hostnames that are not lower-case", () => {
    expect(configErrorText([[["edge", "hostnames", 1, "name"], "Chat.example.com"]])).toContain(
      `${F}: edge.hostnames[1].name: must be a lower-case DNS name such as app.example.com; got "Chat.example.com"`,
    );
  });

  test("fails on hostnames outside the zone", () => {
    expect(configErrorText([[["edge", "hostnames", 1, "name"], "chat.example.org"]])).toContain(
      `${F}: edge.hostnames[1].name: "chat.example.org" is outside the zone example.com; allowed: example.com or a name ending in .example.com`,
    );
  });

  test("fails on wildcard abuse: wildcard app hostnames, misplaced and proxied wildcards", () => {
    const text = configErrorText([
      [["edge", "hostnames", 1, "name"], "*.example.com"],
      [
        ["edge", "dns"],
        [
          { name: "*.dev.example.com", type: "A", content: "192.0.2.50", proxied: true },
          { name: "a.*.example.com", type: "A", content: "192.0.2.51" },
        ],
      ],
    ]);
    expect(text).toContain(`${F}: edge.hostnames[1].name: "*.example.com" is a wildcard; app hostnames must be listed one by one`);
    expect(text).toContain(`${F}: edge.dns[0].proxied: a proxied wildcard ("*.dev.example.com")`);
    expect(text).toContain(
      `${F}: edge.dns[1].name: "a.*.example.com": a wildcard must be the whole left-most label, as in *.dev.example.com`,
    );
  });

  test("fails on duplicate records and duplicate hostnames", () => {
    const text = configErrorText([
      [["edge", "hostnames", 2, "name"], "chat.example.com"],
      [
        ["edge", "dns"],
        [
          { name: "example.com", type: "TXT", content: "x" },
          { name: "example.com", type: "TXT", content: "x" },
        ],
      ],
    ]);
    expect(text).toContain(`${F}: edge.hostnames[2].name: "chat.example.com" is listed twice (also edge.hostnames[1].name)`);
    expect(text).toContain(`${F}: edge.dns[1]: duplicate TXT record for example.com (also at edge.dns[0])`);
  });

  test("fails on a CNAME at a name that has other records, naming both fields", () => {
    const text = configErrorText([[["edge", "dns"], [{ name: "api.example.com", type: "TXT", content: "hello" }]]]);
    expect(text).toBe(
      `${F}: edge.hostnames[2].name: a CNAME at api.example.com cannot share the name with other records (TXT at edge.dns[0]); use A/AAAA records or another name`,
    );
  });

  test("fails on a TXT value too long as sent: quoted in 255-byte strings, the form Cloudflare measures", () => {
    const txt = (content: string) => configErrorText([[["edge", "dns"], [{ name: "example.com", type: "TXT", content }]]]);
    expect(txt("a".repeat(2100))).toContain(
      `${F}: edge.dns[0].content: TXT value is 2100 characters, 2126 as sent (quoted, in 255-byte strings); allowed: at most 2048 as sent`,
    );
    // Under the limit as written, over it as sent (eight strings: 16 quotes, 7 spaces): was accepted, and the apply failed.
    expect(txt("a".repeat(2040))).toContain("TXT value is 2040 characters, 2063 as sent");
    expect(txt("a".repeat(2022))).toBe(""); // 2,045 as sent
    // Characters, not UTF-16 units: 1,010 emoji are 1,010 characters, in 17 strings of at most 63 (4 bytes each); 2,040 are 2,138 in 33.
    expect(txt("\u{1F600}".repeat(1010))).toBe(""); // 2,070 UTF-16 units as sent, 1,060 characters
    expect(txt("\u{1F600}".repeat(2040))).toContain("TXT value is 2040 characters, 2138 as sent");
    // Each quote is escaped as sent: 1,000 of them are 2,011 characters in four strings, 1,100 are 2,214 in five.
    expect(txt('"'.repeat(1000))).toBe("");
    expect(txt('"'.repeat(1100))).toContain("TXT value is 1100 characters, 2214 as sent");
  });

  test("fails on an origin that is neither an IP address nor a lower-case hostname", () => {
    const allowed = "allowed: an IPv4/IPv6 address or a lower-case hostname such as origin.example.net (no scheme, port or path)";
    expect(configErrorText([[["edge", "hostnames", 2, "origin"], "https://origin.example.net/app"]])).toBe(
      `${F}: edge.hostnames[2].origin: got "https://origin.example.net/app"; ${allowed}`,
    );
    expect(configErrorText([[["edge", "hostnames", 2, "origin"], "Origin-API.example.net"]])).toBe(
      `${F}: edge.hostnames[2].origin: got "Origin-API.example.net"; ${allowed}`,
    );
    expect(configErrorText([[["edge", "hostnames", 1, "origin"], "192.0.2.300"]])).toContain(
      `${F}: edge.hostnames[1].origin: "192.0.2.300" is not a valid IPv4/IPv6 address`,
    );
  });

  test("fails on record content that does not fit the type", () => {
    const text = configErrorText([
      [
        ["edge", "dns"],
        [
          { name: "a.example.com", type: "A", content: "not-an-ip" },
          { name: "example.com", type: "MX", content: "mx.example.net" },
          { name: "example.com", type: "TXT", content: "x", proxied: true },
        ],
      ],
    ]);
    expect(text).toContain(`${F}: edge.dns[0].content: got "not-an-ip" for a A record; allowed: an IPv4 address`);
    expect(text).toContain(`${F}: edge.dns[1].priority: an MX record needs a priority`);
    expect(text).toContain(`${F}: edge.dns[2].proxied: only A, AAAA and CNAME records can be proxied, not TXT`);
  });

  test("fails on rate limits of 0 or absurd", () => {
    expect(configErrorText([[["edge", "rateLimits", 0, "requestsPerPeriod"], 0]])).toContain(
      `${F}: edge.rateLimits[0].requestsPerPeriod: must be at least 1; got 0`,
    );
    expect(configErrorText([[["edge", "rateLimits", 0, "requestsPerPeriod"], 60000]])).toContain(
      `${F}: edge.rateLimits[0].requestsPerPeriod: 60000 per 60s is 1000 requests/s per IP; allowed: at most 100/s (6000 per 60s)`,
    );
    expect(configErrorText([[["edge", "rateLimits"], []]])).toContain("edge.rateLimits: at least one rate limit (chat) is required");
  });

  test("fails on redirect loops a -> b -> a", () => {
    const text = configErrorText([
      [
        ["edge", "redirects"],
        [
          { from: "old.example.com", to: "https://new.example.com" },
          { from: "new.example.com", to: "https://old.example.com" },
        ],
      ],
    ]);
    expect(text).toContain(
      `${F}: edge.redirects[0]: redirect loop: old.example.com -> https://new.example.com, new.example.com -> https://old.example.com`,
    );
  });

  test("fails on a redirect that loops through the canonical www -> apex redirect", () => {
    expect(configErrorText([[["edge", "redirects"], [{ from: "example.com", to: "https://www.example.com" }]]])).toContain(
      "redirect loop: www.example.com -> https://example.com, example.com -> https://www.example.com",
    );
  });

  test("fails on redirect targets that are not absolute https URLs", () => {
    expect(configErrorText([[["edge", "redirects", 0, "to"], "http://chat.example.com"]])).toContain(
      `${F}: edge.redirects[0].to: must be an absolute https:// URL with a lower-case host name or IPv4 address and a port of 1-65535; got "http://chat.example.com"`,
    );
    expect(configErrorText([[["edge", "redirects", 0, "to"], "/relative"]])).toContain(
      `${F}: edge.redirects[0].to: must be an absolute https:// URL`,
    );
  });

  test("fails on a feature the plan tier cannot have, naming the tier needed", () => {
    const text = configErrorText([[["cloudflare", "plan"], "free"]]);
    expect(text).toContain(`${F}: edge.waf.managed.owasp: the OWASP Core Ruleset is not available on the free plan; needs pro or higher`);
    expect(text).toContain(
      `${F}: edge.rateLimits: 2 rate-limiting rules (1 allowed) is not available on the free plan; needs pro or higher`,
    );
    expect(text).toContain(
      `${F}: edge.rateLimits[0].period: a 60s period (allowed: 10) is not available on the free plan; needs pro or higher`,
    );
    expect(configErrorText([[["edge", "rateLimits", 0, "period"], 600]])).toContain(
      "a 600s period (allowed: 10, 15, 20, 30, 40, 45, 60) is not available on the pro plan; needs business or higher",
    );
  });

  test("fails on a rate-limit log action below enterprise, naming the tier needed", () => {
    expect(configErrorText([[["edge", "rateLimits", 0, "action"], "log"]])).toBe(
      `${F}: edge.rateLimits[0].action: the log action (allowed: block, managed_challenge) is not available on the pro plan; needs enterprise or higher`,
    );
    expect(
      configErrorText([
        [["cloudflare", "plan"], "enterprise"],
        [["edge", "rateLimits", 0, "action"], "log"],
      ]),
    ).toBe("");
  });

  test("fails on Access roles that are unknown or empty, and without a / path", () => {
    const text = configErrorText([
      [["edge", "access", "paths"], [{ path: "/admin", roles: ["admin"] }]],
      [["edge", "access", "roles", "users"], {}],
    ]);
    expect(text).toContain(`${F}: edge.access.roles.users: a role needs at least one of emails, emailDomains or idpGroup`);
    expect(text).toContain(`${F}: edge.access.paths[0].roles[0]: unknown role "admin"; allowed: users, admins`);
    expect(text).toContain(`${F}: edge.access.paths: must include path "/" so no part of a hostname is left without authentication`);
  });

  test("fails on a public hostname without a reason", () => {
    expect(configErrorText([[["edge", "hostnames", 1, "public"], { reason: "demo" }]])).toContain(
      `${F}: edge.hostnames[1].public.reason: must explain why in at least 10 characters`,
    );
  });

  test("fails on HSTS shorter than a year", () => {
    expect(configErrorText([[["edge", "hsts", "maxAge"], 86400]])).toContain(
      `${F}: edge.hsts.maxAge: must be at least 31536000 (one year); got 86400`,
    );
  });

  test("fails when the environment does not match the file name", () => {
    expect(configErrorText([[["environment"], "prod"]])).toBe(
      `${F}: environment: "prod" does not match the file name; allowed: "production"`,
    );
  });

  test("reports every problem at once, one line each", () => {
    const text = configErrorText([
      [["cloudflare", "plan"], "gold"],
      [["edge", "hsts", "maxAge"], 5],
      [["edge", "redirects", 0, "status"], 302],
    ]);
    const lines = text.split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.startsWith(`${F}: `)).toBe(true);
    expect(text).toContain("edge.redirects[0].status");
  });
});
