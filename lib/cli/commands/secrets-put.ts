import { quietAwsSdkNodeWarning } from "../aws-sdk";
import { desiredSecrets, type DesiredSecret } from "../../features/secrets/model";
import type { AppConfig } from "../../config/schema";
import { field, num } from "../../core/json";
import { redact } from "../../core/redact";
import { endpointFrom } from "../endpoint-source";
import { InsecureEndpointError, REQUEST_NOT_BUILT } from "../../core/aws-request-guard";
import { checkHeaderSafeEnv } from "../header-safe-env";
import { credentialHint, PUT_TIMEOUT_MS, PutSecretValueError, putSecretValue } from "../../features/secrets/put-secret-value";
import { type ValueEcho, valueEcho } from "../../features/secrets/value-echo";
import { decodeSecretBytes, MAX_SECRET_BYTES, readSecretInput, SecretInputError } from "../../features/secrets/read-secret-input";
import type { ParsedArgs } from "../args";
import { InputDidNotStop, isRawModeTty, MultiLineInput, PromptCancelled, readHiddenLine } from "../hidden-prompt";
import { type CliIo, EXIT, type ExitCode, UsageError } from "../types";

/**
 * Where a secret to put comes from: `put` writes only a value, into a secret the `secrets-<env>` stack
 * created from `secrets.items` (runbooks/deploy.md, step 3), so a name missing there needs both.
 */
const declareThenDeploy = (file: string, environment: string): string =>
  `list the secret under secrets.items in ${file} ({name, description, readers, rotation}: docs/secrets-and-credentials.md), synthesize and deploy secrets-${environment} (runbooks/deploy.md, step 3), then put its value`;

/**
 * The configured secret called `name`. The name given is never repeated in an error: a value typed
 * where the name goes is exactly what must not reach the screen or a CI log.
 */
function findSecret(cfg: AppConfig, name: string, file: string): DesiredSecret {
  const all = desiredSecrets(cfg);
  const found = all.find((s) => s.name === name);
  if (!found)
    throw new UsageError(
      `no such secret in ${file} secrets.items (the name given is not repeated, in case it was a value); allowed: ${all.map((s) => s.name).join(", ") || "(none configured)"}; to add one, ${declareThenDeploy(file, cfg.environment)}`,
    );
  return found;
}

/** `-----BEGIN <label>-----` (RFC 7468 section 3): the first line of a PEM block, a key's among them. */
const PEM_BEGIN_LINE = /^-----BEGIN [^\r\n]*-----$/;

/**
 * The value: a hidden prompt on a terminal (as `gh secret set`), else all of stdin. One of nothing but
 * whitespace (a stray Enter, a blank line piped in) is refused before anything is sent, as an empty one is.
 */
async function readValue(io: CliIo, secret: DesiredSecret, environment: string): Promise<string> {
  const stdin = io.stdin ?? process.stdin;
  try {
    const prompt = `Value for ${secret.secretName} (input hidden; Enter ends it, Ctrl-C cancels): `;
    const typed = isRawModeTty(stdin);
    const value = typed
      ? decodeSecretBytes(await readHiddenLine(stdin, io.stderr, prompt, MAX_SECRET_BYTES))
      : await readSecretInput(stdin);
    if (value.trim() === "")
      throw new UsageError("the value is only whitespace (spaces, tabs or line breaks); allowed: the secret's text; nothing was written");
    // A multi-line paste whose lines come further apart than the drain's quiet (hidden-prompt.ts) ends at
    // its first line: a PEM key's BEGIN line alone is never a value, and the rest went to the terminal.
    if (typed && PEM_BEGIN_LINE.test(value.trim()))
      throw new UsageError(
        `the value is only the BEGIN line of a PEM block (a paste of several lines whose later lines came too slowly after Enter to be caught: they went to the terminal and the shell, which may keep them in its history); nothing was written: multi-line values go through stdin: golive secrets put ${environment} ${secret.name} < file`,
      );
    return value;
  } catch (err) {
    if (err instanceof SecretInputError || err instanceof InputDidNotStop) throw new UsageError(err.message);
    if (err instanceof MultiLineInput)
      throw new UsageError(
        `${err.message}; nothing was written: multi-line values go through stdin: golive secrets put ${environment} ${secret.name} < file`,
      );
    throw err;
  }
}

/**
 * The Secrets Manager endpoint: --endpoint, else $GOLIVE_SECRETS_ENDPOINT (empty counts as unset), else
 * undefined (AWS's regional one). A bad one is named by where it came from.
 */
export function endpointOf(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return endpointFrom(flag, "--endpoint", env, "GOLIVE_SECRETS_ENDPOINT");
}

/** The AWS credential variables the SDK signs with (the key id and session token travel in headers). */
const AWS_CREDENTIAL_ENV = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] as const;

/** `golive secrets put <env> <name>`, once the environment's config is loaded. */
export async function putSecret(parsed: ParsedArgs, io: CliIo, cfg: AppConfig, file: string): Promise<ExitCode> {
  const [, , name] = parsed.positionals;
  const endpoint = endpointOf(parsed.values.get("endpoint"), io.env);
  // A key with a line break would be refused by Node only once the value was read (checkHeaderSafeEnv).
  checkHeaderSafeEnv(io.env, AWS_CREDENTIAL_ENV, "AWS credentials as IAM or STS issued them");
  const secrets = cfg.secrets;
  if (!secrets)
    throw new UsageError(
      `${file} has no secrets section, so no secret exists to put a value in; add one (golive init writes it as a commented \`secrets:\` template there without --github-repository; access-${cfg.environment} needs it too), then ${declareThenDeploy(file, cfg.environment)}`,
    );
  const secret = findSecret(cfg, name ?? "", file);
  let value: string;
  try {
    value = await readValue(io, secret, cfg.environment);
  } catch (err) {
    if (!(err instanceof PromptCancelled)) throw err;
    io.stderr.write(`golive secrets: ${err.message}\n`);
    return EXIT.failure;
  }
  // Nothing printed from here on holds the value or a piece of it (value-echo.ts). A line that would is
  // not printed masked: "[REDACTED] not write ..." shows the value by its place when it is a word of the
  // line ("could", "production", "127.0.0.1"). Its fixed form is printed instead, whose only variable text
  // is golive's own (the secret's name, the region, the request token) and an error class without it.
  // What came from outside golive is judged whole (an error's message over all its lines), before the
  // line printed takes its first line: a server may echo the value from its second line on.
  const echo = valueEcho(value);
  const say = (stream: NodeJS.WritableStream, text: string, foreign: string, withheld: () => string) =>
    stream.write(redact(echo.holdsWhole(text) || echo.echoes(foreign) ? withheld() : text));
  quietAwsSdkNodeWarning();
  try {
    const result = await putSecretValue({
      region: secrets.region,
      secretId: secret.secretName,
      value,
      accountId: secrets.accountId,
      env: io.env,
      ...(endpoint ? { endpoint } : {}),
    });
    const versionId = (id: string | null) => ({ secretId: secret.secretName, versionId: id });
    if (parsed.booleans.has("json"))
      say(io.stdout, `${JSON.stringify(versionId(result.versionId))}\n`, result.versionId, () => `${JSON.stringify(versionId(null))}\n`);
    else
      say(
        io.stdout,
        `Wrote a new version of ${secret.secretName} (version ${result.versionId}).\n`,
        result.versionId,
        () => `Wrote a new version of ${secret.secretName} (its version id is withheld: the line held the value or part of it).\n`,
      );
    return EXIT.ok;
  } catch (err) {
    const cause = err instanceof PutSecretValueError ? err.cause : err;
    if (cause instanceof InsecureEndpointError)
      throw new UsageError(`${sdkEndpointSource(io.env)}: ${cause.problem}; nothing was sent or written`);
    say(io.stderr, `golive secrets: ${failureLine(err, secret.secretName, secrets)}\n`, errorText(cause), () => {
      const kind = errorClass(cause, echo);
      const why = `the error text is withheld, as it held the value or part of it${kind === undefined ? "" : ` (${kind})`}`;
      return `golive secrets: ${failureLine(err, secret.secretName, secrets, why)}\n`;
    });
    return EXIT.failure;
  }
}

/** All an error says, every line of its message with its class and code: what the server or Node put there. */
function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = "code" in err ? String(err.code) : "";
  return [err.name, code, err.message].join("\n");
}

/**
 * What kind of error it was, in one word a withheld message may still give: the Node error code
 * (ECONNREFUSED) or the error's class (TimeoutError, AccessDeniedException); neither when it holds the
 * value or a piece of it, or is more than one word (a server names the class, so it may put anything there).
 */
function errorClass(err: unknown, echo: ValueEcho): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = "code" in err && typeof err.code === "string" ? err.code : undefined;
  return [code, err.name].find((word) => word !== undefined && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(word) && !echo.echoes(word));
}

/** Where the AWS SDK took the Secrets Manager endpoint golive refused from (its documented order). */
function sdkEndpointSource(env: NodeJS.ProcessEnv): string {
  for (const variable of ["AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL"]) if (env[variable]) return variable;
  return `endpoint_url in the shared AWS config file (${env.AWS_CONFIG_FILE || "~/.aws/config"}, profile ${env.AWS_PROFILE || "default"} or its services section)`;
}

/** What went wrong, in words: the SDK's own text for a timeout names a library, not the service. */
function failureSummary(err: unknown): string {
  const kind = err instanceof Error ? err.name : "Error";
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof Error && "code" in err ? String(err.code) : "";
  const seconds = PUT_TIMEOUT_MS / 1000;
  if (kind === "TimeoutError" && message.includes("did not establish a connection"))
    return `no connection to Secrets Manager within ${seconds} s (2 attempts)`;
  if (kind === "TimeoutError" && code !== "ECONNRESET") return `Secrets Manager did not answer within ${seconds} s (2 attempts)`;
  if (code === "ECONNRESET") return "the connection was closed before Secrets Manager answered (ECONNRESET)";
  // Node's own text quotes the header's name, never its value; what to check is the credentials.
  if (REQUEST_NOT_BUILT.has(code))
    return `the request could not be built (${code}: a header or the URL holds a character HTTP cannot carry), so it was not sent; most likely a credential holds a line break or other such character: check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, or the profile's keys`;
  // The SDK's parse error quotes the start of the answer (which a hostile endpoint may fill with the
  // value, cut where redaction cannot find it) and spans lines: the status says enough.
  if (message.includes("Deserialization error")) {
    const status = err instanceof Error && "$metadata" in err ? num(field(err.$metadata, "httpStatusCode")) : undefined;
    return `the answer${status === undefined ? "" : ` (HTTP ${status})`} was not Secrets Manager's JSON`;
  }
  // The first line only (the whole message was judged for the value before: putSecret); a CR or other
  // control character in it is printed escaped, as all output is (lib/cli/main.ts, printable).
  return `${kind}: ${message.split("\n")[0]}`;
}

/**
 * The failure in one line, saying whether the value may be stored: "nothing was written" only when no
 * attempt can have reached Secrets Manager or each one it answered was refused (PutSecretValueError).
 * `why` is what went wrong (default: the credential hint or the error, in words), the line's only text
 * from outside golive.
 */
export function failureLine(
  err: unknown,
  secretId: string,
  secrets: { readonly region: string; readonly writers: readonly string[] },
  why?: string,
): string {
  const failure = err instanceof PutSecretValueError ? err : undefined;
  const cause = failure ? failure.cause : err;
  const what = why ?? credentialHint(cause, secrets.writers) ?? failureSummary(cause);
  if (!failure?.mayHaveWritten) return `could not write ${secretId}: ${what}; nothing was written`;
  return [
    `could not confirm the write of ${secretId}: ${what}; the outcome is unknown: the request may have reached Secrets Manager.`,
    `Before retrying, look for version ${failure.versionId} in: aws secretsmanager list-secret-version-ids --secret-id ${secretId} --region ${secrets.region}`,
    "(there: the value was written; absent: nothing was).",
    "A retry writes another version even with the same value (each run has its own request token), and the value before it then loses its AWSPREVIOUS label.",
  ].join(" ");
}
