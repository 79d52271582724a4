import { ImageError } from './imageError.js';

/**
 * The JPEG segments a decoder reads (ITU T.81 B.2), parsed into their defined fields so that
 * nothing can ride in them: the frame header (SOF), the scan header (SOS), the restart interval
 * (DRI) and the tables (DQT, DHT, DAC). A segment longer or shorter than its fields is refused,
 * as libjpeg refuses it. Tables are kept only where a decoder uses them: a table that no scan
 * reads (an unused slot, or one redefined before any scan read it) could carry 64 to 272 bytes
 * of anything, so it is dropped.
 */

export type TableKind =
  | 'quantisation'
  | 'Huffman DC'
  | 'Huffman AC'
  | 'arithmetic DC'
  | 'arithmetic AC';

export interface TableDefinition {
  readonly kind: TableKind;
  readonly id: number;
  /** The table as the segment holds it: its class/id byte and its defined fields. */
  readonly bytes: Buffer;
  used: boolean;
}

export interface Frame {
  /** Component id → quantisation table id. */
  readonly quantTables: ReadonlyMap<number, number>;
  readonly arithmetic: boolean;
  readonly progressive: boolean;
  readonly lossless: boolean;
}

export interface Scan {
  readonly components: readonly { id: number; dc: number; ac: number }[];
  readonly spectralStart: number;
  readonly approximationHigh: number;
}

const damaged = (what: string) => new ImageError(`damaged JPEG: ${what}`);

/** DQT: per table Pq/Tq, then 64 values of 1 (Pq 0) or 2 (Pq 1) bytes. */
export function parseDqt(payload: Buffer): TableDefinition[] {
  const tables: TableDefinition[] = [];
  for (let at = 0; at < payload.length; ) {
    const precision = payload[at] >> 4;
    const id = payload[at] & 0x0f;
    const length = 1 + 64 * (precision + 1);
    if (precision > 1 || id > 3 || at + length > payload.length)
      throw damaged('a quantisation table segment (DQT) holds bytes that are not a whole table');
    tables.push({
      kind: 'quantisation',
      id,
      bytes: payload.subarray(at, at + length),
      used: false,
    });
    at += length;
  }
  if (tables.length === 0) throw damaged('an empty quantisation table segment (DQT)');
  return tables;
}

/** DHT: per table Tc/Th, 16 code-length counts, then as many symbols as the counts add up to. */
export function parseDht(payload: Buffer): TableDefinition[] {
  const tables: TableDefinition[] = [];
  for (let at = 0; at < payload.length; ) {
    const tableClass = payload[at] >> 4;
    const id = payload[at] & 0x0f;
    let symbols = 0;
    for (let i = 1; i <= 16 && at + i < payload.length; i++) symbols += payload[at + i];
    const length = 17 + symbols;
    if (tableClass > 1 || id > 3 || symbols > 256 || at + length > payload.length)
      throw damaged('a Huffman table segment (DHT) holds bytes that are not a whole table');
    const kind = tableClass === 0 ? 'Huffman DC' : 'Huffman AC';
    tables.push({ kind, id, bytes: payload.subarray(at, at + length), used: false });
    at += length;
  }
  if (tables.length === 0) throw damaged('an empty Huffman table segment (DHT)');
  return tables;
}

/** DAC: per table Tc/Tb and one conditioning value (DC: L ≤ U in nibbles; AC: Kx 1–63). */
export function parseDac(payload: Buffer): TableDefinition[] {
  if (payload.length === 0 || payload.length % 2 !== 0)
    throw damaged('an arithmetic conditioning segment (DAC) is not whole tables');
  const tables: TableDefinition[] = [];
  for (let at = 0; at < payload.length; at += 2) {
    const tableClass = payload[at] >> 4;
    const id = payload[at] & 0x0f;
    const value = payload[at + 1];
    const valid =
      id <= 3 &&
      ((tableClass === 0 && (value & 0x0f) <= value >> 4) ||
        (tableClass === 1 && value >= 1 && value <= 63));
    if (!valid) throw damaged('an arithmetic conditioning table (DAC) has a value out of range');
    const kind = tableClass === 0 ? 'arithmetic DC' : 'arithmetic AC';
    tables.push({ kind, id, bytes: payload.subarray(at, at + 2), used: false });
  }
  return tables;
}

/** SOF: precision, height, width, Nf, then per component its id, sampling factors and Tq. */
export function parseFrame(marker: number, payload: Buffer): Frame {
  const count = payload.length >= 6 ? payload[5] : 0;
  if (count === 0 || payload.length !== 6 + 3 * count)
    throw damaged('the frame header (SOF) is not its defined fields');
  if (payload.readUInt16BE(3) === 0) throw damaged('the frame header has no width');
  const quantTables = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const at = 6 + 3 * i;
    if (quantTables.has(payload[at]) || payload[at + 2] > 3)
      throw damaged('the frame header (SOF) has a repeated component or a bad table id');
    quantTables.set(payload[at], payload[at + 2]);
  }
  const type = marker & 0x03; // 0 baseline/sequential, 1 extended, 2 progressive, 3 lossless
  return {
    quantTables,
    arithmetic: marker >= 0xc9,
    progressive: type === 2,
    lossless: type === 3,
  };
}

/** SOS: Ns, per component its id and Td/Ta, then Ss, Se and Ah/Al. */
export function parseScan(payload: Buffer, frame: Frame): Scan {
  const count = payload.length >= 1 ? payload[0] : 0;
  if (count < 1 || count > 4 || payload.length !== 4 + 2 * count)
    throw damaged('a scan header (SOS) is not its defined fields');
  const components: { id: number; dc: number; ac: number }[] = [];
  for (let i = 0; i < count; i++) {
    const id = payload[1 + 2 * i];
    const dc = payload[2 + 2 * i] >> 4;
    const ac = payload[2 + 2 * i] & 0x0f;
    if (!frame.quantTables.has(id) || dc > 3 || ac > 3)
      throw damaged('a scan names a component the frame does not have, or a bad table id');
    components.push({ id, dc, ac });
  }
  return {
    components,
    spectralStart: payload[1 + 2 * count],
    approximationHigh: payload[3 + 2 * count] >> 4,
  };
}

/** DRI: the restart interval, two bytes. */
export function checkRestartInterval(payload: Buffer): void {
  if (payload.length !== 2) throw damaged('the restart interval (DRI) is not two bytes');
}

/** Which table definition is current for each slot, and which of them a decoder reads. */
export class TableUse {
  private readonly current = new Map<string, TableDefinition>();

  define(tables: readonly TableDefinition[]): void {
    for (const table of tables) this.current.set(`${table.kind} ${table.id}`, table);
  }

  /** A scan reads the quantisation table of each of its components and the entropy tables its
   * coding needs: sequential both DC and AC; progressive DC-first scans (Ss 0, Ah 0) the DC
   * table, DC refinements none, AC scans (Ss > 0) the AC table; lossless the DC table only. */
  scan(frame: Frame, scan: Scan): void {
    const coding = frame.arithmetic ? 'arithmetic' : 'Huffman';
    const dc =
      frame.lossless ||
      !frame.progressive ||
      (scan.spectralStart === 0 && scan.approximationHigh === 0);
    const ac = !frame.lossless && (!frame.progressive || scan.spectralStart > 0);
    for (const component of scan.components) {
      this.use('quantisation', frame.quantTables.get(component.id) ?? -1);
      if (dc) this.use(`${coding} DC`, component.dc);
      if (ac) this.use(`${coding} AC`, component.ac);
    }
  }

  /** Some decoders look the quantisation tables up when the image ends (jpeg-js does), so the
   * last definition of every table the frame names is kept as well. */
  end(frame: Frame): void {
    for (const id of frame.quantTables.values()) this.use('quantisation', id);
  }

  private use(kind: TableKind, id: number): void {
    const table = this.current.get(`${kind} ${id}`);
    if (table) table.used = true;
  }
}
