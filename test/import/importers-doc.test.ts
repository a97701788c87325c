/** docs/importers.md: every command it shows runs as written (exit 0). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REPO, runCli } from "../helpers/cli.js";

const doc = readFileSync(`${REPO}/docs/importers.md`, "utf8");
const commands = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split("\n").map((l) => l.trim()).filter((l) => l.startsWith("faultline ")));

describe("docs/importers.md", () => {
  it("shows commands", () => expect(commands.length).toBeGreaterThanOrEqual(10));
  for (const c of commands) {
    it(c, async () => {
      const r = await runCli(c.slice("faultline ".length).split(/\s+/));
      expect(r.stderr).not.toMatch(/\berror\b/);
      expect(r.code).toBe(0);
    });
  }
});
