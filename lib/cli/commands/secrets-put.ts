import { quietAwsSdkNodeWarning } from "../aws-sdk";
import { desiredSecrets, type DesiredSecret } from "../../features/secrets/model";
import type { AppConfig } from "../../config/schema";
import { redact } from "../../core/redact";
import { endpointFrom } from "../endpoint-source";
import { credentialHint, putSecretValue } from "../../features/secrets/put-secret-value";
import { decodeSecretBytes, MAX_SECRET_BYTES, readSecretInput, SecretInputError } from "../../features/secrets/read-secret-input";
import type { ParsedArgs } from "../args";
import { isRawModeTty, PromptCancelled, readHiddenLine } from "../hidden-prompt";
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
async function readValue(io: CliIo, secret: DesiredSecret): Promise<string> {
  const stdin = io.stdin ?? process.stdin;
  try {
    if (isRawModeTty(stdin)) {
      const prompt = `Value for ${secret.secretName} (input hidden; Enter ends it, Ctrl-C cancels): `;
      return decodeSecretBytes(await readHiddenLine(stdin, io.stderr, prompt, MAX_SECRET_BYTES));
    }
    return await readSecretInput(stdin);
  } catch (err) {
    if (err instanceof SecretInputError) throw new UsageError(err.message);
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
    value = await readValue(io, secret);
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
    const hint = credentialHint(err, cfg.secrets.writers);
    const kind = err instanceof Error ? err.name : "Error";
    const message = err instanceof Error ? err.message : String(err);
    say(io.stderr, `golive secrets: could not write ${secret.secretName}: ${hint ?? `${kind}: ${message}`}; nothing was written\n`);
    return EXIT.failure;
  }
}
