/**
 * The size limit on every file a user gives the tool to parse: manifests, kustomization files and
 * kustomize output, ECS task definitions/services/scaling, smoke-test specs, images lists and
 * parity request lists. The YAML parser needs about 40 times a document's size in memory (a 20 MiB
 * manifest took 4 s and +740 MiB RSS before it could be refused), so a file over the limit is
 * refused from its size alone, before a byte of it is read.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { lstat, open, readlink, realpath } from 'node:fs/promises';
import path from 'node:path';
import { UserInputError } from '../errors.js';

/**
 * 8 MiB per file. A Kubernetes object may be at most 1.5 MiB (etcd) and one API request at most
 * 3 MiB, so no manifest that could be applied comes near it; 8 MiB of ordinary manifests is some
 * 19,000 objects.
 */
export const MAX_INPUT_FILE_BYTES = 8 * 1024 * 1024;

/** `20.0 MiB`, `8 MiB`, `512 KiB`, `100 bytes`. */
function formatBytes(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  if (mib >= 1) return Number.isInteger(mib) ? `${mib} MiB` : `${mib.toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

/**
 * The error for a file over {@link MAX_INPUT_FILE_BYTES}: names the file, its size (or "more than"
 * the limit when the size is not known up front, as for a pipe or a command's output) and the limit.
 */
export function inputTooLarge(file: string, size: number | undefined, what = 'input files'): UserInputError {
  const limit = formatBytes(MAX_INPUT_FILE_BYTES);
  const sized = size === undefined ? `is larger than ${limit}` : `is ${formatBytes(size)} (${size} bytes)`;
  return new UserInputError(`${sized}; ${what} are limited to ${limit}, so it was not parsed`, file);
}

/**
 * Read a user's file as UTF-8 text, refusing it with {@link inputTooLarge} (a UserInputError naming
 * `shown`) when it is over the limit: from its size before reading anything, and by never reading
 * more than the limit when the size says nothing (pipes, devices, a file that grows meanwhile).
 * Other failures (ENOENT, EACCES, …) are thrown as they are, for the caller to word.
 */
export async function readInputFile(file: string, shown = file, what?: string): Promise<string> {
  const fh = await open(file, 'r');
  try {
    const info = await fh.stat();
    if (info.size > MAX_INPUT_FILE_BYTES) throw inputTooLarge(shown, info.size, what);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = nextReadSize(info.size, total);
      const chunk = Buffer.allocUnsafe(want);
      const { bytesRead } = await fh.read(chunk, 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > MAX_INPUT_FILE_BYTES) throw inputTooLarge(shown, undefined, what);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    await fh.close();
  }
}

/** {@link readInputFile} for synchronous callers (configuration parsing). */
export function readInputFileSync(file: string, shown = file, what?: string): string {
  const fd = openSync(file, 'r');
  try {
    const info = fstatSync(fd);
    if (info.size > MAX_INPUT_FILE_BYTES) throw inputTooLarge(shown, info.size, what);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = nextReadSize(info.size, total);
      const chunk = Buffer.allocUnsafe(want);
      const bytesRead = readSync(fd, chunk, 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > MAX_INPUT_FILE_BYTES) throw inputTooLarge(shown, undefined, what);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The whole file plus one byte (to see the end) in one read when stat knows its size; never past limit + 1. */
function nextReadSize(statSize: number, total: number): number {
  return Math.min(MAX_INPUT_FILE_BYTES + 1 - total, Math.max(statSize - total + 1, 64 * 1024));
}

/** True when `p` is `root` or below it (both absolute, normalised). */
function isInsideDir(p: string, root: string): boolean {
  const base = root.endsWith(path.sep) ? root : root + path.sep;
  return p === root || p.startsWith(base);
}

/**
 * Prove that `file` (relative paths resolve against the current directory, as the user typed
 * them) and whatever its symbolic links point at stay inside `workspace`; returns its real path.
 * A UserInputError naming `shown` (the file, and `field` when given) otherwise, before the file
 * is read. ENOENT and other errors are thrown as they are.
 */
export async function confineToWorkspace(
  workspace: string,
  file: string,
  shown = file,
  field?: string,
): Promise<string> {
  const root = path.resolve(workspace);
  const rootReal = await realpath(root);
  const abs = path.resolve(file);
  if (!isInsideDir(abs, root) && !isInsideDir(abs, rootReal)) {
    throw new UserInputError(`is outside the workspace ${root}; inputs must come from the repository`, shown, field);
  }
  const real = await realpath(abs);
  if (!isInsideDir(real, rootReal))
    throw new UserInputError(`is a symbolic link to ${real}, outside the workspace ${root}`, shown, field);
  return real;
}

/**
 * Check where an output file would go before anything is written: a symbolic link there (a
 * committed `report.md -> ~/.bashrc`) is refused, since writing would follow it out of the
 * workspace. Returns quietly when the file does not exist yet.
 */
export async function refuseSymlinkTarget(file: string, field?: string): Promise<void> {
  let info;
  try {
    info = await lstat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (info.isSymbolicLink())
    throw new UserInputError(
      `is a symbolic link (to ${await readlink(file)}); an output is not written through a link, which could point anywhere`,
      file,
      field,
    );
}

/**
 * Write an output file without following a symbolic link at its name (O_NOFOLLOW): the check of
 * {@link refuseSymlinkTarget} made race-free. A link there is a UserInputError naming the file.
 */
export async function writeOutputFile(file: string, text: string, field?: string): Promise<void> {
  let fh;
  try {
    fh = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP')
      throw new UserInputError(
        'is a symbolic link; an output is not written through a link, which could point anywhere',
        file,
        field,
      );
    throw err;
  }
  try {
    await fh.writeFile(text);
  } finally {
    await fh.close();
  }
}
