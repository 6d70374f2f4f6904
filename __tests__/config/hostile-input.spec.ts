import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hostname } from "../../lib/core/dns-names";
import { loadConfigFile, loadEnvironments, parseConfigText, validateConfigData } from "../../lib/engines/config/load";
import { type ConfigEdit, configErrorText, exampleConfig, exampleInput, exampleText, inputErrorText } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

/** Issue #16's config cases, one named test each: malformed input refused by field, valid input accepted, cost bounded. */
const F = "config/production.yaml";
const J = "config/production.json";

/** The error text for the example with `edits`, as a line list (one line per problem). */
const lines = (edits: readonly ConfigEdit[]) => configErrorText(edits).split("\n");
const dnsRecord = (record: Record<string, unknown>): ConfigEdit => [["edge", "dns", 1], record];
/** The error text for config text parsed as `file` and validated, or "" when valid. */
function textErrorText(text: string, file = F): string {
  try {
    validateConfigData(file, parseConfigText(file, text));
    return "";
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
describe("addresses are parsed, not pattern-matched", () => {
  test.each([":::", "1::2::3", "1:2:3:4:5:6:7:8:9"])("fails on the invalid IPv6 origin %s", (address) => {
    expect(lines([[["edge", "hostnames", 1, "origin"], address]])).toEqual([
      `${F}: edge.hostnames[1].origin: "${address}" is not a valid IPv4/IPv6 address`,
    ]);
  });

  test.each([":::", "1::2::3", "1:2:3:4:5:6:7:8:9"])("fails on the invalid IPv6 AAAA content %s", (address) => {
    expect(lines([dnsRecord({ name: "v6.example.com", type: "AAAA", content: address })])).toEqual([
      `${F}: edge.dns[1].content: got "${address}" for a AAAA record; allowed: an IPv6 address such as 2001:db8::10`,
    ]);
  });

  test.each([":::", "1::2::3", "1:2:3:4:5:6:7:8:9"])("fails on the invalid IPv6 pool address %s", (address) => {
    expect(lines([[["release", "pools", "blue", "origins", 0, "address"], address]])).toEqual([
      `${F}: release.pools.blue.origins[0].address: "${address}" is not a valid IPv4/IPv6 address`,
    ]);
  });

  const allowed = "allowed: a CIDR range such as 198.51.100.0/24 or 2001:db8::/32";
  const cidrs: [string, string][] = [
    ["198.51.300.0/24", `"198.51.300.0" is not a valid IPv4 or IPv6 address`],
    ["198.51.100.0/33", "/33 is longer than the 32 bits of an IPv4 address"],
    ["2001:db8::/200", "/200 is longer than the 128 bits of an IPv6 address"],
    ["ff/24", `"ff" is not a valid IPv4 or IPv6 address`],
    ["198.51.100.7/24", `"198.51.100.7/24" has host bits set; the range is 198.51.100.0/24`],
    ["2001:db8:100::1/48", `"2001:db8:100::1/48" has host bits set; the range is 2001:db8:100::/48`],
  ];
  test.each(cidrs)("fails on the admin network %s", (cidr, problem) => {
    expect(lines([[["edge", "waf", "admin", "allowedNetworks", 0], cidr]])).toEqual([
      `${F}: edge.waf.admin.allowedNetworks[0]: ${problem}; ${allowed}; got "${cidr}"`,
    ]);
  });
  test.each(cidrs)("fails on the SPF network %s", (cidr, problem) => {
    expect(lines([[["email", "spf", "networks", 0], cidr]])).toEqual([
      `${F}: email.spf.networks[0]: ${problem}; ${allowed}; got "${cidr}"`,
    ]);
  });

  test("fails on *@example.com as an email address", () => {
    expect(lines([[["edge", "securityContact"], "*@example.com"]])).toEqual([
      `${F}: edge.securityContact: must be an email address such as ops@example.com (no mailto: prefix, no wildcard, lower-case domain); got "*@example.com"`,
    ]);
  });

  test("fails on a DMARC rua already prefixed mailto:", () => {
    expect(lines([[["email", "dmarc", "rua", 0], "mailto:dmarc-reports@example.com"]])[0]).toMatch(
      /^config\/production\.yaml: email\.dmarc\.rua\[0\]: must be an email address .*no mailto: prefix/,
    );
  });

  test.each(["https://chat.example.com:99999", "https://1.2.3.999/help", "https://[2001:db8::1]/help"])(
    "fails on the redirect target %s naming the field and what is allowed",
    (to) => {
      expect(lines([[["edge", "redirects", 0, "to"], to]])).toEqual([
        `${F}: edge.redirects[0].to: must be an absolute https:// URL with a lower-case host name or IPv4 address and a port of 1-65535; got "${to}"`,
      ]);
    },
  );
});

describe("header values cannot smuggle a header", () => {
  test.each([
    ["contentSecurityPolicy", "default-src 'self'\r\nSet-Cookie: a=b"],
    ["permissionsPolicy", "camera=()\nX-Evil: 1"],
  ])("fails on a %s holding CR/LF", (field, value) => {
    expect(lines([[["edge", "securityHeaders", field], value]])).toEqual([
      `${F}: edge.securityHeaders.${field}: must be printable ASCII on one line (no CR, LF or other control characters); got ${JSON.stringify(value)}`,
    ]);
  });
});

describe("names that would reach a prototype or collide", () => {
  test("fails on __proto__ as an Access role name (JSON and YAML both make it an own key)", () => {
    const input = exampleInput() as { edge: { access: { roles: Record<string, unknown> } } };
    input.edge.access.roles = JSON.parse(
      '{"users": {"emailDomains": ["example.com"]}, "admins": {"emails": ["a@example.com"]}, "__proto__": {"emails": ["b@example.com"]}}',
    );
    expect(inputErrorText(input)).toBe(
      `${F}: edge.access.roles.__proto__: "__proto__" cannot be a key (it names the prototype of an object)`,
    );
  });

  test("fails on prototype as an Access role name", () => {
    expect(lines([[["edge", "access", "roles", "prototype"], { emails: ["a@example.com"] }]])).toEqual([
      `${F}: edge.access.roles.prototype: "prototype" is reserved; choose another name; got "prototype"`,
    ]);
  });

  test("an Access role named constructor is valid and becomes its own Access group", () => {
    const edits: ConfigEdit[] = [
      [["edge", "access", "roles", "constructor"], { emails: ["a@example.com"] }],
      [
        ["edge", "access", "paths", 1, "roles"],
        ["admins", "constructor"],
      ],
    ];
    expect(configErrorText(edits)).toBe("");
    const groups = resourcesOf(synthKind(exampleConfig(edits), "edge"), "cloudflare_zero_trust_access_group").map(([, g]) => g);
    expect(groups).toContainEqual(
      expect.objectContaining({ name: "opsbot-production-constructor", include: [{ email: { email: "a@example.com" } }] }),
    );
  });

  test("fails on duplicate redirect sources, naming both", () => {
    const to = "https://chat.example.com";
    expect(
      lines([
        [
          ["edge", "redirects"],
          [
            { from: "old.example.com", to },
            { from: "old.example.com/", to },
          ],
        ],
      ]),
    ).toEqual([`${F}: edge.redirects[1].from: "old.example.com" is listed twice (also edge.redirects[0].from)`]);
  });

  test("fails on redirects /a-b and /a/b that become one rule id, naming both", () => {
    const to = "https://chat.example.com";
    expect(
      lines([
        [
          ["edge", "redirects"],
          [
            { from: "example.com/a-b", to },
            { from: "example.com/a/b", to },
          ],
        ],
      ]),
    ).toEqual([
      `${F}: edge.redirects[1].from: "example.com/a/b" and edge.redirects[0].from ("example.com/a-b") both become the redirect rule id redirect_example_com_a_b; change one of them`,
    ]);
  });

  test("fails on Access paths /a-b and /a_b (one construct id) naming both, instead of crashing in synth", () => {
    const paths = [
      { path: "/", roles: ["users"] },
      { path: "/a-b", roles: ["admins"] },
      { path: "/a_b", roles: ["admins"] },
    ];
    expect(lines([[["edge", "access", "paths"], paths]])).toEqual([
      `${F}: edge.access.paths[2].path: "/a_b" and edge.access.paths[1].path ("/a-b") both become the Access application id app-a-b; change one of them`,
    ]);
  });

  test("fails on DKIM selectors google and Google (capitals), and on a selector with a dot", () => {
    const message = "must be one lower-case DNS label such as google (no dots or capitals)";
    expect(lines([[["email", "extraDkim", 1], { selector: "Google", value: "v=DKIM1; k=rsa; p=AAAA" }]])).toEqual([
      `${F}: email.extraDkim[1].selector: ${message}; got "Google"`,
    ]);
    expect(lines([[["email", "extraDkim", 0, "selector"], "s1.google"]])).toEqual([
      `${F}: email.extraDkim[0].selector: ${message}; got "s1.google"`,
    ]);
  });

  test("fails on a DKIM selector listed twice", () => {
    expect(lines([[["email", "extraDkim", 1], { selector: "google", value: "v=DKIM1; k=rsa; p=AAAA" }]])).toEqual([
      `${F}: email.extraDkim[1].selector: "google" is listed twice (also email.extraDkim[0].selector)`,
    ]);
  });

  test("fails on alert emails differing only in case, naming both, instead of crashing in synth", () => {
    expect(
      lines([
        [
          ["monitoring", "alerts", "emails"],
          ["oncall@example.com", "OnCall@example.com"],
        ],
      ]),
    ).toEqual([
      `${F}: monitoring.alerts.emails[1]: "OnCall@example.com" is listed twice (also monitoring.alerts.emails[0], "oncall@example.com"); they differ only in case`,
    ]);
  });

  test("fails on duplicate and case-colliding feedback subscribers", () => {
    expect(
      lines([
        [
          ["email", "feedbackSubscribers"],
          ["ops@example.com", "ops@example.com"],
        ],
      ]),
    ).toEqual([`${F}: email.feedbackSubscribers[1]: "ops@example.com" is listed twice (also email.feedbackSubscribers[0])`]);
    expect(
      lines([
        [
          ["email", "feedbackSubscribers"],
          ["ops@example.com", "Ops@example.com"],
        ],
      ]),
    ).toEqual([
      `${F}: email.feedbackSubscribers[1]: "Ops@example.com" is listed twice (also email.feedbackSubscribers[0], "ops@example.com"); they differ only in case`,
    ]);
  });

  test("fails on an attestation item listed twice", () => {
    const again = { item: "app-rbac", owner: "app-team", date: "2026-11-20", evidence: "https://example.com/r" };
    expect(lines([[["readiness", "attestations", 5], again]])).toEqual([
      `${F}: readiness.attestations[5].item: "app-rbac" is attested twice (also readiness.attestations[1].item); keep one, with the latest review; got "app-rbac"`,
    ]);
  });
});

describe("SRV and other _ names", () => {
  test("a SRV record at _sip._tcp and a TXT record at an _ name are valid", () => {
    expect(
      configErrorText([dnsRecord({ name: "_sip._tcp.example.com", type: "SRV", content: "5 5060 sip.example.com", priority: 10 })]),
    ).toBe("");
    expect(configErrorText([dnsRecord({ name: "_github-challenge-opsbot.example.com", type: "TXT", content: "a1b2c3" })])).toBe("");
  });

  test("fails on a SRV record on a name without _service._proto", () => {
    expect(lines([dnsRecord({ name: "sip.example.com", type: "SRV", content: "5 5060 sip.example.com", priority: 10 })])).toEqual([
      `${F}: edge.dns[1].name: got "sip.example.com" for a SRV record; allowed: _service._proto.<name> such as _sip._tcp.example.com`,
    ]);
  });

  test("fails on an A record at an _ name", () => {
    expect(lines([dnsRecord({ name: "_x.example.com", type: "A", content: "192.0.2.9" })])).toEqual([
      `${F}: edge.dns[1].name: "_x.example.com" has a _ label, which only TXT, SRV and CNAME records may have, not A`,
    ]);
  });
});

describe("valid input that was refused", () => {
  test("a punycode hostname, top-level label included, is valid", () => {
    expect(Hostname.safeParse("xn--bcher-kva.xn--p1ai").success).toBe(true);
    expect(configErrorText([[["edge", "hostnames", 3], { name: "xn--bcher-kva.example.com", origin: "192.0.2.12" }]])).toBe("");
  });

  test("an origin label with an underscore is valid", () => {
    expect(configErrorText([[["edge", "hostnames", 2, "origin"], "origin_api.example.net"]])).toBe("");
  });

  test("JSON with a UTF-8 BOM and a $schema key is valid", () => {
    const data = { $schema: "./golive.schema.json", ...(exampleInput() as object) };
    expect(textErrorText(`\ufeff${JSON.stringify(data, null, 2)}`, J)).toBe("");
  });

  test("YAML with CR-only line endings is valid", () => {
    expect(textErrorText(exampleText().replace(/\n/g, "\r"))).toBe("");
  });
});

describe("encodings and duplicate keys", () => {
  test("fails on JSON with a duplicate top-level key (JSON.parse would keep the last)", () => {
    const text = JSON.stringify(exampleInput(), null, 2).replace(/^\{/, '{\n  "edge": {},');
    expect(textErrorText(text, J)).toBe(`${J}: edge: duplicate key; JSON keeps only the last one, so remove the other`);
  });

  test("fails on a YAML duplicate key, naming both lines", () => {
    const text = exampleText().replace("  canonicalHost: apex\n", "  canonicalHost: apex\n  canonicalHost: www\n");
    expect(textErrorText(text)).toMatch(
      /^config\/production\.yaml: edge\.canonicalHost: duplicate key \(first at line \d+, again at line \d+\)/,
    );
  });

  test("fails on a lone surrogate in a JSON value", () => {
    const text = JSON.stringify(exampleInput()).replace('"security@example.com"', '"sec\\ud800urity@example.com"');
    expect(textErrorText(text, J)).toBe(
      `${J}: edge.securityContact: this value contains a lone UTF-16 surrogate (U+D800), which is not valid Unicode; allowed: printable text (tabs and line breaks only)`,
    );
  });

  test("fails on a NUL byte in a value, naming the field and line", () => {
    expect(textErrorText(exampleText().replace("security@example.com", "secu\u0000rity@example.com"))).toMatch(
      /^config\/production\.yaml: edge\.securityContact: contains the control character U\+0000 at line \d+, column 24$/,
    );
  });

  describe("in files", () => {
    const dir = mkdtempSync(join(tmpdir(), "golive-config-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const load = (name: string) => {
      try {
        loadConfigFile(join(dir, name), name);
        return "";
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
    };

    test("fails on Latin-1 bytes (invalid UTF-8), naming the field and line", () => {
      mkdirSync(join(dir, "latin1"));
      writeFileSync(
        join(dir, "latin1", "production.yaml"),
        Buffer.from(exampleText().replace("security@", "s\u00e9curit\u00e9@"), "latin1"),
      );
      expect(load("latin1/production.yaml")).toMatch(
        /^latin1\/production\.yaml: edge\.securityContact: contains bytes that are not valid UTF-8 \(save the file as UTF-8\) at line \d+, column 21$/,
      );
    });

    test("accepts U+FFFD written as UTF-8, and names invalid bytes after one by their own line (a BOM before both)", () => {
      mkdirSync(join(dir, "replacement"));
      const valid = exampleText().replace("security@", "security\ufffd@");
      writeFileSync(join(dir, "replacement", "production.yaml"), `\ufeff# \ufffd\n${valid}`);
      expect(load("replacement/production.yaml")).toMatch(/^replacement\/production\.yaml: edge\.securityContact: .*email/);
      writeFileSync(join(dir, "replacement", "production.yaml"), `\ufeff# \ufffd\n${exampleText()}`);
      expect(load("replacement/production.yaml")).toBe("");
      const lines = exampleText().split("\n");
      const at = lines.findIndex((l) => l.includes("security@"));
      const bytes = Buffer.concat([
        Buffer.from(`\ufeff# \ufffd\n${lines.slice(0, at).join("\n")}\n`, "utf8"),
        Buffer.from(`${lines[at]?.replace("security@", "s\u00e9curity@")}\n${lines.slice(at + 1).join("\n")}`, "latin1"),
      ]);
      writeFileSync(join(dir, "replacement", "production.yaml"), bytes);
      expect(load("replacement/production.yaml")).toBe(
        `replacement/production.yaml: edge.securityContact: contains bytes that are not valid UTF-8 (save the file as UTF-8) at line ${at + 2}, column 21`,
      );
    });

    test("fails on a FIFO at once, without opening it for reading", () => {
      mkdirSync(join(dir, "fifo"));
      execFileSync("mkfifo", [join(dir, "fifo", "production.yaml")]);
      const message = load("fifo/production.yaml");
      expect(message).toBe("fifo/production.yaml: (root): is a FIFO (named pipe), not a regular file; allowed: a YAML or JSON file");
    });

    test("fails on a file over 1 MiB, saying the limit", () => {
      mkdirSync(join(dir, "huge"));
      writeFileSync(join(dir, "huge", "production.yaml"), `${exampleText()}# ${"x".repeat(1024 * 1024)}\n`);
      expect(load("huge/production.yaml")).toMatch(
        /^huge\/production\.yaml: \(root\): is \d+ bytes; allowed: at most 1048576 bytes \(1 MiB\)$/,
      );
    });

    const folder = (name: string, files: Record<string, string>) => {
      mkdirSync(join(dir, name));
      for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, name, file), text);
      try {
        loadEnvironments(join(dir, name), undefined, dir);
        return "";
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
    };

    test("fails on production.yaml next to production.yml, naming both", () => {
      expect(folder("yml", { "production.yaml": exampleText(), "production.yml": exampleText() })).toBe(
        'yml/production.yml: (root): a second config file for environment "production" (also yml/production.yaml); allowed: one file per environment, so remove or rename one',
      );
    });

    test("fails on production.json next to production.yaml, naming both", () => {
      expect(folder("json", { "production.yaml": exampleText(), "production.json": JSON.stringify(exampleInput()) })).toBe(
        'json/production.yaml: (root): a second config file for environment "production" (also json/production.json); allowed: one file per environment, so remove or rename one',
      );
    });

    test("fails on an empty config folder", () => {
      expect(folder("empty", {})).toBe(
        "empty: (root): holds no config file; allowed: one file per environment named <environment>.yaml, .yml, .json (golive init <environment> writes one)",
      );
    });
  });
});

describe("YAML tags golive does not read", () => {
  // The parser only warns on an unknown tag and reads the text after it: CloudFormation's !Sub became a
  // literal secret name, synthesized with exit 0 (the audit's repro).
  test.each([
    ["app: opsbot", "app: !foo opsbot", "app: carries the YAML tag !foo (line 3)"],
    [
      "secretName: opsbot/production/pagerduty-alerts-url",
      "secretName: !Sub opsbot/production/pagerduty-alerts-url",
      "monitoring.alerts.webhooks[0].secretName: carries the YAML tag !Sub (line ",
    ],
  ])("%s tagged as %s is refused naming the field and the tag", (plain, tagged, says) => {
    const text = exampleText();
    expect(text).toContain(plain);
    const message = textErrorText(text.replace(plain, tagged));
    expect(message).toContain(`${F}: ${says}`);
    expect(message).toContain("which golive does not read; allowed: the value itself, untagged");
  });

  test("YAML's own tags (!!str) are still read as before", () => {
    expect(textErrorText(exampleText().replace("app: opsbot", "app: !!str opsbot"))).toBe("");
  });
});

describe("cost is bounded", () => {
  test("a YAML mapping of 40000 keys is refused at the entry limit, before any duplicate-key check", () => {
    const text = Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}`).join("\n");
    const message = textErrorText(text);
    expect(message).toBe(
      `${F}: (root): has more than 10000 lines and list or mapping entries (line 10001, column 14); allowed: at most 10000`,
    );
  });

  test("a YAML mapping just under the entry limit is parsed and its duplicate key found", () => {
    // Its time (linear: no pairwise key comparison) is a target of npm run bench (bench/config-input.bench.ts).
    const text = `${Array.from({ length: 9_990 }, (_, i) => `k${i}: ${i}`).join("\n")}\nk7: again\n`;
    const message = textErrorText(text);
    expect(message).toBe(`${F}: k7: duplicate key (first at line 8, again at line 9991); YAML keeps only one, so remove the other`);
  });

  test("a 50 MB TXT value is refused by its length, before the schema reads it", () => {
    const content = "a".repeat(50_000_000);
    const message = configErrorText([dnsRecord({ name: "example.com", type: "TXT", content })]);
    expect(message).toBe(`${F}: edge.dns[1].content: this value is 50000000 characters long; allowed: at most 8192`);
  });

  test("500000 DNS records are refused, saying the limit", () => {
    const records = Array.from({ length: 500_000 }, (_, i) => ({ name: "example.com", type: "TXT", content: `v${i}` }));
    const message = configErrorText([[["edge", "dns"], records]]);
    expect(message).toBe(`${F}: edge.dns: has 500000 items; allowed: at most 5000 in any list`);
    expect(configErrorText([[["edge", "dns"], records.slice(0, 1001)]])).toMatch(
      /^config\/production\.yaml: edge\.dns: at most 1000 DNS records; got /,
    );
  });
});
