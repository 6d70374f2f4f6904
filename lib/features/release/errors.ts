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
