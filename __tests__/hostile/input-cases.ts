import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { loadConfigFile, loadEnvironments, parseConfigText, validateConfigData } from "../../lib/engines/config/load";
import { formatPath } from "../../lib/core/issues";
import { type ConfigEdit, type ConfigPath, editedCopy, exampleInput, exampleText } from "../helpers/example-config";
import { acceptedEdit, FILE, type Family, type HostileCase, refusedEdit, saying } from "./config-cases";

const rec = (name: string, type: string, content: string, extra: Record<string, unknown> = {}) => ({ name, type, content, ...extra });
const EXAMPLE_TXT = rec("example.com", "TXT", "google-site-verification=EXAMPLE-not-a-real-token");
const accessPaths = (...paths: string[]): ConfigEdit => [
  ["edge", "access", "paths"],
  [{ path: "/", roles: ["users", "admins"] }, ...paths.map((path) => ({ path, roles: ["admins"] }))],
];

function collisionCases(): HostileCase[] {
  const c = (name: string, edits: readonly ConfigEdit[], field: ConfigPath) => refusedEdit("collisions", name, edits, field);
  const redirects = (...from: string[]): ConfigEdit => [
    ["edge", "redirects"],
    from.map((f) => ({ from: f, to: "https://chat.example.com" })),
  ];
  return [
    c("redirect source twice", [redirects("old.example.com", "old.example.com")], ["edge", "redirects", 1, "from"]),
    c("redirect sources /docs and /docs/", [redirects("example.com/docs", "example.com/docs/")], ["edge", "redirects", 1, "from"]),
    c("redirect rule ids /a-b and /a/b", [redirects("example.com/a-b", "example.com/a/b")], ["edge", "redirects", 1, "from"]),
    c("redirect rule ids /a-b and /a_b", [redirects("example.com/a-b", "example.com/a_b")], ["edge", "redirects", 1, "from"]),
    c("redirect from www next to the canonical www -> apex one", [redirects("www.example.com")], ["edge", "redirects", 0, "from"]),
    c("Access paths /a-b and /a/b", [accessPaths("/a-b", "/a/b")], ["edge", "access", "paths", 2, "path"]),
    c("Access paths /a-b and /a_b", [accessPaths("/a-b", "/a_b")], ["edge", "access", "paths", 2, "path"]),
    c("Access path /root next to /", [accessPaths("/root")], ["edge", "access", "paths", 1, "path"]),
    c("Access path twice", [accessPaths("/admin", "/admin")], ["edge", "access", "paths", 2, "path"]),
    c(
      "service token path /hooks_x next to Access path /hooks-x",
      [accessPaths("/hooks-x"), [["edge", "access", "serviceTokens", 0, "paths"], ["/hooks_x"]]],
      ["edge", "access", "serviceTokens", 0, "paths", 0],
    ),
    c(
      "role token-webhooks next to token webhooks",
      [[["edge", "access", "roles", "token-webhooks"], { emails: ["a@example.com"] }]],
      ["edge", "access", "roles", "token-webhooks"],
    ),
    c(
      "service token twice",
      [[["edge", "access", "serviceTokens", 1], { name: "webhooks", paths: ["/cb"] }]],
      ["edge", "access", "serviceTokens", 1, "name"],
    ),
    c(
      "DKIM selector twice",
      [[["email", "extraDkim", 1], { selector: "google", value: "v=DKIM1; k=rsa; p=AAAA" }]],
      ["email", "extraDkim", 1, "selector"],
    ),
    c(
      "alert emails differing only in case",
      [
        [
          ["monitoring", "alerts", "emails"],
          ["oncall@example.com", "Oncall@example.com"],
        ],
      ],
      ["monitoring", "alerts", "emails", 1],
    ),
    c(
      "alert emails a.b and a-b (one subscription id)",
      [
        [
          ["monitoring", "alerts", "emails"],
          ["a.b@example.com", "a-b@example.com"],
        ],
      ],
      ["monitoring", "alerts", "emails", 1],
    ),
    c(
      "alert email twice",
      [
        [
          ["monitoring", "alerts", "emails"],
          ["oncall@example.com", "oncall@example.com"],
        ],
      ],
      ["monitoring", "alerts", "emails", 1],
    ),
    c(
      "feedback subscriber twice",
      [
        [
          ["email", "feedbackSubscribers"],
          ["ops@example.com", "ops@example.com"],
        ],
      ],
      ["email", "feedbackSubscribers", 1],
    ),
    c(
      "feedback subscribers differing only in case",
      [
        [
          ["email", "feedbackSubscribers"],
          ["ops@example.com", "OPS@example.com"],
        ],
      ],
      ["email", "feedbackSubscribers", 1],
    ),
    c(
      "attestation item twice",
      [[["readiness", "attestations", 5], { item: "app-rbac", owner: "app-team", date: "2026-11-20", evidence: "https://example.com/r" }]],
      ["readiness", "attestations", 5, "item"],
    ),
    c(
      "non-sending name twice",
      [
        [
          ["email", "nonSending"],
          ["old.example.com", "old.example.com"],
        ],
      ],
      ["email", "nonSending", 1],
    ),
    c("inbound MX host twice", [[["email", "inboundMx", 1, "host"], "mx1.example.net"]], ["email", "inboundMx", 1, "host"]),
    c(
      "hostnames a-b and a.b (one DNS record id)",
      [
        [["edge", "hostnames", 3], { name: "a-b.example.com", origin: "192.0.2.12" }],
        [["edge", "hostnames", 4], { name: "a.b.example.com", origin: "192.0.2.12" }],
      ],
      ["edge", "hostnames", 4, "name"],
    ),
    c(
      "release hostname taking an edge hostname's uptime check id",
      [
        [["edge", "hostnames", 3], { name: "app-x.example.com", origin: "192.0.2.12" }],
        [["release", "hostname"], "app.x.example.com"],
      ],
      ["release", "hostname"],
    ),
    c(
      "admin-deploy policies with one attachment id",
      [
        [
          ["secrets", "github", "adminDeployPolicyArns"],
          ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::111111111111:policy/ReadOnlyAccess"],
        ],
      ],
      ["secrets", "github", "adminDeployPolicyArns", 1],
    ),
    c("hostname twice", [[["edge", "hostnames", 2, "name"], "chat.example.com"]], ["edge", "hostnames", 2, "name"]),
    c("DNS record twice", [[["edge", "dns", 1], EXAMPLE_TXT]], ["edge", "dns", 1]),
    c("rate limit name twice", [[["edge", "rateLimits", 1, "name"], "chat"]], ["edge", "rateLimits", 1, "name"]),
    c("secret name twice", [[["secrets", "items", 1, "name"], "model-provider-api-key"]], ["secrets", "items", 1, "name"]),
    c("runtime role twice", [[["secrets", "runtimeRoles", 1, "name"], "app"]], ["secrets", "runtimeRoles", 1, "name"]),
    c(
      "webhook name twice",
      [[["monitoring", "alerts", "webhooks", 1], { name: "pagerduty", secretName: "opsbot/production/other" }]],
      ["monitoring", "alerts", "webhooks", 1, "name"],
    ),
    c(
      "pool origin name in both colours",
      [[["release", "pools", "green", "origins", 0, "name"], "blue-1"]],
      ["release", "pools", "green", "origins", 0, "name"],
    ),
  ];
}

function validCases(): HostileCase[] {
  return [
    acceptedEdit("the production example as shipped", []),
    acceptedEdit("the staging example as shipped", [], "staging"),
    acceptedEdit("an Access role named constructor", [
      [["edge", "access", "roles", "constructor"], { emails: ["a@example.com"] }],
      [
        ["edge", "access", "paths", 1, "roles"],
        ["admins", "constructor"],
      ],
    ]),
    acceptedEdit("Access roles named like Object.prototype members, lower-case", [
      [["edge", "access", "roles", "tostring"], { emails: ["a@example.com"] }],
      [["edge", "access", "roles", "hasownproperty"], { emailDomains: ["example.com"] }],
    ]),
    acceptedEdit("a $schema key", [[["$schema"], "./golive.schema.json"]]),
    acceptedEdit("a punycode hostname", [[["edge", "hostnames", 3], { name: "xn--bcher-kva.example.com", origin: "192.0.2.12" }]]),
    acceptedEdit("an origin label with an underscore", [[["edge", "hostnames", 2, "origin"], "origin_api.example.net"]]),
    acceptedEdit("an IPv6 origin", [[["edge", "hostnames", 1, "origin"], "2001:db8::11"]]),
    // An IPv4-mapped one is refused as every origin is (MAPPED_IPV4 in config-cases.ts).
    acceptedEdit("an IPv6 pool address", [[["release", "pools", "green", "origins", 0, "address"], "2001:db8::40"]]),
    acceptedEdit("a SRV record at _sip._tcp", [
      [["edge", "dns", 1], rec("_sip._tcp.example.com", "SRV", "5 5060 sip.example.com", { priority: 10 })],
    ]),
    acceptedEdit("a TXT record at an _ name", [[["edge", "dns", 1], rec("_github-challenge-opsbot.example.com", "TXT", "a1b2c3")]]),
    acceptedEdit("a CNAME at _acme-challenge to an _ target", [
      [["edge", "dns", 1], rec("_acme-challenge.example.com", "CNAME", "s1._acme.example.net")],
    ]),
    // 2,022 characters are 2,045 as sent (eight quoted strings): the longest that fits Cloudflare's 2,048.
    acceptedEdit("a TXT value of 2,022 characters, 2,045 as sent", [[["edge", "dns", 1], rec("big.example.com", "TXT", "a".repeat(2022))]]),
    acceptedEdit("CIDRs at the edges: /0, /32, /128, IPv4-mapped", [
      [
        ["edge", "waf", "admin", "allowedNetworks"],
        ["198.51.100.7/32", "2001:db8::1/128", "::/0", "::ffff:198.51.100.0/120"],
      ],
    ]),
    acceptedEdit("email addresses with + ' and capitals in the local part", [
      [
        ["monitoring", "alerts", "emails"],
        ["ops+alerts@example.com", "o'brien@example.com", "Platform@example.com"],
      ],
    ]),
    acceptedEdit("alert emails that only look alike (different subscription ids)", [
      [
        ["monitoring", "alerts", "emails"],
        ["a.b@example.com", "ab@example.com"],
      ],
    ]),
    acceptedEdit("feedback subscribers a.b and a-b (two mailboxes)", [
      [
        ["email", "feedbackSubscribers"],
        ["a.b@example.com", "a-b@example.com"],
      ],
    ]),
    acceptedEdit("a redirect to an explicit port and an IPv4 host", [
      [["edge", "redirects", 0, "to"], "https://chat.example.com:8443/help"],
      [["edge", "redirects", 1, "to"], "https://192.0.2.50/docs"],
    ]),
    acceptedEdit("a long CSP of printable ASCII", [
      [["edge", "securityHeaders", "contentSecurityPolicy"], `default-src 'self' ${"https://cdn.example.com ".repeat(100)}`],
    ]),
    acceptedEdit("a multi-line public reason", [
      [["edge", "hostnames", 0, "public", "reason"], "Marketing landing page.\nHolds no data and serves no API.\n"],
    ]),
    acceptedEdit("non-ASCII free text (owner, description)", [
      // An AWS tag value: letters of any script, digits, spaces and + - = . _ : / @ (no apostrophe).
      [["secrets", "owner"], "Zoë Ångström team @platform"],
      [["secrets", "items", 0, "description"], "API key of the LLM provider — the chatbot calls it 🙂"],
    ]),
    acceptedEdit("Access paths /a-b and /a-c (distinct ids)", [accessPaths("/a-b", "/a-c")]),
    acceptedEdit("Access paths /admin and /admin/ (one application)", [accessPaths("/admin", "/admin/")]),
    acceptedEdit("200 extra TXT records", [
      [
        ["edge", "dns"],
        [EXAMPLE_TXT, ...Array.from({ length: 200 }, (_, i) => rec(`r${i}.example.com`, "TXT", `v=${i}`))],
      ],
    ]),
  ];
}

/** A config given as text (as a file would give it), parsed and validated as `file`. */
function textCase(family: Family, name: string, file: string, text: () => string, field: string | undefined): HostileCase {
  return { family, name, file, field, run: () => validateConfigData(file, parseConfigText(file, text())) };
}

const JSON_FILE = "config/production.json";
const jsonText = (data: unknown = exampleInput()) => JSON.stringify(data, null, 2);
/** The example as text with `search` replaced (once). */
const yamlWith = (search: string, replace: string) => () => {
  const text = exampleText();
  if (!text.includes(search)) throw new Error(`example has no ${search}`);
  return text.replace(search, replace);
};

/** Numbers YAML reads as Infinity or NaN. */
export const NON_FINITE = ["1e400", "-1e400", ".inf", "-.inf", ".nan"];

function encodingCases(): HostileCase[] {
  const contact = "securityContact: security@example.com";
  const jsonContact = '"securityContact": "security@example.com"';
  const jsonWith = (search: string, replace: string) => () => jsonText().replace(search, replace);
  const refused = (name: string, file: string, text: () => string, field: string) => textCase("encodings", name, file, text, field);
  const accepted = (name: string, file: string, text: () => string) => textCase("valid", name, file, text, undefined);
  return [
    refused("YAML: NUL byte in a value", FILE, yamlWith(contact, "securityContact: secu\u0000rity@example.com"), "edge.securityContact"),
    refused("YAML: BEL in a value", FILE, yamlWith(contact, "securityContact: secu\u0007rity@example.com"), "edge.securityContact"),
    refused("YAML: DEL in a value", FILE, yamlWith(contact, "securityContact: secu\u007frity@example.com"), "edge.securityContact"),
    refused(
      "YAML: C1 control (NEL) in a value",
      FILE,
      yamlWith(contact, "securityContact: secu\u0085rity@example.com"),
      "edge.securityContact",
    ),
    refused(
      "YAML: escaped NUL in a quoted value",
      FILE,
      yamlWith(contact, 'securityContact: "sec\\0urity@example.com"'),
      "edge.securityContact",
    ),
    refused(
      "YAML: escaped lone surrogate",
      FILE,
      yamlWith(contact, 'securityContact: "sec\\uD800urity@example.com"'),
      "edge.securityContact",
    ),
    refused("YAML: duplicate top-level key", FILE, () => `${exampleText()}\napp: other\n`, "app"),
    refused(
      "YAML: duplicate nested key",
      FILE,
      yamlWith("  canonicalHost: apex\n", "  canonicalHost: apex\n  canonicalHost: www\n"),
      "edge.canonicalHost",
    ),
    refused("YAML: keys 1 and '1' (one key in JS)", FILE, () => `${exampleText()}\n1: a\n'1': b\n`, "1"),
    refused("YAML: a list where the config mapping belongs", FILE, () => "- app: opsbot\n", "(root)"),
    refused("YAML: empty file", FILE, () => "", "(root)"),
    saying(
      refused("YAML: two documents", FILE, () => `${exampleText()}\n---\napp: other\n`, "(root)"),
      /: a second YAML document \(---\) at line \d+; allowed: one document per config file$/,
    ),
    // One line: the parser's context lines (and the `:` before them) are left out.
    saying(
      refused("YAML: syntax error", FILE, () => "app: [opsbot\n", "(root)"),
      /: not valid YAML: .* at line 2, column 1$/,
    ),
    refused(
      "YAML: alias bomb",
      FILE,
      () =>
        `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`,
      "(root)",
    ),
    refused(
      "YAML: a __proto__ key",
      FILE,
      yamlWith("  canonicalHost: apex\n", "  canonicalHost: apex\n  __proto__: {x: 1}\n"),
      "edge.__proto__",
    ),
    refused(
      "YAML: a role named __proto__",
      FILE,
      yamlWith("    roles:\n", "    roles:\n      __proto__:\n        emails: [a@example.com]\n"),
      "edge.access.roles.__proto__",
    ),
    // Numbers no config can mean: YAML's .inf and .nan, and 1e400 (Infinity once parsed), in YAML and JSON.
    ...NON_FINITE.map((n) => refused(`YAML: maxAge ${n}`, FILE, yamlWith("maxAge: 31536000", `maxAge: ${n}`), "edge.hsts.maxAge")),
    refused("JSON: maxAge 1e400", JSON_FILE, jsonWith('"maxAge": 31536000', '"maxAge": 1e400'), "edge.hsts.maxAge"),
    refused("JSON: duplicate top-level key", JSON_FILE, () => jsonText().replace(/^\{/, '{\n  "app": "other",'), "app"),
    refused(
      "JSON: duplicate nested key",
      JSON_FILE,
      jsonWith(jsonContact, `${jsonContact}, "securityContact": "x@example.com"`),
      "edge.securityContact",
    ),
    refused(
      "JSON: lone surrogate",
      JSON_FILE,
      jsonWith(jsonContact, '"securityContact": "sec\\ud800urity@example.com"'),
      "edge.securityContact",
    ),
    refused(
      "JSON: escaped NUL",
      JSON_FILE,
      jsonWith(jsonContact, '"securityContact": "sec\\u0000urity@example.com"'),
      "edge.securityContact",
    ),
    refused(
      "JSON: raw NUL in a string",
      JSON_FILE,
      jsonWith(jsonContact, '"securityContact": "sec\u0000urity@example.com"'),
      "edge.securityContact",
    ),
    refused(
      "JSON: a role named __proto__",
      JSON_FILE,
      jsonWith('"roles": {', '"roles": { "__proto__": { "emails": ["a@example.com"] },'),
      "edge.access.roles.__proto__",
    ),
    refused("JSON: syntax error", JSON_FILE, () => "{", "(root)"),
    refused("JSON: null", JSON_FILE, () => "null", "(root)"),
    refused("environment not matching the file name", "config/prod.yaml", () => exampleText(), "environment"),
    accepted("YAML with CRLF line endings", FILE, () => exampleText().replace(/\n/g, "\r\n")),
    accepted("YAML with CR-only line endings", FILE, () => exampleText().replace(/\n/g, "\r")),
    accepted("YAML with a UTF-8 BOM", FILE, () => `\ufeff${exampleText()}`),
    // Written as UTF-8 (EF BF BD), U+FFFD is a character like any other (the audit's false "not valid UTF-8").
    accepted("YAML with U+FFFD written as UTF-8 in a comment", FILE, () => `# replacement char \ufffd in a comment\n${exampleText()}`),
    accepted(
      "YAML with U+FFFD written as UTF-8 in a description",
      FILE,
      yamlWith("description: API key of the LLM", "description: \ufffd API key of the LLM"),
    ),
    accepted("YAML with anchors and aliases", FILE, yamlWith('      paths: ["/admin"]', '      paths: &adminPaths ["/admin"]')),
    accepted("JSON as produced by JSON.stringify", JSON_FILE, () => jsonText()),
    accepted("JSON with a UTF-8 BOM", JSON_FILE, () => `\ufeff${jsonText()}`),
    accepted("JSON with a $schema key", JSON_FILE, () => jsonText({ $schema: "./golive.schema.json", ...(exampleInput() as object) })),
    accepted("JSON with CR-only line breaks", JSON_FILE, () => jsonText().replace(/\n/g, "\r")),
  ];
}

const enterprise: ConfigEdit = [["cloudflare", "plan"], "enterprise"];

/** `n` redirects of 900-character paths, each to the next (the last back to the first when `loop`). */
function longChain(n: number, loop = false): ConfigEdit {
  const path = (i: number) => `/${i}/${"x".repeat(900)}`;
  const target = (i: number) => (loop && i === n - 1 ? 0 : i + 1);
  return [
    ["edge", "redirects"],
    Array.from({ length: n }, (_, i) => ({ from: `old.example.com${path(i)}`, to: `https://old.example.com${path(target(i))}` })),
  ];
}

function sizeCases(): HostileCase[] {
  const refused = (name: string, edits: readonly ConfigEdit[], field: ConfigPath) => refusedEdit("sizes", name, edits, field);
  const many = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
  let deep: unknown = "x";
  for (let i = 0; i < 40; i++) deep = { a: deep };
  return [
    refused("a 50 MB TXT value", [[["edge", "dns", 1], rec("example.com", "TXT", "a".repeat(50_000_000))]], ["edge", "dns", 1, "content"]),
    refused(
      "a 9000-character CSP",
      [[["edge", "securityHeaders", "contentSecurityPolicy"], "a".repeat(9000)]],
      ["edge", "securityHeaders", "contentSecurityPolicy"],
    ),
    refused(
      "a 2100-character TXT value",
      [[["edge", "dns", 1], rec("example.com", "TXT", "a".repeat(2100))]],
      ["edge", "dns", 1, "content"],
    ),
    refused("1001 DNS records", [[["edge", "dns"], many(1001, (i) => rec(`r${i}.example.com`, "TXT", "x"))]], ["edge", "dns"]),
    refused("500000 DNS records", [[["edge", "dns"], many(500_000, () => 0)]], ["edge", "dns"]),
    refused(
      "101 hostnames",
      [[["edge", "hostnames"], many(101, (i) => ({ name: `h${i}.example.com`, origin: "192.0.2.1" }))]],
      ["edge", "hostnames"],
    ),
    refused(
      "501 redirects",
      [[["edge", "redirects"], many(501, (i) => ({ from: `r${i}.example.com`, to: "https://example.com" }))]],
      ["edge", "redirects"],
    ),
    // Loop detection follows every chain from every redirect: 300 chained redirects of 900-character
    // paths (with the canonical one, enterprise's limit of 300 rules) took ~45 s; over a plan's limit the file is refused before any chain is followed.
    acceptedEdit("299 chained redirects of 900-character paths (300 rules) on enterprise", [enterprise, longChain(299)]),
    // Named at /100/..., the first of the loop in rule order (longer prefixes first: mostSpecificFirst).
    refused("the same chain closed into a loop", [enterprise, longChain(299, true)], ["edge", "redirects", 100]),
    refused("301 chained redirects of 900-character paths on pro", [longChain(301)], ["edge", "redirects"]),
    refused(
      "101 Access roles",
      [[["edge", "access", "roles"], Object.fromEntries(many(101, (i) => [`r${i}`, { emails: ["a@example.com"] }]))]],
      ["edge", "access", "roles"],
    ),
    refused(
      "51 alert emails",
      [[["monitoring", "alerts", "emails"], many(51, (i) => `a${i}@example.com`)]],
      ["monitoring", "alerts", "emails"],
    ),
    refused(
      "201 secrets",
      [
        [
          ["secrets", "items"],
          many(201, (i) => ({ name: `s${i}x`, description: "a secret of the app", readers: ["app"], rotation: { everyDays: 30 } })),
        ],
      ],
      ["secrets", "items"],
    ),
    refused("11 SPF includes", [[["email", "spf", "includes"], many(11, (i) => `s${i}.example.net`)]], ["email", "spf", "includes"]),
    refused(
      "21 pool origins",
      [[["release", "pools", "blue", "origins"], many(21, (i) => ({ name: `b${i}`, address: "192.0.2.30" }))]],
      ["release", "pools", "blue", "origins"],
    ),
    refused(
      "21 managed policies",
      [[["secrets", "github", "deployPolicyArns"], many(21, (i) => `arn:aws:iam::aws:policy/P${i}`)]],
      ["secrets", "github", "deployPolicyArns"],
    ),
    refused(
      "5001 items in an unknown list",
      [[["edge", "waf", "allowedOrigins"], many(5001, () => "https://example.com")]],
      ["edge", "waf", "allowedOrigins"],
    ),
    refused("2000 keys in one mapping", [[["edge", "hsts"], Object.fromEntries(many(2000, (i) => [`k${i}`, i]))]], ["edge", "hsts"]),
    refused("nesting 40 levels deep", [[["edge", "hsts", "maxAge"], deep]], ["edge", "hsts", "maxAge", ...many(29, () => "a")]),
    refused("a 300-character key", [[["edge", "k".repeat(300)], 1]], ["edge", "k".repeat(300)]),
    {
      family: "sizes",
      name: "120000 values",
      file: FILE,
      field: "(root)",
      run: () => validateConfigData(FILE, { ...(editedCopy() as object), extra: many(24, () => many(5000, () => 1)) }),
    },
    textCase("sizes", "YAML with 40000 keys", FILE, () => many(40_000, (i) => `k${i}: ${i}`).join("\n"), "(root)"),
    textCase("sizes", "YAML nesting [ 100000 deep", FILE, () => "[".repeat(100_000), "(root)"),
    textCase("sizes", "YAML indented 1000 levels", FILE, () => many(1000, (i) => `${" ".repeat(i)}a:`).join("\n"), "(root)"),
    textCase("sizes", "2 MB of text", FILE, () => `app: ${"x".repeat(2 * 1024 * 1024)}\n`, "(root)"),
  ];
}

/** Config files that are not regular files or that break the one-file-per-environment rule; made in `dir` when run. */
function fileKindCases(dir: string): HostileCase[] {
  const label = (path: string) => relative(dir, path);
  const file = (name: string, field: string | undefined, make: (path: string) => void): HostileCase => {
    const path = join(dir, name);
    return {
      family: field === undefined ? "valid" : "file kinds",
      name,
      file: label(path),
      field,
      run: () => {
        make(path);
        return loadConfigFile(path, label(path));
      },
    };
  };
  const folder = (name: string, files: Record<string, string>, field: string, labelFile: string): HostileCase => ({
    family: "file kinds",
    name,
    file: labelFile,
    field,
    run: () => {
      mkdirSync(join(dir, name));
      for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, name, f), text);
      return loadEnvironments(join(dir, name), undefined, dir);
    },
  });
  const text = exampleText();
  return [
    file("fifo/production.yaml", "(root)", (p) => {
      mkdirSync(join(p, ".."));
      execFileSync("mkfifo", [p]);
    }),
    file("device/production.yaml", "(root)", (p) => {
      mkdirSync(join(p, ".."));
      symlinkSync("/dev/zero", p);
    }),
    file("directory/production.yaml", "(root)", (p) => mkdirSync(p, { recursive: true })),
    file("missing/production.yaml", "(root)", () => undefined),
    file("huge/production.yaml", "(root)", (p) => {
      mkdirSync(join(p, ".."));
      writeFileSync(p, `${text}# ${"x".repeat(1024 * 1024)}\n`);
    }),
    file("latin1/production.yaml", "edge.securityContact", (p) => {
      mkdirSync(join(p, ".."));
      writeFileSync(p, Buffer.from(text.replace("security@example.com", "s\u00e9curit\u00e9@example.com"), "latin1"));
    }),
    // A U+FFFD written in the file before the bad byte: the bad byte, not the character, is named.
    file("replacement-then-latin1/production.yaml", "edge.securityContact", (p) => {
      mkdirSync(join(p, ".."));
      const bad = text.replace("security@example.com", "s\u00e9curit\u00e9@example.com").split("s\u00e9curit\u00e9@");
      writeFileSync(
        p,
        Buffer.concat([Buffer.from(`# \ufffd\n${bad[0]}`, "utf8"), Buffer.from(`s\u00e9curit\u00e9@${bad.slice(1).join("")}`, "latin1")]),
      );
    }),
    file("latin1-comment/production.yaml", "(root)", (p) => {
      mkdirSync(join(p, ".."));
      writeFileSync(p, Buffer.from(`# caf\u00e9\n${text}`, "latin1"));
    }),
    file("utf16/production.yaml", "(root)", (p) => {
      mkdirSync(join(p, ".."));
      writeFileSync(p, Buffer.from(`\ufeff${text}`, "utf16le"));
    }),
    file("symlink/production.yaml", undefined, (p) => {
      mkdirSync(join(p, ".."));
      writeFileSync(`${p}.real`, text);
      symlinkSync(`${p}.real`, p);
    }),
    file("bom/production.yaml", undefined, (p) => {
      mkdirSync(join(p, ".."));
      writeFileSync(p, `\ufeff${text}`);
    }),
    folder("yaml-and-yml", { "production.yaml": text, "production.yml": text }, "(root)", "yaml-and-yml/production.yml"),
    folder("yaml-and-json", { "production.yaml": text, "production.json": jsonText() }, "(root)", "yaml-and-json/production.yaml"),
    folder("empty", {}, "(root)", "empty"),
  ];
}

export function inputCases(dir: string): HostileCase[] {
  return [...collisionCases(), ...validCases(), ...encodingCases(), ...sizeCases(), ...fileKindCases(dir)];
}

export { formatPath };
