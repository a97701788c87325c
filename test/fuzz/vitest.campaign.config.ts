/** vitest config of the long fuzz campaign (`npm run fuzz`); `npm test` never includes it. */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/fuzz/campaign.fuzz.ts"],
    testTimeout: 24 * 3600 * 1000,
    pool: "forks",
    reporters: ["default"],
  },
});
