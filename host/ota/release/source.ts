// Bounded reads of a package. A package is untrusted until verified, so nothing here reads more
// than the header, the announced metadata (≤ MAX_METADATA_BYTES) and the image length the
// verified targets sign, plus one byte to see whether more follows. Non-regular files (a
// symlink to /dev/zero, a FIFO, a directory, a device) are refused from lstat/fstat before a
// single byte is read; the file is opened O_NOFOLLOW | O_NONBLOCK so a swapped-in FIFO or
// symlink cannot block or redirect the open.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { OtaError, OtaRefusal } from '../errors.js';
import { MAX_IMAGE_BYTES, MAX_METADATA_BYTES } from './limits.js';
import { HEADER_BYTES, MAGIC } from './package.js';

/** Random access to a package's bytes, file- or memory-backed. */
export interface PackageSource {
  readonly name: string;
  readonly size: number;
  /** Reads exactly `length` bytes at `position`, or fewer at the end of the data. */
  read(position: number, length: number): Buffer;
  close(): void;
}

const KIND = (s: { isDirectory(): boolean; isFIFO(): boolean; isSymbolicLink(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string =>
  s.isDirectory() ? 'a directory' : s.isFIFO() ? 'a FIFO' : s.isSymbolicLink() ? 'a symbolic link' : s.isCharacterDevice() ? 'a character device'
    : s.isBlockDevice() ? 'a block device' : s.isSocket() ? 'a socket' : 'not a regular file';

/** Largest file that can be a package at all; anything bigger is refused from its size. */
export const MAX_PACKAGE_BYTES = HEADER_BYTES + MAX_METADATA_BYTES + MAX_IMAGE_BYTES;

export function openPackageFile(path: string): PackageSource {
  let st;
  try { st = lstatSync(path); } catch { throw new OtaError('not-found', `package not found: ${path}`); }
  if (!st.isFile()) throw new OtaRefusal('not-regular-file', `${path} is ${KIND(st)}: a package must be a regular file`);
  let fd: number;
  try { fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK); } catch (e) {
    throw new OtaRefusal('not-regular-file', `${path} cannot be opened as a regular file (${(e as NodeJS.ErrnoException).code})`);
  }
  const fst = fstatSync(fd);
  if (!fst.isFile()) { closeSync(fd); throw new OtaRefusal('not-regular-file', `${path} is ${KIND(fst)}: a package must be a regular file`); }
  if (fst.size > MAX_PACKAGE_BYTES) { closeSync(fd); throw new OtaRefusal('endless-data', `${path} has ${fst.size} B; no package can exceed ${MAX_PACKAGE_BYTES} B`); }
  return {
    name: path, size: fst.size,
    read(position, length) {
      const buf = Buffer.alloc(length);
      let got = 0;
      while (got < length) {
        const n = readSync(fd, buf, got, length - got, position + got);
        if (n === 0) break;
        got += n;
      }
      return got === length ? buf : buf.subarray(0, got);
    },
    close() { closeSync(fd); },
  };
}

export function memorySource(bytes: Uint8Array, name = 'package'): PackageSource {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length > MAX_PACKAGE_BYTES) throw new OtaRefusal('endless-data', `${name} has ${buf.length} B; no package can exceed ${MAX_PACKAGE_BYTES} B`);
  return { name, size: buf.length, read: (p, l) => buf.subarray(p, Math.min(buf.length, p + l)), close() {} };
}

export const openSource = (source: string | Uint8Array): PackageSource => (typeof source === 'string' ? openPackageFile(source) : memorySource(source));

/** The header and the metadata section, with the cap enforced before the section is read. */
export function readMetadataSection(src: PackageSource): { metaBytes: Buffer; imageOffset: number } {
  const head = src.read(0, HEADER_BYTES);
  if (head.length < HEADER_BYTES) throw new OtaRefusal('malformed', `${src.name}: file ends inside the header (${head.length} B)`);
  if (!head.subarray(0, MAGIC.length).equals(MAGIC)) throw new OtaRefusal('malformed', `${src.name}: not an HPA-ECU release package (bad magic)`);
  const n = head.readUInt32BE(MAGIC.length);
  if (n > MAX_METADATA_BYTES) throw new OtaRefusal('endless-data', `${src.name}: metadata section announces ${n} B; the cap is ${MAX_METADATA_BYTES} B`);
  const metaBytes = src.read(HEADER_BYTES, n);
  if (metaBytes.length < n) throw new OtaRefusal('malformed', `${src.name}: file ends inside the metadata (truncated at ${HEADER_BYTES + metaBytes.length} B)`);
  return { metaBytes, imageOffset: HEADER_BYTES + n };
}

/** Reads a whole package into memory, bounded (for paths that hand bytes to a worker). */
export function readPackageFile(path: string): Uint8Array {
  const src = openPackageFile(path);
  try { return new Uint8Array(src.read(0, src.size)); } finally { src.close(); }
}
