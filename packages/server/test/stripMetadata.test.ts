import exifr from 'exifr';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { plainColourProfile } from '../src/photos/iccProfile.js';
import { detectImageType, ImageError, stripMetadata } from '../src/photos/stripMetadata.js';
import {
  cleanJpeg,
  cleanPng,
  exifTiff,
  GPS,
  iccSegments,
  jpegImageParts,
  jpegSegment,
  pngImageChunks,
  SECRET,
  taggedDisplayP3,
  taggedJpeg,
  taggedPng,
} from './photoFixtures.js';

/** Everything exifr can find: EXIF/TIFF, GPS, XMP, IPTC, PNG text chunks. */
const everything = {
  tiff: true,
  exif: true,
  gps: true,
  xmp: true,
  iptc: true,
  icc: false,
  ihdr: false,
  jfif: false,
  mergeOutput: true,
} as const;

const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);

describe('stripMetadata: JPEG', () => {
  it('the test image carries GPS, a camera make, XMP, IPTC and a comment (exifr sees them)', async () => {
    const tagged = taggedJpeg();
    const gps = await exifr.gps(tagged);
    expect(gps.latitude).toBeCloseTo(GPS.latitude, 6);
    expect(gps.longitude).toBeCloseTo(GPS.longitude, 6);
    const all = await exifr.parse(tagged, everything);
    expect(all.Make).toBe('Phone');
    expect(JSON.stringify(all)).toContain(SECRET);
    expect(tagged.includes(Buffer.from(SECRET))).toBe(true);
  });

  it('removes APP1 (Exif, XMP), APP13 (IPTC) and COM; exifr finds nothing afterwards', async () => {
    const result = stripMetadata(taggedJpeg());
    expect(result.contentType).toBe('image/jpeg');
    expect(result.removed).toEqual([
      'APP1 (Exif)',
      'APP1 (http://ns.adobe.com/xap/1.0/)',
      'APP13 (Photoshop 3.0)',
      'COM',
    ]);
    expect(await exifr.gps(result.bytes)).toBeUndefined();
    expect(await exifr.parse(result.bytes, everything)).toBeUndefined();
    expect(result.bytes.includes(Buffer.from(SECRET))).toBe(false);
    expect(result.bytes.includes(Buffer.from('Phone'))).toBe(false);
  });

  it('keeps the image bytes exactly: tables, frame header and scan data unchanged', () => {
    const result = stripMetadata(taggedJpeg());
    expect(result.bytes.equals(cleanJpeg())).toBe(true);
    const { scan } = jpegImageParts();
    expect(result.bytes.includes(scan)).toBe(true);
  });

  it('a clean JPEG comes back identical, and stripping twice changes nothing', () => {
    const clean = cleanJpeg();
    const once = stripMetadata(clean);
    expect(once.bytes.equals(clean)).toBe(true);
    expect(once.removed).toEqual([]);
    expect(stripMetadata(once.bytes).bytes.equals(once.bytes)).toBe(true);
  });

  it('copies scan data with stuffed bytes and restart markers, and several scans', () => {
    const { head, scan } = jpegImageParts();
    const entropy = Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xd1, 0x78]);
    const comment = Buffer.from([0xff, 0xfe, 0x00, 0x05, 0x61, 0x62, 0x63]);
    const image = Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      ...head,
      scan,
      entropy,
      comment, // between two scans, as a progressive file may hold it
      head[3], // a table between scans
      scan,
      Buffer.from([0xff, 0xd9]),
    ]);
    const expected = Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      ...head,
      scan,
      entropy,
      head[3],
      scan,
      Buffer.from([0xff, 0xd9]),
    ]);
    const result = stripMetadata(image);
    expect(result.removed).toEqual(['COM']);
    expect(result.bytes.equals(expected)).toBe(true);
  });

  it('drops other APPn segments and bytes appended after the end marker; keeps ICC and Adobe', () => {
    const { head, scan } = jpegImageParts();
    const app = (marker: number, text: string) => {
      const payload = Buffer.from(text, 'latin1');
      return Buffer.concat([Buffer.from([0xff, marker, 0, payload.length + 2]), payload]);
    };
    const [icc] = iccSegments(plainColourProfile(taggedDisplayP3()) as Buffer);
    const adobe = app(0xee, 'Adobe\0\x64\0\0\0\0\x01');
    const image = Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      head[0],
      icc,
      app(0xe3, 'META\0maker notes'),
      app(0xec, 'Ducky\0x'),
      adobe,
      ...head.slice(1),
      scan,
      Buffer.from([0xff, 0xd9]),
      Buffer.from(`trailer ${SECRET}`),
    ]);
    const result = stripMetadata(image);
    expect(result.removed).toEqual([
      'APP3 (META)',
      'APP12 (Ducky)',
      `${'trailer '.length + SECRET.length} bytes after the end marker`,
    ]);
    expect(result.bytes.includes(icc)).toBe(true);
    expect(result.bytes.includes(adobe)).toBe(true);
    expect(result.bytes.includes(Buffer.from(SECRET))).toBe(false);
    expect(result.bytes.subarray(-2).equals(Buffer.from([0xff, 0xd9]))).toBe(true);
  });

  describe("keeps only the allow-listed segments (the reviewer's hidden payloads)", () => {
    /** What a camera writes in APP1, here hidden where a decoder does not look: Exif, GPS, a name. */
    const hidden = () =>
      Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exifTiff(), Buffer.from(SECRET)]);
    const seg = (marker: number, payload: Buffer) => {
      const length = payload.length + 2;
      return Buffer.concat([Buffer.from([0xff, marker, length >> 8, length & 0xff]), payload]);
    };
    const expectGone = async (bytes: Buffer) => {
      expect(bytes.includes(Buffer.from(SECRET))).toBe(false);
      expect(bytes.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
      expect(bytes.includes(Buffer.from('Phone'))).toBe(false);
      expect(await exifr.gps(bytes)).toBeUndefined();
    };
    /** The clean picture with `extra` put after its JFIF header, or the JFIF header replaced. */
    const withSegment = (extra: Buffer, replaceJfif = false) => {
      const { head, scan } = jpegImageParts();
      const [jfif, ...rest] = head;
      return Buffer.concat([
        Buffer.from([0xff, 0xd8]),
        ...(replaceJfif ? [extra] : [jfif, extra]),
        ...rest,
        scan,
        Buffer.from([0xff, 0xd9]),
      ]);
    };

    it.each([
      ['JPG7', 0xf7],
      ['RES 0x02', 0x02],
      ['RES 0xBF', 0xbf],
      ['JPG', 0xc8],
      ['JPG0', 0xf0],
      ['JPG13', 0xfd],
      ['DNL', 0xdc],
      ['DHP', 0xde],
      ['EXP', 0xdf],
    ])('drops a %s segment and what it carries (marker %i)', async (name, marker) => {
      const image = withSegment(seg(marker, hidden()));
      expect(image.includes(Buffer.from(SECRET))).toBe(true);
      const result = stripMetadata(image);
      expect(result.removed).toEqual([name]);
      expect(result.bytes.equals(cleanJpeg())).toBe(true);
      await expectGone(result.bytes);
    });

    it('drops TEM and restart markers outside a scan', () => {
      const image = withSegment(Buffer.from([0xff, 0x01, 0xff, 0xd3]));
      const result = stripMetadata(image);
      expect(result.removed).toEqual(['TEM', 'RST3']);
      expect(result.bytes.equals(cleanJpeg())).toBe(true);
    });

    it('cuts APP0 JFIF to its 14-byte header: bytes appended after it are dropped', async () => {
      const [jfif] = jpegImageParts().head;
      const header = jfif.subarray(4); // the fixture's header: 14 bytes, no thumbnail
      expect(header.length).toBe(14);
      const image = withSegment(seg(0xe0, Buffer.concat([header, hidden()])), true);
      expect(image.includes(Buffer.from(SECRET))).toBe(true);
      const result = stripMetadata(image);
      expect(result.removed).toEqual([`APP0 (JFIF): ${hidden().length} bytes after its header`]);
      expect(result.bytes.equals(cleanJpeg())).toBe(true);
      await expectGone(result.bytes);
    });

    it('drops a JFIF thumbnail: width and height set to 0, its pixels and what follows removed', async () => {
      const [jfif] = jpegImageParts().head;
      const header = Buffer.from(jfif.subarray(4));
      header[12] = 1; // a 1×1 thumbnail: 3 bytes of RGB, then the payload
      header[13] = 1;
      const image = withSegment(
        seg(0xe0, Buffer.concat([header, Buffer.from([1, 2, 3]), hidden()])),
        true,
      );
      const result = stripMetadata(image);
      expect(result.removed).toEqual([
        `APP0 (JFIF): ${3 + hidden().length} bytes after its header`,
      ]);
      expect(result.bytes.equals(cleanJpeg())).toBe(true);
      await expectGone(result.bytes);
    });

    it('cuts APP14 Adobe to its 12-byte payload: bytes appended after it are dropped', async () => {
      const adobeHeader = Buffer.from('Adobe\0\x64\0\0\0\0\x01', 'latin1');
      const image = withSegment(seg(0xee, Buffer.concat([adobeHeader, hidden()])));
      expect(image.includes(Buffer.from(SECRET))).toBe(true);
      const result = stripMetadata(image);
      expect(result.removed).toEqual([`APP14 (Adobe): ${hidden().length} bytes after its header`]);
      expect(result.bytes.equals(withSegment(seg(0xee, adobeHeader)))).toBe(true);
      await expectGone(result.bytes);
    });

    it('drops JFIF and Adobe segments too short for their header', () => {
      const image = withSegment(
        Buffer.concat([
          seg(0xe0, Buffer.from('JFIF\0\x01\x01', 'latin1')),
          seg(0xee, Buffer.from('Adobe\0\x64', 'latin1')),
        ]),
        true,
      );
      const result = stripMetadata(image);
      expect(result.removed).toEqual(['APP0 (JFIF)', 'APP14 (Adobe)']);
      const { head, scan } = jpegImageParts();
      expect(
        result.bytes.equals(
          Buffer.concat([
            Buffer.from([0xff, 0xd8]),
            ...head.slice(1),
            scan,
            Buffer.from([0xff, 0xd9]),
          ]),
        ),
      ).toBe(true);
    });

    it('drops an unknown segment between scans as well', () => {
      const { head, scan } = jpegImageParts();
      const image = Buffer.concat([
        Buffer.from([0xff, 0xd8]),
        ...head,
        scan,
        seg(0xf7, hidden()),
        scan,
        Buffer.from([0xff, 0xd9]),
      ]);
      const result = stripMetadata(image);
      expect(result.removed).toEqual(['JPG7']);
      expect(result.bytes.includes(Buffer.from(SECRET))).toBe(false);
      expect(result.bytes.includes(Buffer.concat([scan, scan]))).toBe(true);
    });
  });

  describe('rebuilds the segments a decoder reads from their defined fields', () => {
    const hiddenBytes = () => Buffer.from(`${SECRET} `.repeat(8), 'latin1');
    /** A table-shaped hiding place: `header` byte, then `length` bytes of the secret. */
    const hiddenTable = (header: number, length: number) =>
      Buffer.concat([Buffer.from([header]), hiddenBytes().subarray(0, length)]);
    const [, dqt, sof, dhtDc, dhtAc] = jpegImageParts().head;
    const payload = (segment: Buffer) => segment.subarray(4);
    const expectClean = (image: Buffer, removed: string[]) => {
      expect(image.includes(Buffer.from(SECRET))).toBe(true);
      const result = stripMetadata(image);
      expect(result.removed).toEqual(removed);
      expect(result.bytes.equals(cleanJpeg())).toBe(true);
      expect(result.bytes.includes(Buffer.from(SECRET))).toBe(false);
    };
    const withHead = (...head: Buffer[]) => {
      const [jfif] = jpegImageParts().head;
      return Buffer.concat([SOI, jfif, ...head, jpegImageParts().scan, EOI]);
    };

    it('DQT: a table no frame component uses, appended after the tables, is dropped', () => {
      const image = withHead(
        jpegSegment(0xdb, Buffer.concat([payload(dqt), hiddenTable(0x01, 64)])),
        sof,
        dhtDc,
        dhtAc,
      );
      expectClean(image, ['DQT: unused quantisation table 1']);
    });

    it('DQT: a table redefined before any scan reads it is dropped (16-bit tables too)', () => {
      const image = withHead(jpegSegment(0xdb, hiddenTable(0x10, 128)), dqt, sof, dhtDc, dhtAc);
      expectClean(image, ['DQT: unused quantisation table 0']);
    });

    it('DHT: an unused table appended after the tables is dropped, its symbols with it', () => {
      const counts = Buffer.alloc(16);
      counts[15] = 40; // 40 symbols: the secret's bytes
      const table = Buffer.concat([Buffer.from([0x11]), counts, hiddenBytes().subarray(0, 40)]);
      const image = withHead(
        dqt,
        sof,
        dhtDc,
        jpegSegment(0xc4, Buffer.concat([payload(dhtAc), table])),
      );
      expectClean(image, ['DHT: unused Huffman AC table 1']);
    });

    it('DHT: a progressive DC scan reads no AC table; an AC table defined only for it is dropped', () => {
      const progressive = jpegSegment(0xc2, payload(sof));
      const counts = Buffer.alloc(16);
      counts[15] = 20;
      const acTable = Buffer.concat([Buffer.from([0x10]), counts, hiddenBytes().subarray(0, 20)]);
      const dcScan = Buffer.concat([
        jpegSegment(0xda, Buffer.from([1, 1, 0x00, 0, 0, 0])), // Ss 0, Se 0, Ah 0: DC first
        Buffer.from([0x3f]),
      ]);
      const image = Buffer.concat([
        SOI,
        dqt,
        progressive,
        dhtDc,
        jpegSegment(0xc4, acTable),
        dcScan,
        EOI,
      ]);
      const result = stripMetadata(image);
      expect(result.removed).toEqual(['DHT: unused Huffman AC table 0']);
      expect(result.bytes.equals(Buffer.concat([SOI, dqt, progressive, dhtDc, dcScan, EOI]))).toBe(
        true,
      );
    });

    it('DQT and DHT: bytes after the tables that are not a table are refused, as decoders do', () => {
      const cases: [string, Buffer][] = [
        [
          'DQT + text',
          withHead(
            jpegSegment(0xdb, Buffer.concat([payload(dqt), hiddenBytes()])),
            sof,
            dhtDc,
            dhtAc,
          ),
        ],
        [
          'DQT cut short',
          withHead(jpegSegment(0xdb, hiddenTable(0x00, 40)), dqt, sof, dhtDc, dhtAc),
        ],
        ['DQT empty', withHead(jpegSegment(0xdb, Buffer.alloc(0)), dqt, sof, dhtDc, dhtAc)],
        [
          'DHT + text',
          withHead(
            dqt,
            sof,
            dhtDc,
            jpegSegment(0xc4, Buffer.concat([payload(dhtAc), hiddenBytes()])),
          ),
        ],
        [
          'DHT counts past the end',
          withHead(
            dqt,
            sof,
            dhtDc,
            jpegSegment(0xc4, Buffer.concat([payload(dhtAc), Buffer.from([0x01, 0, 9])])),
          ),
        ],
      ];
      for (const [what, image] of cases)
        expect(() => stripMetadata(image), what).toThrow(/damaged JPEG: .*(DQT|DHT)/);
    });

    it('SOF, SOS and DRI: any byte beyond their fields is refused', () => {
      const { scan } = jpegImageParts();
      const dri = jpegSegment(0xdd, Buffer.from([0, 4]));
      const longSof = jpegSegment(0xc0, Buffer.concat([payload(sof), hiddenBytes()]));
      const longSos = Buffer.concat([
        jpegSegment(
          0xda,
          Buffer.concat([payload(scan.subarray(0, scan.length - 1)), hiddenBytes()]),
        ),
        Buffer.from([0x3f]),
      ]);
      const longDri = jpegSegment(0xdd, Buffer.concat([Buffer.from([0, 4]), hiddenBytes()]));
      // With exact fields the picture, and a restart interval, pass through unchanged.
      const withDri = withHead(dqt, sof, dhtDc, dhtAc, dri);
      expect(stripMetadata(withDri).bytes.equals(withDri)).toBe(true);
      for (const [what, image] of [
        ['SOF', withHead(dqt, longSof, dhtDc, dhtAc)],
        ['DRI', withHead(dqt, sof, dhtDc, dhtAc, longDri)],
        ['SOS', Buffer.concat([SOI, dqt, sof, dhtDc, dhtAc, longSos, EOI])],
        ['two frames', withHead(dqt, sof, sof, dhtDc, dhtAc)],
      ] as const)
        expect(() => stripMetadata(image), what).toThrow(ImageError);
    });

    it("a real encoder's JPEG: decoded pixels identical before and after, scan data byte for byte", () => {
      const width = 24;
      const height = 16;
      const rgba = Buffer.alloc(width * height * 4);
      for (let i = 0; i < width * height; i++)
        rgba.set([(i % width) * 10, 200 - Math.floor(i / width) * 8, 120, 255], i * 4);
      const encoded = jpeg.encode({ width, height, data: rgba }, 90).data;
      // Stripping the encoder's own output changes nothing: every table it wrote is used.
      expect(stripMetadata(encoded).bytes.equals(encoded)).toBe(true);

      // The same file with a camera's metadata, a hidden quantisation table and a Display P3
      // profile that names a phone, in two ICC chunks.
      const dqtAt = encoded.indexOf(Buffer.from([0xff, 0xdb]));
      const dqtEnd = dqtAt + 2 + encoded.readUInt16BE(dqtAt + 2);
      const dqtPayload = encoded.subarray(dqtAt + 4, dqtEnd);
      const tagged = Buffer.concat([
        encoded.subarray(0, dqtAt),
        jpegSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exifTiff()])),
        ...iccSegments(taggedDisplayP3(), 2),
        jpegSegment(0xdb, Buffer.concat([dqtPayload, hiddenTable(0x03, 64)])),
        encoded.subarray(dqtEnd),
      ]);
      const result = stripMetadata(tagged);
      expect(result.removed).toEqual(['APP1 (Exif)', 'DQT: unused quantisation table 3']);
      expect(result.bytes.includes(Buffer.from(SECRET))).toBe(false);
      const scanAt = encoded.indexOf(Buffer.from([0xff, 0xda]));
      expect(result.bytes.includes(encoded.subarray(scanAt))).toBe(true);
      const options = { useTArray: true, tolerantDecoding: false } as const;
      const before = jpeg.decode(tagged, options);
      const after = jpeg.decode(result.bytes, options);
      expect(after.width).toBe(width);
      expect(Buffer.from(after.data).equals(Buffer.from(before.data))).toBe(true);
      expect(Buffer.from(after.data).equals(Buffer.from(jpeg.decode(encoded, options).data))).toBe(
        true,
      );
    });

    it('the hand-built test JPEG decodes to the same pixels after stripping', () => {
      const options = { useTArray: true, tolerantDecoding: false } as const;
      const before = jpeg.decode(taggedJpeg(), options);
      const after = jpeg.decode(stripMetadata(taggedJpeg()).bytes, options);
      expect(after.width).toBe(8);
      expect(Buffer.from(after.data).equals(Buffer.from(before.data))).toBe(true);
    });
  });

  it('refuses damaged JPEGs: truncated, no frame, no scan, a segment past the end', () => {
    const clean = cleanJpeg();
    const { head, scan } = jpegImageParts();
    const cases: [string, Buffer][] = [
      ['truncated in the scan', clean.subarray(0, clean.length - 2)],
      ['truncated in a header', clean.subarray(0, 30)],
      [
        'no frame header',
        Buffer.concat([Buffer.from([0xff, 0xd8]), head[0], scan, Buffer.from([0xff, 0xd9])]),
      ],
      ['no scan', Buffer.concat([Buffer.from([0xff, 0xd8]), ...head, Buffer.from([0xff, 0xd9])])],
      ['segment past the end', Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x7f, 0xff, 0x00])],
      ['garbage after SOI', Buffer.from([0xff, 0xd8, 0xff, 0x12, 0x34, 0x56, 0x78])],
      ['zero length', Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x00, 0xff, 0xd9])],
    ];
    for (const [what, bytes] of cases) expect(() => stripMetadata(bytes), what).toThrow(ImageError);
  });
});

describe('stripMetadata: PNG', () => {
  it('the test image carries GPS and a camera make (eXIf) and text chunks', async () => {
    const tagged = taggedPng();
    const gps = await exifr.gps(tagged);
    expect(gps.latitude).toBeCloseTo(GPS.latitude, 6);
    expect((await exifr.parse(tagged, everything)).Make).toBe('Phone');
    // exifr reads PNG text chunks only in part; the bytes themselves show the text is there.
    expect(tagged.includes(Buffer.from(SECRET))).toBe(true);
  });

  it('removes eXIf, tEXt, iTXt, zTXt and tIME, keeps IHDR/IDAT/IEND byte for byte', async () => {
    const result = stripMetadata(taggedPng());
    expect(result.contentType).toBe('image/png');
    expect(result.removed).toEqual(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);
    expect(result.bytes.equals(cleanPng())).toBe(true);
    expect(result.bytes.includes(pngImageChunks().idat)).toBe(true);
    expect(await exifr.gps(result.bytes)).toBeUndefined();
    const after = await exifr.parse(result.bytes, everything);
    expect(after === undefined || !JSON.stringify(after).includes(SECRET)).toBe(true);
    expect(result.bytes.includes(Buffer.from(SECRET))).toBe(false);
  });

  it('refuses damaged PNGs: a bad checksum, truncated, no IHDR first, no IDAT, unknown critical chunk', () => {
    const clean = cleanPng();
    const { ihdr, idat, iend } = pngImageChunks();
    const signature = clean.subarray(0, 8);
    const badCrc = Buffer.from(clean);
    badCrc[badCrc.length - 20] ^= 0xff; // inside IDAT
    const unknownCritical = Buffer.from(iend);
    unknownCritical.write('XXXX', 4, 'latin1');
    const cases: [string, Buffer][] = [
      ['bad checksum', badCrc],
      ['truncated', clean.subarray(0, clean.length - 5)],
      ['no IEND', Buffer.concat([signature, ihdr, idat])],
      ['IDAT first', Buffer.concat([signature, idat, ihdr, iend])],
      ['no IDAT', Buffer.concat([signature, ihdr, iend])],
      ['unknown critical chunk', Buffer.concat([signature, ihdr, unknownCritical, idat, iend])],
      ['only the signature', signature],
    ];
    for (const [what, bytes] of cases) expect(() => stripMetadata(bytes), what).toThrow(ImageError);
  });
});

describe('stripMetadata: neither', () => {
  it('detects the type by content and refuses what is not a JPEG or PNG', () => {
    expect(detectImageType(cleanJpeg())).toBe('image/jpeg');
    expect(detectImageType(cleanPng())).toBe('image/png');
    for (const bytes of [
      Buffer.alloc(0),
      Buffer.from('hello'),
      Buffer.from('GIF89a'),
      Buffer.from('%PDF-1.7'),
      Buffer.from([0xff, 0xd8]),
    ]) {
      expect(detectImageType(bytes)).toBeUndefined();
      expect(() => stripMetadata(bytes)).toThrow('not a JPEG or PNG image');
    }
  });
});
