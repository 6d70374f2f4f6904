/**
 * A Node error's `code` (ENOTFOUND, ECONNRESET...), else its message: one short word for reports.
 * Read by shape, not `instanceof Error`: an error made by Node's own modules is not an instance of
 * another realm's Error (a jest test's, a vm context's), and was reported whole, as "Error: write EPROTO ...".
 */
export function errorCode(err: unknown): string {
  if (typeof err === "object" && err !== null) {
    if ("code" in err && typeof err.code === "string") return err.code;
    if ("message" in err && typeof err.message === "string") return err.message;
  }
  return String(err);
}
