import { closeSync, openSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { golive, spawnCollect, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { startFakeSecretsManager } from "./fake-secrets-manager";

const BIN = join(__dirname, "..", "..", "bin", "golive.js");
const FAKE_AWS_ENV = { AWS_ACCESS_KEY_ID: "test-access-key-id", AWS_SECRET_ACCESS_KEY: "test-secret-access-key" };
const REFUSED =
  "golive secrets: standard input is a folder; allowed: a pipe, a file or a terminal; nothing was written\nsee: golive secrets --help\n";

describe("golive secrets put with a folder as standard input (`< /tmp`)", () => {
  test("fails with exit 2 naming standard input as a folder, not as empty, and sends nothing (bin/golive.js)", async () => {
    const fake = await startFakeSecretsManager("ok");
    const cwd = tempDir("golive-stdin-folder-");
    try {
      // The shell opens the folder as the process's standard input, as `golive ... < /tmp` does; it first
      // reads the pipe spawnCollect hands it to its end, so that pipe is never closed while being written.
      const put = [
        "secrets",
        "put",
        "production",
        "model-provider-api-key",
        "--config-dir",
        EXAMPLE_CONFIG_DIR,
        "--endpoint",
        fake.endpoint,
      ];
      const run = await spawnCollect(
        "/bin/sh",
        ["-c", 'folder="$1"; shift; cat >/dev/null; exec "$@" < "$folder"', "sh", cwd, process.execPath, BIN, ...put],
        {
          cwd,
          env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd, ...FAKE_AWS_ENV },
        },
      );
      expect(run).toEqual({ code: 2, stdout: "", stderr: REFUSED });
      expect(fake.calls).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });

  test("a stream whose descriptor is a folder is refused the same way in-process", async () => {
    const cwd = tempDir("golive-stdin-folder-");
    const fd = openSync(cwd, "r");
    try {
      const stdin = Object.assign(Readable.from([]), { fd });
      const run = await golive(["secrets", "put", "production", "database-url", "--config-dir", EXAMPLE_CONFIG_DIR], {
        cwd,
        env: FAKE_AWS_ENV,
        stdin,
      });
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: REFUSED });
    } finally {
      closeSync(fd);
    }
  });
});
