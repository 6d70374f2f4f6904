import type { PlanTier } from "../../config/schema";
import type { OriginLockdown } from "../../features/edge/schema";
import { ACCESS_LIMIT_RULES, overLimitText } from "../../features/edge/access-limits";
import { AccessConfig } from "../../features/edge/access-schema";
import { originLockdownProblem } from "./origin-lockdown";

/** What `golive init` needs to know to write a first config: asked for, or given as flags. */
export interface InitAnswers {
  /** The file is `<environment>.yaml`. */
  readonly environment: string;
  /** Short app name used in resource names. */
  readonly app: string;
  /** The Cloudflare zone (apex domain). */
  readonly domain: string;
  readonly plan: PlanTier;
  readonly cloudflareAccountId: string;
  /** The AWS account every AWS provider is pinned to (monitoring, secrets, CI roles). */
  readonly awsAccountId: string;
  /** @default "us-east-1" */
  readonly awsRegion: string;
  /** App hostnames behind Cloudflare Access, each with a DNS record to its origin. */
  readonly hostnames: readonly string[];
  /** One origin for every hostname, or one per hostname (same order). */
  readonly origins: readonly string[];
  readonly alertEmails: readonly string[];
  /** The load-balanced (blue/green) hostname; must not be one of `hostnames`. */
  readonly releaseHostname: string;
  /** How origins refuse requests that did not come through Cloudflare (`edge.originLockdown`, GL-AUTH-002). */
  readonly originLockdown: OriginLockdown;
  /** `edge.originPullCertificate`: the public PEM read from --origin-pull-certificate, with authenticated-origin-pulls. */
  readonly originPullCertificate?: string;
  /** CI credentials (`access-<env>`) and secrets: both or neither. */
  readonly githubRepository?: string;
  /** The IAM role of the people who write secret values (`golive secrets put`). */
  readonly secretsWriterRole?: string;
  /**
   * `secrets.administrators`: the role of the people who apply `access-<env>` by hand and administer
   * the keys and, with S3 state, the only people who may read and write its state. With the secrets section.
   */
  readonly administratorRole?: string;
}

/** A problem with the answers, naming the flag: the CLI prints it as a usage error. */
export interface AnswerProblem {
  readonly flag: string;
  readonly message: string;
}

/** First labels for the load-balanced hostname, in order of preference: the first not taken is suggested. */
const RELEASE_LABELS: readonly string[] = ["app", "lb", "release", "blue-green"];

/**
 * A name under `domain` for the load-balanced hostname that is none of `taken` (the app hostnames, and a
 * name just refused), so a default or a suggestion is never a name init would refuse.
 */
export function releaseHostnameFor(domain: string, taken: readonly string[]): string {
  const free = RELEASE_LABELS.map((label) => `${label}.${domain}`).find((name) => !taken.includes(name));
  return free ?? `lb-${taken.length + 1}.${domain}`;
}

/** Why `release` cannot be the load-balanced hostname next to the app `hostnames`, or undefined. */
export function releaseHostnameClash(release: string, hostnames: readonly string[], domain: string): string | undefined {
  if (!hostnames.includes(release)) return undefined;
  return `"${release}" is also a --hostname; the load-balanced hostname must be another name, such as ${releaseHostnameFor(domain, [...hostnames, release])}`;
}

/** Answers init will not write a config from: a usage error naming the flag. Nothing was written. */
export class AnswerRefused extends Error {
  constructor(readonly problem: AnswerProblem) {
    super(`--${problem.flag}: ${problem.message}`);
    this.name = "AnswerRefused";
  }
}

/** Cross-answer checks the config schema cannot name a flag for (the loader checks every value after). */
export function answerProblems(a: InitAnswers): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  if (a.origins.length !== 1 && a.origins.length !== a.hostnames.length)
    problems.push({
      flag: "origin",
      message: `got ${a.origins.length} origins for ${a.hostnames.length} hostnames; allowed: one origin for all, or one per --hostname in the same order`,
    });
  const clash = releaseHostnameClash(a.releaseHostname, a.hostnames, a.domain);
  if (clash !== undefined) problems.push({ flag: "release-hostname", message: clash });
  const tooMany = accessDestinationsProblem(a);
  if (tooMany !== undefined) problems.push(tooMany);
  const lockdown = originLockdownProblem(a);
  if (lockdown !== undefined) problems.push(lockdown);
  if ((a.githubRepository === undefined) !== (a.secretsWriterRole === undefined))
    problems.push({
      flag: a.githubRepository === undefined ? "github-repository" : "secrets-writer-role",
      message: "--github-repository and --secrets-writer-role go together (the secrets section needs both); give both or neither",
    });
  if (a.administratorRole !== undefined && a.githubRepository === undefined)
    problems.push({
      flag: "administrator-role",
      message:
        "goes in the secrets section, which init writes with --github-repository and --secrets-writer-role; give those too, or leave it out",
    });
  return problems;
}

/**
 * Every hostname init writes is behind Access, and each Access application covers all of them and the
 * load-balanced one (access-limits.ts, domainsPerApplication): over the limit, the config check would
 * refuse the file in its own words (`config/<env>.yaml: edge.hostnames: ...`), naming a file init never
 * wrote. Init writes the default limit, so that is the one checked here, naming the flags.
 */
function accessDestinationsProblem(a: InitAnswers): AnswerProblem | undefined {
  const rule = ACCESS_LIMIT_RULES.find((r) => r.limit === "domainsPerApplication");
  const max = AccessConfig.shape.accountLimits.parse(undefined).domainsPerApplication;
  const count = new Set([...a.hostnames, a.releaseHostname]).size;
  if (rule === undefined || count <= max) return undefined;
  return {
    flag: "hostname",
    message: `${a.hostnames.length} --hostname and the --release-hostname ${a.releaseHostname} make ${count} destinations on each Access application and ${overLimitText(rule, max)}; here: give at most ${max - 1} --hostname, then add the others to the file init writes`,
  };
}

/** Which flag sets which config field, so a config error can name the flag to fix (flagOfField). */
const FLAG_OF_FIELD: readonly (readonly [RegExp, string])[] = [
  [/^app$/, "app"],
  [/^environment$/, "<env>"],
  [/^cloudflare\.accountId$/, "cloudflare-account-id"],
  [/^cloudflare\.zone\.name$/, "domain"],
  [/^edge\.hostnames\[\d+\]\.name$/, "hostname"],
  [/^edge\.hostnames$/, "hostname"],
  [/^edge\.hostnames\[\d+\]\.origin$/, "origin"],
  [/^release\.pools\./, "origin"],
  [/^release\.hostname$/, "release-hostname"],
  [/^edge\.originLockdown$/, "origin-lockdown"],
  [/^edge\.originPullCertificate$/, "origin-pull-certificate"],
  [/^monitoring\.alerts\.emails/, "alert-email"],
  [/(^monitoring\.awsAccountId|^secrets\.accountId)$/, "aws-account-id"],
  [/(^monitoring\.awsRegion|^secrets\.region)$/, "aws-region"],
  [/^secrets\.github\.repository$/, "github-repository"],
  [/^secrets\.writers/, "secrets-writer-role"],
  [/^secrets\.administrators/, "administrator-role"],
  // init writes the first app hostname as the one whose latency is measured (render.ts monitoringLines).
  [/^monitoring\.latency\.hostname$/, "hostname"],
  [/^edge\.securityContact$|^edge\.access|^monitoring\.latency/, "domain"],
];

/**
 * The flag whose value set `field` (a config error's path) in the config written from `answers`, or
 * undefined. The allowed origins are `https://` and each --hostname, then the --release-hostname
 * (render.ts), so an origin's index tells which flag it came from.
 */
export function flagOfField(field: string, answers: Pick<InitAnswers, "hostnames">): string | undefined {
  const origin = /^edge\.waf\.allowedOrigins(?:\[(\d+)\])?/.exec(field);
  if (origin) return origin[1] !== undefined && Number(origin[1]) >= answers.hostnames.length ? "release-hostname" : "hostname";
  return FLAG_OF_FIELD.find(([re]) => re.test(field))?.[1];
}
