import { checkDmarc, parseDmarc, rampSuggestion, renderDmarc } from "../../lib/features/email/dmarc";
import { reportAuthorisations } from "../../lib/features/email/dmarc-reports";
import { checkZoneEmail, type ZoneRecordLine } from "../../lib/features/email/zone-check";
import { renderTlsRpt } from "../../lib/features/email/mta-sts";

const codes = (txt: string) => checkDmarc(txt).map((f) => `${f.severity}:${f.code}`);
const GOOD = "v=DMARC1; p=reject; sp=reject; adkim=s; aspf=r; rua=mailto:d@example.com; ruf=mailto:f@example.com; fo=1; ri=86400; rf=afrf";

test("a complete reject record with every tag valid has no findings", () => {
  expect(codes(GOOD)).toEqual([]);
  expect(Object.fromEntries(parseDmarc(GOOD).tags)).toMatchObject({ p: "reject", sp: "reject", adkim: "s", aspf: "r" });
});

test("fails a record without v=DMARC1 first", () => {
  expect(codes("p=reject; v=DMARC1; rua=mailto:d@example.com")).toContain("error:dmarc-version");
});

test("fails a missing or unknown policy, and p not directly after v", () => {
  expect(codes("v=DMARC1; rua=mailto:d@example.com")).toContain("error:dmarc-no-policy");
  expect(codes("v=DMARC1; p=strict; rua=mailto:d@example.com")).toContain("error:dmarc-policy");
  expect(codes("v=DMARC1; rua=mailto:d@example.com; p=reject")).toContain("error:dmarc-order");
});

test.each([
  ["sp=block", "dmarc-sp"],
  ["pct=150", "dmarc-pct"],
  ["adkim=x", "dmarc-adkim"],
  ["aspf=relaxed", "dmarc-aspf"],
  ["fo=2", "dmarc-fo"],
  ["rf=iodef", "dmarc-rf"],
  ["ri=daily", "dmarc-ri"],
  ["rua=dmarc@example.com", "dmarc-uri"],
  ["ruf=mailto:not-an-address", "dmarc-uri"],
])("fails an invalid tag value: %s", (tag, code) => {
  expect(codes(`v=DMARC1; p=reject; ${tag}; rua=mailto:d@example.com`)).toContain(`error:${code}`);
});

test("fails a duplicated tag and warns about unknown tags", () => {
  expect(codes("v=DMARC1; p=reject; p=none; rua=mailto:d@example.com")).toContain("error:dmarc-duplicate-tag");
  expect(codes("v=DMARC1; p=reject; rua=mailto:d@example.com; zz=1")).toEqual(["warning:dmarc-unknown-tag"]);
});

test("p=none is a warning that names the next ramp step", () => {
  const f = checkDmarc("v=DMARC1; p=none; rua=mailto:d@example.com");
  expect(f.map((x) => `${x.severity}:${x.code}`)).toEqual(["warning:dmarc-monitor-only"]);
  expect(f[0]?.message).toContain("p=quarantine; pct=25");
});

test("the ramp goes none -> quarantine with rising pct -> reject", () => {
  expect(rampSuggestion("quarantine", 25)).toContain("25 -> 50 -> 100");
  expect(rampSuggestion("quarantine", 100)).toContain("p=reject");
  expect(rampSuggestion("reject", 100)).toBe("at the end of the ramp");
  expect(codes("v=DMARC1; p=quarantine; pct=50; rua=mailto:d@example.com")).toEqual(["warning:dmarc-partial"]);
});

test("warns when sp is weaker than p, and when there is no rua", () => {
  expect(codes("v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com")).toEqual(["warning:dmarc-weak-subdomains"]);
  expect(codes("v=DMARC1; p=reject")).toEqual(["warning:dmarc-no-rua"]);
});

test("renders the config's policy, alignment and report addresses, omitting pct=100", () => {
  expect(renderDmarc({ policy: "quarantine", pct: 25, adkim: "s", aspf: "r", rua: ["a@example.com"], ruf: ["f@example.com"] })).toBe(
    "v=DMARC1; p=quarantine; pct=25; adkim=s; aspf=r; rua=mailto:a@example.com; ruf=mailto:f@example.com; fo=1",
  );
  expect(
    checkDmarc(
      renderDmarc({ policy: "reject", subdomainPolicy: "reject", pct: 100, adkim: "r", aspf: "r", rua: ["a@example.com"], ruf: [] }),
    ),
  ).toEqual([]);
});

test("names the authorisation record only for report mailboxes in another domain", () => {
  expect(
    reportAuthorisations("example.com", ["a@example.com", "b@reports.example.com", "c@dmarc.example.org", "d@dmarc.example.org"]),
  ).toEqual([
    { name: "example.com._report._dmarc.dmarc.example.org", value: "v=DMARC1", domain: "example.com", mailboxDomain: "dmarc.example.org" },
  ]);
});

describe("golive zone checks report authorisations for every _dmarc record (RFC 7489 7.1)", () => {
  const line = (name: string, rdata: string): ZoneRecordLine => ({ name, type: "TXT", rdata: `"${rdata}"`, missing: [] });
  const dmarc = line("_dmarc.old.example.com.", "v=DMARC1; p=reject; rua=mailto:d@reports.example.com,mailto:d@reports.example.org");

  test("golive zone fails a missing in-zone authorisation and names what another domain must publish", () => {
    const findings = checkZoneEmail([dmarc], { zone: "example.com" }).filter((f) => f.code === "dmarc-report-auth");
    expect(findings.map((f) => [f.severity, f.name, f.message])).toEqual([
      [
        "error",
        "_dmarc.old.example.com.",
        'old.example.com sends reports to reports.example.com, which is in this zone but does not publish old.example.com._report._dmarc.reports.example.com TXT "v=DMARC1"; receivers send no reports without it (RFC 7489 7.1)',
      ],
      [
        "warning",
        "_dmarc.old.example.com.",
        'reports.example.org must publish old.example.com._report._dmarc.reports.example.org TXT "v=DMARC1" before it receives old.example.com\'s DMARC reports (RFC 7489 7.1)',
      ],
    ]);
  });

  test("golive zone is quiet once the in-zone record exists and the foreign one is listed in the stack's output", () => {
    const lines = [dmarc, line("old.example.com._report._dmarc.reports.example.com.", "v=DMARC1")];
    const listed = ['old.example.com._report._dmarc.reports.example.org. TXT "v=DMARC1"'];
    expect(checkZoneEmail(lines, { zone: "example.com", foreignRecords: listed }).filter((f) => f.code === "dmarc-report-auth")).toEqual(
      [],
    );
  });
});

describe("report addresses are RFC 3986 mailto: URIs (RFC 7489 6.4, RFC 8460 3, RFC 6068 2)", () => {
  const base = { policy: "reject", adkim: "r", aspf: "r", pct: 100, ruf: [] } as const;

  test("a % in an address is written %25 (and DMARC's , and ! delimiters encoded): the URI decodes back to the address", () => {
    const record = renderDmarc({ ...base, rua: ["dmarc%reports@example.com", "a,b!c@example.com"] });
    expect(record).toBe("v=DMARC1; p=reject; adkim=r; aspf=r; rua=mailto:dmarc%25reports@example.com,mailto:a%2Cb%21c@example.com");
    expect(decodeURIComponent("dmarc%25reports@example.com")).toBe("dmarc%reports@example.com");
    expect(renderTlsRpt(["tls%rpt@example.com"])).toBe("v=TLSRPTv1; rua=mailto:tls%25rpt@example.com");
  });

  test("the checker refuses malformed percent-encoding and takes the encoded form", () => {
    expect(checkDmarc("v=DMARC1; p=reject; rua=mailto:dmarc%reports@example.com").map((f) => f.code)).toEqual(["dmarc-uri"]);
    expect(checkDmarc("v=DMARC1; p=reject; rua=mailto:dmarc%25reports@example.com")).toEqual([]);
  });
});
