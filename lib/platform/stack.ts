import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { AppConfig } from "../config/schema";
import { stackName } from "../core/names";
import { awsProvider, cloudflareProvider, zoneId } from "../core/providers";
import { awsAccountOf } from "./aws-account";
import { configureBackend, configureLocalBackend } from "./backend";

/**
 * Base of every golive stack: named `<kind>-<env>` (the name is part of every state address and of
 * `cdktf deploy <stack>`), with its state backend and providers set up in one place, so no stack can
 * drift from the others (an unpinned AWS provider, a zone looked up outside the account).
 */
export abstract class GoliveStack extends TerraformStack {
  /**
   * @param state "configured" follows `state` in config; "local" keeps state on disk whatever config
   * says (the bootstrap stack, which creates the state bucket). @default "configured"
   */
  constructor(
    scope: Construct,
    kind: string,
    private readonly cfg: AppConfig,
    state: "configured" | "local" = "configured",
  ) {
    const name = stackName(kind, cfg.environment);
    super(scope, name);
    if (state === "local") configureLocalBackend(this, name);
    else configureBackend(this, cfg, name);
  }

  /** An AWS provider pinned to `accountId` and tagged with the app and environment. */
  protected awsProvider(region: string, accountId: string, alias?: string): AwsProvider {
    return awsProvider(this, { app: this.cfg.app, environment: this.cfg.environment, region, accountId, ...(alias ? { alias } : {}) });
  }

  /** The AWS account of a concern (see awsAccountOf); config validation guarantees there is one. */
  protected awsAccount(own?: string): string {
    const account = awsAccountOf(this.cfg, own);
    if (!account) throw new Error(`${this.node.id}: no AWS account to pin the provider to (config validation should have refused this)`);
    return account;
  }

  protected cloudflareProvider(): void {
    cloudflareProvider(this);
  }

  /** The id of the zone the edge stack owns: `cloudflare.zone.id` when adopted, else looked up in the account. */
  protected zoneId(): string {
    const cf = this.cfg.cloudflare;
    return zoneId(this, { accountId: cf.accountId, name: cf.zone.name, ...(cf.zone.id ? { id: cf.zone.id } : {}) });
  }
}
