import { z } from "zod";
import { credentialKind } from "../../core/credential-shapes";
import { Hostname } from "../../core/dns-names";
import { UrlPath } from "../../core/web-fields";

/** The two release colours. A pool per colour; the load balancer weighs traffic between them. */
export const Colour = z.enum(["blue", "green"]);
export type Colour = z.infer<typeof Colour>;

const Percent = z.number().int("must be a whole percent").min(0, "must be 0-100").max(100, "must be 0-100");

export const ReleaseOrigin = z.strictObject({
  /** Unique across both pools; shown in Cloudflare analytics. */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a lower-case name such as blue-1"),
  /** IPv4/IPv6 address or hostname of the origin server. */
  address: z.string().min(1).max(253),
  /** Share of the pool's traffic relative to its other origins (0-1). @default 1 */
  weight: z.number().min(0, "must be 0-1").max(1, "must be 0-1").default(1),
});

/**
 * Load Balancing health-check regions (`check_regions`, internal/services/load_balancer_pool/schema.go,
 * provider v5.14.0). `ALL_REGIONS` and an unset list ("every data centre") are Enterprise only, so they
 * are not offered: list regions instead.
 */
export const CheckRegion = z.enum(["WNAM", "ENAM", "WEU", "EEU", "NSAM", "SSAM", "OC", "ME", "NAF", "SAF", "SAS", "SEAS", "NEAS"]);
/** One region: three probes per interval, enough for a majority, and the least health-check traffic. */
export const DEFAULT_CHECK_REGIONS: readonly z.infer<typeof CheckRegion>[] = ["ENAM"];

export const ReleasePool = z.strictObject({
  /** Origins of this colour; an empty list means the colour is not provisioned (no pool is created). */
  origins: z.array(ReleaseOrigin).max(20, "at most 20 origins per pool").default([]),
  /** Regions the monitor probes this pool from; pick those nearest the origins. @default ["ENAM"] */
  checkRegions: z
    .array(CheckRegion)
    .min(1, "must list at least one region")
    .refine((r) => new Set(r).size === r.length, "must not list a region twice")
    .optional(),
});

/** The longest monitor interval golive accepts, seconds. */
export const MAX_MONITOR_INTERVAL = 3600;

export const ReleaseMonitor = z.strictObject({
  /** @default "/healthz" */
  path: UrlPath.default("/healthz"),
  /** A code (200) or class (2xx). @default "200" */
  expectedCodes: z
    .string()
    .regex(/^[1-5](\d\d|xx)$/, "must be a status code such as 200 or a class such as 2xx")
    .default("200"),
  /**
   * Seconds between checks; at least the plan's minimum (60 on free and pro, 15 on business, 10 on
   * enterprise: TierLimits.monitorMinInterval, checked in validate.ts). @default 60, valid on every plan
   */
  interval: z.number().int().min(10, "must be at least 10 seconds").max(MAX_MONITOR_INTERVAL).default(60),
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
  /**
   * Endpoint drain: seconds an origin disabled on its own keeps serving its pinned sessions
   * (load-balancing/additional-options/planned-maintenance). Not the pool `--drain` disables: Cloudflare
   * documents drain for endpoints only, and a disabled pool fails over at once. @default 0
   */
  drainDuration: z.number().int().min(0).max(86400).default(0),
  /** What happens to a pinned session when its origin fails. @default "sticky" */
  zeroDowntimeFailover: z.enum(["none", "temporary", "sticky"]).default("sticky"),
});

/**
 * `golive release promote <env> --watch`: how each step is judged before the next. Every step is
 * watched for `interval` seconds, during which `probes` requests go straight to the candidate's origins
 * (Host: `release.hostname`); then Cloudflare's health of the candidate pool is read. Anything below the
 * bar rolls the release back at once.
 */
export const ReleaseAnalysis = z.strictObject({
  /** Seconds each step is watched before the next (at least the monitor interval lets pool health catch up). @default 60 */
  interval: z.number().int().min(1, "must be at least 1 second").max(3600, "must be at most 3600 seconds").default(60),
  /** Requests sent to the candidate's origins per step, spread over the interval. @default 20 */
  probes: z.number().int().min(1, "must be at least 1").max(200, "must be at most 200").default(20),
  /** Path the probes request. @default monitoring.latency.path (the path `golive verify` times) when set, else release.monitor.path */
  path: UrlPath.optional(),
  /** Share of probes that must answer 2xx/3xx (0-1). @default 0.99 */
  minSuccessRate: z.number().min(0, "must be 0-1").max(1, "must be 0-1").default(0.99),
  /** p95 latency bar of the probes, in milliseconds. @default 500 */
  maxP95Ms: z.number().int().min(1).max(60000, "must be at most 60000").default(500),
});

/** A build identifier as a deploy pipeline writes it: a version, image tag or commit. */
export const BuildId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:@/+-]{0,127}$/,
    "must be a version, image tag or commit such as v1.4.2 or 3f2c1ab (letters, digits, . _ : @ / + -)",
  )
  // It is printed and committed: a token pasted by mistake would leak (the secret scan's shapes).
  .refine((id) => credentialKind(id) === undefined, "looks like a credential, not a version, image tag or commit such as v1.4.2");

/**
 * The `release` section: blue/green state reviewed in PRs. `golive release` edits only `live`,
 * `candidate`, `previous`, `weights`, `phase`, `builds` and `drained`; everything else is the shape of
 * the traffic stack.
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
  /**
   * Where the release stands. `releasing`: a build was started on the candidate (`golive release
   * start`); `idle`: nothing in flight; `rolled-back`: the candidate failed and takes no traffic, not even
   * as a failover, until a new build is started. @default releasing when the candidate has traffic, else idle
   */
  phase: z.enum(["idle", "releasing", "rolled-back"]).optional(),
  /**
   * The colour whose pool is disabled (`enabled = false`), written by `golive release rollback --drain`
   * so that the next deploy keeps it drained; `golive release start` removes it (the new build's pool is
   * enabled again). Never the live colour nor `previous`. @default none: both pools enabled
   */
  drained: Colour.optional(),
  /** The build (version, image tag or commit) each colour runs; `golive release start --build` sets the candidate's. */
  builds: z.strictObject({ blue: BuildId.optional(), green: BuildId.optional() }).optional(),
  /** Candidate percentages `promote` walks through, ascending, ending at 100. @default [10, 50, 100] */
  steps: z.array(z.number().int().min(1).max(100)).min(1).default([10, 50, 100]),
  pools: z.strictObject({ blue: ReleasePool, green: ReleasePool }),
  monitor: ReleaseMonitor.prefault({}),
  sessionAffinity: ReleaseSessionAffinity.prefault({}),
  /** Analysis of `promote --watch`; absent: the defaults of each field. */
  analysis: ReleaseAnalysis.optional(),
});
export type ReleaseConfig = z.infer<typeof ReleaseConfig>;
