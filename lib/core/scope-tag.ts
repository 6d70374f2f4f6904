/**
 * golive's own tag on everything its AWS providers create (providers.ts default tags): which app and
 * environment it belongs to, in one value. The CI roles' tag denies read it (ci-access
 * other-environments.ts): `environment` alone cannot tell two apps with an environment of one name apart,
 * and is a tag key organisations use for their own resources too. The `golive:` prefix is golive's, as on
 * the uptime checks' `golive:hostname`; `/` and `:` are allowed in tag keys and values (Billing and Cost
 * Management user guide, "User-defined tag restrictions": letters, numbers, spaces and `_ . : / = + - @`).
 */
export const SCOPE_TAG = "golive:scope";

/** `<app>/<env>`: neither name may hold `/` (config schema), so no two pairs share a value. */
export function scopeTagValue(app: string, environment: string): string {
  return `${app}/${environment}`;
}
