// The gc compiler's word sizes per GOARCH. RegSize is the alignment of 64-bit integers and
// floats: 4 on 32-bit platforms, which is why atomic 64-bit fields need sync/atomic's align64.

export interface Arch {
  name: string;
  ptrSize: number;
  regSize: number;
}

export const arches: Record<string, Arch> = {
  amd64: { name: 'amd64', ptrSize: 8, regSize: 8 },
  arm64: { name: 'arm64', ptrSize: 8, regSize: 8 },
  '386': { name: '386', ptrSize: 4, regSize: 4 },
  arm: { name: 'arm', ptrSize: 4, regSize: 4 },
};

export function archNamed(name: string): Arch | undefined {
  return arches[name];
}
