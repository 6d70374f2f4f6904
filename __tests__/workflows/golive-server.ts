import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { runCli } from "../../lib/cli/main";
import { CI_SCRIPT_REQUEST, IN_PROCESS_SCRIPTS, runCiScript } from "./ci-scripts-in-process";

/** The client `node bin/golive.js` runs in a review workspace (plain JS: no loader to start). */
export const GOLIVE_CLIENT = join(__dirname, "golive-client.js");

/**
 * The `golive` of a step sandbox's `npx`: bash, so no node process starts (~0.1 s of CPU each call)
 * and nothing else either. The request is NUL-separated: the client's process id (the server reads
 * its environment from /proc/<pid>/environ while it waits), its working directory, the argument count,
 * the arguments. The reply is three lines: the exit code, then the files holding what golive wrote to
 * standard output and to standard error, which the client prints (never a NUL in them: see serve).
 */
const CLIENT = `exec 3<>"/dev/tcp/127.0.0.1/\${GOLIVE_TEST_PORT:?no golive test server}"
printf '%s\\0' "$$" "$PWD" "$#" "$@" >&3
{ read -r code; read -r out; read -r err; } <&3
exec 3<&-
text=""
[ -z "$out" ] || { IFS= read -r -d '' text < "$out"; printf '%s' "$text"; }
[ -z "$err" ] || { IFS= read -r -d '' text < "$err"; printf '%s' "$text" >&2; }
exit "\${code:-70}"
`;

export const NPX_GOLIVE = `#!/usr/bin/env bash
[ "$1" = golive ] || exit 64
shift
[ "$1" = synth ] && exit 0
${CLIENT}`;

/**
 * The `node` of a step's PATH: `node -r ./lib/runtime/register-ts.js scripts/ci/<name>.ts` of a script
 * in ci-scripts-in-process.ts, in `dir` (the step's directory, where scripts/ is this repository's), is
 * a client as NPX_GOLIVE is, unless the step's environment has GOLIVE_TEST_REAL_NODE; in a review
 * workspace (`base`, the default branch) so is `node bin/golive.js`. Every other call is the real node.
 * bin/golive.js there is itself a client (golive-client.js), so a call this misses still reaches the
 * same golive.
 */
export function nodeStandIn(dir: string, base = false): string {
  const scripts = IN_PROCESS_SCRIPTS.map((name) => `scripts/ci/${name}.ts`).join("|");
  return `#!/usr/bin/env bash
if [ "$PWD" = ${JSON.stringify(dir)} ]; then
if ${base ? "" : "false && "}[ "$1" = bin/golive.js ]; then
shift
${CLIENT}fi
if [ -z "$GOLIVE_TEST_REAL_NODE" ] && [ "$1" = -r ] && [ "$2" = ./lib/runtime/register-ts.js ]; then
case "$3" in ${scripts})
script=\${3#scripts/ci/}
shift 3
set -- "${CI_SCRIPT_REQUEST}\${script%.ts}" "$@"
${CLIENT};;
esac
fi
fi
exec ${JSON.stringify(process.execPath)} "$@"
`;
}

/** A step's environment with this runs the scripts of ci-scripts-in-process.ts as processes, as the runner does. */
export const REAL_NODE: Readonly<Record<string, string>> = { GOLIVE_TEST_REAL_NODE: "1" };

interface Request {
  readonly pid: string;
  readonly cwd: string;
  readonly argv: string[];
}

/** The request, once its last argument has arrived; undefined while it is incomplete. */
function requestOf(data: Buffer): Request | undefined {
  // The last field is what follows the last NUL: empty once the request is whole.
  const fields = data.toString("utf8").split("\0");
  const [pid = "", cwd = "", count = ""] = fields;
  if (!/^\d+$/.test(count) || fields.length !== 3 + Number(count) + 1) return undefined;
  return { pid, cwd, argv: fields.slice(3, -1) };
}

/** The environment the client process started with. */
function environmentOf(pid: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of readFileSync(`/proc/${pid}/environ`, "utf8").split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

function collected(stream: PassThrough): () => Buffer {
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks);
}

let served = 0;

/** Runs golive for one request; the reply names the files its output was written to (in `dir`). */
async function serve(socket: Socket, request: Request, dir: string): Promise<void> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const [out, err] = [collected(stdout), collected(stderr)];
  let code: number;
  try {
    const [first = ""] = request.argv;
    code = first.startsWith(CI_SCRIPT_REQUEST)
      ? runCiScript(request.argv, request.cwd, environmentOf(request.pid), stdout, stderr)
      : await runCli(request.argv, {
          stdout,
          stderr,
          cwd: request.cwd,
          env: environmentOf(request.pid),
          // No step pipes into golive; never the test runner's own stdin.
          stdin: Readable.from([]),
        });
  } catch (error) {
    stderr.write(`golive server: ${String(error)}\n`);
    code = 70;
  }
  served += 1;
  const files = [join(dir, `${served}.out`), join(dir, `${served}.err`)];
  const written = [out(), err()];
  // The bash client reads a file into a variable, which cannot hold a NUL: refused rather than lost.
  if (written.some((b) => b.includes(0)))
    [code, written[0], written[1]] = [70, Buffer.alloc(0), Buffer.from("golive server: a NUL in the output\n")];
  files.forEach((file, i) => writeFileSync(file, written[i] ?? ""));
  socket.end(`${code}\n${files.join("\n")}\n`);
}

let listening: Promise<{ port: number; close: () => Promise<void> }> | undefined;

/**
 * A local port where golive runs in this process for the steps' clients: the CLI's modules are loaded
 * once per test file instead of once per call. Unref'd: it never keeps the test process alive, and
 * the steps talking to it are spawned asynchronously so this process can answer. A spec that starts it
 * closes it in afterAll (closeGoliveServer).
 */
export async function goliveServerPort(): Promise<string> {
  listening ??= new Promise((resolve, reject) => {
    const dir = mkdtempSync(join(tmpdir(), "golive-server-"));
    const server = createServer((socket) => {
      const chunks: Buffer[] = [];
      socket.on("error", () => socket.destroy());
      socket.on("data", (c: Buffer) => {
        chunks.push(c);
        const request = requestOf(Buffer.concat(chunks));
        if (request) {
          socket.removeAllListeners("data");
          void serve(socket, request, dir);
        }
      });
    });
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => server.close(() => done())).then(() => rmSync(dir, { recursive: true, force: true })),
      }),
    );
    server.unref();
  });
  return String((await listening).port);
}

/** Stops the server (if started) and removes its output files; the next goliveServerPort() starts another. */
export async function closeGoliveServer(): Promise<void> {
  const started = listening;
  listening = undefined;
  if (started) await (await started).close();
}
