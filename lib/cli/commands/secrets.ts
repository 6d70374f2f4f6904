import { resolve } from "node:path";
import { ConfigErrors } from "../../config/errors";
import { loadEnvironments } from "../../engines/config/load";
import type { AppConfig } from "../../config/schema";
import { desiredSecrets, type DesiredSecret } from "../../features/secrets/model";
import { redact } from "../../core/redact";
import { checkEndpoint, putSecretValue } from "../../features/secrets/put-secret-value";
import { readSecretInput, SecretInputError } from "../../features/secrets/read-secret-input";
import { parseArgs, type ParsedArgs } from "../args";
import { type CliIo, type Command, EXIT, type ExitCode, UsageError } from "../types";

const USAGE = [
  "Usage: golive secrets put <env> <name> [--config-dir DIR] [--endpoint URL] [--json]   (value on stdin)",
  "       golive secrets list <env> [--config-dir DIR] [--json]",
  "",
  "put   writes a new version of the secret <app>/<env>/<name> with Secrets Manager PutSecretValue.",
  "      The value is read from stdin only: never from arguments (they land in shell history and `ps`),",
  "      never echoed, never written to a file, never part of config, synth output or Terraform state.",
  "      A terminal on stdin is refused because it would echo the value; pipe it in instead:",
  '        read -rs V && printf %s "$V" | npx golive secrets put production model-provider-api-key; unset V',
  "        pbpaste | npx golive secrets put production webhook-signing-secret",
  "      AWS credentials come from the usual chain (SSO profile, AWS_PROFILE, web identity); the caller",
  "      must be one of secrets.writers.",
  "list  shows the configured secrets, their readers and rotation (names only, never values).",
  "",
  "Options:",
  "  --config-dir DIR  where the environment configs are (default: config)",
  "  --endpoint URL    Secrets Manager endpoint (default: $GOLIVE_SECRETS_ENDPOINT, else AWS's regional one);",
  "                    https only, except plain http to 127.0.0.1 / localhost for a local fake",
  "  --json            machine-readable output",
].join("\n");

function loadEnv(io: CliIo, parsed: ParsedArgs, env: string): AppConfig | undefined {
  const dir = resolve(io.cwd, parsed.values.get("config-dir") ?? "config");
  try {
    return loadEnvironments(dir, [env]).get(env);
  } catch (err) {
    if (!(err instanceof ConfigErrors)) throw err;
    io.stderr.write(`${err.message}\n`);
    return undefined;
  }
}

function findSecret(cfg: AppConfig, name: string): DesiredSecret {
  const all = desiredSecrets(cfg);
  const found = all.find((s) => s.name === name);
  if (!found)
    throw new UsageError(
      `no secret "${name}" in config/${cfg.environment}.yaml secrets.items; allowed: ${all.map((s) => s.name).join(", ") || "(none configured)"}`,
    );
  return found;
}

/**
 * On Node 20 the AWS SDK prints an 8-line NodeVersionSupportWarning when it creates a client, though
 * golive supports Node 20. AWS documents this variable as the switch for that one warning
 * (https://github.com/aws/aws-sdk-js-v3/issues/7983); a value the user set is kept.
 */
const SDK_NODE_VERSION_WARNING = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";

async function put(parsed: ParsedArgs, io: CliIo): Promise<ExitCode> {
  const [, env, name, ...extra] = parsed.positionals;
  // Never echo extra arguments: a value pasted there is exactly what must not be printed.
  if (!env || !name || extra.length > 0)
    throw new UsageError(
      `put takes exactly <env> <name> (got ${parsed.positionals.length - 1} arguments); the value is read from stdin, never from arguments`,
    );
  const endpoint = parsed.values.get("endpoint") ?? io.env.GOLIVE_SECRETS_ENDPOINT;
  const endpointProblem = endpoint === undefined ? undefined : checkEndpoint(endpoint);
  if (endpointProblem) throw new UsageError(`--endpoint ${endpointProblem}`);
  const cfg = loadEnv(io, parsed, env);
  if (!cfg) return EXIT.failure;
  if (!cfg.secrets) throw new UsageError(`config/${env}.yaml has no secrets section`);
  const secret = findSecret(cfg, name);
  let value: string;
  try {
    value = await readSecretInput(io.stdin ?? process.stdin);
  } catch (err) {
    if (err instanceof SecretInputError) throw new UsageError(err.message);
    throw err;
  }
  // Everything printed from here on passes through redact with the value (raw and JSON-escaped).
  const hide = [value, JSON.stringify(value).slice(1, -1)];
  const say = (stream: NodeJS.WritableStream, text: string) => stream.write(redact(text, hide));
  process.env[SDK_NODE_VERSION_WARNING] ??= "true";
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
    const kind = err instanceof Error ? err.name : "Error";
    const message = err instanceof Error ? err.message : String(err);
    say(io.stderr, `golive secrets: could not write ${secret.secretName}: ${kind}: ${message}\n`);
    return EXIT.failure;
  }
}

function list(parsed: ParsedArgs, io: CliIo): ExitCode {
  const [, env, ...extra] = parsed.positionals;
  if (!env || extra.length > 0) throw new UsageError("list takes exactly <env>");
  const cfg = loadEnv(io, parsed, env);
  if (!cfg) return EXIT.failure;
  const rows = desiredSecrets(cfg).map((s) => ({
    secretId: s.secretName,
    readers: s.readers,
    rotation: s.rotation.mode,
    everyDays: s.rotation.everyDays,
    owner: s.tags.owner ?? "",
  }));
  if (parsed.booleans.has("json")) {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (rows.length === 0) {
    io.stdout.write(`No secrets configured for ${env}.\n`);
  } else {
    io.stdout.write(
      `${rows
        .map((r) => `${r.secretId}  readers: ${r.readers.join(", ")}  rotation: ${r.rotation} every ${r.everyDays} days  owner: ${r.owner}`)
        .join("\n")}\n`,
    );
  }
  return EXIT.ok;
}

export const secretsCommand: Command = {
  name: "secrets",
  summary: "Write a secret value from stdin (never argv) or list the configured secrets",
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, { values: ["config-dir", "endpoint"], booleans: ["json"] });
    const sub = parsed.positionals[0];
    if (sub === "put") return put(parsed, io);
    if (sub === "list") return list(parsed, io);
    throw new UsageError(`expected a subcommand; allowed: put, list`);
  },
};
