import { WorkersCustomDomain } from "@cdktf/provider-cloudflare/lib/workers-custom-domain";
import { WorkersScript } from "@cdktf/provider-cloudflare/lib/workers-script";
import { Construct } from "constructs";

export interface MtaStsWorkerProps {
  readonly accountId: string;
  readonly zoneId: string;
  /** `mta-sts.<domain>`; the custom domain makes Cloudflare create its DNS record and certificate. */
  readonly hostname: string;
  readonly scriptName: string;
  /** Module source from the domain layer (serves only /.well-known/mta-sts.txt). */
  readonly script: string;
}

/** The MTA-STS policy host: a tiny module Worker bound to `mta-sts.<domain>` as a custom domain. */
export class MtaStsWorker extends Construct {
  readonly script: WorkersScript;
  readonly customDomain: WorkersCustomDomain;

  constructor(scope: Construct, id: string, props: MtaStsWorkerProps) {
    super(scope, id);
    this.script = new WorkersScript(this, "Resource", {
      accountId: props.accountId,
      scriptName: props.scriptName,
      content: props.script,
      mainModule: "mta-sts.mjs",
      compatibilityDate: "2025-01-01",
    });
    this.customDomain = new WorkersCustomDomain(this, "CustomDomain", {
      accountId: props.accountId,
      zoneId: props.zoneId,
      hostname: props.hostname,
      service: this.script.scriptName,
    });
    // `environment` is Optional, not Computed, and RequiresReplace (workers_custom_domain/schema.go:44-49,
    // model.go:20, v5.14.0); Read stores the whole response (resource.go:132), where the API answers
    // "production", so every plan would replace the custom domain, its DNS record and certificate
    // (terraform-provider-cloudflare#5618; Computed only from v5.19.0). The attribute is deprecated:
    // ignore it rather than declare it.
    this.customDomain.lifecycle = { ...(this.customDomain.lifecycle ?? {}), ignoreChanges: ["environment"] };
  }
}
