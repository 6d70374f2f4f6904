import { quietAwsSdkNodeWarning } from "../aws-sdk";
import { desiredSecrets, type DesiredSecret } from "../../features/secrets/model";
import type { AppConfig } from "../../config/schema";
import { field, num } from "../../core/json";
import { redact } from "../../core/redact";
import { endpointFrom } from "../endpoint-source";
import { InsecureEndpointError } from "../../core/aws-request-guard";
import { credentialHint, PUT_TIMEOUT_MS, PutSecretValueError, putSecretValue } from "../../features/secrets/put-secret-value";
import { decodeSecretBytes, MAX_SECRET_BYTES, readSecretInput, SecretInputError } from "../../features/secrets/read-secret-input";
import type { ParsedArgs } from "../args";
import { isRawModeTty, MultiLineInput, PromptCancelled, readHiddenLine } from "../hidden-prompt";
import { type CliIo, EXIT, type ExitCode, UsageError } from "../types";

/**
 * The configured secret called `name`. The name given is never repeated in an error: a value typed
 * where the name goes is exactly what must not reach the screen or a CI log.
 */
function findSecret(cfg: AppConfig, name: string, file: string): DesiredSecret {
  const all = desiredSecrets(cfg);
  const found = all.find((s) => s.name === name);
  if (!found)
    throw new UsageError(
      `no such secret in ${file} secrets.items (the name given is not repeated, in case it was a value); allowed: ${all.map((s) => s.name).join(", ") || "(none configured)"}`,
    );
  return found;
}

/** The value: a hidden prompt on a terminal (as `gh secret set`), else all of stdin. */
async function readValue(io: CliIo, secret: DesiredSecret, environment: string): Promise<string> {
  const stdin = io.stdin ?? process.stdin;
  try {
    if (isRawModeTty(stdin)) {
      const prompt = `Value for ${secret.secretName} (input hidden; Enter ends it, Ctrl-C cancels): `;
      return decodeSecretBytes(await readHiddenLine(stdin, io.stderr, prompt, MAX_SECRET_BYTES));
    }
    return await readSecretInput(stdin);
  } catch (err) {
    if (err instanceof SecretInputError) throw new UsageError(err.message);
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

/** `golive secrets put <env> <name>`, once the environment's config is loaded. */
export async function putSecret(parsed: ParsedArgs, io: CliIo, cfg: AppConfig, file: string): Promise<ExitCode> {
  const [, , name] = parsed.positionals;
  const endpoint = endpointOf(parsed.values.get("endpoint"), io.env);
  if (!cfg.secrets) throw new UsageError(`${file} has no secrets section`);
  const secret = findSecret(cfg, name ?? "", file);
  let value: string;
  try {
    value = await readValue(io, secret, cfg.environment);
  } catch (err) {
    if (!(err instanceof PromptCancelled)) throw err;
    io.stderr.write(`golive secrets: ${err.message}\n`);
    return EXIT.failure;
  }
  // Everything printed from here on passes through redact with the value (raw and JSON-escaped).
  const hide = [value, JSON.stringify(value).slice(1, -1)];
  const say = (stream: NodeJS.WritableStream, text: string) => stream.write(redact(text, hide));
  quietAwsSdkNodeWarning();
  try {
    const result = await putSecretValue({
      region: cfg.secrets.region,
      secretId: secret.secretName,
      value,
      env: io.env,
      ...(endpoint ? { endpoint } : {}),
    });
    if (parsed.booleans.has("json")) say(io.stdout, `${JSON.stringify({ secretId: secret.secretName, versionId: result.versionId })}\n`);
    else say(io.stdout, `Wrote a new version of ${secret.secretName} (version ${result.versionId}).\n`);
    return EXIT.ok;
  } catch (err) {
    const cause = err instanceof PutSecretValueError ? err.cause : err;
    if (cause instanceof InsecureEndpointError)
      throw new UsageError(`${sdkEndpointSource(io.env)}: ${cause.problem}; nothing was sent or written`);
    say(io.stderr, `golive secrets: ${failureLine(err, secret.secretName, cfg.secrets)}\n`);
    return EXIT.failure;
  }
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
  // The SDK's parse error quotes the start of the answer (which a hostile endpoint may fill with the
  // value, cut where redaction cannot find it) and spans lines: the status says enough.
  if (message.includes("Deserialization error")) {
    const status = err instanceof Error && "$metadata" in err ? num(field(err.$metadata, "httpStatusCode")) : undefined;
    return `the answer${status === undefined ? "" : ` (HTTP ${status})`} was not Secrets Manager's JSON`;
  }
  return `${kind}: ${message.split("\n")[0]}`;
}

/**
 * The failure in one line, saying whether the value may be stored: "nothing was written" only when no
 * attempt can have reached Secrets Manager or each one it answered was refused (PutSecretValueError).
 */
export function failureLine(
  err: unknown,
  secretId: string,
  secrets: { readonly region: string; readonly writers: readonly string[] },
): string {
  const failure = err instanceof PutSecretValueError ? err : undefined;
  const cause = failure ? failure.cause : err;
  const hint = credentialHint(cause, secrets.writers);
  if (!failure?.mayHaveWritten) return `could not write ${secretId}: ${hint ?? failureSummary(cause)}; nothing was written`;
  return [
    `could not confirm the write of ${secretId}: ${hint ?? failureSummary(cause)}; the outcome is unknown: the request may have reached Secrets Manager.`,
    `Before retrying, look for version ${failure.versionId} in: aws secretsmanager list-secret-version-ids --secret-id ${secretId} --region ${secrets.region}`,
    "(there: the value was written; absent: nothing was).",
    "A retry writes another version even with the same value (each run has its own request token), and the value before it then loses its AWSPREVIOUS label.",
  ].join(" ");
}
