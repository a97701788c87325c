import { configDefaults, defineConfig } from "vitest/config";

/** Files that replace a module with vi.mock need a module registry of their own. */
const NEEDS_OWN_MODULES = ["test/hardening/output-exclusive.test.ts"];

export default defineConfig({
  test: {
    // Both cores of the machine: test files run two at a time (the default leaves one core idle).
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    // The built library (dist/, built by `pretest`) is imported as Node imports it, not transformed.
    server: { deps: { external: [/\/dist\//] } },
    projects: [
      {
        extends: true,
        test: {
          name: "shared",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...NEEDS_OWN_MODULES],
          // One module registry per worker: the product's modules (and d3-node, jsdom, fast-check)
          // are loaded once per worker instead of once per file. No test may rely on fresh
          // module-level state; files that mock modules run in the isolated project below.
          isolate: false,
        },
      },
      { extends: true, test: { name: "isolated", include: NEEDS_OWN_MODULES, isolate: true } },
    ],
  },
});
