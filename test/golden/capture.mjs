// Captures the outputs of every command in commands.json from the built CLI (spawned), into out/.
// Run once before a refactor: `node test/golden/capture.mjs`; golden.test.ts compares against it.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const cmds = JSON.parse(readFileSync(join(here, "commands.json"), "utf8"));
mkdirSync(join(here, "out"), { recursive: true });
cmds.forEach((args, i) => {
  const r = spawnSync(process.execPath, [join(repo, "dist/cli/bin.js"), ...args], { cwd: repo, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" } });
  writeFileSync(join(here, "out", `${String(i).padStart(2, "0")}.json`), JSON.stringify({ args, code: r.status, stdout: r.stdout, stderr: r.stderr }, null, 1) + "\n");
});
