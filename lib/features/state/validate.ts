import type { AppConfig } from "../../config/schema";
import type { ConfigIssue } from "../../core/issues";

/**
 * With S3 state bootstrapped here and a `secrets` section, the bucket and key policies let only the
 * CI roles and `secrets.administrators` use state (bucket-policy.ts), and no CI role applies
 * `access-<env>` (its `appliedBy` is administrator): with no administrator named, nobody could ever write its state, so
 * the first `access-<env>` deploy after `bootstrap-<env>` fails and its state is out of reach for good.
 */
export function validateState(cfg: AppConfig): ConfigIssue[] {
  const state = cfg.state;
  const secrets = cfg.secrets;
  if (state?.backend !== "s3" || !state.bootstrap || !secrets) return [];
  // The bucket and key policies admit golive's roles of the bucket's account (bucket-policy.ts), while
  // the access stack creates them in secrets.accountId: in another account they would be locked out.
  if (state.accountId !== secrets.accountId)
    return [
      {
        path: ["state", "accountId"],
        message: `"${state.accountId}" is not secrets.accountId "${secrets.accountId}": the state bucket bootstrapped here admits the CI roles of its own account only; allowed: the same account, or bootstrap: false with a bucket whose policy you manage`,
      },
    ];
  if (secrets.administrators.length > 0) return [];
  // Outside `role/<app>-<env>-*`: golive's own roles are never administrators of what they use.
  const example = `arn:aws:iam::${state.accountId}:role/${cfg.app}-admins`;
  return [
    {
      path: ["secrets", "administrators"],
      message: `required with state.backend s3 and state.bootstrap: the state bucket lets only the CI roles and these roles read or write state, and no CI role applies access-${cfg.environment}; add the IAM role you deploy access-${cfg.environment} with by hand, such as ["${example}"] (docs/state.md)`,
    },
  ];
}
