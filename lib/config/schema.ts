import { z } from "zod";
import { EnvironmentName } from "../core/fields";

/** The app name's pattern in words, as its refusal and init's question say it. */
export const APP_NAME_SHAPE = "2-31 lower-case letters, digits or dashes, starting with a letter";
import { GithubConfig } from "../features/ci-access/schema";
import { CloudflareConfig, EdgeConfig } from "../features/edge/schema";
import { EmailConfig } from "../features/email/schema";
import { MonitoringConfig } from "../features/monitoring/schema";
import { ReadinessConfig } from "../features/readiness/schema";
import { ReleaseConfig } from "../features/release/schema";
import { SecretsConfig } from "../features/secrets/schema";
import { StateConfig } from "../features/state/schema";

/**
 * One environment's configuration: the single source of truth. `config/golive.schema.json` is
 * generated from it (`npm run schema`) and a test keeps the two in sync.
 */
export const AppConfig = z.strictObject({
  /** Where editors find config/golive.schema.json (JSON configs; YAML uses a comment). Ignored by golive. */
  $schema: z.string().max(2048).optional(),
  /** Short app name used in resource names: `<app>/<env>/<secret>`. */
  app: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, `must be ${APP_NAME_SHAPE}`),
  /** Must match the file name: config/<environment>.yaml. */
  environment: EnvironmentName,
  cloudflare: CloudflareConfig,
  edge: EdgeConfig,
  /** Outbound email (SES) and its DNS. Omit to create no email stack. */
  email: EmailConfig.optional(),
  /** Secrets Manager secrets, KMS and deploy/runtime roles (`github`: ci-access's section, the CI roles). */
  secrets: SecretsConfig.extend({ github: GithubConfig.optional() }).optional(),
  /** Where Terraform state lives. @default local */
  state: StateConfig.optional(),
  /** Blue/green release state. */
  release: ReleaseConfig.optional(),
  /** Uptime checks and alerting. */
  monitoring: MonitoringConfig.optional(),
  /** Attestations and exemptions for launch-readiness checks. */
  readiness: ReadinessConfig.optional(),
});

/** Config as validated (defaults applied). */
export type AppConfig = z.infer<typeof AppConfig>;

export { PlanTier } from "../features/edge/schema";
