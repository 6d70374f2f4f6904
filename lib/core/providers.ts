import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import type { AppConfig } from "../config/schema";

/**
 * The AWS provider of a stack: pinned to one account (a plan with the wrong credentials fails instead
 * of changing another account) and tagging everything with app and environment.
 */
export function awsProvider(scope: Construct, cfg: AppConfig, region: string, accountId: string): AwsProvider {
  return new AwsProvider(scope, "aws", {
    region,
    allowedAccountIds: [accountId],
    defaultTags: [{ tags: { app: cfg.app, environment: cfg.environment, "managed-by": "golive" } }],
  });
}
