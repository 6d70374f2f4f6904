import type { AppConfig } from "../../config/schema";
import type { ConfigIssue } from "../../core/issues";
import { secretName } from "../secrets/model";

/**
 * An alert webhook URL kept in one of golive's own secrets is read when `monitoring-<env>` is
 * deployed, and that secret's policy denies every reader it does not name. The secrets stack names
 * the deploy role and `secrets.administrators`; with neither, nobody who deploys could read it.
 */
export function webhookReaderIssues(cfg: AppConfig): ConfigIssue[] {
  const secrets = cfg.secrets;
  const webhooks = cfg.monitoring?.alerts.webhooks ?? [];
  if (!secrets || secrets.github || secrets.administrators.length > 0) return [];
  return webhooks.flatMap((w, i) => {
    const item = secrets.items.findIndex((it) => secretName(cfg.app, cfg.environment, it.name) === w.secretName);
    if (item < 0) return [];
    return [
      {
        path: ["monitoring", "alerts", "webhooks", i, "secretName"],
        message: `names secrets.items[${item}], whose policy lets only the roles it names read it, and nothing that deploys monitoring-${cfg.environment} is named (no secrets.github deploy role, no secrets.administrators); allowed: set secrets.github or secrets.administrators, or keep the URL in a secret outside secrets.items`,
      },
    ];
  });
}
