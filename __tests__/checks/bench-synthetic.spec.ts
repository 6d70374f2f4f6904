import { checkSynthetic, syntheticStacks } from "../../bench/check.bench";

// npm run bench times golive check over synthetic stacks that should pass every synth-level rule (its
// target: 0 failing, so the rules are timed on the path they take for a good synth). A rule that starts
// reading something new made the bench miss that target unseen until someone ran it; here at a tiny
// scale, no timing.
describe("the check bench's synthetic stacks", () => {
  test("pass every synth-level rule, at two units", () => {
    const checked = checkSynthetic(syntheticStacks(2));
    expect(checked.resources).toBeGreaterThan(10);
    expect(checked.failing).toEqual([]);
  });
});
