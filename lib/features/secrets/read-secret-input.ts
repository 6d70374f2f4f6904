/** Secrets Manager's limit for SecretString. */
export const MAX_SECRET_BYTES = 65536;

export class SecretInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretInputError";
  }
}

function isTty(stream: NodeJS.ReadableStream): boolean {
  return "isTTY" in stream && stream.isTTY === true;
}

/**
 * Reads the whole value from a pipe. A terminal is refused: it would echo the value as it is typed.
 * One trailing newline (from `echo` or a file) is dropped; anything else is kept byte for byte.
 */
export async function readSecretInput(stdin: NodeJS.ReadableStream): Promise<string> {
  if (isTty(stdin))
    throw new SecretInputError("stdin is a terminal; pipe the value in (see --help), so it is never echoed or kept in shell history");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk);
    size += buf.length;
    if (size > MAX_SECRET_BYTES)
      throw new SecretInputError(`the value is larger than ${MAX_SECRET_BYTES} bytes, the Secrets Manager limit`);
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  if (text === "") throw new SecretInputError("stdin was empty; nothing was written");
  return text;
}
