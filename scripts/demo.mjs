// `npm run demo`: a tour of the Meridian Retail fixture. Runs the built CLI on a few
// telling failures and prints their tables, then draws the pictures when that script exists.
// Each scenario runs in its own process, exactly as a user would type it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "dist", "cli", "bin.js");
const estate = join("fixtures", "retail");

const SCENARIOS = [
  {
    title: "An Ashburn hall goes dark: checkout is down while the cloud is healthy",
    ids: ["meridian/ash/hall-2"],
    why: "payments runs in three AWS zones, but every card is tokenised by the HSMs of this one in-house hall.",
  },
  {
    title: "One AWS zone fails: redundancy holds, everything only degrades",
    ids: ["aws/us-east-1/use1-az1"],
    why: "services span three zones; the cart database keeps its 2-of-3 quorum.",
  },
  {
    title: "The whole us-east-1 region fails",
    ids: ["aws/us-east-1"],
    why: "the in-house ledger and identity's Dallas replica survive degraded; the Dallas warehouse stops with the event bus.",
  },
  {
    title: "All of AWS fails",
    ids: ["aws"],
    why: "what is left is what runs in Meridian's own halls.",
  },
  {
    title: "The payment vendor fails",
    ids: ["payflow"],
    why: "payments has two PayFlow endpoints in an anyOf, but both belong to the same vendor.",
  },
];

if (!existsSync(bin)) {
  process.stderr.write(`demo: ${bin} is missing; run \`npm install\` (or \`npm run build\`) first\n`);
  process.exit(1);
}

let failures = 0;
for (const s of SCENARIOS) {
  const line = "─".repeat(Math.min(100, s.title.length + 4));
  process.stdout.write(`\n${line}\n  ${s.title}\n${line}\n$ faultline blast ${s.ids.join(" ")} -m ${estate}\n(${s.why})\n\n`);
  const r = spawnSync(process.execPath, [bin, "blast", ...s.ids, "-m", estate, "--limit", "30"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    failures++;
    process.stderr.write(`demo: scenario "${s.ids.join(" ")}" failed (${r.error ? r.error.message : r.signal ? `signal ${r.signal}` : `exit ${r.status}`})\n`);
  }
}

// Placement from live state (fixtures/retail-live, docs/placement.md): nobody wrote a runsOn there.
{
  const live = join("fixtures", "retail-live");
  const state = join(live, "live", "terraform-state.json");
  const title = "Placed from a cluster snapshot and a Terraform state: zone use1-az1 fails";
  const line = "─".repeat(title.length + 4);
  process.stdout.write(`\n${line}\n  ${title}\n${line}\n$ faultline blast aws/us-east-1/use1-az1 -m ${live} ${state}\n(storefront-web runs 3/1/1 ready pods over three zones and its PodDisruptionBudget needs 3; catalog-db is a single-AZ RDS instance)\n\n`);
  for (const args of [["blast", "aws/us-east-1/use1-az1", "-m", live, state], ["scenarios", "-m", live, state]]) {
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: "inherit" });
    if (r.status !== 0) {
      failures++;
      process.stderr.write(`demo: ${args[0]} on ${live} failed (${r.error ? r.error.message : r.signal ? `signal ${r.signal}` : `exit ${r.status}`})\n`);
    }
    process.stdout.write("\n");
  }
}

const pictures = join(root, "scripts", "demo-pictures.mjs");
if (existsSync(pictures)) {
  process.stdout.write("\nDrawing pictures into output/ …\n");
  const r = spawnSync(process.execPath, [pictures], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    failures++;
    process.stderr.write(`demo: scripts/demo-pictures.mjs failed (${r.signal ? `signal ${r.signal}` : `exit ${r.status}`})\n`);
  }
}

if (failures > 0) {
  process.stderr.write(`\ndemo: ${failures} step${failures === 1 ? "" : "s"} failed\n`);
  process.exit(1);
}
process.stdout.write("\nTry your own: npx faultline blast <id> (faultline.config.yaml points at fixtures/retail); see fixtures/README.md.\n");
