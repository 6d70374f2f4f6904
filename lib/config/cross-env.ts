import type { ConfigIssue } from "../core/issues";
import type { AppConfig } from "./schema";

// The shapes of the cross-environment rules. The rules themselves are the concerns' (`Feature.crossEnvironment`,
// lib/features/<concern>/cross-env.ts) and the config engine runs them (lib/engines/config/cross-env.ts).

/** One environment's validated config and the file it came from (as errors name it). */
export interface LoadedEnvironment {
  readonly file: string;
  readonly cfg: AppConfig;
}

/** A conflict between environments, reported on the later file's field; the message names the earlier file's. */
export interface CrossEnvIssue {
  readonly file: string;
  readonly issue: ConfigIssue;
}
