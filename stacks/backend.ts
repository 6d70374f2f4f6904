import { LocalBackend, TerraformStack } from "cdktf";
import type { AppConfig } from "../config/schema";

/**
 * Where a stack keeps its state. Local by default (works offline, zero set-up); one state file per
 * stack so a rollback of one stack never locks another.
 */
export function configureBackend(stack: TerraformStack, _cfg: AppConfig, name: string): void {
  new LocalBackend(stack, { path: `terraform.${name}.tfstate` });
}
