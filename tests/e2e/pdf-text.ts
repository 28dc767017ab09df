// The text of a PDF as Chromium (Skia) prints it, to test the print by reading it: Type0 fonts with a ToUnicode CMap,
// Flate content streams, Tj / TJ runs. A test helper for our own prints only, not a general PDF reader.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function readObjects(pdf: Buffer): Map<string, PdfObject> {
  const source = pdf.toString('latin1');
  const objects = new Map<string, PdfObject>();
  const header = /(\d+) 0 obj\s*/g;
  for (let match = header.exec(source); match; match = header.exec(source)) {
    const start = match.index + match[0].length;
    const end = source.indexOf('endobj', start);
    if (end < 0) break;
    const body = source.slice(start, end);
    const streamAt = body.search(/stream\r?\n/);
    if (streamAt < 0) {
      objects.set(match[1]!, { dict: body });
    } else {
      const dataStart = start + streamAt + body.slice(streamAt).indexOf('\n') + 1;
      const dataEnd = source.lastIndexOf('endstream', end);
      const raw = pdf.subarray(dataStart, dataEnd);
      const dict = body.slice(0, streamAt);
      let stream: Buffer = raw;
      if (dict.includes('/FlateDecode')) {
        try { stream = inflateSync(raw); } catch { stream = raw; }
      }
      objects.set(match[1]!, { dict, stream });
    }
    header.lastIndex = end;
  }
  return objects;
}

const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');

/** A ToUnicode CMap as glyph code (hex) -> text. */
function readCMap(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, dst] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(code!.toUpperCase(), utf16(dst!));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, from, to, dst, list] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])/g)) {
      const first = parseInt(from!, 16);
      const last = parseInt(to!, 16);
      const items = list ? [...list.matchAll(/<([0-9A-Fa-f]+)>/g)].map((m) => m[1]!) : [];
      for (let code = first; code <= last; code += 1) {
        const key = code.toString(16).toUpperCase().padStart(from!.length, '0');
        if (list) map.set(key, utf16(items[code - first] ?? ''));
        else {
          const base = Buffer.from(dst!, 'hex');
          base.writeUInt16BE(base.readUInt16BE(base.length - 2) + (code - first), base.length - 2);
          map.set(key, base.swap16().toString('utf16le'));
        }
      }
    }
  }
  return map;
}

const ref = (dict: string, key: string) => new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict)?.[1];

/** Every page's text, in content order: runs in one text object joined, a new line at each text object or line move. */
export function pdfText(pdf: Buffer): string {
  const objects = readObjects(pdf);
  const cmapOf = new Map<string, Map<string, string>>();
  const fontCMap = (id: string) => {
    if (!cmapOf.has(id)) {
      const toUnicode = ref(objects.get(id)?.dict ?? '', 'ToUnicode');
      cmapOf.set(id, readCMap(toUnicode ? objects.get(toUnicode)?.stream?.toString('latin1') ?? '' : ''));
    }
    return cmapOf.get(id)!;
  };
  const pages = [...objects.values()].filter((o) => /\/Type\s*\/Page\b/.test(o.dict));
  const out: string[] = [];
  for (const page of pages) {
    const fonts = new Map<string, string>();
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(page.dict)?.[1] ?? '';
    for (const [, name, id] of fontDict.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) fonts.set(name!, id!);
    const contents = /\/Contents\s+(?:(\d+) 0 R|\[([^\]]*)\])/.exec(page.dict);
    const ids = contents?.[1] ? [contents[1]] : [...(contents?.[2] ?? '').matchAll(/(\d+) 0 R/g)].map((m) => m[1]!);
    const content = ids.map((id) => objects.get(id)?.stream?.toString('latin1') ?? '').join('\n');
    let cmap = new Map<string, string>();
    const decode = (hex: string) => (hex.match(/.{4}/g) ?? []).map((code) => cmap.get(code.toUpperCase()) ?? '').join('');
    const ops = /\/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[((?:[^\]\\]|\\.)*)\]\s*TJ|([-\d.]+)\s+([-\d.]+)\s+Td|\bTm\b|\bBT\b|\bET\b/g;
    let line = '';
    const flush = () => {
      if (line.trim()) out.push(line);
      line = '';
    };
    for (const op of content.matchAll(ops)) {
      if (op[1]) cmap = fontCMap(fonts.get(op[1]) ?? '');
      else if (op[2] !== undefined) line += decode(op[2]);
      else if (op[3] !== undefined) line += [...op[3].matchAll(/<([0-9A-Fa-f]*)>/g)].map((m) => decode(m[1]!)).join('');
      else if (op[4] !== undefined) { if (Number(op[5]) !== 0) flush(); }
      else flush();
    }
    flush();
  }
  return out.join('\n');
}
