/**
 * The Go runtime allocator's size classes on 64-bit platforms, as shipped by
 * Go 1.26 (internal/runtime/gc/sizeclasses.go; runtime/sizeclasses.go in older
 * releases).
 *
 * Small heap objects are not allocated with their exact size: the allocator
 * rounds each request up to the nearest "size class" and carves spans into
 * slots of that size. The difference between the requested size and the class
 * size is memory that is paid for but never used, which is why heapwise needs
 * the table: shrinking a struct from 49 to 48 bytes saves 16 bytes per object
 * (64 -> 48 class), while shrinking it from 47 to 40 saves nothing.
 *
 * The table is embedded rather than read from GOROOT so the CLI works without
 * a Go installation; a test checks it against the installed toolchain.
 */

/**
 * Object size in bytes for every size class, indexed by class number. Class 0
 * is the pseudo-class used for zero-sized and large (> MAX_SMALL_SIZE) objects.
 * 68 entries, strictly increasing.
 */
export const SIZE_CLASS_TO_SIZE: readonly number[] = Object.freeze([
  0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352,
  384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304,
  2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880,
  12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768,
]);

/** Largest object size served from size classes; bigger objects get their own spans. */
export const MAX_SMALL_SIZE = 32768;

/** Size of the per-object type header the allocator prepends to some objects (one pointer). */
export const MALLOC_HEADER_SIZE = 8;

/**
 * Objects containing pointers that are strictly larger than this carry a
 * malloc header (pointer size * bits per pointer word = 8 * 64 on 64-bit).
 */
export const MIN_SIZE_FOR_MALLOC_HEADER = 512;

/**
 * The size actually reserved for a pointer-free ("noscan") heap object of
 * `size` bytes, i.e. what `cap(bytes.Clone(make([]byte, size)))` reports.
 *
 * Returns 0 for 0 and `undefined` above MAX_SMALL_SIZE: such large objects
 * bypass the size classes and are allocated directly in whole pages, which
 * is outside what this table describes.
 */
export function sizeClass(size: number): number | undefined {
  if (!Number.isFinite(size) || size < 0) {
    throw new RangeError(`sizeClass: invalid size ${size}`);
  }
  if (size === 0) return 0;
  if (size > MAX_SMALL_SIZE) return undefined;

  // The runtime uses two lookup tables to find the class index; the result is
  // simply the smallest class that fits, which a binary search also finds.
  // (Requests between 32761 and 32768 bytes take the runtime's large-object
  // path because they leave no room for a malloc header, but page rounding
  // lands them on 32768 as well, so the answer is the same.)
  const want = Math.ceil(size);
  let lo = 1;
  let hi = SIZE_CLASS_TO_SIZE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((SIZE_CLASS_TO_SIZE[mid] as number) < want) lo = mid + 1;
    else hi = mid;
  }
  return SIZE_CLASS_TO_SIZE[lo] as number;
}

/**
 * Extra bytes the allocator adds in front of an object to record its type.
 *
 * Since Go 1.22 the garbage collector no longer keeps a separate pointer
 * bitmap for every heap word. Small objects of up to 512 bytes still have
 * their pointer bits stored at the end of their span, but a larger object
 * that contains pointers gets an 8-byte header (a pointer to its type
 * descriptor) in front of its data, so the GC can find its pointers. The
 * header is counted in the request before the size class is chosen: a
 * pointerful 1020-byte object needs 1028 bytes and lands in the 1152 class.
 *
 * Pointer-free objects never need one, and neither do large objects (which
 * record their type in the span itself). "Small" here means the object plus
 * header still fits in the largest size class, i.e. size <= 32760.
 *
 * Note that the 512-byte threshold is exclusive and exactly a class size, so
 * it gives the same answer before and after rounding to a size class.
 */
export function mallocHeaderBytes(size: number, hasPointers: boolean): number {
  if (!hasPointers) return 0;
  if (size <= MIN_SIZE_FOR_MALLOC_HEADER) return 0;
  if (size > MAX_SMALL_SIZE - MALLOC_HEADER_SIZE) return 0;
  return MALLOC_HEADER_SIZE;
}
