import { join } from "node:path";
import { printable } from "../../lib/core/printable";
import { quoteTxt, zoneTxtText } from "../../lib/core/txt";
import { renderZone } from "../../lib/engines/zone/render";
import type { StackRecord } from "../../lib/engines/zone/stack-records";
import { golive, tempDir } from "../helpers/cli";
import { writeSynthOutput } from "../helpers/synth-output";

/**
 * A TXT value outside printable ASCII is written as RFC 1035 `\DDD` escapes of its UTF-8 bytes. Written
 * raw, golive's terminal filter turned U+202E into the text `\u202e`, which a master file reads as
 * `u202e` (nsd-checkzone and nsd on loopback served `abcu202edef...`); with `\DDD` nsd serves the
 * value's exact bytes (checked by hand with nsd; these tests assert the rendered text, so they need no nsd).
 */

const txt = (name: string, value: string): StackRecord => ({
  stack: "edge-production",
  address: `cloudflare_dns_record.${name.split(".")[0]}`,
  name,
  type: "TXT",
  // As the edge stack writes it (dns-records.ts).
  content: quoteTxt(value),
  ttl: 300,
  proxied: false,
});

function rendered(value: string): string {
  const zone = renderZone({ zone: "example.com", records: [txt("t.example.com", value)], values: new Map(), stacks: ["edge-production"] });
  return zone.lines[0]?.rdata ?? "";
}

/** The character-strings a master-file TXT rdata stands for, read as RFC 1035 5.1 reads it (`\DDD` a byte, `\X` X). */
function wireStrings(rdata: string): Buffer[] {
  return [...rdata.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map(([, inner]) => {
    const bytes: number[] = [];
    for (let i = 0; i < (inner ?? "").length; i++) {
      const s = inner ?? "";
      const ddd = /^\\(\d{3})/.exec(s.slice(i));
      if (ddd) {
        bytes.push(Number(ddd[1]));
        i += 3;
      } else if (s[i] === "\\") bytes.push(s.charCodeAt(++i));
      else bytes.push(s.charCodeAt(i));
    }
    return Buffer.from(bytes);
  });
}

describe("TXT values in the zone export", () => {
  test("every character outside printable ASCII is written as \\DDD, its UTF-8 bytes in decimal", () => {
    expect(rendered("café")).toBe('"caf\\195\\169"');
    expect(rendered("abc\u202edef\u200bghi\u2028x")).toBe('"abc\\226\\128\\174def\\226\\128\\139ghi\\226\\128\\168x"');
    expect(rendered("\u00ad\ufeff\t")).toBe('"\\194\\173\\239\\187\\191\\009"');
    expect(rendered('a😀\\"b')).toBe('"a\\240\\159\\152\\128\\\\\\"b"');
    expect(rendered("v=spf1 -all")).toBe('"v=spf1 -all"');
  });

  test("the export reads back as the value's exact bytes, every string at most 255 bytes", () => {
    for (const value of ["é".repeat(130), "abc\u202edef\u200bghi\u2028x", 'q"\\😀'.repeat(90), "x".repeat(600)]) {
      const strings = wireStrings(rendered(value));
      expect(Buffer.concat(strings).equals(Buffer.from(value, "utf8"))).toBe(true);
      for (const s of strings) expect(s.length).toBeLessThanOrEqual(255);
    }
    expect(wireStrings(rendered("é".repeat(130))).map((s) => s.length)).toEqual([254, 6]);
  });

  test("zoneTxtText (what the email zone checks read) gives back the value the export wrote, not its escapes as digits", () => {
    for (const value of ["café", "é".repeat(130), "abc\u202edef\u200bghi\u2028x", 'q"\\😀'.repeat(90), "x".repeat(600), "v=spf1 -all"])
      expect(zoneTxtText(rendered(value))).toBe(value);
    expect(zoneTxtText('"caf\\195\\169 \\\\ \\" q"')).toBe('café \\ " q');
  });

  test("the zone text is printable ASCII, so the terminal filter (printable) leaves it as written", () => {
    const zone = renderZone({
      zone: "example.com",
      records: [txt("rtl.example.com", "abc\u202edef\u200bghi\u2028x"), txt("e.example.com", "café")],
      values: new Map(),
      stacks: ["edge-production"],
    });
    expect(zone.text).toMatch(/^[\x20-\x7e\n]*$/);
    expect(printable(zone.text)).toBe(zone.text);
  });

  test("golive zone prints a synthesized TXT value with hidden characters as \\DDD, not as the filter's \\u text", async () => {
    const dir = tempDir("golive-zone-txt-");
    const outdir = join(dir, "cdktf.out");
    const record = { name: "rtl.example.com", type: "TXT", ttl: 300, content: '"abc\u202edef\u200bghi\u2028x"' };
    writeSynthOutput(outdir, {
      "edge-txttest": { resource: { cloudflare_zone: { Zone: { name: "example.com" } }, cloudflare_dns_record: { Rtl: record } } },
    });
    const out = await golive(["zone", "txttest", "--dir", outdir], { cwd: dir });
    expect({ code: out.code, stderr: out.stderr }).toEqual({ code: 0, stderr: "" });
    expect(out.stdout.split("\n")).toContain('rtl.example.com. 300 IN TXT "abc\\226\\128\\174def\\226\\128\\139ghi\\226\\128\\168x"');
    expect(out.stdout).not.toContain("\\u");
  });
});
