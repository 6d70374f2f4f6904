/** Every required flag for `init zz` in the zone acme-x.dev, with `--yes`; `edits` replace, add or (undefined) drop flags. */
export function initArgs(edits: Record<string, string | undefined> = {}): string[] {
  const given: Record<string, string | undefined> = {
    domain: "acme-x.dev",
    app: "acme",
    plan: "pro",
    "cloudflare-account-id": "0123456789abcdef0123456789abcdef",
    "aws-account-id": "111111111111",
    hostname: "chat.acme-x.dev",
    origin: "192.0.2.10",
    "alert-email": "oncall@acme-x.dev",
    ...edits,
  };
  return ["init", "zz", "--yes", ...Object.entries(given).flatMap(([flag, value]) => (value === undefined ? [] : [`--${flag}`, value]))];
}
