// npm run bench: heapwise --only struct-padding and fieldalignment side by side, same run,
// same trees (the standard library and the example). Prints wall time (median of 3 after a
// warm-up), peak RSS and the ratios. Targets: heapwise >= 2x faster, RSS < 1 GB.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '..');
const toolsDir = path.join(repo, 'node_modules/.cache/heapwise-tools');
const fa = path.join(toolsDir, 'fieldalignment');
if (!existsSync(fa)) {
  mkdirSync(toolsDir, { recursive: true });
  execFileSync('go', ['install', 'golang.org/x/tools/go/analysis/passes/fieldalignment/cmd/fieldalignment@v0.52.0'], {
    env: { ...process.env, GOBIN: toolsDir },
    stdio: 'inherit',
  });
}
const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
const trees = [
  { name: 'std', dir: path.join(goroot, 'src') },
  { name: 'examples/shopsvc', dir: path.join(repo, 'examples/shopsvc') },
];

function measure(cmd, args, cwd) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, rssKb] = last.split(' ').map(Number);
  return { wall, rssMb: rssKb / 1024, stdout: r.stdout };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

console.log('tree               tool            wall s   peak RSS MB');
for (const t of trees) {
  const runs = { heapwise: [], fieldalignment: [] };
  const hwArgs = [path.join(repo, 'dist/cli/main.js'), 'analyze', './...', '--only', 'struct-padding', '--format', 'json'];
  for (let i = 0; i < 4; i++) {
    const h = measure(process.execPath, hwArgs, t.dir);
    const f = measure(fa, ['-test=false', './...'], t.dir);
    if (i > 0) {
      runs.heapwise.push(h);
      runs.fieldalignment.push(f);
    }
  }
  const row = (tool) => {
    const wall = median(runs[tool].map((r) => r.wall));
    const rss = Math.max(...runs[tool].map((r) => r.rssMb));
    console.log(`${t.name.padEnd(18)} ${tool.padEnd(15)} ${wall.toFixed(2).padStart(6)}   ${rss.toFixed(0).padStart(11)}`);
    return { wall, rss };
  };
  const h = row('heapwise');
  const f = row('fieldalignment');
  const speed = f.wall / h.wall;
  console.log(
    `${t.name.padEnd(18)} ratio: heapwise ${speed.toFixed(2)}x faster (target 2x: ${speed >= 2 ? 'met' : 'MISSED'}), RSS ${h.rss.toFixed(0)} MB vs ${f.rss.toFixed(0)} MB (target < 1024: ${h.rss < 1024 ? 'met' : 'MISSED'})`,
  );
}
