import { type Document, isMap, isSeq, parseDocument, type YAMLMap, YAMLSeq } from 'yaml';

// Text → text edits through yaml's Document API: comments, key order and quoting of everything
// not touched survive, so a suggestion's diff shows only what it changes.

export function editYaml(text: string, edit: (doc: Document.Parsed) => void): string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  edit(doc);
  return doc.toString({ lineWidth: 0 });
}

/** Appends `value` to the sequence at `path`, creating it (and its parents) when missing. */
export function appendTo(doc: Document, path: readonly string[], value: unknown, comment?: string): void {
  const node = doc.createNode(value);
  if (comment) node.commentBefore = comment;
  const seq = doc.getIn(path, true);
  if (isSeq(seq)) {
    (seq as YAMLSeq).items.push(node);
    return;
  }
  const fresh = new YAMLSeq();
  fresh.items.push(node);
  doc.setIn(path, fresh);
}

/** Sets a top-level key with a comment above it; the key keeps its place if it exists. */
export function setWithComment(doc: Document, key: string, value: unknown, comment: string): void {
  doc.set(key, value);
  const contents = doc.contents;
  if (!isMap(contents)) return;
  const pair = (contents as YAMLMap).items.find(
    (p) => (p.key as { value?: unknown })?.value === key || p.key === key,
  );
  const k = pair?.key as { commentBefore?: string } | undefined;
  if (k && typeof k === 'object') k.commentBefore = comment;
}

/** A new YAML file: a schema header for editors, a comment, then the value. */
export function newYamlFile(schema: string, comment: string, value: unknown): string {
  const doc = parseDocument('{}');
  doc.contents = doc.createNode(value) as typeof doc.contents;
  doc.commentBefore = comment;
  return `# yaml-language-server: $schema=${schema}\n${doc.toString({ lineWidth: 0 })}`;
}
