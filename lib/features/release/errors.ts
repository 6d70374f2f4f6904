/**
 * An expected failure of a release command: its message is written for the operator, says what to do,
 * and never holds a secret. The CLI prints it and exits 1; anything else is an internal error.
 */
export class ReleaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A release step that must not run (no origins, bad percent, inconsistent state). */
export class ReleaseRefusal extends ReleaseError {}

/**
 * `rollback --drain` asked for something that cannot be drained (it would leave no enabled pool serving
 * traffic, or the colour has no pool): a usage error of that flag, so the CLI exits 2.
 */
export class DrainRefusal extends ReleaseRefusal {
  readonly flag = "--drain";
}
