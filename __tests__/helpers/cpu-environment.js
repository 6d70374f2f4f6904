// Where the suite's CPU goes, per spec: with GOLIVE_TEST_CPU_LOG=<file> set, jest.config.js runs the tests
// in this environment, which appends one line per spec's `describe` to that file: CPU seconds of the jest
// process, CPU seconds of the child processes it waited for (their own children included), wall
// seconds, then folder/spec. Both CPU numbers come from /proc/self/stat (utime + stime, cutime +
// cstime: what the kernel charged, whatever started the process). docs/testing.md shows how to read it.
const { appendFileSync, readFileSync } = require("node:fs");
const { TestEnvironment } = require("jest-environment-node");

const TICKS_PER_SECOND = 100;

/** [own, children] CPU seconds so far, from /proc/self/stat (fields 14-17 after the command name). */
function cpuSeconds() {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const tick = (i) => Number(fields[i]) / TICKS_PER_SECOND;
  return [tick(11) + tick(12), tick(13) + tick(14)];
}

/** How deep a describe block is: the root's own blocks are 1. */
function depth(block) {
  let n = 0;
  for (let b = block.parent; b; b = b.parent) n++;
  return n;
}

class CpuEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.started = new Map();
    // A folder's suite.test.ts names its specs' describes at depth 1; a group file (suite.ts, runGroup)
    // names each folder at depth 1 and its specs at depth 2.
    const [folder, file] = context.testPath.split("/").slice(-2);
    this.grouped = folder === "groups";
    this.folder = this.grouped ? file.replace(/\.test\.ts$/, "") : folder;
  }

  handleTestEvent(event) {
    const log = process.env.GOLIVE_TEST_CPU_LOG;
    if (!log) return;
    const block = event.describeBlock;
    if (event.name === "run_describe_start" && depth(block) === (this.grouped ? 2 : 1)) {
      this.started.set(block, [...cpuSeconds(), Date.now()]);
    }
    const start = this.started.get(block);
    if (event.name === "run_describe_finish" && start) {
      const [own, children] = cpuSeconds();
      const folder = this.grouped ? block.parent.name : this.folder;
      const line = [own - start[0], children - start[1], (Date.now() - start[2]) / 1000].map((n) => n.toFixed(2));
      appendFileSync(log, `${line.join(" ")} ${folder}/${block.name}\n`);
    }
  }
}

module.exports = CpuEnvironment;
