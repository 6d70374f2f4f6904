import { join } from "node:path";
import { ConfigErrors } from "../../config/errors";
import { listEnvironmentFiles, loadEnvironments } from "../../engines/config/load";
import type { AppConfig } from "../../config/schema";
import { displayPath } from "../../core/display-path";
import { desiredSecrets } from "../../features/secrets/model";
import { parseArgs, type ParsedArgs } from "../args";
import { COMMAND_SPECS } from "../command-specs";
import { configDirFlag } from "../path-flags";
import { configuredEnvironments, requireKnownEnvironments } from "../environments";
import { type CliIo, type Command, EXIT, type ExitCode, UsageError } from "../types";
import { PUT_TIMEOUT_MS } from "../../features/secrets/put-secret-value";
import { DRAIN_QUIET_MS } from "../hidden-prompt";
import { endpointOf, putSecret } from "./secrets-put";
import { subcommandOf } from "../subcommand";

const USAGE = [
  "Usage: golive secrets put <env> <name> [--config-dir DIR] [--endpoint URL] [--json]   (value: prompt or stdin)",
  "       golive secrets list <env> [--config-dir DIR] [--json]",
  "",
  "put   writes a new version of the secret <app>/<env>/<name> with Secrets Manager PutSecretValue.",
  "      The value is never taken from arguments (they land in shell history and `ps`), never echoed,",
  "      never written to a file, never part of config, synth output or Terraform state.",
  "      On a terminal it prompts for the value with hidden input (nothing echoed; Enter ends it), as",
  "      `gh secret set` does; otherwise it reads all of stdin (one trailing newline dropped):",
  "        npx golive secrets put production model-provider-api-key          # prompts, input hidden",
  "        pbpaste | npx golive secrets put production webhook-signing-secret",
  "      The prompt takes one line: a paste of several lines (a PEM key) is refused when its lines come",
  `      within ${DRAIN_QUIET_MS} ms of each other; a slower one ends at its first line, its other lines going to the`,
  "      shell (a lone PEM BEGIN line is refused, nothing written). Pipe multi-line values instead:",
  "        npx golive secrets put production database-url < key.pem",
  "      The value must be UTF-8 text: base64-encode binary (a DER key), convert UTF-16 first; a UTF-8",
  "      byte order mark at its start (EF BB BF, as Notepad saves) is dropped, not stored; an empty value,",
  "      or one of nothing but whitespace, is refused (exit 2, nothing sent).",
  "      No message repeats the value: an error text that holds it (a server echoing the request, or a",
  "      value that is a word of the message) is withheld whole, the line naming the secret, its error code",
  "      and whether anything was written; so is one whose message (every line of it) holds a piece of it:",
  "      a line of the value of 4 or more characters (trimmed), or 8 of its characters in a row.",
  "      AWS credentials come from the usual chain (SSO profile, AWS_PROFILE, web identity); the caller",
  "      must be one of secrets.writers. Without credentials it says what to run (aws sso login).",
  "      It reads the secret's ARN first (DescribeSecret, which writers may call): credentials of another",
  "      AWS account than secrets.accountId are refused (exit 1, nothing written), naming both accounts when",
  "      theirs has a secret of that name; when it has none, saying none was found in the region of the",
  "      credentials' account and naming secrets.accountId (golive has no STS call to name theirs).",
  "      A secret whose rotation did not finish (AWSPENDING on another version than AWSCURRENT) is refused,",
  "      naming the pending version and the commands that cancel or finish it (exit 1, nothing written):",
  "      that rotation's last step would replace the value written now.",
  "      AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or AWS_SESSION_TOKEN holding a line break, space,",
  "      control or non-ASCII character is refused, naming it, never its value (exit 2, nothing read or sent).",
  `      Each attempt has ${PUT_TIMEOUT_MS / 1000} s to connect and be answered, two attempts in all. When the request may`,
  "      have arrived without an answer (a timeout, a reset, a 5xx) it says the outcome is unknown and",
  "      names the version to look for (aws secretsmanager list-secret-version-ids) before a retry.",
  "list  shows the configured secrets, their readers and rotation (names only, never values; no AWS call).",
  "",
  "Options:",
  "  --config-dir DIR  where the environment configs are (default: config)",
  "  --endpoint URL    Secrets Manager endpoint (default: $GOLIVE_SECRETS_ENDPOINT, else AWS's regional one);",
  "                    https only, except plain http to 127.0.0.1 / localhost for a local fake; an",
  "                    endpoint the AWS SDK takes from AWS_ENDPOINT_URL(_SECRETS_MANAGER) or endpoint_url",
  "                    in the shared config file is held to the same rule (refused: exit 2, nothing sent);",
  "                    list, which sends nothing, still refuses a bad --endpoint (exit 2)",
  "  --json            machine-readable output",
].join("\n");

/**
 * The environment's config and its file as messages name it; undefined (reported) on config errors.
 * An unknown environment is a usage error; put does not repeat the name, as it may be a value.
 */
function loadEnv(io: CliIo, parsed: ParsedArgs, env: string, echo: boolean): { cfg: AppConfig; file: string } | undefined {
  const dir = configDirFlag(parsed, io.cwd);
  requireKnownEnvironments([env], configuredEnvironments(dir), { echo, folder: { configDir: dir, cwd: io.cwd } });
  try {
    const cfg = loadEnvironments(dir, [env], io.cwd).get(env);
    return cfg && { cfg, file: displayPath(io.cwd, listEnvironmentFiles(dir).get(env) ?? join(dir, `${env}.yaml`)) };
  } catch (err) {
    if (!(err instanceof ConfigErrors)) throw err;
    io.stderr.write(`${err.message}\n`);
    return undefined;
  }
}

async function put(parsed: ParsedArgs, io: CliIo): Promise<ExitCode> {
  const [, env, name, ...extra] = parsed.positionals;
  // Never echo extra arguments: a value pasted there is exactly what must not be printed.
  if (!env || !name || extra.length > 0)
    throw new UsageError(
      `put takes exactly <env> <name> (got ${parsed.positionals.length - 1} arguments); the value comes from a hidden prompt or stdin, never from arguments`,
    );
  const loaded = loadEnv(io, parsed, env, false);
  if (!loaded) return EXIT.failure;
  return putSecret(parsed, io, loaded.cfg, loaded.file);
}

function list(parsed: ParsedArgs, io: CliIo): ExitCode {
  const [, env, ...extra] = parsed.positionals;
  if (!env || extra.length > 0) throw new UsageError("list takes exactly <env>");
  // Every flag is checked before any work, --endpoint too though list sends nothing; the flag only, as
  // $GOLIVE_SECRETS_ENDPOINT (set for put) is not list's input.
  endpointOf(parsed.values.get("endpoint"), {});
  const loaded = loadEnv(io, parsed, env, true);
  if (!loaded) return EXIT.failure;
  const rows = desiredSecrets(loaded.cfg).map((s) => ({
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
  summary: "Write a secret value from a hidden prompt or stdin (never argv), or list the configured secrets",
  usage: USAGE,
  async run(args, io) {
    // A value pasted where an option goes (`-LEAKVALUE`) must not be printed back, as extra arguments are not.
    const parsed = parseArgs(args, COMMAND_SPECS.secrets.flags, { echo: false });
    // echo off: a value pasted as the first argument is not repeated, a mistyped subcommand is.
    const sub = subcommandOf(parsed.positionals[0], COMMAND_SPECS.secrets.subcommands, false);
    return sub === "put" ? put(parsed, io) : list(parsed, io);
  },
};
