import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_SMALL_SIZE,
  SIZE_CLASS_TO_SIZE,
  mallocHeaderBytes,
  sizeClass,
} from './size-classes.js';

const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' };

function goroot(): string {
  return execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8', env: goEnv }).trim();
}

/**
 * Extracts the class -> size table from the installed toolchain. Go 1.26 keeps
 * it in internal/runtime/gc (SizeClassToSize); older releases had it in
 * runtime/sizeclasses.go (class_to_size).
 */
function installedClassToSize(): number[] {
  const root = goroot();
  const candidates = [
    join(root, 'src', 'internal', 'runtime', 'gc', 'sizeclasses.go'),
    join(root, 'src', 'runtime', 'sizeclasses.go'),
  ];
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const src = readFileSync(file, 'utf8');
    const m = /var\s+(?:SizeClassToSize|class_to_size)\s*=\s*\[[^\]]*\]uint16\s*\{([^}]*)\}/.exec(src);
    if (m) return m[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  }
  throw new Error(`no size class table found in ${candidates.join(' or ')}`);
}

const GO_PROGRAM = `package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
)

func main() {
	var sizes []int
	if err := json.NewDecoder(os.Stdin).Decode(&sizes); err != nil {
		panic(err)
	}
	caps := make([]int, len(sizes))
	for i, n := range sizes {
		caps[i] = cap(bytes.Clone(make([]byte, n)))
	}
	w := bufio.NewWriter(os.Stdout)
	if err := json.NewEncoder(w).Encode(caps); err != nil {
		panic(err)
	}
	if err := w.Flush(); err != nil {
		panic(err)
	}
}
`;

/** Every size up to 2048, then each class boundary +-1 and a stride, up to 33000. */
function sampleSizes(): number[] {
  const set = new Set<number>();
  for (let n = 0; n <= 2048; n++) set.add(n);
  for (const c of SIZE_CLASS_TO_SIZE) for (const d of [-1, 0, 1]) set.add(c + d);
  for (let n = 2048; n <= 33000; n += 61) set.add(n);
  for (let n = MAX_SMALL_SIZE - 16; n <= MAX_SMALL_SIZE + 16; n++) set.add(n);
  set.add(33000);
  return [...set].filter((n) => n >= 0 && n <= 33000).sort((a, b) => a - b);
}

describe('size classes', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'heapwise-size-classes-'));
    writeFileSync(join(dir, 'main.go'), GO_PROGRAM);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('embedded table matches the installed Go runtime', () => {
    const installed = installedClassToSize();
    expect(installed).toHaveLength(68);
    expect(SIZE_CLASS_TO_SIZE).toEqual(installed);
    expect(SIZE_CLASS_TO_SIZE[SIZE_CLASS_TO_SIZE.length - 1]).toBe(MAX_SMALL_SIZE);
  });

  it('sizeClass agrees with cap(bytes.Clone(make([]byte, n))) in real Go', () => {
    const sizes = sampleSizes();
    const stdout = execFileSync('go', ['run', 'main.go'], {
      cwd: dir,
      input: JSON.stringify(sizes),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: goEnv,
    });
    const caps = JSON.parse(stdout) as number[];
    expect(caps).toHaveLength(sizes.length);

    const mismatches: string[] = [];
    sizes.forEach((n, i) => {
      const got = sizeClass(n);
      if (n <= MAX_SMALL_SIZE) {
        if (got !== caps[i]) mismatches.push(`n=${n}: sizeClass=${got} go=${caps[i]}`);
      } else if (got !== undefined) {
        mismatches.push(`n=${n}: expected undefined for a large object, got ${got}`);
      }
    });
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(sizes.filter((n) => n > MAX_SMALL_SIZE).length).toBeGreaterThan(0);
  });

  it('mallocHeaderBytes applies to pointerful small objects above 512 bytes', () => {
    expect(mallocHeaderBytes(0, true)).toBe(0);
    expect(mallocHeaderBytes(512, true)).toBe(0);
    expect(mallocHeaderBytes(513, true)).toBe(8);
    expect(mallocHeaderBytes(4096, false)).toBe(0);
    expect(mallocHeaderBytes(32760, true)).toBe(8);
    expect(mallocHeaderBytes(32761, true)).toBe(0);
    expect(mallocHeaderBytes(1 << 20, true)).toBe(0);
  });
});
