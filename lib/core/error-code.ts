/** A Node error's `code` (ENOTFOUND, ECONNRESET...), else its message: one short word for reports. */
export function errorCode(err: unknown): string {
  if (err instanceof Error) return "code" in err && typeof err.code === "string" ? err.code : err.message;
  return String(err);
}
