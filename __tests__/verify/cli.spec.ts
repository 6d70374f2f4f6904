import { rmSync } from "node:fs";
import { golive, makeProject } from "./fixtures";

let cwd: string;

beforeAll(() => {
  cwd = makeProject("-----BEGIN CERTIFICATE-----\nnot a real certificate\n-----END CERTIFICATE-----\n");
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

test("golive --help lists verify", async () => {
  const run = await golive(cwd, ["--help"]);
  expect(run.stdout).toMatch(/^\s+verify\s+Probe a deployed environment/m);
});

test("verify --help documents the resolver, CA, port and loopback options", async () => {
  const run = await golive(cwd, ["verify", "--help"]);
  expect(run.code).toBe(0);
  for (const flag of [
    "--resolver",
    "--ca-file",
    "--https-port",
    "--http-port",
    "--timeout-ms",
    "--samples",
    "--loopback-only",
    "--format",
  ]) {
    expect(run.stdout).toContain(flag);
  }
});

test.each([
  [[], /expected exactly one environment, got 0/],
  [["production", "staging"], /expected exactly one environment, got 2/],
  [["production", "--samples", "500"], /--samples: got "500", allowed: a whole number from 1 to 200/],
  [["production", "--timeout-ms", "soon"], /--timeout-ms: got "soon"/],
  [["production", "--https-port", "70000"], /--https-port: got "70000"/],
  [["production", "--resolver", "dns.example.com"], /--resolver: got "dns.example.com", allowed: IP:PORT/],
  [["production", "--loopback-only"], /--loopback-only needs --resolver/],
  [["production", "--loopback-only", "--resolver", "192.0.2.53:53"], /192\.0\.2\.53:53 is not a loopback address/],
  [["production", "--ca-file", "missing.pem"], /--ca-file: cannot read missing.pem/],
  [["production", "--ca-file", "config/production.yaml"], /holds no PEM certificate/],
  [["production", "--format", "xml"], /--format: got "xml", allowed: text, json/],
  [["production", "--health-path", "health"], /--health-path: got "health"/],
  [["production", "--follow-redirects"], /unknown option --follow-redirects/],
])("fails with exit 2 (usage) for verify %j", async (args, message) => {
  const run = await golive(cwd, ["verify", ...args]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stdout).toBe("");
});

test("fails with usage exit 2 naming the allowed environments when the environment has no config", async () => {
  const run = await golive(cwd, ["verify", "qa", "--loopback-only", "--resolver", "127.0.0.1:1"]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/unknown environment "qa" \(allowed: production/);
});
