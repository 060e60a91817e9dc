/**
 * Progress for long commands: a line redrawn in place on a TTY, nothing otherwise (so piped
 * output and logs stay clean).
 */
export function progress(stream: NodeJS.WritableStream & { isTTY?: boolean }, label: string) {
  const tty = stream.isTTY === true;
  let last = 0;
  return {
    update(done: number, total: number) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const width = 30;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`,
      );
    },
    done() {
      if (tty) stream.write('\n');
    },
  };
}
