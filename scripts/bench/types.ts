export type BenchContext = {
  /** A fresh, migrated database for this benchmark alone. */
  databaseUrl: string;
  /** Prints one figure as `name value unit` on stdout. */
  report(name: string, value: number, unit: string): void;
  /** Progress for humans, on stderr. */
  log(message: string): void;
};

export type Benchmark = {
  /** Metric name prefixes this benchmark reports, e.g. ["import.items", "import.outputs"]. */
  prefixes: string[];
  run(context: BenchContext): Promise<void>;
};
