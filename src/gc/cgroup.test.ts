import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { containerMemoryLimit, parseCgroupLimit, parseProcSelfCgroup } from './cgroup.js';

const MiB = 1 << 20;

/** A fake file system: path -> text; anything else fails like a missing file. */
function files(map: Record<string, string>) {
  return async (f: string) => {
    if (f in map) return map[f]!;
    throw Object.assign(new Error(`ENOENT: ${f}`), { code: 'ENOENT' });
  };
}

describe('cgroup limit files', () => {
  test('v2 memory.max: a number, or "max" for none', () => {
    expect(parseCgroupLimit('536870912\n')).toBe(512 * MiB);
    expect(parseCgroupLimit('max\n')).toBeNull();
    expect(parseCgroupLimit('')).toBeUndefined();
    expect(parseCgroupLimit('12M')).toBeUndefined();
  });
  test('v1 memory.limit_in_bytes: the kernel\'s "unlimited" values are none', () => {
    expect(parseCgroupLimit('9223372036854771712\n')).toBeNull(); // PAGE_COUNTER_MAX * 4096
    expect(parseCgroupLimit('9223372036854775807')).toBeNull();
    expect(parseCgroupLimit('268435456')).toBe(256 * MiB);
  });
  test('/proc/self/cgroup: the v2 path and the v1 memory controller path', () => {
    expect(parseProcSelfCgroup('0::/system.slice/app.service\n')).toEqual({ v2: '/system.slice/app.service' });
    const v1 = parseProcSelfCgroup('9:name=systemd:/\n4:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n0::/\n');
    expect(v1).toEqual({ v1Memory: '/docker/abc', v2: '/' });
    expect(parseProcSelfCgroup('5:cpuacct,memory:/k8s/pod1\n')).toEqual({ v1Memory: '/k8s/pod1' });
  });
  test('fuzz: any text is a limit, none, or not a limit; never a throw or a negative', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String), fc.constant('max')), (t) => {
        const r = parseCgroupLimit(t);
        if (typeof r === 'number') expect(r).toBeGreaterThanOrEqual(0);
        else expect(r === null || r === undefined).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (t) => {
        const p = parseProcSelfCgroup(t);
        expect(Object.keys(p).every((k) => k === 'v2' || k === 'v1Memory')).toBe(true);
      }),
    );
  });
});

describe('containerMemoryLimit', () => {
  test('cgroup v2 in a container (namespace root): memory.max at the mount', async () => {
    const read = files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/memory.max': '536870912\n' });
    expect(await containerMemoryLimit(read)).toEqual({ bytes: 512 * MiB, source: 'cgroup v2 /sys/fs/cgroup/memory.max' });
  });
  test('cgroup v2 on a host: the smallest limit on the path up from the process', async () => {
    const read = files({
      '/proc/self/cgroup': '0::/kubepods/pod1/ctr\n',
      '/sys/fs/cgroup/kubepods/pod1/ctr/memory.max': 'max\n',
      '/sys/fs/cgroup/kubepods/pod1/memory.max': '1073741824\n',
      '/sys/fs/cgroup/kubepods/memory.max': '8589934592\n',
    });
    expect(await containerMemoryLimit(read)).toEqual({ bytes: 1024 * MiB, source: 'cgroup v2 /sys/fs/cgroup/kubepods/pod1/memory.max' });
  });
  test('"max" everywhere: no limit, and where that was read', async () => {
    const read = files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/memory.max': 'max\n' });
    expect(await containerMemoryLimit(read)).toEqual({ bytes: null, source: 'cgroup v2 /sys/fs/cgroup/memory.max' });
  });
  test('cgroup v1: memory.limit_in_bytes of the memory controller, the mount root when the host path is absent', async () => {
    const read = files({
      '/proc/self/cgroup': '4:memory:/docker/abc\n0::/\n',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes': '268435456\n',
    });
    expect(await containerMemoryLimit(read)).toEqual({ bytes: 256 * MiB, source: 'cgroup v1 /sys/fs/cgroup/memory/memory.limit_in_bytes' });
    const unlimited = files({ '/proc/self/cgroup': '4:memory:/x\n', '/sys/fs/cgroup/memory/x/memory.limit_in_bytes': '9223372036854771712\n' });
    expect(await containerMemoryLimit(unlimited)).toEqual({ bytes: null, source: 'cgroup v1 /sys/fs/cgroup/memory/x/memory.limit_in_bytes' });
  });
  test('no cgroup files (not Linux): unknown', async () => {
    expect(await containerMemoryLimit(files({}))).toBeNull();
  });
  test('this machine: whatever it says, it reads without failing', async () => {
    const r = await containerMemoryLimit();
    if (r !== null) expect(r.source).toMatch(/^cgroup v[12] \//);
  });
});
