/**
 * Progress of a run on stderr: a bar redrawn in place on a terminal, otherwise a line whenever
 * the count changes (so logs and CI output stay readable).
 */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const tty = stream.isTTY === true;
  let last = '';
  return {
    update(done: number, total: number, note = '') {
      const text = `${label} ${done}/${total} jobs${note ? ` ${note}` : ''}`;
      if (text === last) return;
      last = text;
      if (!tty) {
        stream.write(`${text}\n`);
        return;
      }
      const width = 30;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
    },
    end() {
      if (tty && last !== '') stream.write('\n');
    },
  };
}
