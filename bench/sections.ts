// A benchmark is a folder of section modules (*.ts); each section prints its own JSON lines when imported.
import { readdirSync } from 'node:fs';

export async function runSections(folder: URL): Promise<void> {
  const only = process.argv[3];
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  for (const file of files) {
    if (only && !file.startsWith(only)) continue;
    await import(new URL(file, folder).href);
  }
}
