import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as library from "../../src/index.js";
import { REPO } from "../helpers/cli.js";

/** Every value the CLI takes from outside src/cli, by module and name. */
function namesTheCliUses(): Map<string, string> {
  const out = new Map<string, string>();
  const dir = join(REPO, "src/cli");
  const files = [...readdirSync(dir).map((f) => join(dir, f)), ...readdirSync(join(dir, "commands")).map((f) => join(dir, "commands", f))].filter((f) => f.endsWith(".ts"));
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    // const { a, b: c } = await import("../../x.js")  and  (await import("../../x.js")).name
    for (const m of text.matchAll(/const \{([^}]+)\} = await import\("(\.\.\/[^"]+)"\)/g)) {
      if (!m[2]!.startsWith("../../") && !m[2]!.startsWith("../index")) continue;
      for (const part of m[1]!.split(",")) out.set(part.split(":")[0]!.trim(), `${file.replace(REPO + "/", "")} ← ${m[2]}`);
    }
    for (const m of text.matchAll(/\(await import\("(\.\.\/[^"]+)"\)\)\.(\w+)/g)) out.set(m[2]!, `${file.replace(REPO + "/", "")} ← ${m[1]}`);
    for (const m of text.matchAll(/^import \{([^}]+)\} from "(\.\.\/\.\.\/[^"]+)"/gm)) {
      for (const part of m[1]!.split(",")) if (!part.trim().startsWith("type ")) out.set(part.trim().split(" as ")[0]!, `${file.replace(REPO + "/", "")} ← ${m[2]}`);
    }
  }
  return out;
}

describe("cli: library surface", () => {
  it("uses nothing the library does not export", () => {
    const used = namesTheCliUses();
    expect(used.size).toBeGreaterThan(20);
    const exported = new Set(Object.keys(library));
    const missing = [...used].filter(([name]) => !exported.has(name)).map(([name, where]) => `${name} (${where})`);
    expect(missing).toEqual([]);
  });
});
