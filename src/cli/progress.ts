// A one-line progress bar on stderr (only when stderr is a terminal or forced), so --json output stays clean.
export function progressBar(enabled: boolean) {
  let last = '';
  return {
    update(stage: string, done: number, total: number) {
      if (!enabled) return;
      const width = 24;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const line = `${stage.padEnd(14)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
      if (line !== last) process.stderr.write(`\r${line}`);
      last = line;
    },
    done() {
      if (enabled && last) process.stderr.write('\n');
      last = '';
    },
  };
}
