/**
 * The documentation's links stay inside the repository and resolve: every relative link in
 * README.md, SECURITY.md and docs/*.md names a file that exists, and every #anchor names a
 * heading of its target (GitHub's heading slugs) or an explicit `<a id>`. The README stays the
 * front door: at most 250 lines, opening with the two commands.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const DOCS = ["README.md", "SECURITY.md", ...readdirSync(join(REPO, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/** Markdown without fenced code blocks and inline code, where links are not links. */
function prose(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "").replace(/\s/g, "-");
}

/** Every anchor a markdown file offers: heading slugs (duplicates numbered) and `<a id>`s. */
function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, "utf8").replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const m of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]!);
  return anchors;
}

interface Link {
  file: string;
  line: number;
  target: string;
}

function linksOf(file: string): Link[] {
  const links: Link[] = [];
  prose(readFileSync(join(REPO, file), "utf8"))
    .split("\n")
    .forEach((text, i) => {
      for (const m of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ file, line: i + 1, target: m[1]! });
      for (const m of text.matchAll(/<(?:a|img)\s[^>]*(?:href|src)="([^"]+)"/g)) links.push({ file, line: i + 1, target: m[1]! });
    });
  return links;
}

const external = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** Why a link does not resolve, or undefined when it does. */
function problem(link: Link): string | undefined {
  if (external(link.target)) return /^(https?|mailto):/i.test(link.target) ? undefined : "unexpected scheme";
  const [path, anchor] = link.target.split("#", 2) as [string, string | undefined];
  const target = path === "" ? join(REPO, link.file) : resolve(REPO, dirname(link.file), decodeURIComponent(path));
  const inside = relative(REPO, target);
  if (inside.startsWith("..") || inside.startsWith(sep) || inside === "") return "leaves the repository";
  if (!existsSync(target)) return "no such file";
  if (anchor !== undefined) {
    if (!target.endsWith(".md") || statSync(target).isDirectory()) return "anchor into a file without headings";
    if (!anchorsOf(target).has(anchor)) return `no heading with anchor #${anchor}`;
  }
  return undefined;
}

describe("documentation links", () => {
  it("finds the documentation pages and links in them", () => {
    expect(DOCS).toContain("docs/json-output.md");
    expect(DOCS.flatMap(linksOf).length).toBeGreaterThan(50);
  });

  it.each(DOCS)("every relative link in %s resolves to a file (and heading) in the repository", (file) => {
    const broken = linksOf(file)
      .map((l) => ({ l, why: problem(l) }))
      .filter((x) => x.why !== undefined)
      .map(({ l, why }) => `${l.file}:${l.line}: ${l.target}: ${why}`);
    expect(broken).toEqual([]);
  });

  it("computes GitHub's heading anchors", () => {
    expect(slug("Exit codes of `check`")).toBe("exit-codes-of-check");
    expect(slug("spof --for")).toBe("spof---for");
    expect(slug("Hints (all formats)")).toBe("hints-all-formats");
    expect(slug("Analyses: exposure, single points of failure")).toBe("analyses-exposure-single-points-of-failure");
  });

  it("flags links that leave the repository or miss their target", () => {
    expect(problem({ file: "SECURITY.md", line: 1, target: "../../security/advisories/new" })).toBe("leaves the repository");
    expect(problem({ file: "README.md", line: 1, target: "docs/nope.md" })).toBe("no such file");
    expect(problem({ file: "README.md", line: 1, target: "docs/ci.md#no-such-heading" })).toMatch(/no heading/);
    expect(problem({ file: "docs/ci.md", line: 1, target: "#formats" })).toBeUndefined();
  });
});

describe("README.md, the front door", () => {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");

  it("has at most 250 lines", () => {
    expect(readme.split("\n").length - (readme.endsWith("\n") ? 1 : 0)).toBeLessThanOrEqual(250);
  });

  it("opens with the two commands", () => {
    expect(readme.startsWith("# faultline\n\n```sh\nnpm install && npm run demo\nnpm install && npm test\n```\n")).toBe(true);
  });
});
