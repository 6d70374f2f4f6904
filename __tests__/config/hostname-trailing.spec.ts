import { type ConfigPath, configErrorText } from "../helpers/example-config";

// A hostname in config is the whole value: a DNS name and nothing after it. A path, a port, a space or
// a line break after a name that starts well is refused naming the field, here, before anything built
// from it (records, Access applications, load balancers, probes) could carry the rest along.

/** Fields typed as a hostname, at a place the example config has one. */
const FIELDS: readonly [name: string, path: ConfigPath][] = [
  ["edge.hostnames[1].name", ["edge", "hostnames", 1, "name"]],
  ["release.hostname", ["release", "hostname"]],
  ["email.nonSending[0]", ["email", "nonSending", 0]],
];

const TRAILING = [
  "app.example.com/anything",
  "app.example.com x",
  "app.example.com:443",
  "app.example.com\n",
  "app.example.com\nevil.example.net",
  "app.example.com?q=1",
  "app.example.com#frag",
];

describe.each(FIELDS)("%s", (name, path) => {
  test.each(TRAILING)("fails for %j, naming the field", (value) => {
    expect(configErrorText([[path, value]])).toBe(
      `config/production.yaml: ${name}: must be a lower-case DNS name such as app.example.com; got ${JSON.stringify(value)}`,
    );
  });
});
