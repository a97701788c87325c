/**
 * Finds manifest files under the paths a user named: folders are walked recursively
 * for *.yaml and *.yml (skipping dot-folders and node_modules), symbolic links are
 * followed only when they stay inside the named paths, and loops are never entered.
 */
import { readdirSync, realpathSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { DiagnosticBag } from "../diagnostics/diagnostics.js";

export interface FoundFile {
  /** Absolute path on disk. */
  path: string;
  /** Path shown to users: relative to the working directory when inside it. */
  display: string;
}

const YAML_FILE = /\.ya?ml$/i;

/** Shows `abs` relative to `cwd` when it lies inside, else absolute; always with `/`. */
export function displayPath(abs: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, abs);
  const shown = rel === "" ? "." : rel.startsWith("..") || resolve(cwd, rel) !== abs ? abs : rel;
  return shown.split(sep).join("/");
}

/** Lists manifest files under `inputs`, sorted by path, each once. */
export function findManifests(inputs: readonly string[], bag: DiagnosticBag, options: { maxFiles?: number; cwd?: string } = {}): FoundFile[] {
  const cwd = options.cwd ?? process.cwd();
  const maxFiles = options.maxFiles ?? Infinity;
  const files = new Map<string, FoundFile>();
  const roots: string[] = [];
  for (const input of inputs) {
    const abs = resolve(cwd, input);
    try {
      roots.push(realpathSync(abs));
    } catch {
      /* reported below */
    }
  }
  const inside = (real: string) => roots.some((r) => real === r || real.startsWith(r.endsWith(sep) ? r : r + sep));
  let capped = false;

  const add = (abs: string) => {
    if (files.size >= maxFiles) {
      capped = true;
      return;
    }
    if (!files.has(abs)) files.set(abs, { path: abs, display: displayPath(abs, cwd) });
  };

  const walk = (dir: string, seen: Set<string>) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      bag.warning("unreadable-folder", `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: displayPath(dir, cwd), line: 1, column: 1 });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isSymbolicLink()) {
        let real: string;
        let st: import("node:fs").Stats;
        try {
          real = realpathSync(full);
          st = statSync(real);
        } catch {
          bag.warning("broken-link", "symbolic link points nowhere; skipped", { file: displayPath(full, cwd), line: 1, column: 1 });
          continue;
        }
        if (!inside(real)) {
          bag.warning("link-outside", "symbolic link points outside the folders named; skipped", { file: displayPath(full, cwd), line: 1, column: 1 }, {
            hint: "name the target folder with -m if it should be read",
          });
          continue;
        }
        if (st.isDirectory()) {
          if (!shouldEnter(e.name) || seen.has(real)) continue;
          walk(full, new Set(seen).add(real));
        } else if (st.isFile() && YAML_FILE.test(e.name)) add(full);
        continue;
      }
      if (e.isDirectory()) {
        if (!shouldEnter(e.name)) continue;
        let real = full;
        try {
          real = realpathSync(full);
        } catch {
          /* keep full */
        }
        if (seen.has(real)) continue;
        walk(full, new Set(seen).add(real));
      } else if (e.isFile() && YAML_FILE.test(e.name)) add(full);
    }
  };

  for (const input of inputs) {
    const abs = resolve(cwd, input);
    let st: import("node:fs").Stats;
    try {
      st = statSync(abs);
    } catch {
      bag.error("missing-path", `no such file or folder: ${input}`, undefined, {
        expected: "a manifest file or a folder of manifests",
        found: "nothing at that path",
        hint: "check the path given with -m or in faultline.config.yaml",
      });
      continue;
    }
    if (st.isDirectory()) {
      let real = abs;
      try {
        real = realpathSync(abs);
      } catch {
        /* keep abs */
      }
      walk(abs, new Set([real]));
    } else add(abs);
  }
  if (capped) {
    bag.error("too-many-files", `more than ${maxFiles} manifest files`, undefined, { hint: "name fewer folders, or raise limits.maxFiles" });
  }
  return [...files.values()].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
}

function shouldEnter(name: string): boolean {
  return !name.startsWith(".") && name !== "node_modules";
}
