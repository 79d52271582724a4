/**
 * A progress bar on stderr for work that takes more than a second: it appears only after a
 * second has passed, only on a terminal (pipes and files stay clean), and is cleared when done.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let shown = false;
  return {
    update(fraction: number, step: string): void {
      if (!stream.isTTY || Date.now() - started < 1000) return;
      shown = true;
      const width = 24;
      const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
      stream.write(
        `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${step}\x1b[K`,
      );
    },
    done(): void {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
