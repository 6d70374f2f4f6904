import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataCloudflareZone } from "@cdktf/provider-cloudflare/lib/data-cloudflare-zone";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import type { Construct } from "constructs";
import { SCOPE_TAG, scopeTagValue } from "./scope-tag";

/** Who owns what an AWS provider creates: every resource is tagged with it. */
export interface AwsProviderProps {
  readonly app: string;
  readonly environment: string;
  readonly region: string;
  /** The only account the provider may touch: a plan with other credentials fails instead of changing it. */
  readonly accountId: string;
  /** Construct id and alias of a second provider in the same stack. @default "aws", no alias */
  readonly alias?: string;
}

/**
 * Every AWS provider of every stack: pinned to one account and tagging everything with app, environment
 * and golive's scope tag (`golive:scope` = `<app>/<env>`, which the CI roles' tag denies read).
 */
export function awsProvider(scope: Construct, props: AwsProviderProps): AwsProvider {
  return new AwsProvider(scope, props.alias ? `aws-${props.alias.replace(/_/g, "-")}` : "aws", {
    ...(props.alias ? { alias: props.alias } : {}),
    region: props.region,
    allowedAccountIds: [props.accountId],
    defaultTags: [
      {
        tags: {
          app: props.app,
          environment: props.environment,
          "managed-by": "golive",
          [SCOPE_TAG]: scopeTagValue(props.app, props.environment),
        },
      },
    ],
  });
}

/** The Cloudflare provider. Its API token comes from CLOUDFLARE_API_TOKEN at plan/apply time, never from config or code. */
export function cloudflareProvider(scope: Construct): CloudflareProvider {
  return new CloudflareProvider(scope, "cloudflare", {});
}

export interface ZoneRef {
  readonly accountId: string;
  readonly name: string;
  /** Set when the zone is adopted: no lookup at all. */
  readonly id?: string;
}

/**
 * The id of the zone the edge stack owns, for the other stacks (no cross-stack outputs). Looked up by
 * name within the account, so a same-named zone of another account can never be picked. golive's own
 * API calls (preflight, release --now/--watch) look it up the same way: cloudflare-zone-lookup.ts.
 */
export function zoneId(scope: Construct, zone: ZoneRef): string {
  return zone.id ?? new DataCloudflareZone(scope, "Zone", { filter: { name: zone.name, account: { id: zone.accountId } } }).id;
}
