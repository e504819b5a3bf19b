// docs/analyzers/<id>.md must match the analyzers' own docs; regenerate with
// HEAPWISE_UPDATE_DOCS=1 npx vitest run src/analyzers/docs.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzerPage } from './docs.js';
import { analyzers } from './index.js';

const docsDir = path.resolve(import.meta.dirname, '../../docs/analyzers');

describe('analyzer documentation pages', () => {
  for (const a of analyzers) {
    it(`docs/analyzers/${a.id}.md is up to date`, () => {
      const file = path.join(docsDir, `${a.id}.md`);
      if (process.env.HEAPWISE_UPDATE_DOCS) writeFileSync(file, analyzerPage(a));
      expect(readFileSync(file, 'utf8')).toBe(analyzerPage(a));
      expect(a.url.endsWith(`/docs/analyzers/${a.id}.md`)).toBe(true);
    });
  }
});
