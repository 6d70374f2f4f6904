import type { AppConfig } from "../../config/schema";
import type { ConfigIssue } from "../../core/issues";
import { FEATURES } from "../../features";
import { nonExemptableIssues } from "../../platform/readiness";

// From the registry, not lib/engines/check/rules.ts (its sorted RULES): the check engine loads configs
// through this folder, and importing it back would be a cycle between folders.
const RULES = FEATURES.flatMap((f) => f.rules);

/**
 * Cross-field rules of every concern, run after the schema has passed, and the exemptions of rules that
 * cannot be exempted (the schema knows rule ids, not rules). Each returns every issue it finds.
 */
export function validateConfig(cfg: AppConfig): ConfigIssue[] {
  return [...FEATURES.flatMap((f) => f.validate?.(cfg) ?? []), ...(cfg.readiness ? nonExemptableIssues(cfg.readiness, RULES) : [])];
}
