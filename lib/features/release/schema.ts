import { z } from "zod";
import { Hostname, UrlPath } from "../../core/fields";

/** The two release colours. A pool per colour; the load balancer weighs traffic between them. */
export const Colour = z.enum(["blue", "green"]);
export type Colour = z.infer<typeof Colour>;

const Percent = z.number().int("must be a whole percent").min(0, "must be 0-100").max(100, "must be 0-100");

export const ReleaseOrigin = z.strictObject({
  /** Unique across both pools; shown in Cloudflare analytics. */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a lower-case name such as blue-1"),
  /** IPv4/IPv6 address or hostname of the origin server. */
  address: z.string().min(1),
  /** Share of the pool's traffic relative to its other origins (0-1). @default 1 */
  weight: z.number().min(0, "must be 0-1").max(1, "must be 0-1").default(1),
});

export const ReleasePool = z.strictObject({
  /** Origins of this colour; an empty list means the colour is not provisioned (no pool is created). */
  origins: z.array(ReleaseOrigin).default([]),
});

export const ReleaseMonitor = z.strictObject({
  /** @default "/healthz" */
  path: UrlPath.default("/healthz"),
  /** A code (200) or class (2xx). @default "200" */
  expectedCodes: z
    .string()
    .regex(/^[1-5](\d\d|xx)$/, "must be a status code such as 200 or a class such as 2xx")
    .default("200"),
  /** Seconds between checks. @default 60 */
  interval: z.number().int().min(10, "must be at least 10 seconds").max(3600).default(60),
  /** Immediate retries on timeout before a check counts as failed. @default 2 */
  retries: z.number().int().min(0).max(5).default(2),
  /** Seconds before a check times out; must be below the interval. @default 5 */
  timeout: z.number().int().min(1).max(10).default(5),
  /** Consecutive failures before an origin is unhealthy / successes before healthy again. @default 2 */
  consecutiveDown: z.number().int().min(1).max(10).default(2),
  consecutiveUp: z.number().int().min(1).max(10).default(2),
});

export const ReleaseSessionAffinity = z.strictObject({
  /** Cookie lifetime in seconds (Cloudflare allows 1800-604800 for cookie affinity). @default 1800 */
  ttl: z.number().int().min(1800, "must be at least 1800 seconds").max(604800, "must be at most 604800 seconds").default(1800),
  /** @default "Lax" */
  samesite: z.enum(["Auto", "Lax", "None", "Strict"]).default("Lax"),
  /** @default "Always" */
  secure: z.enum(["Auto", "Always", "Never"]).default("Always"),
  /** Seconds a disabled origin keeps serving its pinned sessions. @default 0 */
  drainDuration: z.number().int().min(0).max(86400).default(0),
  /** What happens to a pinned session when its origin fails. @default "sticky" */
  zeroDowntimeFailover: z.enum(["none", "temporary", "sticky"]).default("sticky"),
});

/**
 * The `release` section: blue/green state reviewed in PRs. `golive release` edits only `live`,
 * `candidate`, `previous` and `weights`; everything else is the shape of the traffic stack.
 */
export const ReleaseConfig = z.strictObject({
  /** Load-balanced app hostname. Must not also get an edge DNS record (see validator). */
  hostname: Hostname,
  /** Colour serving production now. */
  live: Colour,
  /** Colour being released; the other one. */
  candidate: Colour,
  /** Last known-good colour: where `golive release rollback` sends all traffic. */
  previous: Colour,
  /** Percent of new sessions per colour; the two add up to 100. */
  weights: z.strictObject({ blue: Percent, green: Percent }),
  /** Candidate percentages `promote` walks through, ascending, ending at 100. @default [10, 50, 100] */
  steps: z.array(z.number().int().min(1).max(100)).min(1).default([10, 50, 100]),
  pools: z.strictObject({ blue: ReleasePool, green: ReleasePool }),
  monitor: ReleaseMonitor.prefault({}),
  sessionAffinity: ReleaseSessionAffinity.prefault({}),
});
export type ReleaseConfig = z.infer<typeof ReleaseConfig>;
