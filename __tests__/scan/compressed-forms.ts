import { deflateSync } from "node:zlib";
import { PLANTED_GH_TOKEN } from "./planted-files";

// A token in a raw zlib stream or in a PDF's FlateDecode stream (the audit of the text decoding: neither
// was inflated nor refused), planted in the shared repository of planted-repository.ts, asserted by
// compressed-streams.spec.ts. The token is built at run time (planted-files.ts): the gate scans this file.

const tokenLine = `token: ${PLANTED_GH_TOKEN}\n`;
/** Bytes that are no deflate stream: a stored block's length check broken. */
const NOT_DEFLATE = Buffer.from([0x01, 0x05, 0x00, 0x05, 0x00, 0x68, 0x65]);

/** A PDF of one object per stream, each `[filter, data]` (filter "" for none); `/Length` as given. */
function pdf(streams: readonly [filter: string, data: Buffer][]): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  streams.forEach(([filter, data], i) => {
    const dictionary = `<< /Length ${data.length}${filter ? ` /Filter ${filter}` : ""} >>`;
    parts.push(Buffer.from(`${i + 1} 0 obj\n${dictionary}\nstream\n`), data, Buffer.from("\nendstream\nendobj\n"));
  });
  parts.push(Buffer.from("trailer\n<< /Root 1 0 R >>\n%%EOF\n"));
  return Buffer.concat(parts);
}
/** A page's content stream showing `text`, cut in kerned pieces of `piece` characters (`[(..) -12 (..)] TJ`). */
const showText = (text: string, piece: number) => {
  const pieces = text.match(new RegExp(`.{1,${piece}}`, "g")) ?? [];
  return `BT /F1 12 Tf 72 712 Td [${pieces.map((p) => `(${p})`).join(" -12 ")}] TJ ET\n`;
};
/** Bytes that look random (a fixed sequence): an image's data. */
const noise = (length: number) => Buffer.from(Array.from({ length }, (_, i) => (i * 151 + 7) % 251));

/** Files whose token the scan must find, named as `found in its <kind> text`, in the tree and in history. */
export const COMPRESSED_FORMS: Readonly<Record<string, readonly [content: Buffer, kind: string]>> = {
  "release/creds.yaml.zz": [deflateSync(tokenLine), "zlib"],
  "release/creds-best.bin": [deflateSync(tokenLine, { level: 9 }), "zlib"],
  "docs/creds.pdf": [pdf([["/FlateDecode", deflateSync(`BT (${tokenLine.trim()}) Tj ET\n`)]]), "pdf"],
  "docs/creds-kerned.pdf": [pdf([["[/FlateDecode]", deflateSync(showText(tokenLine, 7))]]), "pdf"],
};

/** Files the scan must refuse as `archive not scannable: <kind>`, in the tree and in history. */
export const UNINFLATABLE_FORMS: Readonly<Record<string, readonly [content: Buffer, kind: string]>> = {
  "release/broken.zz": [Buffer.concat([Buffer.from([0x78, 0x9c]), NOT_DEFLATE]), "zlib stream not valid deflate"],
  "docs/broken.pdf": [pdf([["/FlateDecode", NOT_DEFLATE]]), "pdf stream at byte 67 not valid deflate"],
};

/** Look-alikes that must pass: clean text in zlib and in a PDF beside an image stream; text that starts like a zlib header. */
export const COMPRESSED_LOOK_ALIKES: Readonly<Record<string, Buffer>> = {
  "assets/clean.zz": deflateSync("nothing to see\n".repeat(50)),
  "assets/clean.pdf": pdf([
    ["/FlateDecode", deflateSync(showText("nothing to see here", 4))],
    ["/DCTDecode", noise(512)],
  ]),
  "assets/formula.md": Buffer.from("x^2 + y^2 = z^2\n"),
};

/** Every file above, by path, as planted. */
export function compressedFiles(): Record<string, Buffer> {
  const entries = [...Object.entries(COMPRESSED_FORMS), ...Object.entries(UNINFLATABLE_FORMS)].map(([path, [content]]) => [path, content]);
  return { ...Object.fromEntries(entries), ...COMPRESSED_LOOK_ALIKES };
}
