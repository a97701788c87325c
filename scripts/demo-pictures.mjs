// Pictures of the Meridian Retail fixture, written into output/ by `npm run demo`:
// the whole estate, the estate collapsed by location, and one picture per scenario with the
// failure overlaid (plus DOT and Mermaid of the plain estate). Runs the built CLI as a user would.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "dist", "cli", "bin.js");
const estate = join("fixtures", "retail");
const out = join(root, "output");

/** Failure scenarios worth a picture: the id(s) that fail and the file-name slug. */
const SCENARIOS = [
  { slug: "us-east-1", ids: ["aws/us-east-1"] },
  { slug: "use1-az1", ids: ["aws/us-east-1/use1-az1"] },
  { slug: "ash-hall-2", ids: ["meridian/ash/hall-2"] },
  { slug: "payflow", ids: ["payflow"] },
];

const PICTURES = [
  { file: "retail.svg", args: [] },
  { file: "retail-collapsed.svg", args: ["--collapse"] },
  { file: "retail.dot", args: ["--format", "dot"] },
  { file: "retail.mmd", args: ["--format", "mermaid"] },
  { file: "retail.html", args: ["--format", "html"] },
  ...SCENARIOS.map((s) => ({ file: `retail-${s.slug}.svg`, args: ["--fail", ...s.ids] })),
  { file: "retail-us-east-1-collapsed.svg", args: ["--fail", "aws/us-east-1", "--collapse"] },
  { file: "retail-payments-focus.svg", args: ["--focus", "payments", "--depth", "1", "--fail", "meridian/ash/hall-2"] },
];

if (!existsSync(bin)) {
  process.stderr.write(`demo-pictures: ${bin} is missing; run \`npm run build\` first\n`);
  process.exit(1);
}
if (!existsSync(join(root, estate))) {
  process.stderr.write(`demo-pictures: ${estate} is missing\n`);
  process.exit(1);
}
mkdirSync(out, { recursive: true });
let failures = 0;
for (const p of PICTURES) {
  const target = join("output", p.file);
  const args = ["graph", "-m", estate, ...p.args, "-o", target];
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  if (r.status === 0) process.stdout.write(`  wrote ${target}   (faultline ${args.join(" ")})\n`);
  else {
    failures++;
    process.stderr.write(`demo-pictures: ${target} failed (${r.signal ? `signal ${r.signal}` : `exit ${r.status}`})\n`);
  }
}
process.exit(failures > 0 ? 1 : 0);
