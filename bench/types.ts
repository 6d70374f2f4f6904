/** One measured figure printed by `npm run bench`, with its target. */
export interface BenchLine {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Human-readable target, e.g. "<= 2000 ms". */
  readonly target: string;
  readonly pass: boolean;
}

/** Every bench/<area>.bench.ts exports one of these; bench/run.ts runs them in turn. */
export type Bench = () => Promise<BenchLine[]>;
