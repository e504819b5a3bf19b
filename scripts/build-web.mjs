// Bundles the report's front-end (web/) into one script and one stylesheet, which
// src/report/html.ts inlines into every HTML report: the report is a single file.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'dist/web');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [path.join(root, 'web/main.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  outfile: path.join(out, 'report.js'),
  logLevel: 'warning',
});
copyFileSync(path.join(root, 'web/style.css'), path.join(out, 'report.css'));
