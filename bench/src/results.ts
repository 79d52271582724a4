import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * RESULTS.md holds one section per benchmark between `<!-- bench:NAME:start -->` and
 * `<!-- bench:NAME:end -->`; a run replaces only its own section, so benchmarks added later (and
 * runs with `--only`) leave the others as they were.
 */

const FILE_HEADER = `# Benchmark results

Written by \`npm run bench\` (\`bench/src/run.ts\`). Each section below is rewritten by its own
benchmark; figures compare only within a section, on the machine named there.
`;

export function writeSection(filePath: string, name: string, sectionMarkdown: string): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${sectionMarkdown.trim()}\n${end}`;
  const current = existsSync(filePath) ? readFileSync(filePath, 'utf8') : FILE_HEADER;
  const startAt = current.indexOf(start);
  const endAt = current.indexOf(end, startAt);
  const next =
    startAt >= 0 && endAt >= 0
      ? current.slice(0, startAt) + block + current.slice(endAt + end.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(filePath, next);
}
