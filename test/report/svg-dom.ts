/** Parses an SVG string as strict XML (jsdom, which d3-node brings) so tests query the real document. */
import { JSDOM } from "jsdom";

/** The parsed document; throws when the string is not well-formed XML. */
export function parseSvg(svg: string): Document {
  return new JSDOM(svg, { contentType: "image/svg+xml" }).window.document as unknown as Document;
}

/** Attributes of every element matching `selector`, as plain maps. */
export function attrsOf(doc: Document, selector: string): Array<Map<string, string>> {
  return [...doc.querySelectorAll(selector)].map((el) => new Map([...el.attributes].map((a) => [a.name, a.value])));
}
