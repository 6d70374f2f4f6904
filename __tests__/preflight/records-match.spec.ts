import type { ExpectedRecord } from "../../lib/engines/preflight/expected";
import type { ObservedRecord } from "../../lib/engines/preflight/observed";
import { contentKey, matchRecord, txtSlot } from "../../lib/engines/preflight/records-match";

const want = (r: Partial<ExpectedRecord> & Pick<ExpectedRecord, "name" | "type">): ExpectedRecord => ({
  key: "k",
  proxied: false,
  ttl: 300,
  source: ["edge", "dns", 0],
  stack: "edge",
  ...r,
});
const seen = (id: string, r: Omit<ObservedRecord, "id">): ObservedRecord => ({ id: id.repeat(32), ...r });
const kinds = (w: ExpectedRecord, existing: ObservedRecord[]) =>
  matchRecord(w, existing, new Set()).map((m) => `${m.kind}:${m.existing.id.slice(0, 1)}`);

describe("record matching (what preflight calls the same record, a slot holder, a conflict)", () => {
  test("TXT compares its joined character-strings, quoted by golive or unquoted by the API", () => {
    expect(contentKey({ type: "TXT", content: '"v=DKIM1; p=AB" "CD"' })).toBe("v=DKIM1; p=ABCD");
    expect(contentKey({ type: "TXT", content: "v=DKIM1; p=ABCD" })).toBe("v=DKIM1; p=ABCD");
    expect(
      kinds(want({ name: "example.com", type: "TXT", content: '"hello"' }), [
        seen("a", { name: "EXAMPLE.com.", type: "TXT", content: "hello" }),
      ]),
    ).toEqual(["same:a"]);
  });

  test("AAAA, CNAME, MX and CAA compare in canonical form", () => {
    expect(contentKey({ type: "AAAA", content: "2001:DB8:0:0::1" })).toBe(contentKey({ type: "AAAA", content: "2001:db8::1" }));
    expect(contentKey({ type: "CNAME", content: "Origin.Example.NET." })).toBe("origin.example.net");
    expect(contentKey({ type: "MX", content: "mx1.example.net", priority: 10 })).not.toBe(
      contentKey({ type: "MX", content: "mx1.example.net", priority: 20 }),
    );
    expect(contentKey({ type: "CAA", caa: { flags: 0, tag: "issue", value: "pki.goog" } })).toBe("0 issue pki.goog");
  });

  test("a name holds one SPF and one DMARC record: another is the slot holder; other TXT and MX stand beside", () => {
    const spf = want({ name: "example.com", type: "TXT", content: '"v=spf1 include:amazonses.com -all"' });
    expect(txtSlot(spf)).toBe("spf1");
    const existing = [
      seen("a", { name: "example.com", type: "TXT", content: '"google-site-verification=x"' }),
      seen("b", { name: "example.com", type: "TXT", content: '"v=spf1 include:_spf.google.com ~all"' }),
      seen("c", { name: "example.com", type: "MX", content: "aspmx.l.google.com", priority: 1 }),
    ];
    expect(kinds(spf, existing)).toEqual(["replace:b"]);
    expect(kinds(want({ name: "example.com", type: "MX", content: "mx1.example.net", priority: 10 }), existing)).toEqual([]);
  });

  test("an address of the same type is taken over once; a record already taken is not offered again", () => {
    const a = want({ name: "chat.example.com", type: "A", content: "192.0.2.11" });
    const old = seen("b", { name: "chat.example.com", type: "A", content: "203.0.113.5" });
    expect(kinds(a, [old])).toEqual(["replace:b"]);
    expect(matchRecord(a, [old], new Set([old.id]))).toEqual([]);
  });

  test("a CNAME and any other record on one name conflict, both ways; golive's own records are left out", () => {
    const cname = want({ name: "api.example.com", type: "CNAME", content: "origin.example.net" });
    expect(kinds(cname, [seen("d", { name: "api.example.com", type: "TXT", content: "x" })])).toEqual(["conflict:d"]);
    const a = want({ name: "www.example.com", type: "AAAA", content: "100::" });
    expect(kinds(a, [seen("c", { name: "www.example.com", type: "CNAME", content: "example.com" })])).toEqual(["conflict:c"]);
    expect(kinds(a, [seen("9", { name: "www.example.com", type: "CNAME", content: "example.com", comment: "golive: x" })])).toEqual([]);
  });
});
