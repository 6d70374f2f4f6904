import { APP_NAME_SHAPE, PlanTier } from "../../config/schema";
import { OriginLockdown } from "../../features/edge/schema";
import { releaseHostnameFor } from "./answers";
import { CERTIFICATE_REQUIRED, defaultOriginLockdown, LOCKDOWN_REASONS, LOCKDOWN_RUNBOOK } from "./origin-lockdown";

/** The answers so far, by flag name: one value, or several for a repeatable flag. */
export type KnownAnswers = ReadonlyMap<string, string[]>;

/** What the config folder already says that changes a default (init.ts reads it before asking). */
export interface QuestionContext {
  /** The `app` every other environment's config shares, when there are some and they agree. @default none */
  readonly sharedApp?: string;
}

/** One value init needs: its flag, and how it is asked for on a terminal (lib/cli/commands/init.ts asks). */
export interface Question {
  readonly flag: string;
  readonly text: string;
  /** Lines said once before the question is first asked: what each answer means. */
  readonly explain?: readonly string[];
  /** Several values, comma-separated at the prompt. */
  readonly many?: boolean;
  /**
   * Not needed for a valid config: Enter skips it (the prompt says what that means, `onEnter`); never
   * asked for under --yes, where answerProblems names a missing partner flag.
   */
  readonly optional?: boolean;
  /** What Enter at an optional question leaves out, shown in the prompt: `(Enter: no CI roles yet)`. */
  readonly onEnter?: string;
  /**
   * Why Enter cannot skip this optional question given the answers so far (the config needs it with
   * them), or undefined: then it is asked again with this reason, as a required one is.
   */
  readonly requiredBecause?: (known: KnownAnswers) => string | undefined;
  /** Asked only when this holds for the answers so far. @default always */
  readonly when?: (known: KnownAnswers) => boolean;
  readonly fallback?: (known: KnownAnswers, context: QuestionContext) => string | undefined;
}

const firstLabel = (known: KnownAnswers): string | undefined => {
  const label = known
    .get("domain")?.[0]
    ?.split(".")[0]
    ?.replace(/[^a-z0-9-]/g, "");
  return label && /^[a-z][a-z0-9-]{1,30}$/.test(label) ? label : undefined;
};
const underDomain = (prefix: string) => (known: KnownAnswers) => {
  const domain = known.get("domain")?.[0];
  return domain ? `${prefix}.${domain}` : undefined;
};

/** `app.<domain>`, or the next free name when an app hostname is already that. */
const releaseDefault = (known: KnownAnswers): string | undefined => {
  const domain = known.get("domain")?.[0];
  return domain ? releaseHostnameFor(domain, known.get("hostname") ?? []) : undefined;
};

const withRepository = (known: KnownAnswers): boolean => known.has("github-repository");
const withAuthenticatedOriginPulls = (known: KnownAnswers): boolean => known.get("origin-lockdown")?.[0] === "authenticated-origin-pulls";

/** In the order they are asked; the first questions' answers give the later defaults. */
export const QUESTIONS: readonly Question[] = [
  { flag: "domain", text: "Domain (the Cloudflare zone), such as example.org" },
  // One app across environments (the examples do): qa's zone acme-ops-qa.io must not make it acme-ops-qa.
  {
    flag: "app",
    text: `App name (${APP_NAME_SHAPE}; used in resource names)`,
    fallback: (known, context) => context.sharedApp ?? firstLabel(known),
  },
  { flag: "plan", text: `Cloudflare plan of the zone (${PlanTier.options.join("|")})` },
  { flag: "cloudflare-account-id", text: "Cloudflare account id (32 hex characters)" },
  { flag: "aws-account-id", text: "AWS account id (12 digits)" },
  { flag: "aws-region", text: "AWS region", fallback: () => "us-east-1" },
  { flag: "hostname", text: "App hostnames behind Cloudflare Access, comma-separated", many: true, fallback: underDomain("chat") },
  { flag: "origin", text: "Origin server (IP or hostname): one for all hostnames, or one per hostname, comma-separated", many: true },
  // The default needs nothing init cannot know (defaultOriginLockdown); createConfig holds it to GL-AUTH-002.
  {
    flag: "origin-lockdown",
    text: `Origin lockdown (${OriginLockdown.options.join("|")})`,
    explain: [
      `How origins refuse requests that did not come through Cloudflare (golive check blocks on GL-AUTH-002 otherwise; ${LOCKDOWN_RUNBOOK}):`,
      ...OriginLockdown.options.map((choice) => `  ${choice}: ${LOCKDOWN_REASONS[choice]}`),
    ],
    fallback: (known) => defaultOriginLockdown(known.get("origin") ?? [], known.has("origin-pull-certificate")),
  },
  // Asked only with authenticated-origin-pulls, and then needed (answerProblems names the flag under --yes).
  {
    flag: "origin-pull-certificate",
    text: "File of the client certificate Cloudflare presents to the origins (PEM, public; never its key)",
    optional: true,
    when: withAuthenticatedOriginPulls,
    requiredBecause: () => CERTIFICATE_REQUIRED,
  },
  { flag: "release-hostname", text: "Load-balanced blue/green hostname", fallback: releaseDefault },
  { flag: "alert-email", text: "Alert emails, comma-separated", many: true },
  {
    flag: "github-repository",
    text: "GitHub repository that deploys, <org>/<repo>",
    optional: true,
    onEnter: "no CI roles yet",
    requiredBecause: (known) =>
      ["secrets-writer-role", "administrator-role"]
        .filter((flag) => known.has(flag))
        .map((flag) => `required: --${flag} was given, and the secrets section it goes in needs a repository`)[0],
  },
  // Asked only after a repository, and then needed: the secrets section holds both (answerProblems).
  {
    flag: "secrets-writer-role",
    text: "IAM role ARN of the people who write secrets",
    optional: true,
    when: withRepository,
    requiredBecause: () => "required with a repository: the secrets section names the people who write secret values",
  },
  {
    flag: "administrator-role",
    text: "IAM role ARN you apply access-<env> with by hand; with S3 state the only people who may use state",
    optional: true,
    onEnter: "none yet",
    when: withRepository,
  },
];
