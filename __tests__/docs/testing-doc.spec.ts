import { TEST_GROUPS } from "../groups/groups";
import { readDoc } from "./support";

describe("docs/testing.md's counts that the code can tell", () => {
  test("the number of test folders, one jest file each without the groups, is the groups' folders", () => {
    const folders = Object.values(TEST_GROUPS).flat().length;
    const stated = /instead of one per folder \((\d+)\)/.exec(readDoc("docs/testing.md"))?.[1];
    expect(Number(stated)).toBe(folders);
  });
});
