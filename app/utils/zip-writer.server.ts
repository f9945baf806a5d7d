import zlib from "node:zlib";

/**
 * A streaming ZIP writer for files that are already whole in memory, one at a time (APPNOTE 6.3.10).
 *
 * Entries are stored, not deflated: PDFs are compressed inside already, and stored entries keep
 * the writer trivial and fast. Because each file is complete before its header is written, the
 * local header carries the real CRC-32 and sizes, so no data descriptors are needed and a reader can
 * walk the stream entry by entry (the download page counts progress that way). Names are UTF-8
 * (general purpose flag bit 11). No ZIP64: a batch is refused past 65,535 entries or 4 GiB, far
 * beyond a cohort of ~70 KB documents. Memory held between entries: the central directory,
 * ~50 bytes plus the name per entry.
 */

export class ZipLimitError extends Error {
  override name = "ZipLimitError";
}

const UTF8_NAMES = 0x0800;
const VERSION = 20; // 2.0: what stored entries with these fields need; made by MS-DOS (host 0)
const MAX_U16 = 0xffff;
const MAX_U32 = 0xffffffff;

const crcTable = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

function tableCrc32(data: Uint8Array): number {
  let crc = -1;
  for (let index = 0; index < data.length; index++) crc = crcTable[(crc ^ data[index]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** zlib.crc32 (native) from Node 20.15 / 22.2; the table version before that. */
const nativeCrc32 = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;
export function crc32(data: Uint8Array): number {
  return nativeCrc32 ? nativeCrc32(data) >>> 0 : tableCrc32(data);
}

/** MS-DOS date and time fields, in Taiwan time (UTC+8, no daylight saving), which ZIP tools show as is. */
function dosDateTime(instant: Date): { date: number; time: number } {
  const local = new Date(instant.getTime() + 8 * 3_600_000);
  const year = Math.min(Math.max(local.getUTCFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((local.getUTCMonth() + 1) << 5) | local.getUTCDate(),
    time: (local.getUTCHours() << 11) | (local.getUTCMinutes() << 5) | Math.floor(local.getUTCSeconds() / 2),
  };
}

export class ZipWriter {
  private offset = 0;
  private readonly central: Buffer[] = [];
  private readonly names = new Set<string>();

  /** The bytes of one entry (local header, then the data as given); write them in order. */
  entry(name: string, data: Uint8Array, modified: Date): Uint8Array[] {
    if (this.names.has(name)) throw new Error(`Duplicate ZIP entry name: ${name}`);
    if (this.central.length >= MAX_U16) throw new ZipLimitError("A batch ZIP holds at most 65,535 files");
    const nameBytes = Buffer.from(name, "utf8");
    if (nameBytes.length > MAX_U16) throw new Error("ZIP entry name too long");
    if (data.length > MAX_U32 || this.offset + 30 + nameBytes.length + data.length > MAX_U32) {
      throw new ZipLimitError("A batch ZIP is limited to 4 GiB");
    }
    const crc = crc32(data);
    const { date, time } = dosDateTime(modified);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18); // compressed size
    local.writeUInt32LE(data.length, 22); // uncompressed size
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28); // extra field length

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(VERSION, 4); // version made by
    central.writeUInt16LE(VERSION, 6); // version needed
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    // extra, comment, disk number, internal and external attributes: all zero
    central.writeUInt32LE(this.offset, 42);
    this.central.push(central, nameBytes);
    this.names.add(name);

    this.offset += local.length + nameBytes.length + data.length;
    return [local, nameBytes, data];
  }

  /** The central directory and its end record; the archive is complete after these bytes. */
  finish(): Uint8Array {
    const directory = Buffer.concat(this.central);
    if (this.offset > MAX_U32 || directory.length > MAX_U32) throw new ZipLimitError("A batch ZIP is limited to 4 GiB");
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(0, 4);
    end.writeUInt16LE(0, 6);
    end.writeUInt16LE(this.names.size, 8);
    end.writeUInt16LE(this.names.size, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(this.offset, 16);
    end.writeUInt16LE(0, 20);
    return Buffer.concat([directory, end]);
  }
}
