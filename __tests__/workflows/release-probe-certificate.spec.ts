import { createPrivateKey, X509Certificate } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { closeGoliveServer } from "./golive-server";
import { type StepRun, stepNamed, stepSandbox } from "./support";

// release.yml's watch step hands the origin probes the environment's probe certificate (the secrets
// RELEASE_PROBE_CERT and RELEASE_PROBE_KEY) as files only that step sees. The step runs here as GitHub
// runs it (bash -e), with `npx` stood in for by a recorder of what golive would be given: its arguments,
// and each certificate file's mode, directory mode and text at the moment of the call.

afterAll(closeGoliveServer);

const WATCH_STEP = String(stepNamed("release.yml", "golive release promote --watch").run);

/** A probe certificate the origins' CA signs, as the runbook issues it: made at run time, never a literal. */
const ca = createTestCa("golive release probe CA");
const probe = issueLeaf(ca, { hosts: ["golive-release-probe"], clientAuth: true });

/** Records into `record`, then prints a watch's last line and exits $STUB_EXIT (default 0). */
const RECORDING_NPX = (record: string) => `#!/bin/bash
printf '%s\\n' "$@" > "${record}/args"
printf '%s' "\${RELEASE_PROBE_CERT+RELEASE_PROBE_CERT}\${RELEASE_PROBE_KEY+RELEASE_PROBE_KEY}" > "${record}/probe-env"
prev=
for a in "$@"; do
  case "$prev" in
    --client-cert|--client-key)
      f=\${prev#--}
      printf '%s' "$a" > "${record}/$f.path"
      stat -c %a "$a" > "${record}/$f.mode"
      stat -c %a "$(dirname "$a")" > "${record}/$f.dir-mode"
      cat "$a" > "${record}/$f.text" ;;
  esac
  prev=$a
done
echo "result: completed; stand-in"
exit "\${STUB_EXIT:-0}"
`;

interface SeenFile {
  readonly path: string;
  readonly mode: string;
  readonly dirMode: string;
  readonly text: string;
}

interface WatchStepRun extends StepRun {
  /** golive's arguments, or undefined when npx never ran. */
  readonly args: string[] | undefined;
  /** The probe secrets still in npx's environment (names). */
  readonly probeEnv: string;
  readonly cert: SeenFile | undefined;
  readonly key: SeenFile | undefined;
  /** $RUNNER_TEMP, and what it holds after the step. */
  readonly temp: string;
  readonly tempAfter: string[];
}

async function runWatchStep(env: Readonly<Record<string, string>>): Promise<WatchStepRun> {
  const sandbox = stepSandbox("golive-release-probe-", []);
  const stubBin = join(sandbox.dir, "stub-bin");
  const record = join(sandbox.dir, "record");
  const temp = join(sandbox.dir, "runner-temp");
  for (const d of [stubBin, record, temp]) mkdirSync(d);
  writeFileSync(join(stubBin, "npx"), RECORDING_NPX(record));
  chmodSync(join(stubBin, "npx"), 0o755);
  const run = await sandbox.run(WATCH_STEP, {
    PATH: `${stubBin}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    ENVIRONMENT: "production",
    RUNNER_TEMP: temp,
    CLOUDFLARE_API_TOKEN: "unused-by-the-stand-in",
    ...env,
  });
  const read = (name: string) => (existsSync(join(record, name)) ? readFileSync(join(record, name), "utf8") : undefined);
  const file = (flag: string): SeenFile | undefined => {
    const path = read(`${flag}.path`);
    return path === undefined
      ? undefined
      : {
          path,
          mode: String(read(`${flag}.mode`)).trim(),
          dirMode: String(read(`${flag}.dir-mode`)).trim(),
          text: String(read(`${flag}.text`)),
        };
  };
  return {
    ...run,
    args: read("args")?.trimEnd().split("\n"),
    probeEnv: read("probe-env") ?? "",
    cert: file("client-cert"),
    key: file("client-key"),
    temp,
    tempAfter: readdirSync(temp).sort(),
  };
}

const WITH_SECRETS = { RELEASE_PROBE_CERT: probe.certPem, RELEASE_PROBE_KEY: probe.keyPem };
const WATCH_ARGS = ["golive", "release", "promote", "production", "--watch", "--now"];

/** No line of the key or certificate body in the step's output. */
function expectNothingPrinted(run: StepRun): void {
  const printed = run.stdout + run.stderr;
  for (const pem of [probe.keyPem, probe.certPem]) for (const line of pem.split("\n").slice(1, -2)) expect(printed).not.toContain(line);
}

describe("release.yml: the watch's origin probes get the environment's probe certificate", () => {
  test("with RELEASE_PROBE_CERT and RELEASE_PROBE_KEY, golive gets --client-cert/--client-key: 0600 files in a 0700 directory under $RUNNER_TEMP holding the PEMs, gone when the step ends", async () => {
    const run = await runWatchStep(WITH_SECRETS);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(run.args).toEqual([...WATCH_ARGS, "--client-cert", run.cert?.path, "--client-key", run.key?.path]);
    const probeDir = dirname(String(run.cert?.path));
    expect(dirname(probeDir)).toBe(run.temp);
    expect(probeDir).toMatch(/\/golive-probe\.\w{6}$/);
    expect(dirname(String(run.key?.path))).toBe(probeDir);
    for (const seen of [run.cert, run.key]) expect({ mode: seen?.mode, dirMode: seen?.dirMode }).toEqual({ mode: "600", dirMode: "700" });
    expect(run.cert?.text).toBe(`${probe.certPem}\n`);
    expect(run.key?.text).toBe(`${probe.keyPem}\n`);
    // what golive checks of the pair (lib/cli/commands/release-options.ts, clientCertificate)
    expect(new X509Certificate(String(run.cert?.text)).checkPrivateKey(createPrivateKey(String(run.key?.text)))).toBe(true);
    // golive reads the files, not the environment: nothing npx starts gets the secrets
    expect(run.probeEnv).toBe("");
    expect(existsSync(String(run.cert?.path))).toBe(false);
    expect(existsSync(probeDir)).toBe(false);
    expect(run.tempAfter).toEqual(["golive-watch.log"]);
    expect(readFileSync(join(run.temp, "golive-watch.log"), "utf8")).toBe("result: completed; stand-in\n");
    expectNothingPrinted(run);
  });

  test("a watch that fails (a rollback, exit 1): the step fails as the watch does, and the files are removed all the same", async () => {
    const run = await runWatchStep({ ...WITH_SECRETS, STUB_EXIT: "1" });
    expect(run.status).toBe(1);
    expect(run.cert?.mode).toBe("600");
    expect(existsSync(String(run.cert?.path))).toBe(false);
    expect(existsSync(String(run.key?.path))).toBe(false);
    expect(run.tempAfter).toEqual(["golive-watch.log"]);
    expectNothingPrinted(run);
  });

  test.each([
    ["empty, as GitHub gives a secret the environment does not have", { RELEASE_PROBE_CERT: "", RELEASE_PROBE_KEY: "" }],
    ["unset", {}],
  ])("without the secrets (%s): no --client-cert or --client-key, nothing written but the log", async (_, env) => {
    const run = await runWatchStep(env);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(run.args).toEqual(WATCH_ARGS);
    expect(run.tempAfter).toEqual(["golive-watch.log"]);
  });

  test("origin_probes false: --no-origin-probes and no certificate, which golive would refuse beside it", async () => {
    const run = await runWatchStep({ ...WITH_SECRETS, WATCH_FLAGS: "--no-origin-probes" });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(run.args).toEqual([...WATCH_ARGS, "--no-origin-probes"]);
    expect(run.stdout).toContain("origin_probes is false: the probe certificate (RELEASE_PROBE_CERT) is not used\n");
    expect(run.tempAfter).toEqual(["golive-watch.log"]);
  });

  test.each([
    ["RELEASE_PROBE_CERT", { RELEASE_PROBE_CERT: probe.certPem, RELEASE_PROBE_KEY: "" }],
    ["RELEASE_PROBE_KEY", { RELEASE_PROBE_CERT: "", RELEASE_PROBE_KEY: probe.keyPem }],
  ])("fails when only %s is set: one line naming both secrets, and the watch does not run", async (_, env) => {
    const run = await runWatchStep(env);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      "::error::RELEASE_PROBE_CERT and RELEASE_PROBE_KEY go together (the probe certificate and its private key, PEM): set both secrets of the production environment, or neither; the watch did not run\n",
    );
    expect(run.args).toBeUndefined();
    expect(run.tempAfter).toEqual([]);
    expectNothingPrinted(run);
  });
});
