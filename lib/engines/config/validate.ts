import type { AppConfig } from "../../config/schema";
import type { ConfigIssue } from "../../core/issues";
import { FEATURES } from "../../features";

/** Cross-field rules of every concern, run after the schema has passed. Each returns every issue it finds. */
export function validateConfig(cfg: AppConfig): ConfigIssue[] {
  return FEATURES.flatMap((f) => f.validate?.(cfg) ?? []);
}
