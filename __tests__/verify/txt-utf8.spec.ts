import { startDnsServer } from "../helpers/dns-server";
import { HostResolver, txtText } from "../../lib/engines/verify/probe/resolve";

// Node's resolveTxt reads a TXT record's bytes as latin1: joined as strings, a correct record with UTF-8
// content read as mojibake and verify reported it as a mismatch.

describe("TXT records with UTF-8 content", () => {
  test("a record split mid-character across two 255-byte strings reads as written", async () => {
    // 254 ASCII bytes, then "é" (2 bytes): the split at 255 falls inside it.
    const value = `${"a".repeat(254)}é-ünïcode ✓ 日本`;
    const server = await startDnsServer([{ name: "note.example.com", type: "TXT", value }]);
    try {
      const resolver = new HostResolver({ server: `127.0.0.1:${server.port}`, timeoutMs: 2000, loopbackOnly: true });
      const seen = await resolver.records("note.example.com", "TXT");
      expect(seen).toEqual({ name: "note.example.com", type: "TXT", values: [{ value }] });
    } finally {
      await server.close();
    }
  });

  test("strings of latin1-read bytes join before they are decoded", () => {
    const bytes = Buffer.from("xé", "utf8");
    expect(txtText([bytes.subarray(0, 2).toString("latin1"), bytes.subarray(2).toString("latin1")])).toBe("xé");
    expect(txtText(["v=spf1 -all"])).toBe("v=spf1 -all");
  });
});
