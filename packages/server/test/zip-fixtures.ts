/** Hand-built zip archives for the zip-bomb tests: sizes and offsets are whatever the test says, true or not. */
import zlib from 'node:zlib';

export interface RawEntry {
  name: string;
  /** The bytes stored in the archive (already deflated when method is 8). */
  data: Buffer;
  method?: 0 | 8;
  /** The uncompressed size written in the headers (a lie, for a bomb). */
  declaredSize: number;
  /** Point this central entry at an earlier entry's local header (overlapping entries). */
  sameDataAs?: number;
}

/** Deflates `bytes` zero bytes in 1 MB pieces, so a 300 MB bomb costs about 300 KB of memory to build. */
export async function deflatedZeros(bytes: number): Promise<Buffer> {
  const z = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve, reject) => {
    z.on('end', resolve);
    z.on('error', reject);
  });
  const piece = Buffer.alloc(1024 * 1024);
  for (let left = bytes; left > 0; left -= piece.length) {
    const part = left >= piece.length ? piece : piece.subarray(0, left);
    if (!z.write(part)) await new Promise((r) => z.once('drain', r));
  }
  z.end();
  await done;
  return Buffer.concat(out);
}

export const deflated = (text: string) => zlib.deflateRawSync(Buffer.from(text));

/** A zip with the given entries; `countInEocd` overrides the entry count the end record declares. */
export function buildZip(entries: RawEntry[], opts: { countInEocd?: number } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const method = e.method ?? 8;
    const crc = 0; // never reached: the guard stops before a CRC would be checked
    if (e.sameDataAs === undefined) {
      const h = Buffer.alloc(30);
      h.writeUInt32LE(0x04034b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(method, 8);
      h.writeUInt16LE(0x21, 12);
      h.writeUInt32LE(crc, 14);
      h.writeUInt32LE(e.data.length, 18);
      h.writeUInt32LE(e.declaredSize, 22);
      h.writeUInt16LE(name.length, 26);
      offsets.push(offset);
      locals.push(h, name, e.data);
      offset += h.length + name.length + e.data.length;
    } else {
      offsets.push(offsets[e.sameDataAs] ?? 0);
    }
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(method, 10);
    c.writeUInt16LE(0x21, 14);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(e.data.length, 20);
    c.writeUInt32LE(e.declaredSize, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offsets[offsets.length - 1] ?? 0, 42);
    centrals.push(c, name);
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(opts.countInEocd ?? entries.length, 8);
  end.writeUInt16LE(opts.countInEocd ?? entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="xml" ContentType="application/xml"/></Types>';

/** An .xlsx-looking zip whose sheet declares 1,000 bytes and inflates to `bytes` zeros. */
export async function lyingBomb(bytes: number): Promise<Buffer> {
  return buildZip([
    { name: '[Content_Types].xml', data: deflated(CONTENT_TYPES), declaredSize: CONTENT_TYPES.length },
    { name: 'xl/worksheets/sheet1.xml', data: await deflatedZeros(bytes), declaredSize: 1000 },
  ]);
}
