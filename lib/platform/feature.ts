import type { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { CrossEnvIssue, LoadedEnvironment } from "../config/cross-env";
import type { TemplateSafeFields } from "../config/input-guard";
import type { AppConfig } from "../config/schema";
import type { ConfigIssue } from "../core/issues";
import type { GeneratedConfigFile } from "./generated-file";
import type { CheckedProbeInputs, ProbeInputs, ProbeSet, RefusedProbeInput } from "./probes";
import type { Rule } from "./readiness";
import type { RiskRule } from "./risks";

/**
 * Who applies a stack, and so may write its state: the deploy role from CI (the everyday stacks); the
 * admin-deploy role, from a GitHub environment with reviewers (the stacks whose policies decide who
 * reads secrets); an administrator, by hand (the CI roles' own trust and boundary, the state bucket).
 */
export type StackApplier = "deploy" | "admin-deploy" | "administrator";

export type { CrossEnvIssue, LoadedEnvironment } from "../config/cross-env";

/** What one environment uses but another environment's stack of the same kind creates, and which environment. */
export interface SharedCreator {
  readonly environment: string;
  /** What is shared, as tests and docs name it: "state bucket <name>". */
  readonly reason: string;
}

/** A name an environment's stacks declare in its zone, and the field that puts it there. */
export interface ZoneName {
  readonly name: string;
  readonly path: readonly (string | number)[];
  /** What the stacks declare at the name, as messages say it: "a DNS record and an Access application". */
  readonly becomes: string;
}

/** A stack kind another one needs deployed first, and why. */
export interface StackNeed {
  readonly kind: string;
  /** What the later stack reads or relies on; shown in tests and docs. */
  readonly reason: string;
  /** Only when this holds. @default always */
  readonly when?: (cfg: AppConfig) => boolean;
}

/**
 * What a stack always declares when its environment's config asks for the concern: the check engine
 * holds a synth output to it, so a stack missing or hollowed out after synth (`{"terraform":{}}`) never
 * reads as one with nothing wrong in it (lib/engines/check/stack-cores.ts).
 */
export interface StackCore {
  /**
   * The config field asking for the concern, when the config does: its path (as a finding on the
   * config names it, `cloudflare.zone.name`) and what it asks for (`zone example.com`); undefined when
   * the config does not ask.
   */
  readonly askedBy: (cfg: AppConfig) => { readonly path: string; readonly asks: string } | undefined;
  /** Resource types of which the stack declares at least one whenever `askedBy` names a field. */
  readonly resourceTypes: readonly string[];
}

/** The stack a concern declares: one per blast radius, named `<kind>-<env>`. */
export interface FeatureStack {
  /** Stack kind, part of every state address and of `cdktf deploy <kind>-<env>`: never rename. */
  readonly kind: string;
  /**
   * Builds the stack of one environment, or nothing when its config section is absent. Loaded on
   * demand, so commands that never synthesize never load cdktf or a provider. `stacks` is every stack
   * the registry declares, handed down by whoever holds the registry (stacks/index.ts): the state
   * bucket's and the CI roles' policies name each stack's state by what it declares, and a concern
   * cannot import the registry that imports it.
   */
  build(scope: Construct, cfg: AppConfig, stacks: readonly StackDeclaration[]): TerraformStack | undefined;
  /** Who applies it: the state policies name exactly these writers, the workflows use that role for it. */
  readonly appliedBy: StackApplier;
  /**
   * Whether its state holds a secret value (an Access service-token secret, an alert webhook URL).
   * Such state is one a pull request's plan role may not read (docs/state.md), so pull requests never
   * plan the stack: they review its synthesized configuration (lib/engines/plan/config-diff.ts).
   */
  readonly stateHoldsSecrets: boolean;
  /**
   * The IAM service prefixes (`kms`, `ses`) of every AWS resource and data source the stack may declare
   * (`aws_sesv2_email_identity` is `ses`); none for a stack of other providers only. The plan roles read
   * these services of the stacks they plan (`Get*`, `List*`, `Describe*`) and no other of AWS
   * (lib/features/ci-access/plan-reads.ts), so a pull request reads no application data; a test fails
   * on a synthesized `aws_*` type whose service its stack does not list.
   */
  readonly awsServices: readonly string[];
  /**
   * It creates the state backend every other stack of its environment uses (the state bucket), and keeps
   * its own state local: every other stack deploys after it, and no CI role plans or applies it. @default false
   */
  readonly createsStateBackend?: boolean;
  /**
   * What it reads from or relies on in other stacks of the same environment, so `cdktf deploy` (parallel
   * by default) never runs them side by side (stacks/dependencies.ts). @default none
   */
  readonly needs?: readonly StackNeed[];
  /**
   * What it creates once for several environments (the state bucket, an account's GitHub OIDC
   * provider): the environment among `envs` whose stack of this kind creates what `cfg` uses. The
   * environment's stacks then deploy after that one (every stack when this one `createsStateBackend`,
   * else its own kind), which is what makes `state.bootstrap: false` and `oidcProvider: existing` work.
   * @default none
   */
  readonly sharedCreator?: (cfg: AppConfig, envs: readonly AppConfig[]) => SharedCreator | undefined;
  /**
   * The resources the stack always declares when the config asks for them: in an environment whose
   * config does but whose stack is missing or declares none of them, `golive check` fails every rule of
   * the concern (never n/a or pass) with a finding naming the stack and what it lacks. @default none
   */
  readonly core?: StackCore;
}

/** What a stack declares to the rest of golive, without building it: what the state and CI policies read. */
export type StackDeclaration = Pick<FeatureStack, "kind" | "appliedBy" | "stateHoldsSecrets" | "createsStateBackend" | "awsServices">;

/** A Terraform expression only known after apply, which a stack output of the same value fills in. */
export interface AfterApplyValue {
  /** Matches the expression inside `${...}`; its first group is the index into the output's list. */
  readonly expression: RegExp;
  /** The stack output (`terraform output -json`) holding the values. */
  readonly output: string;
  /**
   * How many values the output always holds (SES Easy DKIM: 3); a list of another length is refused,
   * and the export's hint shows that many (`--set dkim_tokens=a,b,c`). @default any number, the hint one
   */
  readonly count?: number;
}

/** What the zone export (`golive zone`) needs to know of a concern's records. */
export interface ZoneExportHints {
  readonly afterApply?: readonly AfterApplyValue[];
  /** A stack output listing records other zones must publish for this one. */
  readonly foreignRecordsOutput?: string;
  /**
   * What those records are, as the export's comment on each says ("DMARC report authorisation").
   * @default none: the comment says only that another zone must publish it
   */
  readonly foreignRecordsAre?: string;
  /**
   * The concern's stack owns the zone (the edge): other stacks look the zone up, and `golive zone`
   * takes an environment as synthesized when this stack's output is there. @default false
   */
  readonly ownsZone?: boolean;
}

/** One line of the zone `golive zone` exports, as a concern's zone checks read it. */
export interface ZoneRecordLine {
  /** Absolute, as in the zone file (`_dmarc.example.com.`). */
  readonly name: string;
  readonly type: string;
  /** As written in the zone file: TXT quoted and split into character-strings. */
  readonly rdata: string;
  /** Values still unknown (known after apply): such a line is not checked. */
  readonly missing: readonly string[];
}

/** What a zone check knows besides the lines. */
export interface ZoneCheckOptions {
  /** The zone the lines belong to: names in it without records are void lookups, others unknown. */
  readonly zone?: string;
  /** Hostnames Cloudflare answers for without a record line (Worker custom domains, load-balanced names). */
  readonly managedHostnames?: readonly string[];
  /** Records other zones are already asked to publish (the email stack's report authorisations). */
  readonly foreignRecords?: readonly string[];
}

/** One finding of a zone check, on the name it is about: `golive zone` exits 1 on any error. */
export interface ZoneFinding {
  readonly severity: "error" | "warning";
  /** Stable rule id such as `spf-lookups` (for tests and machine output). */
  readonly code: string;
  readonly message: string;
  readonly name: string;
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
  /**
   * Rules no single file shows (two environments creating one bucket, zone or OIDC provider): run by the
   * config engine over every environment of the config folder in the folder's order, `configured`
   * being every environment with a config file, loaded or not. Each issue is on the later environment's
   * field and names the earlier file's. @default none
   */
  readonly crossEnvironment?: (envs: readonly LoadedEnvironment[], configured: readonly string[]) => CrossEnvIssue[];
  /**
   * The names the concern's stacks declare in the environment's zone, from its own builders, with the
   * field that puts each there: the config engine refuses one that another environment's zone answers
   * for (lib/engines/config/zone-overlap.ts). @default none
   */
  readonly zoneNames?: (cfg: AppConfig) => readonly ZoneName[];
  /**
   * The concern's config fields it escapes on the way into Terraform JSON, which alone may hold `${` or
   * `%{` (the config guard refuses them anywhere else, lib/config/input-guard.ts). @default none
   */
  readonly templateSafe?: TemplateSafeFields;
  /** Launch-readiness rules (`golive check`); ids are public (exemptions, SARIF). */
  readonly rules: readonly Rule[];
  /** Plan-review risk rules (`golive plan-report`). */
  readonly risks: readonly RiskRule[];
  readonly zoneExport?: ZoneExportHints;
  /**
   * Checks of the records as `golive zone` exports them (synthesized, not configured; the email
   * concern's SPF, DKIM and DMARC rules): the zone engine runs every concern's, in registry order, over
   * the whole zone (lib/engines/zone/check.ts). Loaded on demand. @default none
   */
  readonly zoneChecks?: (lines: readonly ZoneRecordLine[], options: ZoneCheckOptions) => readonly ZoneFinding[];
  /**
   * Live checks of `golive verify` (lib/platform/probes.ts), planned from config and the synthesized
   * records; the engine runs every concern's sets in registry order, timed ones last. Loaded on demand.
   */
  readonly probes?: (cfg: AppConfig, inputs: ProbeInputs) => readonly ProbeSet[];
  /**
   * The inputs of `golive verify` the concern's probes cannot use as given, asked before anything is
   * planned or sent (a `--health-path` no service token may reach behind Access would time only the
   * login): verify refuses each as a usage error naming its flag. Loaded on demand. @default none
   */
  readonly refusedProbeInputs?: (cfg: AppConfig, inputs: CheckedProbeInputs) => readonly RefusedProbeInput[];
  /**
   * What the concern's stacks read besides the config (the edge's adopt file, config/adopt/<env>.json):
   * part of the synth fingerprint (lib/engines/synth/record.ts), so a change to it shows the output stale.
   */
  readonly synthInputs?: (cfg: AppConfig) => unknown;
  /**
   * A file a golive command writes into the config folder for each environment (the edge's adopt file):
   * the config engine reads it with that environment's config and hands it to the concern.
   */
  readonly generatedFile?: GeneratedConfigFile;
}
