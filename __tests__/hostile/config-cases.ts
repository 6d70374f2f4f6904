import { validateConfigData } from "../../lib/engines/config/load";
import { formatPath } from "../../lib/core/issues";
import { parse } from "yaml";
import { type ConfigEdit, type ConfigPath, editedCopy, exampleInput, exampleText, setIn } from "../helpers/example-config";

/**
 * Malformed configs, generated from the example config (config/production.yaml) by small edits, each
 * with the field its refusal must name; and valid-but-unusual ones that must be accepted. Run through
 * the validator in-process: milliseconds each.
 */
export type Family =
  | "types"
  | "unknown keys"
  | "ranges"
  | "addresses"
  | "names"
  | "header values"
  | "collisions"
  | "encodings"
  | "sizes"
  | "file kinds"
  | "valid";

export interface HostileCase {
  readonly family: Family;
  readonly name: string;
  /** How errors name the file, such as config/production.yaml. */
  readonly file: string;
  /** The field the refusal must name, as errors print it (`edge.dns[1].content`); undefined: must be accepted. */
  readonly field: string | undefined;
  /** Loads or validates the input; throws a ConfigError (or ConfigErrors) to refuse it. */
  readonly run: () => unknown;
  /** What every line naming `field` must say (one line per problem, in the field's own words); any, when unset. */
  readonly says?: RegExp;
}

/** `c`, whose every line naming its field must match `says`. */
export function saying(c: HostileCase, says: RegExp): HostileCase {
  return { ...c, says };
}

const FILE = "config/production.yaml";

export function refusedEdit(
  family: Family,
  name: string,
  edits: readonly ConfigEdit[],
  field: ConfigPath,
  env = "production",
): HostileCase {
  const file = `config/${env}.yaml`;
  return { family, name, file, field: formatPath(field), run: () => validateConfigData(file, editedCopy(edits, env)) };
}

export function acceptedEdit(name: string, edits: readonly ConfigEdit[], env = "production"): HostileCase {
  const file = `config/${env}.yaml`;
  return { family: "valid", name, file, field: undefined, run: () => validateConfigData(file, editedCopy(edits, env)) };
}

/** Every value of `input` that is not a mapping or list, with its path. */
function leaves(input: unknown, path: ConfigPath = []): { path: ConfigPath; value: unknown }[] {
  if (Array.isArray(input)) return input.flatMap((v, i) => leaves(v, [...path, i]));
  if (typeof input === "object" && input !== null) return Object.entries(input).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [{ path, value: input }];
}

function mappings(input: unknown, path: ConfigPath = []): ConfigPath[] {
  if (Array.isArray(input)) return input.flatMap((v, i) => mappings(v, [...path, i]));
  if (typeof input === "object" && input !== null) return [path, ...Object.entries(input).flatMap(([k, v]) => mappings(v, [...path, k]))];
  return [];
}

/** A value of another type for every leaf of the example: a number or mapping for a string, a string or list for a number, ... */
function typeCases(): HostileCase[] {
  return leaves(exampleInput()).map(({ path, value }, i) => {
    const others: unknown[] =
      typeof value === "string" ? [42, { value }] : typeof value === "number" ? [String(value), [value]] : [String(value), 1];
    const other = others[i % 2];
    return refusedEdit("types", `${formatPath(path)} = ${JSON.stringify(other)}`, [[path, other]], path);
  });
}

/**
 * Keys written like a path or empty are quoted where errors name them: `"edge.hostnames[0]"` is a key
 * of its own, not the field edge.hostnames[0]; `""` is a key, not the root. The fields are spelled out,
 * not formatted by formatPath, which the fix lives in.
 */
const PATH_LIKE_KEYS: readonly [ConfigPath, string][] = [
  [["edge.hostnames[0]"], '"edge.hostnames[0]"'],
  [[""], '""'],
  [["edge", "hsts.maxAge"], 'edge."hsts.maxAge"'],
  [["edge", "a]b"], 'edge."a]b"'],
];

function unknownKeyCases(): HostileCase[] {
  return [
    ...mappings(exampleInput()).map((path) =>
      refusedEdit("unknown keys", `${formatPath(path)}.colour`, [[[...path, "colour"], 1]], [...path, "colour"]),
    ),
    ...PATH_LIKE_KEYS.map(([path, field]) => ({
      ...saying(refusedEdit("unknown keys", `key ${JSON.stringify(path.at(-1))}`, [[path, 1]], path), /: unknown key /),
      field,
    })),
  ];
}

const RANGES: readonly [ConfigPath, unknown][] = [
  [["edge", "rateLimits", 0, "requestsPerPeriod"], 0],
  [["edge", "rateLimits", 0, "requestsPerPeriod"], 100001],
  [["edge", "rateLimits", 0, "requestsPerPeriod"], 1.5],
  [["edge", "rateLimits", 0, "mitigationTimeout"], -1],
  [["edge", "rateLimits", 0, "mitigationTimeout"], 86401],
  [["edge", "rateLimits", 0, "period"], 0],
  [["edge", "hsts", "maxAge"], 86400],
  [["edge", "hsts", "maxAge"], 31536000.5],
  [["edge", "waf", "managed", "owaspScoreThreshold"], 30],
  [["edge", "redirects", 0, "status"], 302],
  [["release", "weights", "blue"], 101],
  [["release", "weights", "green"], -1],
  [["release", "weights", "blue"], 99.5],
  [["release", "steps", 0], 0],
  [["release", "steps", 0], 101],
  [["release", "monitor", "interval"], 5],
  [["release", "monitor", "interval"], 4000],
  [["release", "monitor", "retries"], 6],
  [["release", "monitor", "timeout"], 0],
  [["release", "monitor", "timeout"], 11],
  [["release", "sessionAffinity", "ttl"], 100],
  [["release", "sessionAffinity", "ttl"], 700000],
  [["release", "pools", "blue", "origins", 0, "weight"], 2],
  [["release", "pools", "blue", "origins", 0, "weight"], -0.5],
  [["monitoring", "failureThreshold"], 0],
  [["monitoring", "failureThreshold"], 11],
  [["monitoring", "alarmMinutes"], 61],
  [["monitoring", "requestInterval"], 20],
  [["monitoring", "latency", "p95Ms"], 10],
  [["monitoring", "latency", "p95Ms"], 20000],
  [["monitoring", "latency", "periods"], 13],
  [["email", "dmarc", "pct"], 0],
  [["email", "dmarc", "pct"], 101],
  [["email", "mtaSts", "maxAge"], 100],
  [["email", "mtaSts", "maxAge"], 40000000],
  [["email", "inboundMx", 0, "priority"], -1],
  [["email", "inboundMx", 0, "priority"], 70000],
  [["secrets", "items", 0, "rotation", "everyDays"], 0],
  [["secrets", "items", 0, "rotation", "everyDays"], 366],
  [["readiness", "attestationMaxAgeDays"], 0],
  [["readiness", "attestationMaxAgeDays"], 366],
  [["edge", "hsts", "maxAge"], Number.MAX_SAFE_INTEGER * 4],
];

/** Whole numbers past 2^53, where zod's own safe-integer bound fails too: one line, the field's own range. */
const UNSAFE_INTEGERS: readonly [ConfigPath, number, RegExp][] = [
  [["monitoring", "latency", "p95Ms"], 2 ** 53, /: must be at most 10000; got 9007199254740992$/],
  [["monitoring", "latency", "p95Ms"], -(2 ** 53), /: must be at least 50; got -9007199254740992$/],
  [["edge", "hsts", "maxAge"], Number.MAX_SAFE_INTEGER * 4, /: must be at most 31536000 /],
];

function rangeCases(): HostileCase[] {
  return [
    ...RANGES.map(([path, value]) => refusedEdit("ranges", `${formatPath(path)} = ${value}`, [[path, value]], path)),
    ...UNSAFE_INTEGERS.map(([path, value, says]) =>
      saying(refusedEdit("ranges", `${formatPath(path)} = ${value}`, [[path, value]], path), says),
    ),
  ];
}

/**
 * YAML's .nan and .inf where text, a list or a mapping belongs: the line says what the field allows,
 * as for any other wrong type, not "expected a finite number".
 */
function nonFiniteTypeCases(): HostileCase[] {
  const fields: [ConfigPath, string][] = [
    [["app"], "text, got (NaN|Infinity); allowed: 2-31 lower-case letters"],
    [["edge", "hostnames"], "a list, got (NaN|Infinity); allowed: a list of 1-100 entries"],
    [["edge", "hsts"], "a mapping, got (NaN|Infinity)"],
  ];
  return fields.flatMap(([path, says]) =>
    [Number.NaN, Number.POSITIVE_INFINITY].map((v) =>
      saying(refusedEdit("types", `${formatPath(path)} = ${v}`, [[path, v]], path), new RegExp(`: expected ${says}`)),
    ),
  );
}

export const BAD_IPV4 = ["256.1.1.1", "1.2.3", "01.2.3.4", "1.2.3.4.5", "1.2.3.-4", "192.0.2.1 ", " 192.0.2.1", "0x7f.0.0.1", "1.2.3.999"];
export const BAD_IPV6 = [
  ":::",
  "1::2::3",
  "1:2:3:4:5:6:7:8:9",
  "fe80::1%eth0",
  "gggg::1",
  "::ffff:999.1.1.1",
  "12345::1",
  "1:2:3:4:5:6:7",
  "2001:db8::/64",
];
/** IPv4-mapped IPv6 addresses: refused as origins wherever an origin is given (originFormatProblem). */
export const MAPPED_IPV4 = ["::ffff:10.0.0.1", "::ffff:192.0.2.1", "::ffff:c000:201", "::FFFF:8.8.8.8"];
export const BAD_CIDRS = [
  "300.1.1.0/24",
  "1.2.3.0/33",
  "2001:db8::/200",
  "ff/24",
  "1.2.3.4/24",
  "2001:db8::1/32",
  "1.2.3.0",
  "1.2.3.0/",
  "1.2.3.0/024",
  "1.2.3.0/24/8",
  "::/129",
  "1.2.3.0 /24",
  "1.2.3.0/24; drop",
  "*",
  "::ffff:1.2.3.4/100",
];
export const BAD_URLS = [
  "https://chat.example.com:99999",
  "https://chat.example.com:0",
  "https://chat.example.com:65536",
  "https://1.2.3.999",
  "https://999.999.999.999/x",
  "http://chat.example.com",
  "https://",
  "https://chat.example.com/a b",
  "https://user:pw@chat.example.com",
  "https://Chat.example.com",
  "javascript:alert(1)",
  "https://chat.example.com/\n",
  "https://chat..example.com",
  "//chat.example.com",
  "https://-x.example.com",
];
export const BAD_EMAILS = [
  "*@example.com",
  "mailto:dmarc@example.com",
  "a@b",
  "a@@example.com",
  "@example.com",
  "a@Example.com",
  "a b@example.com",
  ".a@example.com",
  "a..b@example.com",
  "a.@example.com",
  "a,b@example.com",
  "a@example.com;b@example.com",
  "a@-example.com",
  "a@*.example.com",
  "a!b@example.com",
];

function addressCases(): HostileCase[] {
  const ipTargets: [ConfigPath, string[]][] = [
    [
      ["edge", "hostnames", 1, "origin"],
      [...BAD_IPV4, ...BAD_IPV6],
    ],
    [
      ["release", "pools", "blue", "origins", 0, "address"],
      [...BAD_IPV4, ...BAD_IPV6],
    ],
  ];
  const out = ipTargets.flatMap(([path, values]) =>
    values.map((v) => refusedEdit("addresses", `${formatPath(path)} = ${JSON.stringify(v)}`, [[path, v]], path)),
  );
  // Every origin path refuses a mapped address as such (a pool's used to pass: its range check skips them).
  for (const [path] of ipTargets)
    out.push(
      ...MAPPED_IPV4.map((v) =>
        saying(refusedEdit("addresses", `${formatPath(path)} = ${JSON.stringify(v)}`, [[path, v]], path), /IPv4-mapped IPv6 address/),
      ),
    );
  const record = (type: string, content: string) => [["edge", "dns", 1], { name: "v.example.com", type, content }] as ConfigEdit;
  out.push(
    ...BAD_IPV6.map((v) => refusedEdit("addresses", `AAAA ${JSON.stringify(v)}`, [record("AAAA", v)], ["edge", "dns", 1, "content"])),
  );
  out.push(...BAD_IPV4.map((v) => refusedEdit("addresses", `A ${JSON.stringify(v)}`, [record("A", v)], ["edge", "dns", 1, "content"])));
  for (const path of [
    ["edge", "waf", "admin", "allowedNetworks", 0],
    ["email", "spf", "networks", 0],
  ] as ConfigPath[])
    out.push(...BAD_CIDRS.map((v) => refusedEdit("addresses", `${formatPath(path)} = ${JSON.stringify(v)}`, [[path, v]], path)));
  for (const path of [
    ["edge", "redirects", 0, "to"],
    ["edge", "waf", "allowedOrigins", 0],
    ["readiness", "attestations", 0, "evidence"],
  ] as ConfigPath[])
    out.push(...BAD_URLS.map((v) => refusedEdit("addresses", `${formatPath(path)} = ${JSON.stringify(v)}`, [[path, v]], path)));
  for (const path of [
    ["edge", "securityContact"],
    ["monitoring", "alerts", "emails", 0],
    ["email", "dmarc", "rua", 0],
    ["email", "tlsRpt", "rua", 0],
    ["email", "feedbackSubscribers", 0],
  ] as ConfigPath[])
    out.push(...BAD_EMAILS.map((v) => refusedEdit("addresses", `${formatPath(path)} = ${JSON.stringify(v)}`, [[path, v]], path)));
  return out;
}

function nameCases(): HostileCase[] {
  const out: HostileCase[] = [];
  const each = (path: ConfigPath, values: readonly string[]) =>
    out.push(...values.map((v) => refusedEdit("names", `${formatPath(path)} = ${JSON.stringify(v)}`, [[path, v]], path)));
  each(
    ["edge", "hostnames", 1, "name"],
    [
      "Chat.example.com",
      "chat_.example.com",
      "-chat.example.com",
      "chat..example.com",
      "chat.example.org",
      "*.example.com",
      `${"a".repeat(64)}.example.com`,
      "chat example.com",
      "ﬁ.example.com",
      "",
      // Punycode that does not decode, or decodes to plain ASCII: no browser or certificate takes it.
      "xn--abc.example.com",
      "xn--abc-.example.com",
    ],
  );
  each(
    ["edge", "hostnames", 2, "origin"],
    [
      "https://origin-api.example.net",
      "origin-api.example.net:8443",
      "Origin.example.net",
      "origin-api.example.net/app",
      "-o.example.net",
      "origin.xn--abc.net",
    ],
  );
  each(["release", "pools", "blue", "origins", 0, "address"], ["o.xn--zz.net"]);
  each(["monitoring", "alerts", "emails", 0], ["oncall@xn--abc.example.com"]);
  each(["edge", "redirects", 0, "from"], ["xn--abc.example.com/docs"]);
  each(["app"], ["Opsbot", "o", "opsbot!", "ops bot"]);
  each(["environment"], ["prod", "Production"]);
  each(["email", "extraDkim", 0, "selector"], ["s1.google", "Google", "-google", "google_", ""]);
  each(["email", "mailFromSubdomain"], ["Bounce", "bounce.mail", "-bounce"]);
  each(["secrets", "items", 0, "name"], ["Model-key", "m", "model_key"]);
  each(["secrets", "runtimeRoles", 1, "name"], ["plan", "Worker"]);
  each(
    ["monitoring", "alerts", "webhooks", 0, "secretName"],
    ["events.pagerduty.com/integration/x", "https://hooks.slack.com/services/T/B/x"],
  );
  each(["edge", "access", "paths", 1, "path"], ["admin", "/admin/*", "/admin?x=1", "/ad min"]);
  each(["monitoring", "healthPath"], ["healthz", "/health z"]);
  each(["readiness", "exemptions", 0, "rule"], ["GL-EDGE-7", "gl-edge-007"]);
  // Rules that cannot be exempted: refused when the config loads (synth), not first by golive check.
  out.push(
    ...["GL-SEC-007", "GL-READY-002"].map((rule) =>
      refusedEdit(
        "names",
        `an exemption of ${rule}, which cannot be exempted`,
        [[["readiness", "exemptions", 0], { rule, reason: "accepted until the audit", expires: "2099-01-31" }]],
        ["readiness", "exemptions", 0, "rule"],
      ),
    ),
  );
  out.push(
    ...["Admins", "admins!", "1admins", "prototype", "a".repeat(65)].map((name) =>
      refusedEdit(
        "names",
        `role ${JSON.stringify(name)}`,
        [[["edge", "access", "roles", name], { emails: ["a@example.com"] }]],
        ["edge", "access", "roles", name],
      ),
    ),
  );
  const dns = (name: string, type: string, content: string, extra: Record<string, unknown> = {}) =>
    [["edge", "dns", 1], { name, type, content, ...extra }] as ConfigEdit;
  out.push(
    refusedEdit(
      "names",
      "SRV on a name without _service._proto",
      [dns("sip.example.com", "SRV", "5 5060 sip.example.com", { priority: 10 })],
      ["edge", "dns", 1, "name"],
    ),
    refusedEdit(
      "names",
      "SRV on _sip.example.com",
      [dns("_sip.example.com", "SRV", "5 5060 sip.example.com", { priority: 10 })],
      ["edge", "dns", 1, "name"],
    ),
    refusedEdit(
      "names",
      "SRV without a priority",
      [dns("_sip._tcp.example.com", "SRV", "5 5060 sip.example.com")],
      ["edge", "dns", 1, "priority"],
    ),
    refusedEdit(
      "names",
      "SRV with port 70000",
      [dns("_sip._tcp.example.com", "SRV", "5 70000 sip.example.com", { priority: 1 })],
      ["edge", "dns", 1, "content"],
    ),
    refusedEdit(
      "names",
      "SRV content without a target",
      [dns("_sip._tcp.example.com", "SRV", "5 5060", { priority: 1 })],
      ["edge", "dns", 1, "content"],
    ),
    refusedEdit("names", "A record on an _ name", [dns("_x.example.com", "A", "192.0.2.9")], ["edge", "dns", 1, "name"]),
    // Cloudflare proxies it with the hostname's record: a second origin no origin check saw.
    refusedEdit("collisions", "DNS-only A at an app hostname", [dns("chat.example.com", "A", "192.0.2.99")], ["edge", "dns", 1, "name"]),
    acceptedEdit("TXT at an app hostname", [dns("chat.example.com", "TXT", "v=verify")]),
    refusedEdit(
      "names",
      "MX record on an _ name",
      [dns("_x.example.com", "MX", "mx.example.net", { priority: 1 })],
      ["edge", "dns", 1, "name"],
    ),
    refusedEdit(
      "names",
      "proxied CNAME on an _ name",
      [dns("_x.example.com", "CNAME", "x.example.net", { proxied: true })],
      ["edge", "dns", 1, "proxied"],
    ),
    refusedEdit("names", "TXT with a line break", [dns("example.com", "TXT", "a\n$INCLUDE /etc/passwd")], ["edge", "dns", 1, "content"]),
    refusedEdit(
      "names",
      "DNS comment with a line break",
      [dns("example.com", "TXT", "x", { comment: "a\nb" })],
      ["edge", "dns", 1, "comment"],
    ),
    refusedEdit("names", "record name with a space", [dns("a b.example.com", "TXT", "x")], ["edge", "dns", 1, "name"]),
    refusedEdit(
      "names",
      "redirect from a malformed host",
      [[["edge", "redirects", 0, "from"], "old..example.com"]],
      ["edge", "redirects", 0, "from"],
    ),
    refusedEdit(
      "names",
      "redirect from a scheme",
      [[["edge", "redirects", 0, "from"], "https://old.example.com"]],
      ["edge", "redirects", 0, "from"],
    ),
  );
  return out;
}

function headerCases(): HostileCase[] {
  const values = [
    "default-src 'self'\r\nX-Evil: 1",
    "default-src 'self'\nX-Evil: 1",
    "a\rb",
    "a\u0000b",
    "a\tb",
    "a\u0085b",
    "café",
    "",
    "x".repeat(4097),
  ];
  return [
    ["edge", "securityHeaders", "contentSecurityPolicy"],
    ["edge", "securityHeaders", "permissionsPolicy"],
  ].flatMap((path) =>
    values.map((v) => refusedEdit("header values", `${formatPath(path)} = ${JSON.stringify(v.slice(0, 40))}`, [[path, v]], path)),
  );
}

/**
 * Records that switch a protection off (a second DMARC, MTA-STS, TLS-RPT record or DKIM key at a name),
 * mailboxes at a null-MX name, and malformed CAA records (RFC 8659); with their valid neighbours.
 */
function mailRecordCases(): HostileCase[] {
  const extra = (name: string, type: string, content: string) => [["edge", "dns", 1], { name, type, content }] as ConfigEdit;
  const second: [string, string, string][] = [
    ["second DMARC record", "_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.com"],
    ["second DMARC record at a non-sending name", "_dmarc.old.example.com", "v=DMARC1; p=none"],
    ["second MTA-STS record", "_mta-sts.example.com", "v=STSv1; id=1"],
    ["second TLS-RPT record", "_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:tls@example.com"],
    ["second DKIM key at an extraDkim selector", "google._domainkey.example.com", "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEB"],
  ];
  const mailboxes: ConfigPath[] = [
    ["email", "dmarc", "rua", 0],
    ["email", "tlsRpt", "rua", 0],
    ["email", "feedbackSubscribers", 0],
    ["edge", "securityContact"],
    ["monitoring", "alerts", "emails", 0],
  ];
  const badCaa = [
    '300 issue "letsencrypt.org"',
    '1 issue "letsencrypt.org"',
    '0 iodef "security@example.com"',
    '0 iodef "ftp://example.com/caa"',
    '0 issue "lets encrypt.org"',
    '0 issue "letsencrypt.org; dns-01"',
    '0 tbs "Unknown"',
  ];
  return [
    ...second.map(([what, name, content]) => refusedEdit("collisions", what, [extra(name, "TXT", content)], ["edge", "dns", 1])),
    ...mailboxes.map((path) =>
      refusedEdit("addresses", `${formatPath(path)} at a null-MX name`, [[path, "reports@old.example.com"]], path),
    ),
    refusedEdit(
      "addresses",
      "email.dmarc.ruf[0] at a null-MX name",
      [[["email", "dmarc", "ruf"], ["ruf@old.example.com"]]],
      ["email", "dmarc", "ruf", 0],
    ),
    refusedEdit(
      "addresses",
      "CAA iodef mailbox at a null-MX name",
      [extra("example.com", "CAA", '0 iodef "mailto:x@old.example.com"')],
      ["edge", "dns", 1, "content"],
    ),
    ...badCaa.map((content) =>
      refusedEdit("ranges", `CAA ${content}`, [extra("example.com", "CAA", content)], ["edge", "dns", 1, "content"]),
    ),
    acceptedEdit("a TXT at _dmarc that is not DMARC", [extra("_dmarc.example.com", "TXT", "some-verification=abc123")]),
    acceptedEdit("a TXT at _smtp._tls that is not TLS-RPT", [extra("_smtp._tls.example.com", "TXT", "note=reports")]),
    acceptedEdit("a critical CAA issue record", [extra("example.com", "CAA", '128 issue "letsencrypt.org"')]),
    acceptedEdit("a CAA iodef https URL", [extra("example.com", "CAA", '0 iodef "https://example.com/caa"')]),
    acceptedEdit("a CAA iodef http URL (RFC 8659 4.4)", [extra("example.com", "CAA", '0 iodef "http://example.com/caa"')]),
    acceptedEdit("a CAA issue forbidding every CA", [extra("example.com", "CAA", '0 issue ";"')]),
    acceptedEdit("a mailbox below a null-MX name", [[["email", "feedbackSubscribers", 0], "ops@mail.old.example.com"]]),
  ];
}

/** The example with its zone example.com (every name in it included) moved to `zone`, on `plan`. */
function zoneCase(zone: string, plan: string, refused: boolean): HostileCase {
  const name = `zone ${zone} on ${plan}`;
  const field = refused ? "cloudflare.zone.name" : undefined;
  const run = () => {
    const input = setIn(parse(exampleText().replaceAll("example.com", zone)), ["cloudflare", "plan"], plan);
    return validateConfigData(FILE, input);
  };
  return { family: refused ? "names" : "valid", name, file: FILE, field, run };
}

/**
 * Zones Cloudflare creates: a registrable domain (Public Suffix List, private section included) on any
 * plan, a subdomain zone on Enterprise only (Subdomain Support), a public suffix never.
 */
function zoneNameCases(): HostileCase[] {
  return [
    zoneCase("ops.acme.co.uk", "pro", true),
    zoneCase("eu.example.org", "business", true),
    zoneCase("a.b.example.net", "free", true),
    zoneCase("co.uk", "enterprise", true),
    zoneCase("github.io", "pro", true),
    zoneCase("acme.co.uk", "pro", false),
    zoneCase("ops.acme.co.uk", "enterprise", false),
    zoneCase("acme.github.io", "pro", false),
    zoneCase("xn--acme-prfung-zhb.de", "pro", false),
    zoneCase("xn--abc.de", "pro", true),
  ];
}

/**
 * Names pointing into the zone the edge stack owns (origins, pool origins, CNAME targets) need a record
 * there, or they never resolve; an IP, a name outside the zone, or one a record (or wildcard) answers for passes.
 */
function zoneTargetCases(): HostileCase[] {
  const record = (name: string, type: string, content: string) => [["edge", "dns", 1], { name, type, content }] as ConfigEdit;
  const origin: ConfigPath = ["edge", "hostnames", 2, "origin"];
  const pool: ConfigPath = ["release", "pools", "blue", "origins", 0, "address"];
  const inZone: [string, ConfigEdit[], ConfigPath][] = [
    ["an origin in the zone with no record", [[origin, "origin-chat.example.com"]], origin],
    ["a pool origin at www, which has only the canonical redirect's stand-in (100::)", [[pool, "www.example.com"]], pool],
    ["a pool origin in the zone with no record", [[pool, "pool-1.example.com"]], pool],
    [
      "a CNAME target in the zone with no record",
      [record("docs.example.com", "CNAME", "pages.example.com")],
      ["edge", "dns", 1, "content"],
    ],
    [
      "an origin in the zone that only a TXT record names",
      [[origin, "origin-chat.example.com"], record("origin-chat.example.com", "TXT", "x")],
      origin,
    ],
  ];
  return [
    ...inZone.map(([name, edits, field]) => refusedEdit("names", name, edits, field)),
    acceptedEdit("an origin in the zone with an A record", [
      [origin, "origin-chat.example.com"],
      record("origin-chat.example.com", "A", "192.0.2.50"),
    ]),
    acceptedEdit("a pool origin under a DNS-only wildcard", [
      [pool, "b1.origins.example.com"],
      record("*.origins.example.com", "A", "192.0.2.51"),
    ]),
    acceptedEdit("a CNAME target that is an app hostname", [record("docs.example.com", "CNAME", "chat.example.com")]),
    acceptedEdit("a pool origin outside the zone", [[pool, "origin-1.example.net"]]),
    refusedEdit(
      "names",
      "a CNAME target whose punycode does not decode",
      [record("docs.example.com", "CNAME", "x.xn--zz.net")],
      ["edge", "dns", 1, "content"],
    ),
    acceptedEdit("a CNAME target in punycode that decodes", [record("docs.example.com", "CNAME", "x.xn--mnchen-3ya.net")]),
  ];
}

export function dataCases(): HostileCase[] {
  return [
    ...typeCases(),
    ...unknownKeyCases(),
    ...rangeCases(),
    ...nonFiniteTypeCases(),
    ...addressCases(),
    ...nameCases(),
    ...zoneNameCases(),
    ...zoneTargetCases(),
    ...headerCases(),
    ...mailRecordCases(),
  ];
}

export { FILE };
