/** Manifest paths named in the config come with the pull request: they must stay inside the repository. */
import { realpathSync } from "node:fs";
import { isAbsolute, normalize, resolve, sep } from "node:path";

/**
 * Why manifest path `p` from the config in `dir` leaves that folder (the repository), or
 * undefined when it stays inside: absolute, `..` out of it, or a symbolic link that leads out.
 * Only path names and link targets are looked at; nothing is opened.
 */
export function leavesRepository(dir: string, p: string): string | undefined {
  if (isAbsolute(p)) return "it is an absolute path";
  const n = normalize(p);
  if (n === ".." || n.startsWith(`..${sep}`)) return "it climbs out with ..";
  let real: string;
  let root: string;
  try {
    root = realpathSync(dir);
    real = realpathSync(resolve(dir, p));
  } catch {
    return undefined; // a missing path is reported by the load
  }
  if (real !== root && !real.startsWith(root.endsWith(sep) ? root : root + sep)) return "a symbolic link leads out of it";
  return undefined;
}
