/**
 * A minimal XML 1.0 well-formedness checker and parser for the JUnit tests (no dependency):
 * one root, balanced tags, quoted unique attributes, only the five named entities or character
 * references, no character that XML 1.0 forbids. Throws on the first problem.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const INVALID =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  return raw.replace(/&([^;]*);|&/g, (m, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`bare & in ${where}`);
    if (ref in NAMED) return NAMED[ref]!;
    const num = /^#x([0-9a-fA-F]+)$/.exec(ref) ?? /^#([0-9]+)$/.exec(ref);
    if (!num) throw new Error(`unknown entity ${m} in ${where}`);
    const code = Number.parseInt(num[1]!, ref.startsWith('#x') ? 16 : 10);
    const ch = String.fromCodePoint(code);
    if (INVALID.test(ch)) throw new Error(`reference to a forbidden character ${m} in ${where}`);
    return ch;
  });
}

export function parseXml(doc: string): XmlElement {
  if (INVALID.test(doc)) throw new Error('document holds a character XML 1.0 forbids');
  let i = 0;
  const prolog = /^<\?xml[^?]*\?>\s*/.exec(doc);
  if (prolog) i = prolog[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < doc.length) {
    if (doc[i] !== '<') {
      const end = doc.indexOf('<', i);
      const raw = doc.slice(i, end === -1 ? doc.length : end);
      const top = stack[stack.length - 1];
      if (!top) {
        if (raw.trim() !== '') throw new Error('text outside the root element');
      } else {
        if (raw.includes('>') && raw.includes(']]>')) throw new Error(']]> in text');
        top.text += decode(raw, `text of <${top.name}>`);
      }
      i = end === -1 ? doc.length : end;
      continue;
    }
    if (doc.startsWith('</', i)) {
      const m = /^<\/([^\s>]+)\s*>/.exec(doc.slice(i));
      const top = stack.pop();
      if (!m || !top || m[1] !== top.name) throw new Error(`mismatched closing tag at ${i}`);
      i += m[0].length;
      continue;
    }
    i++;
    const name = NAME.exec(doc.slice(i))?.[0];
    if (!name) throw new Error(`bad tag name at ${i}`);
    i += name.length;
    const el: XmlElement = { name, attrs: {}, children: [], text: '' };
    for (;;) {
      const ws = /^\s*/.exec(doc.slice(i))![0];
      i += ws.length;
      if (doc.startsWith('/>', i) || doc[i] === '>') break;
      if (ws === '') throw new Error(`expected whitespace before an attribute at ${i}`);
      const attr = /^([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(doc.slice(i));
      if (!attr) throw new Error(`bad attribute in <${name}> at ${i}`);
      const key = attr[1]!;
      if (key in el.attrs) throw new Error(`duplicate attribute ${key} in <${name}>`);
      el.attrs[key] = decode(attr[3] ?? attr[4] ?? '', `attribute ${key} of <${name}>`);
      i += attr[0].length;
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root) throw new Error('more than one root element');
    else root = el;
    if (doc.startsWith('/>', i)) {
      i += 2;
    } else {
      i += 1;
      stack.push(el);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}
