// The `golive` of a workflow step sandbox (support.ts): hands its arguments, working directory and
// environment to the golive that the test process runs in-process (golive-server.ts) and replays what
// it printed and its exit code. A step calls golive several times; a process of its own for each cost
// ~0.6 s of CPU (loading the CLI), this one ~0.1 s. bin/golive.js itself runs as a process in
// __tests__/cli and __tests__/plan, for every command the steps call.
const { connect } = require("node:net");

const [socketPath, ...argv] = process.argv.slice(2);
const conn = connect({ path: socketPath, allowHalfOpen: true }, () =>
  conn.end(JSON.stringify({ argv, cwd: process.cwd(), env: process.env })),
);
let pending = "";
conn.setEncoding("utf8");
conn.on("data", (chunk) => {
  pending += chunk;
  for (let end = pending.indexOf("\n"); end !== -1; end = pending.indexOf("\n")) {
    const frame = JSON.parse(pending.slice(0, end));
    pending = pending.slice(end + 1);
    if (typeof frame.code === "number") process.exitCode = frame.code;
    else (frame.fd === 2 ? process.stderr : process.stdout).write(Buffer.from(frame.data, "base64"));
  }
});
conn.on("error", (err) => {
  process.stderr.write(`golive (test stand-in): ${err.message}\n`);
  process.exitCode = 70;
});
