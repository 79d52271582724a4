/**
 * An embedded ICC colour profile, reduced to what says how to show the colours (ICC.1:2010, ICC
 * v2 and v4). A profile is not only colour: its header names the device maker and model, the
 * software (CMM, creator, platform) and the date it was made, and its tags carry free text —
 * description (desc), copyright (cprt), device maker and model (dmnd, dmdd), private tags —
 * where a camera, a phone or a person can be named.
 *
 * A *plain colour profile* is a matrix/TRC profile: device class display (mntr) or input (scnr),
 * RGB or grey data, XYZ connection space, and the tags that define its colours are all present
 * and well formed: the three colorants (rXYZ, gXYZ, bXYZ) and tone curves (rTRC, gTRC, bTRC) for
 * RGB, or the grey curve (kTRC), and the media white point (wtpt). Such a profile is rebuilt
 * from those fields only, with the optional media black point (bkpt) and chromatic adaptation
 * (chad), a fixed description and copyright, and a header with every identifying field zeroed.
 * Dropped from it: LUT-based tags (A2Bn, B2An…: the matrix then serves every rendering intent),
 * chrm and lumi (they restate the primaries and a screen's luminance; no colour transform uses
 * them) and every text or private tag. Any other profile (CMYK, Lab, LUT-only, device link,
 * named colour, malformed) is dropped whole: such profiles are large, varied and rare in photos,
 * and cannot be checked field by field here.
 *
 * Why keep rather than drop every profile: phones shoot in Display P3 (a plain profile). Without
 * it a viewer assumes sRGB and shows reds and skin tones less saturated — exactly what a
 * clinician compares in before/after photos (redness, pigmentation). A rebuilt plain profile
 * keeps the colours as shot and leaves nothing that identifies anyone.
 */

/** Above this a profile is not a plain one (a matrix/TRC profile is a few kB; 4096-entry
 * curves make it ~25 kB): also bounds the inflating of a PNG iCCP chunk. */
export const ICC_MAX_BYTES = 1 << 20;

const HEADER_BYTES = 128;
const DESCRIPTION = 'Colour profile';
const COPYRIGHT = 'No copyright, use freely';

/** The colour-defining tags kept, in the order they are written. */
const RGB_TAGS = ['wtpt', 'bkpt', 'chad', 'rXYZ', 'gXYZ', 'bXYZ', 'rTRC', 'gTRC', 'bTRC'];
const GREY_TAGS = ['wtpt', 'bkpt', 'chad', 'kTRC'];
const REQUIRED = new Set(['wtpt', 'rXYZ', 'gXYZ', 'bXYZ', 'rTRC', 'gTRC', 'bTRC', 'kTRC']);

/** Parameters of each parametricCurveType function type (ICC.1 10.18). */
const PARA_PARAMS = [1, 3, 4, 5, 7];

/**
 * The profile rebuilt as described above, or undefined when it is not a plain colour profile
 * (the caller then drops it). The result is its own fixed point: rebuilding it gives it back.
 */
export function plainColourProfile(input: Buffer): Buffer | undefined {
  if (input.length < HEADER_BYTES + 4) return undefined;
  const size = input.readUInt32BE(0);
  if (size < HEADER_BYTES + 4 || size > input.length || size > ICC_MAX_BYTES) return undefined;
  const profile = input.subarray(0, size);
  const sig = (at: number) => profile.toString('latin1', at, at + 4);
  const major = profile[8];
  const deviceClass = sig(12);
  const space = sig(16);
  const intent = profile.readUInt32BE(64);
  if (sig(36) !== 'acsp' || (major !== 2 && major !== 4)) return undefined;
  if (deviceClass !== 'mntr' && deviceClass !== 'scnr') return undefined;
  if ((space !== 'RGB ' && space !== 'GRAY') || sig(20) !== 'XYZ ' || intent > 3) return undefined;

  const count = profile.readUInt32BE(HEADER_BYTES);
  if (HEADER_BYTES + 4 + count * 12 > size) return undefined;
  const tags = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const at = HEADER_BYTES + 4 + i * 12;
    const offset = profile.readUInt32BE(at + 4);
    const length = profile.readUInt32BE(at + 8);
    if (tags.has(sig(at)) || offset + length > size) return undefined;
    tags.set(sig(at), profile.subarray(offset, offset + length));
  }

  const kept: [string, Buffer][] = [
    ['desc', major === 4 ? mluc(DESCRIPTION) : textDescription(DESCRIPTION)],
    ['cprt', major === 4 ? mluc(COPYRIGHT) : text(COPYRIGHT)],
  ];
  for (const name of space === 'RGB ' ? RGB_TAGS : GREY_TAGS) {
    const data = tags.get(name);
    if (!data) {
      if (REQUIRED.has(name)) return undefined;
      continue;
    }
    const rebuilt =
      name === 'chad' ? s15Matrix(data) : name.endsWith('TRC') ? curve(data) : xyz(data);
    if (!rebuilt) return undefined;
    kept.push([name, rebuilt]);
  }

  // Tag data after the table, each 4-byte aligned; identical data stored once (the three TRCs
  // of an RGB profile are often one curve).
  const table = Buffer.alloc(4 + kept.length * 12);
  table.writeUInt32BE(kept.length, 0);
  const blocks: Buffer[] = [];
  const offsets = new Map<string, number>();
  let end = HEADER_BYTES + table.length;
  for (const [i, [name, data]] of kept.entries()) {
    const key = data.toString('hex');
    let offset = offsets.get(key);
    if (offset === undefined) {
      offset = end;
      offsets.set(key, offset);
      const padded = Buffer.alloc(Math.ceil(data.length / 4) * 4);
      data.copy(padded);
      blocks.push(padded);
      end += padded.length;
    }
    table.write(name, 4 + i * 12, 'latin1');
    table.writeUInt32BE(offset, 4 + i * 12 + 4);
    table.writeUInt32BE(data.length, 4 + i * 12 + 8);
  }

  // Header: size, version, class, colour space, connection space, signature, rendering intent
  // and illuminant; CMM, date, platform, flags, maker, model, attributes, creator and profile
  // ID (an MD5 that may be left zero) are zero.
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(end, 0);
  header[8] = major;
  header[9] = profile[9];
  header.write(deviceClass, 12, 'latin1');
  header.write(space, 16, 'latin1');
  header.write('XYZ ', 20, 'latin1');
  header.write('acsp', 36, 'latin1');
  header.writeUInt32BE(intent, 64);
  profile.copy(header, 68, 68, 80);
  return Buffer.concat([header, table, ...blocks]);
}

const typed = (type: string, body: Buffer) =>
  Buffer.concat([Buffer.from(type, 'latin1'), Buffer.alloc(4), body]);

/** XYZType with its one XYZ number (the colorant and white/black point tags hold one). */
function xyz(data: Buffer): Buffer | undefined {
  if (data.length < 20 || data.toString('latin1', 0, 4) !== 'XYZ ') return undefined;
  return typed('XYZ ', data.subarray(8, 20));
}

/** s15Fixed16ArrayType holding the 3×3 chromatic adaptation matrix. */
function s15Matrix(data: Buffer): Buffer | undefined {
  if (data.length < 44 || data.toString('latin1', 0, 4) !== 'sf32') return undefined;
  return typed('sf32', data.subarray(8, 44));
}

/** curveType (count, then count u16 entries) or parametricCurveType (function, parameters). */
function curve(data: Buffer): Buffer | undefined {
  const type = data.toString('latin1', 0, 4);
  if (type === 'curv' && data.length >= 12) {
    const entries = data.readUInt32BE(8);
    if (data.length < 12 + entries * 2) return undefined;
    return typed('curv', data.subarray(8, 12 + entries * 2));
  }
  if (type === 'para' && data.length >= 12) {
    const params = PARA_PARAMS[data.readUInt16BE(8)];
    if (params === undefined || data.length < 12 + params * 4) return undefined;
    return typed(
      'para',
      Buffer.concat([data.subarray(8, 10), Buffer.alloc(2), data.subarray(12, 12 + params * 4)]),
    );
  }
  return undefined;
}

/** multiLocalizedUnicodeType (v4) with one en-US record. */
function mluc(value: string): Buffer {
  const utf16 = Buffer.from(value, 'utf16le').swap16();
  const body = Buffer.alloc(20);
  body.writeUInt32BE(1, 0); // records
  body.writeUInt32BE(12, 4); // record size
  body.write('enUS', 8, 'latin1');
  body.writeUInt32BE(utf16.length, 12);
  body.writeUInt32BE(28, 16); // offset of the string from the tag's start
  return Buffer.concat([typed('mluc', body), utf16]);
}

/** textDescriptionType (v2): ASCII with its NUL, empty Unicode and ScriptCode parts. */
function textDescription(value: string): Buffer {
  const ascii = Buffer.from(`${value}\0`, 'latin1');
  const count = Buffer.alloc(4);
  count.writeUInt32BE(ascii.length);
  // Unicode language and count (4 + 4), ScriptCode code and count (2 + 1), 67 bytes of Mac text.
  return Buffer.concat([typed('desc', count), ascii, Buffer.alloc(4 + 4 + 2 + 1 + 67)]);
}

/** textType (v2): ASCII with its NUL. */
function text(value: string): Buffer {
  return typed('text', Buffer.from(`${value}\0`, 'latin1'));
}
