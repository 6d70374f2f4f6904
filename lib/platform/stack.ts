import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { AppConfig } from "../config/schema";
import { configureBackend, configureLocalBackend } from "./backend";
import { StackKind, stackName } from "./stack-names";

/**
 * Base of every golive stack: named `<kind>-<env>` (the name is part of every state address and of
 * `cdktf deploy <stack>`), with its state backend chosen in one place.
 */
export abstract class GoliveStack extends TerraformStack {
  /**
   * @param state "configured" follows `state` in config; "local" keeps state on disk whatever config
   * says (the bootstrap stack, which creates the state bucket). @default "configured"
   */
  constructor(scope: Construct, kind: StackKind, cfg: AppConfig, state: "configured" | "local" = "configured") {
    const name = stackName(kind, cfg.environment);
    super(scope, name);
    if (state === "local") configureLocalBackend(this, name);
    else configureBackend(this, cfg, name);
  }
}
