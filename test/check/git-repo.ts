/** Real git repositories in temporary folders, for `faultline check` tests. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** An identity, so tests work on a machine without git config. */
const IDENTITY = ["-c", "user.email=t@t", "-c", "user.name=t", "-c", "commit.gpgsign=false"];

/** Runs git in `cwd` with that identity. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", [...IDENTITY, ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Writes files (path → text) under `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
}

/** A new repository with `files` committed on `main`; returns its folder and a cleanup. */
export function repoWith(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "faultline-check-"));
  writeFiles(dir, files);
  // One shell for the three git commands: each process started from the test's (large) process costs more than git itself.
  execFileSync("sh", ["-c", `git init -q -b main && git add -A && git ${IDENTITY.join(" ")} commit -q -m base`], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Location manifests: a cloud provider with one region of two zones, an in-house data center with two halls. */
export const LOCATIONS = `apiVersion: faultline/v1
kind: Location
metadata: {name: aws}
spec:
  hosting: public-cloud
  children:
    - name: us-east-1
      children:
        - {name: az1}
        - {name: az2}
---
apiVersion: faultline/v1
kind: Location
metadata: {name: dc}
spec:
  hosting: in-house
  children:
    - {name: hall-a}
    - {name: hall-b}
`;

/** A critical checkout in the data center, depending on payments (a single point of failure on the base). */
export const SERVICES = `apiVersion: faultline/v1
kind: Service
metadata: {name: checkout}
spec:
  tier: critical
  runsOn: [dc/hall-a, dc/hall-b]
  dependsOn:
    - payments
---
apiVersion: faultline/v1
kind: Service
metadata: {name: payments}
spec:
  tier: critical
  runsOn: [dc/hall-a, dc/hall-b]
`;
