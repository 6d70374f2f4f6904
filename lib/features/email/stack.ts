import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { AppConfig } from "../../config/schema";
import type { EmailConfig } from "./schema";
import { emailModel } from "./model";
import { DnsRecords } from "../edge/constructs/dns-records";
import { adoptExisting } from "../edge/constructs/adopt-existing";
import { adoptionOf } from "../edge/adoption";
import { MtaStsWorker } from "./constructs/mta-sts-worker";
import { SesDkimRecords } from "./constructs/ses-dkim-records";
import { SesSending } from "./constructs/ses-sending";
import { DKIM_TOKENS_OUTPUT, REPORT_AUTHORISATIONS_OUTPUT } from "./zone-export";
import { configurationSetArn, feedbackKeyAlias, feedbackKeyPolicy, feedbackTopicName } from "./feedback";
import { GoliveStack } from "../../platform/stack";
import { namePrefix } from "../../core/names";

/**
 * Outbound email of one environment: SES identity (Easy DKIM 2048), MAIL FROM, configuration set with
 * bounce/complaint feedback to a KMS-encrypted, TLS-only SNS topic, and every email DNS record in the
 * edge stack's zone (SPF, DKIM CNAMEs, DMARC, MTA-STS + its Worker, TLS-RPT, null MX for non-sending
 * names).
 *
 * The zone id comes from `cloudflare.zone.id` when the zone is adopted; otherwise the zone created by
 * `edge-<env>` is looked up by name (deploy edge first). No remote state is read across stacks.
 */
export class EmailStack extends GoliveStack {
  readonly sending: SesSending;

  constructor(scope: Construct, cfg: AppConfig, email: EmailConfig) {
    super(scope, "email", cfg);
    // Credentials come from the environment at plan/apply time (CLOUDFLARE_API_TOKEN, AWS OIDC role).
    this.cloudflareProvider();
    // Pinned like every AWS provider: with the wrong credentials the plan fails instead of creating SES elsewhere.
    const accountId = this.awsAccount(email.awsAccountId);
    this.awsProvider(email.region, accountId);
    const cf = cfg.cloudflare;
    const zoneId = this.zoneId();
    const model = emailModel(cfg, email);
    const prefix = namePrefix(cfg.app, cfg.environment);
    this.sending = new SesSending(this, "Ses", {
      domain: model.domain,
      mailFromDomain: model.mailFromDomain,
      namePrefix: prefix,
      feedbackTopicName: feedbackTopicName(cfg),
      feedbackSubscribers: email.feedbackSubscribers,
      feedbackKeyAlias: feedbackKeyAlias(cfg),
      // The configuration set SesSending names `prefix`, in this stack's region and account.
      feedbackKeyPolicy: feedbackKeyPolicy(cfg, accountId, configurationSetArn(email.region, accountId, prefix)),
    });
    new SesDkimRecords(this, "Dkim", {
      zoneId,
      domain: model.domain,
      dkimDomain: model.dkimDomain,
      tokens: this.sending.dkimTokens,
      slots: model.dkimTokenSlots,
    });
    new DnsRecords(this, "Dns", { zoneId, records: model.records });
    new MtaStsWorker(this, "MtaSts", {
      accountId: cf.accountId,
      zoneId,
      hostname: model.mtaSts.hostname,
      scriptName: model.mtaSts.scriptName,
      script: model.mtaSts.script,
    });
    new TerraformOutput(this, DKIM_TOKENS_OUTPUT, {
      value: this.sending.dkimTokens,
      description: "SES Easy DKIM tokens (golive zone --values <terraform output -json>)",
    });
    new TerraformOutput(this, "configuration_set", {
      value: this.sending.configurationSet.configurationSetName,
      description: "SES configuration set to send with",
    });
    new TerraformOutput(this, "feedback_topic_arn", {
      value: this.sending.feedbackTopic.arn,
      description: "SNS topic receiving bounces and complaints",
    });
    new TerraformOutput(this, REPORT_AUTHORISATIONS_OUTPUT, {
      value: model.reportAuthorisations.map((r) => `${r.name}. TXT "${r.value}"`),
      description: "Records the report mailboxes' domains must publish before they receive DMARC reports",
    });
    adoptExisting(this, "email", adoptionOf(cfg)); // records `golive preflight --write` found: imported, not created
  }
}

/** No email section, no stack. */
export function buildEmailStack(scope: Construct, cfg: AppConfig): EmailStack | undefined {
  return cfg.email ? new EmailStack(scope, cfg, cfg.email) : undefined;
}
