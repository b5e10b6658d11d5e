/**
 * Zip-bomb guard for uploaded .xlsx files. ExcelJS hands the buffer to JSZip, which inflates every entry into
 * memory and believes nothing but the compressed stream: an entry that declares 1,000 bytes but inflates to 2 GB
 * is inflated in full. So before ExcelJS sees a file, every entry is inflated here once, streamed, counting the
 * bytes that really come out and throwing them away, and stopped as soon as it passes what it declared, the
 * per-file total, or a plausible compression ratio. The archive is walked the way JSZip walks it (end of central
 * directory → central directory → local header → compressed data), so what is checked is what ExcelJS reads.
 */
import zlib from 'node:zlib';
import { AppError } from '../../errors';

export interface ZipLimits {
  /** Total uncompressed bytes of all entries, declared or real. */
  maxInflatedBytes: number;
  /** Largest uncompressed/compressed ratio of one entry once it is past `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

/**
 * 64 MB: a sheet at the 20,000-row import limit is about 9 MB of XML (ten columns), so a real workbook is far
 * below it. Real xlsx entries compress 2–20×; zeros compress about 1,000×, so 200× past 1 MB is a bomb.
 */
export const ZIP_LIMITS: ZipLimits = {
  maxInflatedBytes: 64 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATE = 8;
const sigOf = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

interface Entry {
  method: number;
  flags: number;
  compressedSize: number;
  declaredSize: number;
  dataStart: number;
}

const notXlsx = () => new AppError('IMPORT_NOT_XLSX');
const tooLarge = (limits: ZipLimits) =>
  new AppError('IMPORT_TOO_LARGE', { max: Math.round(limits.maxInflatedBytes / (1024 * 1024)) });

/**
 * The entries of the central directory, with where their data starts; throws IMPORT_NOT_XLSX if unreadable.
 * Read as JSZip reads it: the last end-of-central-directory signature, then central headers for as long as
 * their signature follows (JSZip ignores the declared count), each entry's data found through its local header.
 * Anything JSZip would read differently (zip64 fields, data before the central directory's stated place) is
 * refused rather than guessed at.
 */
function entriesOf(buf: Buffer): Entry[] {
  const eocd = buf.lastIndexOf(sigOf(EOCD));
  if (eocd < 0 || eocd + 22 > buf.length) throw notXlsx();
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  // Zip64 (more than 65,534 entries or 4 GB) is never a workbook someone imports.
  if (buf.readUInt16LE(eocd + 4) === 0xffff || buf.readUInt16LE(eocd + 6) === 0xffff || count === 0xffff) {
    throw notXlsx();
  }
  if (cdSize === 0xffffffff || cdOffset === 0xffffffff) throw notXlsx();
  // JSZip shifts every offset when the central directory does not end where the EOCD starts.
  if (cdOffset + cdSize !== eocd) throw notXlsx();
  const out: Entry[] = [];
  let p = cdOffset;
  while (p + 4 <= buf.length && buf.readUInt32LE(p) === CENTRAL) {
    if (p + 46 > buf.length) throw notXlsx();
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const declaredSize = buf.readUInt32LE(p + 24);
    const local = buf.readUInt32LE(p + 42);
    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff || local === 0xffffffff) throw notXlsx();
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw notXlsx();
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (dataStart + compressedSize > buf.length) throw notXlsx();
    out.push({ method, flags, compressedSize, declaredSize, dataStart });
  }
  if (out.length === 0) throw notXlsx();
  return out;
}

/**
 * Inflates raw deflate data, counting the output and keeping none of it; stops once more than `limit` bytes
 * came out. Resolves to the byte count, 'over' or 'corrupt'. Runs on libuv's thread pool, so other requests
 * go on while it works.
 */
function countInflated(data: Buffer, limit: number): Promise<number | 'over' | 'corrupt'> {
  return new Promise((resolve) => {
    const z = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
    let n = 0;
    let settled = false;
    const settle = (v: number | 'over' | 'corrupt') => {
      if (settled) return;
      settled = true;
      resolve(v);
    };
    z.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > limit) {
        settle('over');
        z.destroy();
      }
    });
    z.on('end', () => settle(n));
    z.on('error', () => settle('corrupt'));
    z.on('close', () => settle(n));
    z.end(data);
  });
}

/**
 * Refuses a file whose entries would inflate beyond the limits: IMPORT_TOO_LARGE (a zip bomb, declared or not),
 * IMPORT_NOT_XLSX (not a zip we can read: encrypted, zip64, an unknown compression method, corrupt data).
 */
export async function assertSafeZip(buf: Buffer, limits: ZipLimits = ZIP_LIMITS): Promise<void> {
  const entries = entriesOf(buf);
  // First what the archive declares: an honest bomb is refused without inflating a byte.
  let declared = 0;
  for (const e of entries) {
    declared += e.declaredSize;
    if (declared > limits.maxInflatedBytes) throw tooLarge(limits);
    if (e.declaredSize > limits.ratioFloorBytes && e.declaredSize > e.compressedSize * limits.maxRatio) {
      throw tooLarge(limits);
    }
  }
  // Then what it really holds: each entry may give at most what it declared (which is within the limits).
  for (const e of entries) {
    if (e.flags & 0x1) throw notXlsx(); // encrypted
    if (e.method === STORED) {
      if (e.compressedSize > e.declaredSize) throw tooLarge(limits);
      continue;
    }
    if (e.method !== DEFLATE) throw notXlsx();
    const got = await countInflated(buf.subarray(e.dataStart, e.dataStart + e.compressedSize), e.declaredSize);
    if (got === 'over') throw tooLarge(limits);
    if (got === 'corrupt') throw notXlsx();
  }
}
