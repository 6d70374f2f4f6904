// Preloaded into a spawned `golive` (NODE_OPTIONS=--require): on exit, prints which @cloud-copilot
// packages the process loaded, so a test can tell whether the IAM simulator was paid for.
process.on("exit", () => {
  const loaded = new Set(
    Object.keys(require.cache)
      .map((file) => /node_modules\/(@cloud-copilot\/[^/]+)\//.exec(file)?.[1])
      .filter((name) => name !== undefined),
  );
  process.stderr.write(`loaded-modules: ${[...loaded].sort().join(",")}\n`);
});
