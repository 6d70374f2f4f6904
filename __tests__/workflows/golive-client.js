// The `node bin/golive.js` of a review workspace (support.ts): hands its arguments, working directory
// and environment to the golive that the test process runs in-process (golive-server.ts, which
// describes the request and the reply) and prints what it printed, with its exit code. A step sandbox's
// `npx golive` speaks the same protocol from bash (NPX_GOLIVE). bin/golive.js itself runs as a process
// in __tests__/cli and __tests__/plan, for every command the steps call.
const { readFileSync } = require("node:fs");
const { connect } = require("node:net");

const [port, ...argv] = process.argv.slice(2);
const request = [String(process.pid), process.cwd(), String(argv.length), ...argv].map((field) => `${field}\0`).join("");
const conn = connect({ host: "127.0.0.1", port: Number(port) }, () => conn.write(request));
let reply = "";
conn.setEncoding("utf8");
conn.on("data", (chunk) => {
  reply += chunk;
});
conn.on("end", () => {
  const [code, out, err] = reply.split("\n");
  if (out) process.stdout.write(readFileSync(out));
  if (err) process.stderr.write(readFileSync(err));
  process.exitCode = code ? Number(code) : 70;
});
conn.on("error", (error) => {
  process.stderr.write(`golive (test stand-in): ${error.message}\n`);
  process.exitCode = 70;
});
