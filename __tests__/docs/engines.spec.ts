import { readFileSync } from "node:fs";
import { join } from "node:path";
import { subset } from "semver";
import { REPO_ROOT } from "../helpers/example-config";

interface LockedPackage {
  readonly engines?: { readonly node?: string };
  readonly optional?: boolean;
}

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(REPO_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockedPackage> };

// `engines` promises users a Node.js range; npm ci warns EBADENGINE for every installed package whose own
// range does not hold it all (say mailauth's >=20.18.1 under a >=20), and such a package may not run. (20.19:
// the first 20 that loads ES modules with require, which a test of the scan's patterns relies on.)
describe("package.json engines.node", () => {
  test("every installed package (optional platform binaries aside) supports the whole range golive claims", () => {
    const narrower = Object.entries(lock.packages)
      .filter(([name, p]) => name !== "" && p.optional !== true && p.engines?.node !== undefined)
      .filter(([, p]) => !subset(pkg.engines.node, p.engines?.node ?? "*"))
      .map(([name, p]) => `${name.replace(/^.*node_modules\//, "")} (${p.engines?.node})`);
    expect(narrower).toEqual([]);
  });

  test("README states the same range", () => {
    expect(readFileSync(join(REPO_ROOT, "README.md"), "utf8")).toContain(`\`engines: ${pkg.engines.node}\``);
  });
});
