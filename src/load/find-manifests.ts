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
  /** True when the user named this file itself (not found by walking a folder). */
  named?: boolean;
}

/** A file or folder left out on purpose, and why. */
export interface SkippedPath {
  file: string;
  why: string;
}

/**
 * `--exclude` globs: `*` within a path segment, `**` across segments. A pattern matches the
 * path as displayed or any trailing part of it (`K8s/helm/**`, `*.prod.yml`, `docs`).
 */
export function excludeMatcher(globs: readonly string[]): (display: string) => boolean {
  if (globs.length === 0) return () => false;
  const res = globs.map((g) => {
    const body = g
      .replace(/^\.\//, "")
      .replace(/\/+$/, "")
      .split("/")
      .map((seg) => (seg === "**" ? "(?:.*)" : seg.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")))
      .join("/")
      .replace(/\(\?:\.\*\)\//g, "(?:.*/)?");
    return new RegExp(`(^|/)${body}$`);
  });
  // A path is excluded when it, or a folder it lies in, matches.
  return (display) => {
    if (res.some((r) => r.test(display))) return true;
    for (let i = display.indexOf("/"); i > 0; i = display.indexOf("/", i + 1)) {
      const dir = display.slice(0, i);
      if (res.some((r) => r.test(dir))) return true;
    }
    return false;
  };
}

const YAML_FILE = /\.ya?ml$/i;

/** Shows `abs` relative to `cwd` when it lies inside, else absolute; always with `/`. */
export function displayPath(abs: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, abs);
  const shown = rel === "" ? "." : rel.startsWith("..") || resolve(cwd, rel) !== abs ? abs : rel;
  return shown.split(sep).join("/");
}

/** Lists manifest files under `inputs`, sorted by path, each once. */
export function findManifests(inputs: readonly string[], bag: DiagnosticBag, options: { maxFiles?: number; cwd?: string; exclude?: readonly string[]; skipped?: SkippedPath[] } = {}): FoundFile[] {
  const cwd = options.cwd ?? process.cwd();
  const maxFiles = options.maxFiles ?? Infinity;
  const excluded = excludeMatcher(options.exclude ?? []);
  const skip = (abs: string, why: string) => {
    options.skipped?.push({ file: displayPath(abs, cwd), why });
  };
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
  // Each real file is read once, under the smallest of the paths it is reached by (the same
  // whatever order the disk lists folders in); each real folder is walked once.
  const byReal = new Map<string, FoundFile>();
  const walked = new Set<string>();

  const add = (abs: string, real: string, named = false) => {
    const display = displayPath(abs, cwd);
    if (!named && excluded(display)) {
      skip(abs, "excluded");
      return;
    }
    const had = byReal.get(real);
    if (had) {
      if (display < had.display) byReal.set(real, named || had.named ? { path: abs, display, named: true } : { path: abs, display });
      else if (named) had.named = true;
      return;
    }
    if (byReal.size >= maxFiles) {
      capped = true;
      return;
    }
    byReal.set(real, named ? { path: abs, display, named } : { path: abs, display });
  };

  // An explicit stack, not recursion: folder depth is input.
  const walk = (start: string, startReal: string) => {
    const stack: Array<[string, string]> = [[start, startReal]];
    while (stack.length > 0) {
      const [dir, dirReal] = stack.pop()!;
      if (walked.has(dirReal)) continue;
      walked.add(dirReal);
      let entries: import("node:fs").Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        bag.warning("unreadable-folder", `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: displayPath(dir, cwd), line: 1, column: 1 });
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
      // A Helm chart: its templates are not YAML until `helm template` renders them.
      if (entries.some((e) => e.name === "Chart.yaml" && (e.isFile() || e.isSymbolicLink()))) {
        bag.warning("helm-chart", "Helm chart: its templates are not read (they are not YAML until rendered)", { file: displayPath(join(dir, "Chart.yaml"), cwd), line: 1, column: 1 }, {
          hint: "load the output of `helm template <chart> > rendered.yaml` instead; pass --exclude to silence this",
        });
        skip(dir, "helm-chart");
        continue;
      }
      for (const e of entries) {
        const full = join(dir, e.name);
        if (excluded(displayPath(full, cwd))) {
          skip(full, "excluded");
          continue;
        }
        if (e.isSymbolicLink()) {
          let real: string;
          let st: import("node:fs").Stats;
          try {
            real = realpathSync(full);
            if (!inside(real)) {
              bag.warning("link-outside", "symbolic link points outside the folders named; skipped", { file: displayPath(full, cwd), line: 1, column: 1 }, {
                hint: "name the target folder with -m if it should be read",
              });
              continue;
            }
            st = statSync(real);
          } catch {
            bag.warning("broken-link", "symbolic link points nowhere; skipped", { file: displayPath(full, cwd), line: 1, column: 1 });
            continue;
          }
          if (st.isDirectory()) {
            if (shouldEnter(e.name) && !walked.has(real)) stack.push([full, real]);
          } else if (st.isFile() && YAML_FILE.test(e.name)) add(full, real);
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
          if (!walked.has(real)) stack.push([full, real]);
        } else if (e.isFile() && YAML_FILE.test(e.name)) {
          let real = full;
          try {
            real = realpathSync(full);
          } catch {
            /* keep full */
          }
          add(full, real);
        }
        // Anything else (FIFOs, sockets, devices) is never opened.
      }
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
      walk(abs, real);
    } else {
      let real = abs;
      try {
        real = realpathSync(abs);
      } catch {
        /* keep abs */
      }
      add(abs, real, true);
    }
  }
  if (capped) {
    bag.error("too-many-files", `more than ${maxFiles} manifest files`, undefined, { hint: "name fewer folders, or raise limits.maxFiles" });
  }
  return [...byReal.values()].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
}

function shouldEnter(name: string): boolean {
  return !name.startsWith(".") && name !== "node_modules";
}
