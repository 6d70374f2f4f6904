import type { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { AppConfig } from "../config/schema";
import type { ConfigIssue } from "../core/issues";
import type { ProbeInputs, ProbeSet } from "./probes";
import type { Rule } from "./readiness";
import type { RiskRule } from "./risks";

/** The stack a concern declares: one per blast radius, named `<kind>-<env>`. */
export interface FeatureStack {
  /** Stack kind, part of every state address and of `cdktf deploy <kind>-<env>`: never rename. */
  readonly kind: string;
  /**
   * Builds the stack of one environment, or nothing when its config section is absent. Loaded on
   * demand, so commands that never synthesize never load cdktf or a provider.
   */
  build(scope: Construct, cfg: AppConfig): TerraformStack | undefined;
}

/** A Terraform expression only known after apply, which a stack output of the same value fills in. */
export interface AfterApplyValue {
  /** Matches the expression inside `${...}`; its first group is the index into the output's list. */
  readonly expression: RegExp;
  /** The stack output (`terraform output -json`) holding the values. */
  readonly output: string;
  /** How many values the output always holds (SES Easy DKIM: 3); a list of another length is refused. */
  readonly count?: number;
}

/** What the zone export (`golive zone`) needs to know of a concern's records. */
export interface ZoneExportHints {
  readonly afterApply?: readonly AfterApplyValue[];
  /** A stack output listing records other zones must publish for this one. */
  readonly foreignRecordsOutput?: string;
}

/**
 * What one concern (lib/features/<name>/) contributes to every stage. Engines see concerns only
 * through this interface and the registry (lib/features/index.ts).
 */
export interface Feature {
  /** Folder name under lib/features. */
  readonly name: string;
  readonly stack?: FeatureStack;
  /** Cross-field rules of the concern's config, run after the schema passed; every issue names its field. */
  readonly validate?: (cfg: AppConfig) => ConfigIssue[];
  /** Launch-readiness rules (`golive check`); ids are public (exemptions, SARIF). */
  readonly rules: readonly Rule[];
  /** Plan-review risk rules (`golive plan-report`). */
  readonly risks: readonly RiskRule[];
  readonly zoneExport?: ZoneExportHints;
  /**
   * Live checks of `golive verify` (lib/platform/probes.ts), planned from config and the synthesized
   * records; the engine runs every concern's sets in registry order, timed ones last. Loaded on demand.
   */
  readonly probes?: (cfg: AppConfig, inputs: ProbeInputs) => readonly ProbeSet[];
  /**
   * What the concern's stacks read besides the config (the edge's adopt file, config/adopt/<env>.json):
   * part of the synth fingerprint (lib/engines/synth/record.ts), so a change to it shows the output stale.
   */
  readonly synthInputs?: (cfg: AppConfig) => unknown;
}
