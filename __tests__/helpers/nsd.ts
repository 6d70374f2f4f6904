import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loopbackResolver } from "./dns-resolver";

/** A zone nsd should serve: its name and the master-file text. */
export interface ZoneFile {
  readonly name: string;
  readonly text: string;
}

export interface NsdServer {
  readonly port: number;
  readonly dir: string;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  "install it with `bash scripts/install-test-deps.sh` (apt-get install nsd); the email end-to-end test needs a real DNS server and is never skipped";

/** Throws a clear error when nsd (or nsd-checkzone) is missing, instead of letting a test skip. */
export function requireNsd(binary = "nsd"): void {
  const probe = spawnSync(binary, ["-v"], { encoding: "utf8" });
  if (probe.error) throw new Error(`${binary} is not installed: ${INSTALL_HINT}`);
}

/** Runs nsd-checkzone on a zone text; returns its exit status and output. */
/** nsd-checkzone's verdict on a zone file; with `print`, the zone as nsd read it (-p: every name absolute). */
export function checkZone(name: string, text: string, print = false): { status: number | null; output: string } {
  requireNsd("nsd-checkzone");
  const dir = mkdtempSync(join(tmpdir(), "golive-checkzone-"));
  try {
    const file = join(dir, `${name}.zone`);
    writeFileSync(file, text);
    const r = spawnSync("nsd-checkzone", [...(print ? ["-p"] : []), name, file], { encoding: "utf8" });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function config(dir: string, port: number, zones: readonly ZoneFile[]): string {
  const server = [
    "server:",
    "  ip-address: 127.0.0.1",
    `  port: ${port}`,
    '  username: ""',
    '  chroot: ""',
    `  zonesdir: "${dir}"`,
    '  database: ""',
    `  pidfile: "${dir}/nsd.pid"`,
    `  xfrdfile: "${dir}/xfrd.state"`,
    `  zonelistfile: "${dir}/zone.list"`,
    `  xfrdir: "${dir}"`,
    `  logfile: "${dir}/nsd.log"`,
    "  server-count: 1",
    "  verbosity: 1",
    "remote-control:",
    "  control-enable: no",
  ];
  return [...server, ...zones.flatMap((z) => ["zone:", `  name: ${z.name}`, `  zonefile: ${z.name}.zone`]), ""].join("\n");
}

async function waitUntilServing(child: ChildProcess, port: number, zone: string, dir: string): Promise<void> {
  const resolver = loopbackResolver(port);
  let lastError = "";
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break;
    try {
      await resolver(zone, "SOA");
      return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  let log = "";
  try {
    log = readFileSync(join(dir, "nsd.log"), "utf8");
  } catch {
    log = "(no log)";
  }
  throw new Error(`nsd did not serve ${zone} on 127.0.0.1:${port} (${lastError}); exit code ${child.exitCode}; log:\n${log}`);
}

/** Starts nsd in the foreground on a free loopback port, serving `zones` from a temp dir. Always stop() it. */
export async function startNsd(zones: readonly ZoneFile[]): Promise<NsdServer> {
  requireNsd();
  const dir = mkdtempSync(join(tmpdir(), "golive-nsd-"));
  const port = await freePort();
  for (const z of zones) writeFileSync(join(dir, `${z.name}.zone`), z.text);
  writeFileSync(join(dir, "nsd.conf"), config(dir, port, zones));
  const child = spawn("nsd", ["-d", "-c", join(dir, "nsd.conf")], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(child, port, zones[0]?.name ?? ".", dir);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, dir, stop };
}
