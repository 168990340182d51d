// Topology text to plain data: YAML 1.2 (JSON too), without the parts of YAML a topology has
// no use for and an attacker does: tags that build other types, and alias bombs.
import { isCollection, isPair, isScalar, isSeq, LineCounter, Node, parseDocument, visit } from "yaml";
import { clip, formatPath } from "./echo";
import { Issue } from "./rules";

/** Aliases one document may expand: more is a "billion laughs" bomb, not a topology. */
const MAX_ALIAS_COUNT = 100;

/** The tags of plain YAML data (the core schema's); any other tag (!!binary, !!set, !foo)
 * would turn into something that is not a string, number, boolean, list or map. */
const PLAIN_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

/** The data of a YAML (or JSON) document: plain data only, or every problem with the text. */
export function readYaml(text: string): { readonly data: unknown } | { readonly issues: Issue[] } {
  const lines = new LineCounter();
  const fileIssue = (message: string): Issue => ({ path: "(file)", message });
  try {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, lineCounter: lines });
    // yaml's messages quote at most 80 characters of the offending line.
    if (doc.errors.length > 0) return { issues: doc.errors.map((e) => fileIssue(e.message.replace(/\s+$/, ""))) };
    const tagged = unplainTags(doc.contents, lines);
    if (tagged.length > 0) return { issues: tagged };
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    // yaml throws for an alias bomb (ReferenceError) and for documents nested too deeply to walk.
    const aliases = e instanceof ReferenceError ? ` (a topology may expand at most ${MAX_ALIAS_COUNT} aliases)` : "";
    return { issues: [fileIssue(`cannot be read: ${clip((e as Error).message)}${aliases}`)] };
  }
}

function unplainTags(contents: unknown, lines: LineCounter): Issue[] {
  const found: Issue[] = [];
  visit(contents as Node, (_key, node, ancestors) => {
    if (!isScalar(node) && !isCollection(node)) return;
    if (node.tag === undefined || PLAIN_TAGS.has(node.tag)) return;
    const at = node.range ? lines.linePos(node.range[0]) : undefined;
    found.push({
      path: fieldPath([...ancestors, node]),
      message:
        `the YAML tag ${clip(node.tag.replace(/^tag:yaml\.org,2002:/, "!!"))}${at ? ` (line ${at.line})` : ""} is not allowed: ` +
        "a topology holds only strings, numbers, booleans, lists and maps",
    });
  });
  return found;
}

/** The field path of a node from its ancestors: map keys and list indices. */
function fieldPath(chain: readonly unknown[]): string {
  const parts: PropertyKey[] = [];
  chain.forEach((n, i) => {
    if (isPair(n)) parts.push(isScalar(n.key) ? String(n.key.value) : "?");
    if (isSeq(n) && i + 1 < chain.length) parts.push(n.items.indexOf(chain[i + 1] as never));
  });
  return formatPath(parts);
}
