// From process.getBuiltinModule, not `import fs`: the bundle would copy every export of fs into a
// module namespace at start-up. It is the object tests capture writeSync on.
const fs = process.getBuiltinModule('node:fs');

// `validate`'s output, written to the file descriptor directly. process.stderr (and stdout) are
// built on first use, and on a pipe, which is how CI runs every command, building one loads Node's
// net and stream modules: ~3 ms of a validate that prints one line.

/** Descriptors that refused a write (non-blocking and full): from then on, their stream writes. */
const viaStream = new Set<number>();

/** Writes `text` and a newline to stdout (1) or stderr (2), all of it, in order. */
export function writeLine(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(`${text}\n`);
  let written = 0;
  if (!viaStream.has(fd)) {
    try {
      // fs.writeSync looked up at each call, so a test can capture it as it captures the streams.
      while (written < bytes.length) written += fs.writeSync(fd, bytes, written);
      return;
    } catch (err) {
      // A pipe its reader left non-blocking refuses what does not fit (EAGAIN): the stream queues
      // it, and everything after it, so nothing overtakes it.
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      viaStream.add(fd);
    }
  }
  (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(written));
}
