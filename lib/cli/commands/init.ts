import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { ConfigError } from "../../config/errors";
import { PlanTier } from "../../config/schema";
import { OriginLockdown } from "../../features/edge/schema";
import { utcToday } from "../../core/dates";
import { AnswerRefused, answerProblems, flagOfField, type InitAnswers, releaseHostnameClash } from "../../engines/init/answers";
import { flagValueProblem, unresolvedOrigin } from "../../engines/init/field-checks";
import { zoneAnswerProblem } from "../../engines/init/zone-answer";
import { type Created, createConfig, existingConfig, InitRefused, sharedApp, zoneClash } from "../../engines/init/create";
import { configDirArgument } from "../../core/config-dir-argument";
import { environmentNameProblem } from "../../core/fields";
import { shownValue } from "../../core/shown-value";
import { INIT_USAGE } from "./init-usage";
import { blockersUntilAttested, nextCommands } from "../../engines/init/next-steps";
import { LOCKDOWN_RUNBOOK, lockdownAnswerClash } from "../../engines/init/origin-lockdown";
import { originPullCertificateFile } from "../../engines/init/origin-pull-certificate";
import { type KnownAnswers, QUESTIONS, type QuestionContext } from "../../engines/init/questions";
import { displayPath } from "../../core/display-path";
import { onePositional, parseArgs, type ParsedArgs } from "../args";
import { COMMAND_SPECS } from "../command-specs";
import { initConfigDirFlag } from "../path-flags";
import { type CliIo, type Command, EXIT, UsageError } from "../types";

function givenValues(parsed: ParsedArgs): Map<string, string[]> {
  const known = new Map<string, string[]>();
  for (const q of QUESTIONS) {
    const value = parsed.values.get(q.flag);
    const values = q.many ? parsed.repeated.get(q.flag) : value === undefined ? undefined : [value];
    if (values && values.length > 0) known.set(q.flag, values);
  }
  return known;
}

function isTerminal(stream: NodeJS.ReadableStream): boolean {
  return "isTTY" in stream && stream.isTTY === true;
}

/**
 * Why an answer cannot be taken (asked again on a terminal, a usage error as a flag), or undefined;
 * `known` holds the answers so far.
 */
type AnswerCheck = (flag: string, values: readonly string[], known: KnownAnswers) => string | undefined;

/**
 * Asks for every value not given as a flag, one line each, the default in brackets (readline). A
 * required value left empty, or one `check` refuses, is asked again: nothing typed so far is lost.
 * Returns the flags answered at a prompt, so a later error names the prompt, not a flag never given.
 */
async function ask(
  known: Map<string, string[]>,
  io: CliIo,
  stdin: NodeJS.ReadableStream,
  check: AnswerCheck,
  context: QuestionContext,
): Promise<Set<string>> {
  const answered = new Set<string>();
  const rl = createInterface({ input: stdin, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  try {
    for (const q of QUESTIONS) {
      if (q.when && !q.when(known)) continue;
      if (q.explain && !known.has(q.flag)) io.stderr.write(`${q.explain.join("\n")}\n`);
      while (!known.has(q.flag)) {
        const fallback = q.fallback?.(known, context);
        // Undefined when Enter may skip the question.
        const required = q.optional ? q.requiredBecause?.(known) : "required, it has no default";
        const hint = required === undefined && q.onEnter ? ` (Enter: ${q.onEnter})` : "";
        io.stderr.write(`${q.text}${hint}${fallback ? ` [${fallback}]` : ""}: `);
        const next = await lines.next();
        if (next.done) throw new UsageError("input ended before every question was answered; nothing was written");
        const typed = String(next.value).trim();
        const answer = typed === "" ? fallback : typed;
        if (answer === undefined || answer === "") {
          if (required === undefined) break;
          io.stderr.write(`  ${required} (Ctrl-C stops; nothing is written)\n`);
          continue;
        }
        const values = q.many
          ? answer
              .split(",")
              .map((v) => v.trim())
              .filter((v) => v !== "")
          : [answer];
        const refused = check(q.flag, values, known);
        if (refused === undefined) {
          known.set(q.flag, values);
          answered.add(q.flag);
        } else io.stderr.write(`  ${refused}\n`);
      }
    }
  } finally {
    rl.close();
  }
  return answered;
}

/** Where a value came from, as an error names it: its flag, or the prompt it was typed at. */
function sourceOf(flag: string, answered: ReadonlySet<string>): string {
  const prompt = answered.has(flag) ? QUESTIONS.find((q) => q.flag === flag)?.text : undefined;
  return prompt === undefined ? `--${flag}` : `your answer to "${prompt}"`;
}

/** Under --yes or without a terminal: the defaults of what has one, and the required flags still missing. */
function applyDefaults(known: Map<string, string[]>, context: QuestionContext): string[] {
  const missing: string[] = [];
  for (const q of QUESTIONS) {
    if (known.has(q.flag) || q.optional) continue;
    const fallback = q.fallback?.(known, context);
    if (fallback !== undefined) known.set(q.flag, [fallback]);
    else missing.push(`--${q.flag}`);
  }
  return missing;
}

function toAnswers(environment: string, known: KnownAnswers, cwd: string): InitAnswers {
  const one = (flag: string): string => known.get(flag)?.[0] ?? "";
  const plan = PlanTier.safeParse(one("plan"));
  if (!plan.success) throw new UsageError(`--plan: got ${shownValue(one("plan"))}, allowed: ${PlanTier.options.join(", ")}`);
  // Checked as each answer came (AnswerCheck); said again here only should a default ever be no value.
  const lockdown = OriginLockdown.safeParse(one("origin-lockdown"));
  if (!lockdown.success) throw new UsageError(`--origin-lockdown: ${flagValueProblem("origin-lockdown", [one("origin-lockdown")])}`);
  const file = known.get("origin-pull-certificate")?.[0];
  const certificate = file === undefined ? undefined : originPullCertificateFile(file, cwd);
  if (certificate !== undefined && "problem" in certificate) throw new UsageError(`--origin-pull-certificate: ${certificate.problem}`);
  const github = known.get("github-repository")?.[0];
  const writer = known.get("secrets-writer-role")?.[0];
  const administrator = known.get("administrator-role")?.[0];
  return {
    environment,
    app: one("app"),
    domain: one("domain"),
    plan: plan.data,
    cloudflareAccountId: one("cloudflare-account-id"),
    awsAccountId: one("aws-account-id"),
    awsRegion: one("aws-region"),
    hostnames: known.get("hostname") ?? [],
    origins: known.get("origin") ?? [],
    alertEmails: known.get("alert-email") ?? [],
    releaseHostname: one("release-hostname"),
    originLockdown: lockdown.data,
    ...(certificate !== undefined ? { originPullCertificate: certificate.pem } : {}),
    ...(github !== undefined ? { githubRepository: github } : {}),
    ...(writer !== undefined ? { secretsWriterRole: writer } : {}),
    ...(administrator !== undefined ? { administratorRole: administrator } : {}),
  };
}

/**
 * After a second (third, ...) environment: the deploy workflow refuses to deploy until their order is
 * set, and that may be an edit of another environment's file, so init says so where it cannot be missed.
 * `deployAfter` sits in secrets.github beside its required `repository` (and the secrets section's other
 * required fields): the environments without that section are named, with how to write it.
 */
function promotionOrderNote(environment: string, created: Created, commented: boolean): string {
  const all = [...created.unordered, environment].sort().join(", ");
  const missing = created.withoutGithub;
  const section =
    missing.length === 0
      ? ""
      : ` That field goes in the secrets section, with secrets.github.repository and the section's other required fields, and ${missing.join(", ")} ${missing.length === 1 ? "has" : "have"} none yet: init writes it with --github-repository and --secrets-writer-role, and a file init wrote without them holds it as a commented template to fill in.`;
  return `Set the promotion order before the first deploy: with ${all}, every environment but the first names the one it is deployed after in secrets.github.deployAfter (${commented ? `see the comment under secrets.github in the new file, and ` : ""}docs/configuration.md).${section}`;
}

/** What access-jwt leaves to the app, said where it cannot be missed (the file's comment says it too). */
const ACCESS_JWT_DUTY = `Origin lockdown: access-jwt (every hostname is behind Access): the app must validate the Cf-Access-Jwt-Assertion header of every request but those of the health checks (monitoring.healthPath, release.monitor.path: they carry no token, and their answer must hold nothing sensitive) and refuse one without a valid token (${LOCKDOWN_RUNBOOK}); the comment above edge.originLockdown says how to move to authenticated-origin-pulls.`;

/**
 * A config error line with the flag (or the prompt) that set the field: `config/qa.yaml: app: ... (--app)`.
 */
function withFlag(line: string, answers: InitAnswers, answered: ReadonlySet<string>): string {
  const field = /^[^:]+: ([^:]+):/.exec(line)?.[1] ?? "";
  const flag = flagOfField(field, answers);
  return flag === undefined ? line : `${line} (${flag.startsWith("<") ? flag : sourceOf(flag, answered)})`;
}

export const initCommand: Command = {
  name: "init",
  summary: "Write a first, commented config/<env>.yaml whose defaults fit your Cloudflare plan (asks, or takes flags)",
  usage: INIT_USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, COMMAND_SPECS.init.flags);
    // A placeholder, not an example name: a real-looking one reads as a name to copy, or one already taken.
    const environment = onePositional(parsed, "environment", "golive init <env>");
    // The environment becomes a file name: checked before anything else, so `../x` never names a path.
    const badName = environmentNameProblem(environment);
    if (badName !== undefined) throw new UsageError(`environment ${JSON.stringify(environment.slice(0, 64))}: ${badName}`);
    const configDir = initConfigDirFlag(parsed, io.cwd);
    const existing = existingConfig(configDir, environment);
    // Refused before a single question: the answers would be thrown away.
    if (existing !== undefined) {
      io.stderr.write(
        `golive init: ${displayPath(io.cwd, existing)} already exists; init never overwrites a config (edit it, or choose another environment)\n`,
      );
      return EXIT.failure;
    }
    // Every other config loads, or init stops here (InitRefused, exit 1): the checks below compare with them.
    const app = sharedApp(configDir, environment, io.cwd);
    const known = givenValues(parsed);
    // Each value by the rule of the config field it fills, then one zone per environment: a flag is
    // refused by name before defaults are derived from it, a typed answer at its own prompt.
    const check: AnswerCheck = (flag, values, answers) => {
      const clash = (domain: string) => zoneClash(configDir, environment, domain, io.cwd);
      const problem =
        flagValueProblem(flag, values) ?? zoneAnswerProblem(flag, values, answers, clash) ?? lockdownAnswerClash(flag, values, answers);
      if (problem !== undefined) return problem;
      const [value] = values;
      if (value === undefined) return undefined;
      if (flag === "origin-pull-certificate") {
        const read = originPullCertificateFile(value, io.cwd);
        return "problem" in read ? read.problem : undefined;
      }
      if (flag === "origin") return unresolvedOrigin(values, answers);
      const domain = answers.get("domain")?.[0];
      return flag === "release-hostname" && domain !== undefined
        ? releaseHostnameClash(value, answers.get("hostname") ?? [], domain)
        : undefined;
    };
    for (const [flag, values] of known) {
      const refused = check(flag, values, known);
      if (refused !== undefined) throw new UsageError(`--${flag}: ${refused}`);
    }
    const stdin = io.stdin ?? process.stdin;
    const context: QuestionContext = app === undefined ? {} : { sharedApp: app };
    const answered = !parsed.booleans.has("yes") && isTerminal(stdin) ? await ask(known, io, stdin, check, context) : new Set<string>();
    const missing = applyDefaults(known, context);
    if (missing.length > 0)
      throw new UsageError(`missing ${missing.join(", ")} (give them as flags, or run init on a terminal without --yes)`);
    const answers = toAnswers(environment, known, io.cwd);
    const problem = answerProblems(answers)[0];
    if (problem) throw new UsageError(`${sourceOf(problem.flag, answered)}: ${problem.message}`);
    try {
      const created = createConfig({ configDir, answers, today: utcToday(), displayBase: io.cwd });
      const { file, unordered } = created;
      io.stdout.write(
        `Wrote ${displayPath(io.cwd, file)} (${answers.plan} plan). Review its comments, then: ${nextCommands(environment, configDirArgument(configDir, io.cwd))}\n`,
      );
      const runbooks = existsSync(join(io.cwd, "runbooks"));
      const blockers = blockersUntilAttested(answers.plan, answers.githubRepository !== undefined, runbooks);
      io.stdout.write(`Until a person acts, golive check reports these blockers (the file's comments say how): ${blockers.join(", ")}\n`);
      if (answers.originLockdown === "access-jwt") io.stdout.write(`${ACCESS_JWT_DUTY}\n`);
      if (answers.githubRepository === undefined)
        io.stdout.write(
          `No --github-repository: no CI deploy roles yet, so golive check also reports GL-SEC-005 until the file's commented secrets section is filled in (docs/secrets-and-credentials.md).\n`,
        );
      if (unordered.length > 0) io.stdout.write(`${promotionOrderNote(environment, created, answers.githubRepository !== undefined)}\n`);
      return EXIT.ok;
    } catch (err) {
      if (err instanceof AnswerRefused) throw new UsageError(`${sourceOf(err.problem.flag, answered)}: ${err.problem.message}`);
      if (err instanceof InitRefused) {
        io.stderr.write(`golive init: ${err.message}\n`);
        return EXIT.failure;
      }
      if (!(err instanceof ConfigError)) throw err;
      // A value given (or typed) that the config refuses: a usage error naming the flag.
      io.stderr.write(
        `${err.message
          .split("\n")
          .map((line) => withFlag(line, answers, answered))
          .join("\n")}\nNothing was written; see: golive init --help\n`,
      );
      return EXIT.usage;
    }
  },
};
