import type { AppConfig } from "../config/schema";
import { namePrefix } from "../core/names";

/** IAM role names of this app and env share a prefix, so the deploy role can manage exactly them. */
export function rolePrefix(cfg: AppConfig): string {
  return `${namePrefix(cfg.app, cfg.environment)}-`;
}
