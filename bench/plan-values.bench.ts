// Plan values golive reads character by character or element by element, at hostile sizes: a word of
// 200,000 closing brackets or colons shown as a code span, and a 100,000-element list with two edits far
// apart aligned as Terraform shows it. Timed here, not in jest (__tests__/plan/code-span-punctuation.spec.ts
// and scalar-lists.spec.ts assert the results): a timed test fails on a busy runner for no fault of the code.
import { alignScalars } from "../lib/core/plan/scalar-alignment";
import { plain } from "../lib/engines/plan/markdown-text";
import { expectEqual, judged } from "./measure";
import type { Bench } from "./types";

const RUN = 200_000;
const LIST = 100_000;

export const bench: Bench = async () => {
  const long = Array.from({ length: LIST }, (_, i) => `item-${i}`);
  const edited = [...long.slice(0, 10), ...long.slice(11, 90_000), "new", ...long.slice(90_000)];
  return [
    judged("plan: a word of 200,000 closing brackets, then of colons, as a code span", 2000, undefined, () => {
      for (const c of [")", ":"]) expectEqual(plain(`@${c.repeat(RUN)}`), `\`@\`${c.repeat(RUN)}`);
    }),
    judged("plan: two edits far apart in a 100,000-element list aligned", 2000, undefined, () =>
      expectEqual(alignScalars(long, edited), [{ before: 10 }, { after: 89_999 }]),
    ),
  ];
};
