import { Parser, Language } from 'web-tree-sitter';
import fs from 'node:fs';
await Parser.init();
const Go = await Language.load('node_modules/tree-sitter-go/tree-sitter-go.wasm');
const p = new Parser(); p.setLanguage(Go);
const t = p.parse(fs.readFileSync(process.argv[2],'utf8'));
function dump(n, d, field) { console.log('  '.repeat(d) + (field?field+': ':'') + n.type + (n.childCount===0? ' '+JSON.stringify(n.text):'') + ` [${n.startPosition.row}:${n.startPosition.column}]`); for (let i=0;i<n.childCount;i++) dump(n.child(i), d+1, n.fieldNameForChild(i)); }
dump(t.rootNode, 0);
