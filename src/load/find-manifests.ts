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
 *
 * Matched without regular expressions: the globs come from the pull request (`exclude:` in the
 * config), and a backtracking regex of `*a*a*a…c` against a long name takes minutes. Each glob
 * runs as a set of positions over the path's segments (no backtracking), and `*` within a segment
 * matches its literal pieces left to right: time linear in the path times the glob.
 */
export function excludeMatcher(globs: readonly string[]): (display: string) => boolean {
  if (globs.length === 0) return () => false;
  const compiled = globs.map((g) =>
    g
      .replace(/^\.\//, "")
      .replace(/\/+$/, "")
      .split("/")
      .map((seg): string[] | "**" => (seg === "**" ? "**" : seg.split("*"))),
  );
  // A path is excluded when it, or a folder it lies in, matches (a folder of a relative path:
  // as displayed, an absolute path is matched whole).
  return (display) => {
    const segs = display.split("/");
    const folders = !display.startsWith("/");
    return compiled.some((pat) => globMatches(pat, segs, folders));
  };
}

/** Whether a `*`-glob segment, split at its `*`s, matches `s` (greedy: first piece a prefix, last a suffix, the rest in order). */
function segmentMatches(pieces: readonly string[], s: string): boolean {
  if (pieces.length === 1) return pieces[0] === s;
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
  let at = first.length;
  const end = s.length - last.length;
  for (let k = 1; k < pieces.length - 1; k++) {
    const p = pieces[k]!;
    if (p === "") continue;
    const i = s.indexOf(p, at);
    if (i < 0 || i + p.length > end) return false;
    at = i + p.length;
  }
  return true;
}

/**
 * Whether the glob `pat` matches a trailing part of `segs` (the whole path, or with `folders` the
 * path up to any of its segments). `**` matches zero or more whole segments, or, as the last
 * segment, one or more. The set of glob positions reached advances one path segment at a time.
 */
function globMatches(pat: ReadonlyArray<readonly string[] | "**">, segs: readonly string[], folders: boolean): boolean {
  const P = pat.length;
  let cur = new Uint8Array(P + 1);
  let next = new Uint8Array(P + 1);
  // Zero segments for a `**` that is not the last one.
  const close = (set: Uint8Array) => {
    for (let i = 0; i < P; i++) if (set[i] && pat[i] === "**" && i < P - 1) set[i + 1] = 1;
  };
  for (let k = 0; k < segs.length; k++) {
    cur[0] = 1; // a match may start at any segment
    close(cur);
    next.fill(0);
    const s = segs[k]!;
    for (let i = 0; i < P; i++) {
      if (!cur[i]) continue;
      const p = pat[i]!;
      if (p === "**") {
        next[i] = 1; // one more segment in this `**`
        next[i + 1] = 1;
      } else if (segmentMatches(p, s)) next[i + 1] = 1;
    }
    close(next);
    if (next[P] && (folders || k === segs.length - 1)) return true;
    [cur, next] = [next, cur];
  }
  return false;
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
