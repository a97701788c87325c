import { defineConfig } from "vitest/config";
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    maxWorkers: 1,
    testTimeout: 120_000,
    pool: "forks",
    execArgv: ["--cpu-prof", "--cpu-prof-dir=" + (process.env.PROFDIR ?? "/tmp/T/prof")],
  },
});
