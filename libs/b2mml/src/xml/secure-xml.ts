import { SaxesParser } from 'saxes';

/**
 * XML parsing for B2MML intake, with the limits that make XML safe to accept from the network.
 *
 * Why saxes: a maintained, dependency-light (xmlchars only, no install scripts) streaming parser
 * that never fetches external entities and reports a DOCTYPE as an event *before* anything inside
 * it is used, so the document is refused right there: no DTD, no entity declarations, hence no XXE
 * and no entity expansion (billion laughs). Being event-based it also lets us stop at the first
 * element past the depth or count cap instead of building a huge tree first. (fast-xml-parser reads
 * DOCTYPE entities itself and only offers to ignore them; a refusal is the clearer contract.)
 */
export interface XmlElement {
  /** Local name (prefix stripped). */
  name: string;
  namespace: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export interface XmlLimits {
  /** Deepest element nesting accepted (root = 1). */
  maxDepth: number;
  /** Most elements accepted in one document. */
  maxElements: number;
  /** Most characters accepted (the HTTP body limit applies before this, in bytes). */
  maxChars: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 64, maxElements: 20_000, maxChars: 2 * 1024 * 1024 };

export type XmlRefusalReason = 'doctype' | 'too-deep' | 'too-many-elements' | 'too-large' | 'malformed';

export interface XmlRefusal {
  refused: XmlRefusalReason;
  detail: string;
}

export const isXmlRefusal = (value: XmlElement | XmlRefusal): value is XmlRefusal => 'refused' in value;

class Stop extends Error {
  constructor(readonly refusal: XmlRefusal) {
    super(refusal.detail);
  }
}

export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement | XmlRefusal {
  if (text.length > limits.maxChars) return { refused: 'too-large', detail: `The document exceeds ${limits.maxChars} characters.` };
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let count = 0;
  parser.on('doctype', () => {
    throw new Stop({ refused: 'doctype', detail: 'A DOCTYPE is not accepted (no DTD, no entities, no external references).' });
  });
  parser.on('opentag', (tag) => {
    count++;
    if (stack.length + 1 > limits.maxDepth) throw new Stop({ refused: 'too-deep', detail: `Elements may nest at most ${limits.maxDepth} deep.` });
    if (count > limits.maxElements) throw new Stop({ refused: 'too-many-elements', detail: `A document may hold at most ${limits.maxElements} elements.` });
    const attributes: Record<string, string> = {};
    for (const attribute of Object.values(tag.attributes)) {
      if (typeof attribute === 'object' && attribute.prefix !== 'xmlns' && attribute.name !== 'xmlns') attributes[attribute.local] = attribute.value;
    }
    const element: XmlElement = { name: tag.local ?? tag.name, namespace: tag.uri ?? '', attributes, children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1].children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('text', (chunk) => {
    if (stack.length > 0) stack[stack.length - 1].text += chunk;
  });
  parser.on('cdata', (chunk) => {
    if (stack.length > 0) stack[stack.length - 1].text += chunk;
  });
  parser.on('closetag', () => {
    const element = stack.pop();
    if (element) element.text = element.text.trim();
  });
  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof Stop) return error.refusal;
    return { refused: 'malformed', detail: `The body is not well-formed XML: ${(error as Error).message.slice(0, 200)}` };
  }
  if (!root) return { refused: 'malformed', detail: 'The body holds no XML element.' };
  return root;
}

/** The children of `element` with this local name. */
export const childrenNamed = (element: XmlElement | undefined, name: string): XmlElement[] => element?.children.filter((c) => c.name === name) ?? [];

export const child = (element: XmlElement | undefined, name: string): XmlElement | undefined => element?.children.find((c) => c.name === name);

/** Text of the element at a relative path of local names, or undefined when absent or empty. */
export function textAt(element: XmlElement | undefined, ...path: string[]): string | undefined {
  let current = element;
  for (const name of path) current = child(current, name);
  return current && current.text !== '' ? current.text : undefined;
}
