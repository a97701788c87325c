import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Both cores of the machine: test files run two at a time (the default leaves one core idle).
    maxWorkers: 2,
    // One module registry per worker: the product's modules (and d3-node, jsdom, fast-check) load
    // once per worker instead of once per file. So no test may rely on fresh module-level state,
    // and none replaces a module (vi.mock); a test that patches a built-in puts it back itself.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    // The built library (dist/, built by `pretest`) is imported as Node imports it, not transformed.
    server: { deps: { external: [/\/dist\//] } },
  },
});
