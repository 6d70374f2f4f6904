import { existsSync } from "node:fs";
import { golive } from "../helpers/cli";
import { failureJson } from "../cli/failure-json";
import { preflightHarness, TOKEN } from "./harness";

// A token an HTTP header cannot carry never left the machine: Node refused the header, and preflight
// reported "cannot reach the Cloudflare API". It is a bad value of CLOUDFLARE_API_TOKEN (exit 2).

const h = preflightHarness();

const ALLOWED = "allowed: a Cloudflare API token as Cloudflare shows it";
const LINE_BREAK = `golive preflight: CLOUDFLARE_API_TOKEN: holds a line break (the value is not shown); ${ALLOWED} (a line break at its end usually comes from where it was copied: a token file or a pasted secret that ends with one; strip it, e.g. tr -d '\\r\\n'), printable ASCII with no spaces`;

describe("preflight refuses a CLOUDFLARE_API_TOKEN no HTTP header can carry, before any request", () => {
  test("fails with exit 2 on a token ending in a line break, naming the variable and the likely cause, never the token", async () => {
    await h.serve({ name: "example.com" });
    const r = await golive(["preflight", "production", "--write"], {
      cwd: h.fx().dir,
      env: { CLOUDFLARE_API_TOKEN: `${TOKEN}\n`, CLOUDFLARE_BASE_URL: h.api().baseUrl },
    });
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: "" });
    expect(r.stderr).toBe(`${LINE_BREAK}\nsee: golive preflight --help\n`);
    expect(r.stderr).not.toContain("cannot reach");
    expect(h.api().requests).toEqual([]);
    expect(existsSync(h.adoptFile())).toBe(false);
  });

  test.each([
    ["a Windows line ending", `${TOKEN}\r`, "a line break"],
    ["a tab", `${TOKEN}\t`, "a space or tab"],
    ["a space inside it", `${TOKEN.slice(0, 10)} ${TOKEN.slice(10)}`, "a space or tab"],
    ["a control character", `${TOKEN}\u0001`, "a control character"],
    ["a non-ASCII character", `${TOKEN}é`, "a non-ASCII character"],
  ])("fails with exit 2 on a token holding %s, and prints no part of it", async (_, token, what) => {
    await h.serve({ name: "example.com" });
    const r = await golive(["preflight", "production", "--json", "--api-base-url", h.api().baseUrl], {
      cwd: h.fx().dir,
      env: { CLOUDFLARE_API_TOKEN: token },
    });
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: failureJson(r) });
    expect(r.stderr.split("\n")[0]).toMatch(
      new RegExp(`^golive preflight: CLOUDFLARE_API_TOKEN: holds ${what} \\(the value is not shown\\); ${ALLOWED}`),
    );
    expect(r.stderr).not.toContain(TOKEN.slice(0, 10));
    expect(h.api().requests).toEqual([]);
  });
});
