import { relative, sep } from "node:path";
import { isSameOrAncestor, realish } from "../../../core/path-safety";
import { checkStackInputs, type SynthesizedStack, SynthOutputError } from "../../../core/synth-output";
import { foreignOutputEntries } from "../../synth/output-layout";

/** A path relative to the synth output, with `/`, as output-layout.ts names its entries. */
const inOutput = (synthDir: string, path: string) => relative(synthDir, path).split(sep).join("/");

/**
 * Refuses, before anything is touched, a stack folder plan would run Terraform in (and delete an earlier
 * binary plan from) that is not a folder of the synth output itself: a symbolic link, or one under a
 * linked `stacks` (synth's own check of the output, output-layout.ts, names both), or any folder whose
 * real path lies outside the output's. Plan would otherwise delete, init and write outside the project.
 * Then, naming it, a file of a stack folder Terraform would read besides `cdk.tf.json` (`*.tf`,
 * `*.auto.tfvars`, ...): the review, and the configuration digest that ties an edge or monitoring
 * stack's apply to it, cover only `cdk.tf.json`.
 */
export function checkStackFolders(synthDir: string, stacks: readonly SynthesizedStack[]): void {
  const planned = new Set(stacks.map((s) => inOutput(synthDir, s.dir)));
  const linked = foreignOutputEntries(synthDir).find(
    (f) => f.kind !== undefined && [...planned].some((p) => p === f.path || p.startsWith(`${f.path}/`)),
  );
  const root = realish(synthDir);
  const outside = stacks.find((s) => {
    const real = realish(s.dir);
    return real === root || !isSameOrAncestor(root, real);
  });
  const [path, why] =
    linked !== undefined
      ? [linked.path, linked.kind]
      : outside !== undefined
        ? [inOutput(synthDir, outside.dir), `really ${realish(outside.dir)}, outside the synth output`]
        : [];
  if (path === undefined) {
    for (const stack of stacks) checkStackInputs(stack);
    return;
  }
  throw new SynthOutputError(
    `${synthDir}/${path}`,
    (f) =>
      `${f} is ${why}: golive plans only stack folders of the synth output itself, so it runs Terraform nowhere else; remove it, run golive synth, and plan again. Nothing was planned`,
  );
}
