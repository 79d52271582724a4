import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF as Chromium's `page.pdf()` writes it, for the print tests: its objects in
 * plain text, its streams Flate-compressed, its fonts Type 0 (Identity-H) with a ToUnicode map,
 * and its text drawn with Tj/TJ glyph codes. Enough for that writer, not a general PDF reader:
 * it returns one line of text per BT…ET block, in drawing order, and throws when it finds none.
 */
export function pdfText(pdf: Buffer): string {
  const objects = readObjects(pdf);
  const lines: string[] = [];
  for (const page of objects.values()) {
    if (!/\/Type\s*\/Page\b(?!s)/.test(page.dict)) continue;
    const fonts = new Map<string, Map<number, string>>();
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(page.dict)?.[1] ?? '';
    for (const [, name, ref] of fontDict.matchAll(/\/(\w+)\s+(\d+)\s+0\s+R/g)) {
      const font = objects.get(Number(ref));
      const toUnicode = font && /\/ToUnicode\s+(\d+)\s+0\s+R/.exec(font.dict)?.[1];
      const cmap = toUnicode ? objects.get(Number(toUnicode))?.stream : undefined;
      fonts.set(name as string, cmap ? readCMap(cmap.toString('latin1')) : new Map());
    }
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+\s+0\s+R)/.exec(page.dict)?.[1] ?? '';
    for (const [, ref] of contents.matchAll(/(\d+)\s+0\s+R/g)) {
      const stream = objects.get(Number(ref))?.stream;
      if (stream) lines.push(...textBlocks(stream.toString('latin1'), fonts));
    }
  }
  if (lines.length === 0) throw new Error('no text found in the PDF');
  return lines.join('\n');
}

interface PdfObject {
  readonly dict: string;
  readonly stream?: Buffer;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const header = /(\d+)\s+0\s+obj\b/g;
  for (let match = header.exec(text); match; match = header.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const streamAt = body.search(/\bstream\r?\n/);
    if (streamAt < 0) {
      objects.set(Number(match[1]), { dict: body });
    } else {
      const dict = body.slice(0, streamAt);
      const dataStart = start + streamAt + (/\bstream\r\n/.test(body.slice(streamAt)) ? 8 : 7);
      const length = Number(/\/Length\s+(\d+)/.exec(dict)?.[1]);
      const raw = pdf.subarray(dataStart, dataStart + length);
      const stream = /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw;
      objects.set(Number(match[1]), { dict, stream });
    }
    header.lastIndex = end;
  }
  return objects;
}

/** A ToUnicode CMap's glyph code → text (bfchar and bfrange entries). */
function readCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const [, block] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, unicode] of (block as string).matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g,
    ))
      map.set(Number.parseInt(code as string, 16), utf16(unicode as string));
  }
  for (const [, block] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, from, to, unicode] of (block as string).matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g,
    )) {
      const first = Number.parseInt(from as string, 16);
      const last = Number.parseInt(to as string, 16);
      const base = Number.parseInt(unicode as string, 16);
      for (let code = first; code <= last; code++)
        map.set(code, String.fromCodePoint(base + code - first));
    }
  }
  return map;
}

function utf16(hex: string): string {
  const units: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) units.push(Number.parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}

/** The text of each BT…ET block of a content stream. */
function textBlocks(content: string, fonts: Map<string, Map<number, string>>): string[] {
  const blocks: string[] = [];
  for (const [, block] of content.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)) {
    let font = new Map<number, string>();
    let line = '';
    const ops = /\/(\w+)\s+[-\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[([^\]]*)\]\s*TJ/g;
    for (const [, fontName, hex, array] of (block as string).matchAll(ops)) {
      if (fontName) font = fonts.get(fontName) ?? new Map();
      else if (hex !== undefined) line += decode(hex, font);
      else if (array !== undefined) {
        for (const [, part] of array.matchAll(/<([0-9A-Fa-f]*)>/g))
          line += decode(part as string, font);
      }
    }
    if (line) blocks.push(line);
  }
  return blocks;
}

function decode(hex: string, font: Map<number, string>): string {
  let text = '';
  for (let i = 0; i + 4 <= hex.length; i += 4)
    text += font.get(Number.parseInt(hex.slice(i, i + 4), 16)) ?? '';
  return text;
}
