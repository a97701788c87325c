/**
 * What Compose reads besides the YAML: the project's `.env` file and `env_file:` files
 * (`KEY=VALUE` lines), and interpolation of `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?err}`, `${VAR:+alt}`, `$VAR` and `$$`, as `docker compose` does it. The shell
 * environment is never read: the same files give the same graph on every machine.
 */
import { readFileSync, realpathSync, statSync } from "node:fs";
import { resolve, sep } from "node:path";

/** Most `${` in one value that are expanded (a hostile value cannot make expansion quadratic). */
const MAX_EXPANSIONS = 200;
/** Largest env file read. */
const MAX_ENV_FILE_BYTES = 1024 * 1024;

/** A variable of an env file with where it is written. */
export interface EnvVar {
  value: string;
  file: string;
  line: number;
}

/**
 * Expands `${...}` and `$NAME` in `text` with `vars`; unknown variables become "" (as Compose
 * does). Innermost first, in a loop (no recursion): `${A:-${B:-x}}` works.
 */
export function interpolate(text: string, lookup: (name: string) => string | undefined): string {
  if (!text.includes("$")) return text;
  const ESC = "\u0000";
  let s = text.split("$$").join(ESC);
  s = s.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => lookup(name) ?? "");
  const inner = /\$\{([^${}]*)\}/;
  for (let i = 0; i < MAX_EXPANSIONS; i++) {
    const m = inner.exec(s);
    if (!m) break;
    s = s.slice(0, m.index) + expandOne(m[1]!, lookup) + s.slice(m.index + m[0].length);
  }
  return s.split(ESC).join("$");
}

function expandOne(body: string, lookup: (name: string) => string | undefined): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])(.*))?$/s.exec(body);
  if (!m) return "";
  const value = lookup(m[1]!);
  if (m[3] === undefined) return value ?? "";
  const colon = m[2] === ":";
  const set = colon ? value !== undefined && value !== "" : value !== undefined;
  const arg = m[4] ?? "";
  if (m[3] === "-") return set ? value! : arg;
  if (m[3] === "+") return set ? arg : "";
  return value ?? ""; // `?`: Compose fails; faultline reads on with what is there
}

/** Parses `KEY=VALUE` lines (`export `, quotes and `#` comments as Compose reads them); values are interpolated with earlier ones. */
export function parseEnvFile(text: string, file: string, outer: ReadonlyMap<string, EnvVar> = new Map()): Map<string, EnvVar> {
  const out = new Map<string, EnvVar>();
  const lookup = (n: string) => out.get(n)?.value ?? outer.get(n)?.value;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("export ")) line = line.slice(7).trim();
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) continue;
    let raw = line.slice(eq + 1).trim();
    let value: string;
    if (raw.startsWith("'")) value = raw.slice(1, raw.indexOf("'", 1) > 0 ? raw.indexOf("'", 1) : undefined);
    else if (raw.startsWith('"')) {
      const end = raw.indexOf('"', 1);
      value = interpolate(raw.slice(1, end > 0 ? end : undefined).replace(/\\n/g, "\n"), lookup);
    } else {
      raw = raw.replace(/\s+#.*$/, "");
      value = interpolate(raw, lookup);
    }
    out.set(key, { value, file, line: i + 1 });
  }
  return out;
}

/**
 * Reads an env file when it is a regular file inside `root` (never a file outside the folders
 * named), or returns undefined. `display` is how the file is shown.
 */
export function readEnvFileInside(abs: string, root: string): string | undefined {
  // Lexically first: a path outside the folder is never touched, not even by a stat.
  const inside = (p: string, r: string) => p === r || p.startsWith(r.endsWith(sep) ? r : r + sep);
  if (!inside(resolve(abs), resolve(root))) return undefined;
  try {
    const real = realpathSync(abs);
    const realRoot = realpathSync(root);
    if (!inside(real, realRoot)) return undefined; // a symbolic link out of the folder
    const st = statSync(real);
    if (!st.isFile() || st.size > MAX_ENV_FILE_BYTES) return undefined;
    return readFileSync(real, "utf8");
  } catch {
    return undefined;
  }
}

