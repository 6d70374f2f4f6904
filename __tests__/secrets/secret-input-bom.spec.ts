import { Readable } from "node:stream";
import { decodeSecretBytes, MAX_SECRET_BYTES, readSecretInput } from "../../lib/features/secrets/read-secret-input";

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe("a UTF-8 byte order mark does not count toward the size limit (it is dropped, not stored)", () => {
  const full = Buffer.alloc(MAX_SECRET_BYTES, "a");

  test("a value of exactly the limit after a byte order mark and a CRLF is read and stored whole", async () => {
    const bytes = Buffer.concat([BOM, full, Buffer.from("\r\n")]);
    expect(decodeSecretBytes(bytes)).toBe(full.toString());
    const chunks = [bytes.subarray(0, 1024), bytes.subarray(1024)];
    expect(await readSecretInput(Readable.from(chunks))).toBe(full.toString());
  });

  test("fails when the value after the byte order mark is one byte over the limit", async () => {
    const bytes = Buffer.concat([BOM, full, Buffer.from("a")]);
    expect(() => decodeSecretBytes(bytes)).toThrow(`larger than ${MAX_SECRET_BYTES} bytes`);
    await expect(readSecretInput(Readable.from([bytes]))).rejects.toThrow(`larger than ${MAX_SECRET_BYTES} bytes`);
  });
});
