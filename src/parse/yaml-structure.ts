/**
 * The check after a CI file is rewritten: the new text must read, with the YAML parser, as the
 * old text with exactly the intended changes (values of scripts, removed entries and keys).
 */
import { isDeepStrictEqual } from 'node:util';
import { Document, Node, Scalar, isMap, isNode, isScalar, isSeq, parseAllDocuments } from 'yaml';

/** How CI files are read everywhere: `<<` merge keys on, source tokens kept, duplicate keys tolerated. */
export const YAML_OPTIONS = { merge: true, keepSourceTokens: true, prettyErrors: false, uniqueKeys: false } as const;

/** A change the rewrite made on purpose, for `sameStructure`. */
export type StructureChange =
  /** The scalar at `at` now holds `value`. */
  | { kind: 'value'; at: number; value: string }
  /** The list item at `at` is gone. */
  | { kind: 'remove-item'; at: number }
  /** The pair whose key is at `at` is gone. */
  | { kind: 'remove-pair'; at: number }
  /** The pair whose key is at `at` now has the plain scalar `value`. */
  | { kind: 'set-pair'; at: number; value: string };

/**
 * Null when `after` parses to exactly what `before` parses to with `changes` made; otherwise
 * what differs. Aliases are compared resolved, so a change under an anchor shows everywhere
 * it is used.
 */
export function sameStructure(before: string, after: string, changes: readonly StructureChange[]): string | null {
  const a = parseAllDocuments(before, YAML_OPTIONS);
  const b = parseAllDocuments(after, YAML_OPTIONS);
  if (!Array.isArray(a) || !Array.isArray(b)) return 'not a YAML stream';
  const bad = b.find((d) => d.errors.length > 0);
  if (bad) return `the rewritten file does not parse: ${bad.errors[0].message.split('\n')[0]}`;
  if (a.length !== b.length) return 'the number of YAML documents changed';
  // Find every target first, then change: offsets refer to the unchanged tree.
  const edits: (() => void)[] = [];
  for (const c of changes) {
    let done = false;
    for (const doc of a) {
      walk(doc.contents as Node | null, (node, parent) => {
        if (done) return;
        if (c.kind === 'value' && isScalar(node) && node.range?.[0] === c.at) {
          edits.push(() => (node.value = c.value));
          done = true;
        } else if (c.kind === 'remove-item' && isSeq(parent) && node.range?.[0] === c.at) {
          edits.push(() => parent.items.splice(parent.items.indexOf(node), 1));
          done = true;
        } else if ((c.kind === 'remove-pair' || c.kind === 'set-pair') && isMap(node)) {
          const pair = node.items.find((p) => isNode(p.key) && p.key.range?.[0] === c.at);
          if (!pair) return;
          edits.push(() => {
            if (c.kind === 'remove-pair') node.items.splice(node.items.indexOf(pair), 1);
            else pair.value = new Scalar(c.value);
          });
          done = true;
        }
      });
    }
    if (!done) return `internal: no node at offset ${c.at} for ${c.kind}`;
  }
  for (const e of edits) e();
  const js = (docs: Document[]) => docs.map((d) => d.toJS({ maxAliasCount: -1 }) as unknown);
  return isDeepStrictEqual(js(a), js(b)) ? null : 'the rewritten file reads differently from what the migration meant to write';
}

function walk(node: Node | null, visit: (node: Node, parent: Node | null) => void, parent: Node | null = null, depth = 0): void {
  if (!node || depth > 200) return;
  visit(node, parent);
  if (isMap(node)) {
    for (const p of node.items) {
      if (isNode(p.key)) walk(p.key, visit, node, depth + 1);
      if (isNode(p.value)) walk(p.value, visit, node, depth + 1);
    }
  } else if (isSeq(node)) {
    for (const i of node.items) if (isNode(i)) walk(i, visit, node, depth + 1);
  }
}
