/**
 * Resolver answers that say the name has no such record (NODATA; NXDOMAIN, which Node's resolver calls
 * ENOTFOUND), not that the lookup failed: a record not published, or a void lookup (RFC 7208 4.6.4).
 */
export const NO_RECORD: ReadonlySet<string> = new Set(["ENODATA", "ENOTFOUND"]);
