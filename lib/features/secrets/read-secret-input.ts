import { fstatSync, type Stats } from "node:fs";

/** Secrets Manager's limit for SecretString. */
export const MAX_SECRET_BYTES = 65536;

export class SecretInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretInputError";
  }
}

/**
 * The most bytes read for a value: the limit, a UTF-8 byte order mark (3 bytes, dropped) and a CRLF
 * (dropped); the decoded value is held to MAX_SECRET_BYTES exactly.
 */
const MAX_INPUT_BYTES = MAX_SECRET_BYTES + 3 + 2;

function isTty(stream: NodeJS.ReadableStream): boolean {
  return "isTTY" in stream && stream.isTTY === true;
}

function tooLarge(): SecretInputError {
  return new SecretInputError(`the value is larger than ${MAX_SECRET_BYTES} bytes, the Secrets Manager limit; nothing was written`);
}

/** The bytes of the value `bytes` hold: without a leading UTF-8 byte order mark and one trailing LF or CRLF. */
function valueLength(bytes: Uint8Array): number {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let end = bytes.length;
  if (bytes[end - 1] === 0x0a) end -= bytes[end - 2] === 0x0d ? 2 : 1;
  return Math.max(0, end - start);
}

/** Strict: one invalid byte throws instead of becoming U+FFFD. A UTF-8 byte order mark is dropped. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The value as text, or a SecretInputError that never quotes it. Refused: bytes that are not UTF-8
 * (a DER key, UTF-16 with its FF FE mark) and NUL characters (UTF-16 text without a mark decodes
 * as UTF-8 with a NUL after every letter), which stored as SecretString would be silently altered.
 * One trailing newline (from `echo`, a file or Enter) is dropped; anything else is kept as given.
 */
export function decodeSecretBytes(bytes: Uint8Array): string {
  // The size before decoding: a prompt line cut at the limit may end mid-character, which is no reason to call it not UTF-8.
  if (valueLength(bytes) > MAX_SECRET_BYTES) throw tooLarge();
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new SecretInputError(
      "the value is not UTF-8 text (binary such as a DER key, or UTF-16 as PowerShell writes it); store text: base64-encode binary, or convert to UTF-8; nothing was written",
    );
  }
  if (text.includes("\u0000"))
    throw new SecretInputError("the value holds NUL characters (UTF-16 text?); convert it to UTF-8; nothing was written");
  const value = text.replace(/\r?\n$/, "");
  if (value === "") throw new SecretInputError("the value was empty; nothing was written");
  return value;
}

/** What the stream's file descriptor is (process.stdin carries its `fd`); undefined for a stream without one. */
function descriptorStats(stream: NodeJS.ReadableStream): Stats | undefined {
  const fd = "fd" in stream ? stream.fd : undefined;
  if (typeof fd !== "number") return undefined;
  try {
    return fstatSync(fd);
  } catch {
    return undefined;
  }
}

/**
 * Reads the whole value from a pipe. A terminal is refused here: it would echo the value as it is
 * typed (the CLI prompts with hidden input instead). So is a folder (`< /tmp`), which would read as an
 * empty value: Node's getStdin (bootstrap/switches/is_main_thread.js) gives a handle of unknown type an
 * empty Readable. Reading stops past the size limit.
 */
export async function readSecretInput(stdin: NodeJS.ReadableStream): Promise<string> {
  if (isTty(stdin)) throw new SecretInputError("stdin is a terminal; pipe the value in (see --help), so it is never echoed");
  if (descriptorStats(stdin)?.isDirectory())
    throw new SecretInputError("standard input is a folder; allowed: a pipe, a file or a terminal; nothing was written");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk);
    size += buf.length;
    if (size > MAX_INPUT_BYTES) throw tooLarge(); // the value, a byte order mark and a CRLF at most: stop reading
    chunks.push(buf);
  }
  const bytes = Buffer.concat(chunks);
  if (bytes.length === 0) throw new SecretInputError("stdin was empty; nothing was written");
  return decodeSecretBytes(bytes);
}
