import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeAdoptFile } from "../../lib/engines/preflight/adopt-file";
import { golive } from "../helpers/cli";
import { type FakeZone, ZONE_ID } from "./fake-zone-api";
import { hex, preflightHarness, report, TOKEN } from "./harness";

/** A zone that exists and that config would create: `--write` records it in config/adopt/production.json. */
const ADOPTABLE: FakeZone = { name: "example.com", plan: "free", status: "pending" };
/** A zone config adopts read-only (cloudflare.zone.id) holding nothing golive creates: nothing to adopt. */
const NOTHING_TO_ADOPT: FakeZone = { name: "example.com", status: "active" };

const h = preflightHarness();

const config = () => join(h.fx().dir, "config");
const adoptDir = () => join(config(), "adopt");

/** An adopt file an earlier --write wrote, now stale: it pins a ruleset the zone no longer has. */
function writeEarlierAdoptFile(): void {
  writeAdoptFile(config(), {
    version: 1,
    environment: "production",
    zone: { name: "example.com", id: ZONE_ID, import: true, importSubscription: true },
    rulesets: { http_request_firewall_custom: hex("1") },
    records: [],
  });
}

/** Every name in the config folder and its adopt folder: --write refused leaves no temp file behind. */
function configListing(): string[] {
  const adopt = existsSync(adoptDir()) && lstatSync(adoptDir()).isDirectory() ? readdirSync(adoptDir()).map((f) => `adopt/${f}`) : [];
  return [...readdirSync(config()), ...adopt].sort();
}

describe("preflight --write replaces or removes only an adopt file golive wrote", () => {
  test("fails with exit 2 when config/adopt/production.json is a link to the environment's config, which it leaves byte for byte", async () => {
    await h.serve(ADOPTABLE);
    const yaml = join(config(), "production.yaml");
    const before = readFileSync(yaml, "utf8");
    mkdirSync(adoptDir());
    symlinkSync("../production.yaml", h.adoptFile());
    const listing = configListing();
    const run = await golive(["preflight", "production", "--write"], {
      cwd: h.fx().dir,
      env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: h.api().baseUrl },
    });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr).toBe(
      "golive preflight: config/adopt/production.json is a symbolic link to config/production.yaml; golive replaces or removes only an adopt file it wrote, never a link or what it leads to: move it away, then run golive preflight production --write again; nothing was written\n",
    );
    expect(readFileSync(yaml, "utf8")).toBe(before);
    expect(readlinkSync(h.adoptFile())).toBe("../production.yaml");
    expect(configListing()).toEqual(listing);
  });

  test.each([
    ["notes that are not JSON", "my hand notes, not json\n", "it is not JSON"],
    ["JSON that is not an adopt file", '{"note":"mine"}\n', "it is not an adopt file"],
    ["an adopt file with a line added by hand", "", "it is not an adopt file"],
  ])("fails with exit 2 when config/adopt/production.json holds %s, and leaves it as it is", async (_, text, why) => {
    await h.serve(ADOPTABLE);
    mkdirSync(adoptDir());
    if (text === "") {
      writeEarlierAdoptFile();
      const adopt = h.readAdopt();
      writeFileSync(h.adoptFile(), `${JSON.stringify({ ...adopt, mine: "do not lose this" }, null, 2)}\n`);
    } else writeFileSync(h.adoptFile(), text);
    const before = readFileSync(h.adoptFile(), "utf8");
    const listing = configListing();
    const run = await h.run(["--write"]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr).toBe(
      `golive preflight: config/adopt/production.json exists and golive did not write it (${why}); golive replaces or removes only an adopt file it wrote: move it away, then run golive preflight production --write again; nothing was written\n`,
    );
    expect(readFileSync(h.adoptFile(), "utf8")).toBe(before);
    expect(configListing()).toEqual(listing);
  });

  test("without --write, a file golive did not write is a fix saying so (not 'out of date: run --write'), exit 1, left as it is", async () => {
    await h.serve(ADOPTABLE);
    mkdirSync(adoptDir());
    writeFileSync(h.adoptFile(), "my hand notes, not json\n");
    const human = await h.run();
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(
      "config/adopt/production.json is not an adopt file golive wrote: move it away, then run golive preflight production --write.",
    );
    expect(human.stdout).not.toContain("is out of date");
    const json = await h.run(["--json"]);
    expect(json.code).toBe(1);
    expect(report(json.stdout).adoptFile.state).toBe("foreign");
    expect(report(json.stdout).blocking).toContainEqual(
      expect.objectContaining({
        check: "zone",
        severity: "fix",
        message: "exists and golive did not write it (it is not JSON): move it away, then run golive preflight production --write",
      }),
    );
    expect(readFileSync(h.adoptFile(), "utf8")).toBe("my hand notes, not json\n");
  });

  test("fails with exit 2 when config/adopt is a link to another folder of the config folder, writing nothing there", async () => {
    await h.serve(ADOPTABLE);
    const mine = join(config(), "mine");
    mkdirSync(mine);
    symlinkSync("mine", adoptDir());
    const run = await h.run(["--write"]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr).toBe(
      "golive preflight: config/adopt is a symbolic link to config/mine; golive writes and removes adopt files only in a folder of the config folder, never through a link: make config/adopt a folder, then run golive preflight production --write again; nothing was written\n",
    );
    expect(readdirSync(mine)).toEqual([]);
  });

  test("a stale adopt file golive wrote is still replaced", async () => {
    await h.serve(ADOPTABLE);
    writeEarlierAdoptFile();
    const run = await h.run(["--write", "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(report(run.stdout).adoptFile.state).toBe("written");
    expect(h.readAdopt()).toMatchObject({ zone: { id: ZONE_ID, import: true }, rulesets: {} });
  });
});

describe("preflight --write removes an adopt file no longer needed only when golive wrote it", () => {
  beforeEach(() => {
    h.fx().set(["cloudflare", "zone", "id"], ZONE_ID);
  });

  test("an adopt file golive wrote is removed when nothing is left to adopt", async () => {
    await h.serve(NOTHING_TO_ADOPT);
    writeEarlierAdoptFile();
    const run = await h.run(["--write"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Removed config/adopt/production.json: nothing is left to adopt.");
    expect(existsSync(h.adoptFile())).toBe(false);
  });

  test("fails with exit 2 when the file is hand-written notes, and keeps them", async () => {
    await h.serve(NOTHING_TO_ADOPT);
    mkdirSync(adoptDir());
    writeFileSync(h.adoptFile(), '{"note":"mine"}\n');
    const run = await h.run(["--write"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "golive preflight: config/adopt/production.json exists and golive did not write it (it is not an adopt file); golive replaces or removes only an adopt file it wrote: move it away, then run golive preflight production --write again; nothing was removed\n",
    );
    expect(readFileSync(h.adoptFile(), "utf8")).toBe('{"note":"mine"}\n');
  });

  test("fails with exit 2 when the file is a link, even to an adopt file golive wrote, and keeps the link and its target", async () => {
    await h.serve(NOTHING_TO_ADOPT);
    writeEarlierAdoptFile();
    const kept = join(adoptDir(), "kept.json");
    renameSync(h.adoptFile(), kept);
    symlinkSync("kept.json", h.adoptFile());
    const before = readFileSync(kept, "utf8");
    const run = await h.run(["--write"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "golive preflight: config/adopt/production.json is a symbolic link to config/adopt/kept.json; golive replaces or removes only an adopt file it wrote, never a link or what it leads to: move it away, then run golive preflight production --write again; nothing was removed\n",
    );
    expect(readlinkSync(h.adoptFile())).toBe("kept.json");
    expect(readFileSync(kept, "utf8")).toBe(before);
  });

  test("fails with exit 2 when the file is a folder, and leaves it", async () => {
    await h.serve(NOTHING_TO_ADOPT);
    mkdirSync(h.adoptFile(), { recursive: true });
    writeFileSync(join(h.adoptFile(), "notes.txt"), "mine\n");
    const run = await h.run(["--write"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "golive preflight: config/adopt/production.json is a folder, not a regular file; golive replaces or removes only an adopt file it wrote: move it away, then run golive preflight production --write again; nothing was removed\n",
    );
    expect(readdirSync(h.adoptFile())).toEqual(["notes.txt"]);
  });
});
