/** Why {@link xmlTokens} stopped: a construct that is never closed, or a character that cannot start one. */
export class XmlShapeError extends Error {
  override readonly name = 'XmlShapeError';
}

/** One token of {@link xmlTokens}: a start tag, an end tag, or character data (text and CDATA, raw). */
export type XmlToken =
  /** `attributes` is the tag's raw text after its name (`{@link xmlAttributes}` reads it). */
  | { kind: 'open'; name: string; local: string; selfClosing: boolean; attributes: string }
  | { kind: 'close'; name: string; local: string }
  /** `cdata` for a CDATA section's content (never entity-decoded). */
  | { kind: 'text'; text: string; cdata?: true };

/**
 * The longest tag read, in characters, and the most attributes in one tag. A SOAP request's tags carry a few
 * namespace declarations; the caps keep the XML library's per-tag work (its attribute patterns and duplicate
 * checks grow faster than the tag) bounded, so the whole document stays linear.
 */
export const XML_TAG_LIMITS = Object.freeze({ maxTagLength: 16_384, maxAttributes: 64 });

/** The longest entity or character reference accepted (`&#x10FFFF;` is 10 characters). */
const MAX_REFERENCE = 12;

function isNameChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || // 0-9
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    code === 0x5f || // _
    code === 0x2d || // -
    code === 0x2e || // .
    code === 0x3a || // :
    code > 0x7f
  );
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function localOf(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** Checks every `&` of `text` starts a short `…;` reference (a bare `&` is not XML). */
function checkReferences(text: string, where: string): void {
  for (let amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', amp + 1)) {
    const semi = text.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > MAX_REFERENCE || semi === amp + 1) {
      throw new XmlShapeError(`a "&" in ${where} starts no reference`);
    }
  }
}

/**
 * The tokens of an XML text in one forward pass (each character is read a bounded number of times, so the work is
 * linear in the length whatever the input; {@link XML_TAG_LIMITS} caps a tag): comments, processing instructions and `<!…>` declarations are skipped,
 * CDATA is text. It checks only the lexical shape — every construct is closed, a tag holds a name, attributes
 * have their quotes closed and no `<`, every `&` starts a short reference — and throws {@link XmlShapeError} at the
 * first fault; nesting is left to the caller.
 */
export function* xmlTokens(xml: string): Generator<XmlToken, void, undefined> {
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const text = xml.slice(i, textEnd);
      checkReferences(text, 'text');
      yield { kind: 'text', text };
    }
    if (lt < 0) return;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) throw new XmlShapeError('a comment is never closed');
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) throw new XmlShapeError('a CDATA section is never closed');
      yield { kind: 'text', text: xml.slice(lt + 9, end), cdata: true };
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) throw new XmlShapeError('a processing instruction is never closed');
      i = end + 2;
      continue;
    }
    if (xml.startsWith('<!', lt)) {
      const end = xml.indexOf('>', lt + 2);
      if (end < 0) throw new XmlShapeError('a declaration is never closed');
      i = end + 1;
      continue;
    }
    const closing = xml.charCodeAt(lt + 1) === 0x2f; // '/'
    let j = closing ? lt + 2 : lt + 1;
    const nameStart = j;
    while (j < n && isNameChar(xml.charCodeAt(j))) j++;
    if (j === nameStart) throw new XmlShapeError('a "<" starts no tag');
    const name = xml.slice(nameStart, j);
    // The rest of the tag: attributes with closed quotes, no "<", up to ">".
    let selfClosing = false;
    let attributes = 0;
    for (;;) {
      if (j - lt > XML_TAG_LIMITS.maxTagLength) {
        throw new XmlShapeError(`a tag is longer than ${XML_TAG_LIMITS.maxTagLength} characters`);
      }
      if (j >= n) throw new XmlShapeError(`the tag <${name.slice(0, 64)}> is never closed`);
      const code = xml.charCodeAt(j);
      if (code === 0x3e) break; // '>'
      if (code === 0x3c) throw new XmlShapeError(`the tag <${name.slice(0, 64)}> holds a "<"`);
      if (code === 0x22 || code === 0x27) {
        const end = xml.indexOf(code === 0x22 ? '"' : "'", j + 1);
        if (end < 0 || end - lt > XML_TAG_LIMITS.maxTagLength) {
          throw new XmlShapeError(end < 0 ? 'an attribute value is never closed' : 'an attribute value is too long');
        }
        if (++attributes > XML_TAG_LIMITS.maxAttributes) {
          throw new XmlShapeError(`a tag has more than ${XML_TAG_LIMITS.maxAttributes} attributes`);
        }
        const value = xml.slice(j + 1, end);
        if (value.includes('<')) throw new XmlShapeError('an attribute value holds a "<"');
        checkReferences(value, 'an attribute value');
        j = end + 1;
        continue;
      }
      selfClosing = code === 0x2f && xml.charCodeAt(j + 1) === 0x3e;
      if (closing && !isSpace(code))
        throw new XmlShapeError(`the end tag </${name.slice(0, 64)}> holds more than a name`);
      j++;
    }
    i = j + 1;
    if (closing) yield { kind: 'close', name, local: localOf(name) };
    else {
      const attributes = xml.slice(nameStart + name.length, selfClosing ? j - 1 : j);
      yield { kind: 'open', name, local: localOf(name), selfClosing, attributes };
    }
  }
}

/**
 * Why `xml` is not lexically XML ({@link xmlTokens}'s first fault), or undefined when it is. A linear check to run
 * before handing a text to an XML library whose validator is quadratic on unclosed constructs.
 */
export function xmlShapeFault(xml: string): string | undefined {
  try {
    for (const _token of xmlTokens(xml));
    return undefined;
  } catch (error) {
    if (error instanceof XmlShapeError) return error.message;
    throw error;
  }
}

/**
 * The attributes of a start tag's raw text ({@link XmlToken} `attributes`, already checked by {@link xmlTokens}):
 * `name="value"` pairs in order, values raw (not entity-decoded). Throws {@link XmlShapeError} for anything else
 * (a name without a value, a repeated name). One pass over a text {@link XML_TAG_LIMITS} caps.
 */
export function xmlAttributes(raw: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const seen = new Set<string>();
  let i = 0;
  const n = raw.length;
  for (;;) {
    const before = i;
    while (i < n && isSpace(raw.charCodeAt(i))) i++;
    if (i >= n) return out;
    if (i === before) throw new XmlShapeError('attributes must be separated by white space');
    const start = i;
    while (i < n && isNameChar(raw.charCodeAt(i))) i++;
    const name = raw.slice(start, i);
    while (i < n && isSpace(raw.charCodeAt(i))) i++;
    if (!name || raw.charCodeAt(i) !== 0x3d) throw new XmlShapeError('an attribute has no name="value" form');
    i++;
    while (i < n && isSpace(raw.charCodeAt(i))) i++;
    const quote = raw[i];
    if (quote !== '"' && quote !== "'") throw new XmlShapeError(`the attribute ${name.slice(0, 64)} is not quoted`);
    const end = raw.indexOf(quote, i + 1);
    if (end < 0) throw new XmlShapeError('an attribute value is never closed');
    if (seen.has(name)) throw new XmlShapeError(`the attribute ${name.slice(0, 64)} is repeated`);
    seen.add(name);
    out.push([name, raw.slice(i + 1, end)]);
    i = end + 1;
  }
}
