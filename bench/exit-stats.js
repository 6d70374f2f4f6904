// Preloaded into a benchmarked child process: on exit, append its peak RSS and run time to a file.
const { appendFileSync } = require("node:fs");
const file = process.env.GOLIVE_BENCH_STATS;
const start = process.hrtime.bigint();
process.on("exit", () => {
  if (!file) return;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  appendFileSync(file, `${JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS })}\n`);
});
