import { DEFAULT_RATE_LIMITS, FREE_DEFAULT_RATE_LIMITS } from "../../features/edge/rate-limit-defaults";
import { TIER_LIMITS } from "../../features/edge/tiers";
import { type DeployAfter, firstEnvironments, promotionChain } from "../../config/promotion-order";
import { ATTESTATION_ITEMS } from "../../features/readiness/schema";
import type { InitAnswers } from "./answers";
import { suffixPlace } from "../../core/registrable-domain";
import { nextCommands } from "./next-steps";
import { originLockdownLines } from "./render-origin-lockdown";

/**
 * A YAML scalar: every value the user gave is written double-quoted (JSON string syntax is valid YAML),
 * so a `#`, `: ` or newline in it can never become a comment, a key or a second line.
 */
const q = (value: string): string => JSON.stringify(value);
const list = (values: readonly string[]): string => `[${values.map(q).join(", ")}]`;

/**
 * The one path the health checks request of every origin: monitoring.healthPath (Route 53) and
 * release.monitor.path (the load balancer's monitor). Written once, as the access-jwt comment names it.
 */
const HEALTH_PATH = "/healthz";

interface RateLimitDefault {
  readonly name: string;
  readonly paths: readonly string[];
  readonly requestsPerPeriod: number;
  readonly period: number;
  readonly mitigationTimeout: number;
  readonly action: string;
}

/**
 * The rate limits that fit the plan: the plan's own defaults (lib/features/edge/schema.ts), checked
 * against lib/features/edge/tiers.ts.
 */
function rateLimitsFor(a: InitAnswers): readonly RateLimitDefault[] {
  const limits = TIER_LIMITS[a.plan];
  const fits = (r: { period: number; mitigationTimeout: number }) =>
    limits.rateLimitPeriods.includes(r.period) && limits.mitigationTimeouts.includes(r.mitigationTimeout);
  const full = DEFAULT_RATE_LIMITS.length <= limits.rateLimitRules && DEFAULT_RATE_LIMITS.every(fits);
  return full ? DEFAULT_RATE_LIMITS : FREE_DEFAULT_RATE_LIMITS;
}

function edgeLines(a: InitAnswers): string[] {
  const limits = TIER_LIMITS[a.plan];
  const origin = (i: number): string => a.origins[a.origins.length === 1 ? 0 : i] ?? "";
  const rateLimits = rateLimitsFor(a);
  return [
    "edge:",
    "  # Where CAs report certificate problems (CAA iodef): a monitored mailbox of yours.",
    `  securityContact: ${q(`security@${a.domain}`)}`,
    "  # App hostnames: proxied through Cloudflare (WAF, rate limits) and behind Cloudflare Access.",
    "  # A hostname that must stay public needs `public: {reason: ...}` (docs/edge.md).",
    "  hostnames:",
    ...a.hostnames.flatMap((h, i) => [`    - name: ${q(h)}`, `      origin: ${q(origin(i))}`]),
    "  waf:",
    "    managed:",
    limits.managedRulesets
      ? `      # Cloudflare Managed Ruleset and OWASP Core Ruleset (available on ${a.plan}).`
      : "      # The free plan has neither the Cloudflare Managed Ruleset nor the OWASP Core Ruleset:",
    ...(limits.managedRulesets
      ? ["      cloudflare: true", "      owasp: true", "      owaspScoreThreshold: 40"]
      : [
          "      # `golive check` reports GL-EDGE-007 until the zone is on pro or higher (then set both true)",
          "      # or an exemption under readiness says why and until when.",
          "      cloudflare: false",
          "      owasp: false",
        ]),
    "    # Origins allowed to send state-changing requests (CSRF at the edge): every page of the app.",
    `    allowedOrigins: ${list([...a.hostnames, a.releaseHostname].map((h) => `https://${h}`))}`,
    `  # Per-IP rate limits that fit the ${a.plan} plan (${limits.rateLimitRules} rule${limits.rateLimitRules === 1 ? "" : "s"}; periods up to ${Math.max(...limits.rateLimitPeriods)}s,`,
    `  # block timeouts up to ${Math.max(...limits.mitigationTimeouts)}s, of Cloudflare's supported values in docs/edge.md).`,
    "  # The paths are the chat and tool paths under readiness.",
    "  rateLimits:",
    ...rateLimits.flatMap((r) => [
      `    - name: ${r.name}`,
      `      paths: ${list(r.paths)}`,
      `      requestsPerPeriod: ${r.requestsPerPeriod}`,
      `      period: ${r.period}`,
      `      mitigationTimeout: ${r.mitigationTimeout}`,
      `      action: ${r.action}`,
    ]),
    "  # Who may sign in. Start: anyone with an address at your domain; replace with your identity",
    "  # provider's groups (idpGroup: {type: okta|azure_ad|saml, identityProviderId, group}) before launch.",
    "  access:",
    "    sessionDuration: 8h",
    "    roles:",
    "      users:",
    // The registrable domain: with a subdomain zone (ops.example.co.uk) people's addresses are at example.co.uk.
    `        emailDomains: ${list([suffixPlace(a.domain).registrable ?? a.domain])}`,
    "    paths:",
    "      - path: /",
    "        roles: [users]",
    ...originLockdownLines(a, HEALTH_PATH),
  ];
}

function releaseLines(a: InitAnswers): string[] {
  const addresses = [...new Set(a.origins)];
  const pool = (colour: string): string[] => [
    `    ${colour}:`,
    "      origins:",
    ...addresses.flatMap((address, i) => [`        - name: ${colour}-${i + 1}`, `          address: ${q(address)}`]),
  ];
  return [
    "# Blue/green releases behind one load-balanced hostname (docs/releasing.md). Both pools start on the",
    "# same servers, so the rollback path exists from the first deploy; point green at the next build's",
    "# servers before `golive release start`. Only live/candidate/previous/weights change in a release.",
    "release:",
    `  hostname: ${q(a.releaseHostname)}`,
    "  live: blue",
    "  candidate: green",
    "  previous: blue",
    "  weights:",
    "    blue: 100",
    "    green: 0",
    "  pools:",
    ...pool("blue"),
    ...pool("green"),
    "  monitor:",
    `    path: ${HEALTH_PATH}`,
  ];
}

function monitoringLines(a: InitAnswers): string[] {
  return [
    "# Uptime checks of every hostname and origin, alarms, and where alerts go (docs/monitoring.md).",
    "monitoring:",
    `  healthPath: ${HEALTH_PATH}`,
    `  awsAccountId: ${q(a.awsAccountId)}`,
    `  awsRegion: ${q(a.awsRegion)}`,
    "  alerts:",
    "    # Each address confirms its SNS subscription once (a link in the first email).",
    `    emails: ${list(a.alertEmails)}`,
    "  latency:",
    "    # Behind Cloudflare Access the edge only answers with the login redirect, so time the origin.",
    `    hostname: ${q(a.hostnames[0] ?? a.releaseHostname)}`,
    "    target: origin",
    "    p95Ms: 500",
  ];
}

/** What the folder already holds that changes what init writes. */
export interface RenderContext {
  /** YYYY-MM-DD, for the attestation template. */
  readonly today: string;
  /** The environment in the same AWS account that creates the GitHub OIDC provider (one per account). */
  readonly oidcProviderFrom?: string;
  /** The environments already configured, each with the one it is deployed after (null: none). @default none */
  readonly others?: DeployAfter;
  /** The config folder as the user named it, when it is not the default `config` (nextCommands). */
  readonly configDir?: string;
  /** The first line, pointing editors at the JSON Schema from the file's folder (schemaPointer). */
  readonly schemaPointer: string;
}

/**
 * With other environments, the deploy workflow needs the promotion order; init does not guess it (this
 * one may be production after staging, or a staging added after production): a commented line names the
 * field and the likely value, the end of the existing order when there is one; the other case (this one
 * goes first) is an edit of the environment that goes first today, named when there is one. Until the
 * order is set the deploy refuses, naming the field.
 */
function deployAfterLines(a: InitAnswers, others: DeployAfter): string[] {
  if (others.size === 0) return [];
  const next = [...others].filter(([, after]) => after === a.environment).map(([env]) => env);
  if (next.length > 0)
    return [
      `    # The promotion order: ${next.sort().join(", ")} names ${a.environment} in deployAfter, so ${a.environment} is deployed before`,
      `    # it; ${a.environment} needs a deployAfter only if another environment goes before it (docs/configuration.md).`,
    ];
  const firsts = firstEnvironments(others);
  const first = firsts.length === 1 ? firsts[0] : undefined;
  const chain = first === undefined ? [] : promotionChain(others, first);
  const last = chain.length === others.size ? chain.at(-1) : undefined;
  const names = [...others.keys()].sort().join(", ");
  const env = a.environment;
  return [
    `    # The promotion order (${names} already configured): the deploy workflow deploys one environment at a`,
    `    # time and refuses to guess the order. If ${env} is deployed after another, uncomment the line below,`,
    // The example is these environments, not "staging before production": a qa and prod reader is not guessing.
    `    # naming the environment whose deploy must succeed first. If ${env} goes first (deployed before`,
    `    # ${first ?? names}), leave it and add \`deployAfter: ${env}\` under secrets.github in the config of`,
    `    # ${first === undefined ? "the environment that goes first today" : `${first}, which goes first today`}, instead (docs/configuration.md).`,
    `    # deployAfter: ${last ?? `<one of ${names}>`}`,
  ];
}

/**
 * `secrets.administrators`: who applies access-<env> by hand (no CI role may) and breaks glass. The
 * key policies name them; with S3 state they are the only people who may read or write state, so
 * config loading requires one before a state section with `backend: s3` (docs/state.md).
 */
function administratorLines(a: InitAnswers): string[] {
  const comment = [
    `  # Who applies access-${a.environment} by hand (no CI role may) and breaks glass: the key policies name them, and`,
    "  # with S3 state only they and the CI roles may read or write state (required before a state section with",
    "  # backend: s3). An IAM Identity Center role with its path: arn:aws:iam::<account>:role/aws-reserved/...",
  ];
  if (a.administratorRole !== undefined) return [...comment, `  administrators: ${list([a.administratorRole])}`];
  return [...comment, `  # administrators: ["arn:aws:iam::${a.awsAccountId}:role/<role you apply access-${a.environment} with>"]`];
}

function secretsLines(a: InitAnswers, c: RenderContext): string[] {
  if (a.githubRepository === undefined || a.secretsWriterRole === undefined)
    return [
      "# No secrets section yet: without it there are no CI deploy roles and `golive check` reports GL-SEC-005",
      "# (blocker). Uncomment and fill in this template (docs/secrets-and-credentials.md), or delete this file",
      "# and run init again with --github-repository and --secrets-writer-role (init never overwrites a config):",
      "# secrets:",
      `#   accountId: ${q(a.awsAccountId)}`,
      `#   region: ${q(a.awsRegion)}`,
      "#   owner: <team>",
      `#   writers: ["arn:aws:iam::${a.awsAccountId}:role/<role of the people who write secret values>"]`,
      `#   administrators: ["arn:aws:iam::${a.awsAccountId}:role/<role you apply access-${a.environment} with by hand>"]`,
      "#   runtimeRoles: [{name: app, assumedBy: ecs-tasks.amazonaws.com}]",
      "#   github: {repository: <org>/<repo>}",
    ];
  return [
    "# Secrets Manager secrets (`golive secrets put`), their KMS key, the app's runtime role and the GitHub",
    "# Actions OIDC roles (docs/secrets-and-credentials.md).",
    "secrets:",
    `  accountId: ${q(a.awsAccountId)}`,
    `  region: ${q(a.awsRegion)}`,
    `  owner: ${q(`${a.app}-team`)}`,
    "  # Who may write secret values: this role must exist before the secrets stack is deployed.",
    `  writers: ${list([a.secretsWriterRole])}`,
    ...administratorLines(a),
    "  runtimeRoles:",
    "    # The role the app runs as; lambda.amazonaws.com for Lambda.",
    "    - name: app",
    "      assumedBy: ecs-tasks.amazonaws.com",
    "  # One entry per secret the app reads: {name, description, readers: [app], rotation: {everyDays: 90}}.",
    "  items: []",
    `  # Before applying access-${a.environment}, create the GitHub environments ${a.environment} and ${a.environment}-admin with`,
    "  # required reviewers and deployment branches limited to main (docs/ci.md): a job naming a missing one",
    "  # gets it created unprotected, and the deploy roles' trust. Then attest it (github-environments).",
    "  github:",
    `    repository: ${q(a.githubRepository)}`,
    // access-<env> reads the provider access-<that env> creates: its plan fails until that one is applied.
    ...(c.oidcProviderFrom !== undefined
      ? [
          `    # ${c.oidcProviderFrom} creates this AWS account's OIDC provider (one per account): apply access-${c.oidcProviderFrom}`,
          `    # before access-${a.environment} (golive stacks ${a.environment} says so on stderr).`,
          "    oidcProvider: existing",
        ]
      : []),
    "    deployFrom: environment",
    ...deployAfterLines(a, c.others ?? new Map()),
  ];
}

function readinessLines(a: InitAnswers, today: string): string[] {
  const rateLimits = rateLimitsFor(a);
  const paths = [...new Set(rateLimits.flatMap((r) => r.paths))];
  const chat = paths.filter((p) => p.startsWith("/api/chat"));
  const tools = paths.filter((p) => !chat.includes(p));
  return [
    "# What no stack can prove. `golive check` reports a blocker (GL-APP-001..005, and GL-SEC-010 while",
    "# secrets.github has CI deploy) for each control nobody has attested yet: an owner reviews it and adds",
    "# an entry with the review date and a link to the evidence; stale after attestationMaxAgeDays (90).",
    "# Items (docs/readiness.md): prompt-injection-defence, app-rbac, log-redaction, input-validation,",
    `# app-cors and github-environments: the GitHub environments ${a.environment} and ${a.environment}-admin require`,
    "# reviewers and allow only main (docs/ci.md).",
    ...(a.githubRepository === undefined
      ? ["# Until the secrets section above is filled in, check also reports GL-SEC-005 (no CI deploy roles)."]
      : []),
    "readiness:",
    "  attestations: []",
    "  #  - item: prompt-injection-defence",
    "  #    owner: <person or team>",
    `  #    date: "${today}"`,
    `  #    evidence: https://<link to the review of ${ATTESTATION_ITEMS[0]}>`,
    ...(TIER_LIMITS[a.plan].managedRulesets
      ? ["  exemptions: []"]
      : [
          "  # On the free plan, GL-EDGE-007 (OWASP Core Ruleset) is a blocker until the zone moves to pro,",
          "  # or until someone accepts the risk for a while, with a reason and an end date:",
          "  exemptions: []",
          "  #  - rule: GL-EDGE-007",
          "  #    reason: Free plan has no OWASP Core Ruleset; the app validates every input (input-validation attestation).",
          "  #    expires: <YYYY-MM-DD, at most 90 days ahead>",
        ]),
    "  # Paths that reach the model and that run tools: each must be rate limited (edge.rateLimits).",
    `  chatPaths: ${list(chat)}`,
    `  toolPaths: ${list(tools)}`,
  ];
}

/**
 * The text of a first `config/<env>.yaml`: every section a deploy needs, defaults that fit the chosen
 * plan, a comment on each choice a person must review. Validated by the caller with the real loader.
 */
export function renderInitConfig(a: InitAnswers, c: RenderContext): string {
  return `${[
    c.schemaPointer,
    `# ${a.app} ${a.environment}: written by \`golive init\`. Review every comment, then:`,
    `#   ${nextCommands(a.environment, c.configDir)}`,
    "# Each field is described in docs/configuration.md and the page it links.",
    `app: ${q(a.app)}`,
    `environment: ${q(a.environment)}`,
    "cloudflare:",
    `  accountId: ${q(a.cloudflareAccountId)}`,
    "  zone:",
    `    name: ${q(a.domain)}`,
    "    # An existing zone: run `golive preflight` to adopt it (or set id: <zone id>).",
    "  # The zone's plan: a zone golive creates is subscribed to it (billed to the account).",
    `  plan: ${a.plan}`,
    ...edgeLines(a),
    ...releaseLines(a),
    ...monitoringLines(a),
    ...secretsLines(a, c),
    "# Terraform state stays local (terraform.<stack>.tfstate, git-ignored) until you add a state section:",
    "# a team keeps it in S3 (name secrets.administrators first) or HCP Terraform (docs/state.md). The CI",
    "# workflows refuse local state (a runner has no state file): add one before deploying from CI.",
    "# No email section: add one to send mail with SES (docs/email.md).",
    ...readinessLines(a, c.today),
  ].join("\n")}\n`;
}
