/**
 * Escaping for GitHub-flavoured Markdown (check summaries, exposure, scenarios): text from
 * manifests creates no @mention, autolink, raw HTML, image or link, and cannot open a table cell;
 * ids are shown as code. Reports stay under GitHub's comment limit with `capMarkdown`.
 */
import { safeText } from "./text.js";

/** One line of Markdown text: no HTML, no Markdown syntax, no mention, no autolink, no cell break. */
export function mdEscape(s: string): string {
  return (
    safeText(s.replace(/\r\n|[\r\n\u2028\u2029\t]/g, " "))
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/[\\`*_[\]{}()#+!|~]/g, (c) => `\\${c}`)
      // @user and user@example.com: mentions and e-mail autolinks.
      .replace(/@/g, "&#64;")
      // https://…, mailto:…, www.…: autolinks (GitHub also links bare www. names).
      .replace(/:(?=\/\/)/g, "&#58;")
      .replace(/(mailto|xmpp)(:)/gi, "$1&#58;")
      .replace(/(w)(ww)\./gi, "$1$2&#46;")
  );
}

/** An id as inline code: nothing inside is read as Markdown or HTML; `|` stays inside its cell. */
export function mdCode(s: string): string {
  const text = safeText(s.replace(/\r\n|[\r\n\u2028\u2029\t]/g, " ")).replace(/\|/g, "\\|");
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text.startsWith(" ") || text === "" ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Ids as code, at most `max`, with a count of the rest. */
export function mdCodeList(ids: readonly string[], max: number): string {
  if (ids.length === 0) return "—";
  const shown = ids.slice(0, max).map(mdCode).join(", ");
  return ids.length > max ? `${shown} and ${ids.length - max} more` : shown;
}

/** A path of ids as code, long paths cut in the middle with a count. */
export function mdPath(ids: readonly string[], max = 12): string {
  if (ids.length <= max) return ids.map(mdCode).join(" → ");
  const head = ids.slice(0, max - 2).map(mdCode).join(" → ");
  return `${head} → … (${ids.length - max + 1} more) → ${mdCode(ids.at(-1)!)}`;
}

/** Text cut to `max` characters with a note (never inside an escape: cut before escaping). */
export function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length - max} more characters)`;
}

/** GitHub's limit for a pull-request comment; job summaries allow 1 MiB. */
export const MARKDOWN_LIMIT = 65_536;

/**
 * Joins report lines, cutting at a line boundary so the whole stays under `limit` characters,
 * with a note saying how much was left out and where the full report is. An open `<details>`
 * is closed.
 */
export function capMarkdown(lines: readonly string[], limit = MARKDOWN_LIMIT): string {
  return capMarkdownLines(lines, lines.length, limit);
}

/**
 * `capMarkdown` of `count` lines given one at a time: past the limit, the lines not shown are
 * never asked for (only counted), so a report of half a million lines costs what it shows.
 */
export function capMarkdownLines(lines: Iterable<string>, count: number, limit = MARKDOWN_LIMIT): string {
  // The head of the report, just past the limit (or all of it, when it fits).
  const head: string[] = [];
  let whole = 0;
  for (const l of lines) {
    head.push(l);
    whole += l.length + 1;
    if (whole > limit) break;
  }
  if (whole <= limit) return head.join("\n") + "\n";
  const reserve = 400;
  const out: string[] = [];
  let size = 0;
  let open = 0;
  let i = 0;
  for (; i < head.length; i++) {
    const l = head[i]!;
    if (size + l.length + 1 > limit - reserve) break;
    out.push(l);
    size += l.length + 1;
    if (l.startsWith("<details>")) open++;
    if (l === "</details>") open--;
  }
  const left = count - i;
  out.push("", `**The report was cut here to stay under ${limit.toLocaleString("en-US")} characters: ${left} more line${left === 1 ? "" : "s"} left out. Run with \`--format json\` for the full report.**`);
  for (; open > 0; open--) out.push("", "</details>");
  return out.join("\n") + "\n";
}
