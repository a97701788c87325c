/**
 * Reads the manifests of a git ref without touching the working tree: `git ls-tree`
 * lists the blobs under the same paths, `git cat-file` reads them. Git runs with
 * argument arrays (no shell), so paths and refs are never interpreted.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { isAbsolute, posix, relative, resolve, sep } from "node:path";
import type { ManifestSource } from "./load.js";

/** A git problem meant for the user (bad ref, not a repository, path outside it). */
export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GitError";
  }
}

function git(cwd: string, args: string[], maxBuffer = 256 * 1024 * 1024): Buffer {
  return execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"], maxBuffer });
}

function gitText(cwd: string, args: string[]): string {
  return git(cwd, args).toString("utf8");
}

/** Where a folder lies in git: the repository's top folder, and the folder's place inside it (`sub/dir/`, "" at the top). */
export interface RepoPlace {
  root: string;
  prefix: string;
}

/** Where `cwd` lies in git, from one `git rev-parse`; undefined when `cwd` is not inside a git work tree. */
export function repoPlace(cwd: string): RepoPlace | undefined {
  let lines: string[];
  try {
    lines = gitText(cwd, ["rev-parse", "--show-toplevel", "--show-prefix"]).split("\n");
  } catch {
    return undefined;
  }
  return { root: lines[0]!.trim(), prefix: (lines[1] ?? "").trim() };
}

/** Where `cwd` lies inside the repository, with `/` and a trailing `/` ("" at the top). */
export function repoPrefix(cwd: string): string {
  const place = repoPlace(cwd);
  if (!place) throw new GitError(`${cwd} is not inside a git repository`);
  return place.prefix;
}

/** Resolves `ref` to a commit id, or throws GitError naming the ref. */
export function resolveCommit(cwd: string, ref: string, place: RepoPlace | undefined = repoPlace(cwd)): string {
  if (ref.startsWith("-")) throw new GitError(`bad git ref ${JSON.stringify(ref)}: a ref cannot start with "-"`);
  if (place === undefined) throw new GitError(`--base ${ref}: ${cwd} is not inside a git repository (use --base-dir <folder> instead)`);
  try {
    return gitText(cwd, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]).trim();
  } catch {
    throw new GitError(`unknown git ref ${JSON.stringify(ref)}: no such branch, tag or commit${ref.includes("/") ? "" : ` (in CI, fetch it first: git fetch origin ${ref})`}`);
  }
}

const YAML_FILE = /\.ya?ml$/i;

/** Git's id of a blob holding `text` in UTF-8 (SHA-1 of the object header and the bytes; git's default object format). */
function blobId(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** Reads blobs by id in one `git cat-file --batch` call (one process, not one per file). */
function readBlobs(cwd: string, shas: readonly string[]): string[] {
  if (shas.length === 0) return [];
  const buf = execFileSync("git", ["cat-file", "--batch"], { cwd, input: shas.join("\n") + "\n", stdio: ["pipe", "pipe", "pipe"], maxBuffer: 1024 * 1024 * 1024 });
  const out: string[] = [];
  let at = 0;
  for (const sha of shas) {
    const nl = buf.indexOf(10, at);
    const header = buf.subarray(at, nl).toString("utf8").split(" ");
    if (header[0] !== sha || header[1] !== "blob") throw new GitError(`git cat-file could not read ${sha}`);
    const size = Number(header[2]);
    out.push(buf.subarray(nl + 1, nl + 1 + size).toString("utf8"));
    at = nl + 1 + size + 1;
  }
  return out;
}

/**
 * Reads, at `commit`, the manifest files under `paths` (as given on the command line,
 * relative to `cwd`): folders recursively for *.yaml/*.yml, skipping folders that
 * start with `.` and `node_modules`, like the working-tree loader. Each file is named
 * by the path the head load shows for it (relative to `cwd`), so locations line up.
 * Paths that do not exist at the ref contribute nothing.
 */
export function readManifestsAtRef(cwd: string, commit: string, paths: readonly string[], known?: ReadonlyMap<string, string>, prefix: string = repoPrefix(cwd)): ManifestSource[] {
  const out = new Map<string, ManifestSource>();
  for (const input of paths) {
    const abs = resolve(cwd, input);
    const relToCwd = relative(resolve(cwd), abs).split(sep).join("/");
    if (isAbsolute(relToCwd) || relToCwd.startsWith("..")) throw new GitError(`manifest path ${input} lies outside the working folder; run check from the repository that holds it`);
    const inRepo = posix.normalize(prefix + (relToCwd === "" ? "." : relToCwd));
    if (inRepo.startsWith("..")) throw new GitError(`manifest path ${input} lies outside the git repository`);
    const spec = inRepo === "." ? "." : inRepo.replace(/\/$/, "");
    // -z: names are NUL-terminated and never quoted. --full-tree: paths from the top.
    const listing = git(cwd, ["ls-tree", "-r", "-z", "--full-tree", "--end-of-options", commit, "--", spec]).toString("utf8");
    const wanted: Array<{ display: string; sha: string }> = [];
    const seen = new Set<string>();
    for (const rec of listing.split("\0")) {
      if (!rec) continue;
      const tab = rec.indexOf("\t");
      const [mode, type, sha] = rec.slice(0, tab).split(" ");
      const path = rec.slice(tab + 1);
      if (type !== "blob" || mode === "120000") continue; // symbolic links are not followed at a ref
      const exact = path === spec;
      if (!exact) {
        const under = spec === "." ? path : path.slice(spec.length + 1);
        // Compose's `.env` too: the head load reads it, so the base must.
        if (!YAML_FILE.test(path) && !/(^|\/)\.env$/.test(path)) continue;
        const folders = under.split("/").slice(0, -1);
        if (folders.some((f) => f.startsWith(".") || f === "node_modules")) continue;
      }
      // Display as the head load does: relative to cwd.
      const display = prefix && path.startsWith(prefix) ? path.slice(prefix.length) : posix.relative(prefix.replace(/\/$/, "") || ".", path);
      if (out.has(display) || seen.has(display)) continue;
      seen.add(display);
      wanted.push({ display, sha: sha! });
    }
    // A file whose text is known (the head's, when it is unchanged) has the same blob id: not read again.
    const unknown = wanted.filter((w) => {
      const text = known?.get(w.display);
      if (text === undefined || blobId(text) !== w.sha) return true;
      out.set(w.display, { file: w.display, text });
      return false;
    });
    const texts = readBlobs(cwd, unknown.map((w) => w.sha));
    unknown.forEach((w, i) => out.set(w.display, { file: w.display, text: texts[i]! }));
  }
  return [...out.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/**
 * Reads one file at `commit`, by its path relative to `cwd`: its text, or undefined when the
 * commit has no regular file there (missing, a folder, a symbolic link or a submodule).
 */
export function readFileAtRef(cwd: string, commit: string, path: string, maxBytes: number, prefix: string = repoPrefix(cwd)): string | undefined {
  const rel = relative(resolve(cwd), resolve(cwd, path)).split(sep).join("/");
  if (isAbsolute(rel) || rel.startsWith("..")) throw new GitError(`${path} lies outside the working folder`);
  const inRepo = posix.normalize(prefix + rel);
  if (inRepo.startsWith("..")) throw new GitError(`${path} lies outside the git repository`);
  // -l: each record also carries the object's size ("-" for what is not a blob).
  const listing = git(cwd, ["ls-tree", "-l", "-z", "--full-tree", "--end-of-options", commit, "--", inRepo]).toString("utf8");
  const rec = listing.split("\0").find((r) => r.slice(r.indexOf("\t") + 1) === inRepo);
  if (!rec) return undefined;
  const [mode, type, sha, size] = rec.slice(0, rec.indexOf("\t")).trim().split(/ +/);
  if (type !== "blob" || mode === "120000") return undefined;
  if (Number(size) > maxBytes) throw new GitError(`${path} at the base is ${size} bytes, over the limit of ${maxBytes} (raise it with --max-file-size)`);
  return readBlobs(cwd, [sha!])[0];
}
