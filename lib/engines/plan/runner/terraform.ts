import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { redact } from "../../../core/redact";

/** The binary cdktf runs: `TERRAFORM_BINARY_NAME` (e.g. `tofu`) or `terraform`. */
export function terraformBinaryName(env: NodeJS.ProcessEnv): string {
  const name = env.TERRAFORM_BINARY_NAME?.trim();
  return name ? name : "terraform";
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The binary's full path, looked up on PATH as a shell would; undefined when it is not there. */
export function findBinary(name: string, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  if (name.includes("/")) {
    const path = isAbsolute(name) ? name : resolve(cwd, name);
    return isExecutable(path) ? path : undefined;
  }
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the binary to completion, capturing output (plans print JSON on stdout). */
export function run(binary: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((done) => {
    const child = spawn(binary, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", (e) => done({ code: 127, stdout: "", stderr: e.message }));
    child.on("close", (code) =>
      done({ code: code ?? 1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
}

/** Phrases Terraform and its AWS/Cloudflare providers print when credentials are missing or expired. */
const CREDENTIAL_HINTS: readonly RegExp[] = [
  /no valid credential sources/i,
  /NoCredentialProviders/,
  /failed to refresh cached credentials/i,
  /ExpiredToken|InvalidClientTokenId|security token included in the request is (invalid|expired)/i,
  /api_token|CLOUDFLARE_API_TOKEN|api token|X-Auth-Key|Authentication error/i,
  /AccessDenied|not authorized to perform/i,
];

export function looksLikeCredentials(stderr: string): boolean {
  return CREDENTIAL_HINTS.some((re) => re.test(stderr));
}

/** The useful end of Terraform's error output: `Error:` blocks first, at most `max` lines, redacted. */
export function errorSummary(stderr: string, max = 8): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.replace(/^[│╷╵]\s?/, "").trimEnd())
    .filter((l) => l.trim() !== "");
  const first = lines.findIndex((l) => l.startsWith("Error:"));
  const chosen = first === -1 ? lines.slice(-max) : lines.slice(first, first + max);
  return redact(chosen.join("\n")) || "(no error output)";
}
