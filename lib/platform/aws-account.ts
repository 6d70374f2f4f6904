import type { AppConfig } from "../config/schema";
import type { ConfigIssue } from "../core/issues";

/**
 * The AWS account a concern's resources live in: its own setting, else the account of `secrets`, else
 * of the S3 state. Undefined only for config the concern's validator refuses.
 */
export function awsAccountOf(cfg: AppConfig, own?: string): string | undefined {
  return own ?? cfg.secrets?.accountId ?? (cfg.state?.backend === "s3" ? cfg.state.accountId : undefined);
}

/** The issue a concern reports when it would create AWS resources in no known account. */
export function missingAwsAccount(cfg: AppConfig, section: string, own?: string): ConfigIssue[] {
  if (awsAccountOf(cfg, own)) return [];
  return [
    {
      path: [section, "awsAccountId"],
      message: "required when neither secrets.accountId nor state.accountId is set: every AWS provider is pinned to one account",
    },
  ];
}
