/**
 * Code blocks of the markdown docs, for the tests that run them: every ```ts block of a file, with
 * the `<!-- expect-output: REGEX -->` comments that follow it (each must match the block's stdout).
 */
import { readFileSync } from 'node:fs';

/** One TypeScript block of a document. */
export interface Snippet {
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
  expectOutput: RegExp[];
}

/** The ```ts blocks of a markdown file, in order. */
export function tsSnippets(file: string): Snippet[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```ts') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i].trim() !== '```'; i++) body.push(lines[i]);
    const expectOutput: RegExp[] = [];
    let j = i + 1;
    while (j < lines.length && (lines[j].trim() === '' || lines[j].startsWith('<!-- expect-output:'))) {
      const m = /^<!-- expect-output: (.*) -->$/.exec(lines[j].trim());
      if (m) expectOutput.push(new RegExp(m[1], 'm'));
      j++;
    }
    out.push({ line: start + 1, code: body.join('\n') + '\n', expectOutput });
  }
  return out;
}
