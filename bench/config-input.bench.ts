// Config input cost (issue 16, "bounded cost"): the inputs that once took seconds to minutes are refused
// or parsed in linear time. Timed here, not in jest: __tests__/config/hostile-input.spec.ts asserts what
// each is refused with; a timed test would fail on a busy runner for no fault of the code.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { parseConfigText, validateConfigData } from "../lib/engines/config/load";
import { judged } from "./measure";
import type { Bench } from "./types";

const FILE = "config/production.yaml";

/** The fixture production config as data, with `edit` applied to it. */
function exampleWith(edit: (config: Record<string, unknown>) => void): Record<string, unknown> {
  const text = readFileSync(join(__dirname, "..", "__tests__", "fixtures", "config", "production.yaml"), "utf8");
  const config = parse(text) as Record<string, unknown>;
  edit(config);
  return config;
}

function edgeOf(config: Record<string, unknown>): Record<string, unknown> {
  return config.edge as Record<string, unknown>;
}

const refusal = (name: string, targetMs: number, expected: string, run: () => unknown) => judged(name, targetMs, expected, run);

/** `n` redirects of 900-character paths, each to the next: loop detection follows every chain from every redirect. */
function redirectChain(n: number): Record<string, unknown> {
  const path = (i: number) => `/${i}/${"x".repeat(900)}`;
  return exampleWith((c) => {
    (c.cloudflare as Record<string, unknown>).plan = "enterprise";
    edgeOf(c).redirects = Array.from({ length: n }, (_, i) => ({
      from: `old.example.com${path(i)}`,
      to: `https://old.example.com${path(i + 1)}`,
    }));
  });
}

export const bench: Bench = async () => {
  const manyKeys = Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}`).join("\n");
  const nearLimit = `${Array.from({ length: 9_990 }, (_, i) => `k${i}: ${i}`).join("\n")}\nk7: again\n`;
  const hugeTxt = exampleWith((c) => {
    edgeOf(c).dns = [{ name: "example.com", type: "TXT", content: "a".repeat(50_000_000) }];
  });
  const manyRecords = exampleWith((c) => {
    edgeOf(c).dns = Array.from({ length: 500_000 }, (_, i) => ({ name: "example.com", type: "TXT", content: `v${i}` }));
  });
  const chain299 = redirectChain(299);
  const chain301 = redirectChain(301);
  return [
    refusal("config: YAML mapping of 40,000 keys refused", 500, "allowed: at most 10000", () => parseConfigText(FILE, manyKeys)),
    refusal("config: 9,991-key YAML mapping, duplicate found", 1000, "k7: duplicate key", () => parseConfigText(FILE, nearLimit)),
    refusal("config: 50 MB TXT value refused", 1000, "allowed: at most 8192", () => validateConfigData(FILE, hugeTxt)),
    refusal("config: 500,000 DNS records refused", 1000, "allowed: at most 5000", () => validateConfigData(FILE, manyRecords)),
    // The hostile-input suite's longest accepted case, once a timed case of its own there.
    judged("config: 299 chained 900-character redirects accepted", 1000, undefined, () => validateConfigData(FILE, chain299)),
    refusal("config: 301 chained redirects refused", 1000, "edge.redirects", () => validateConfigData(FILE, chain301)),
  ];
};
