/**
 * The first index below `length` at which `reached` holds, or `length` when it holds nowhere:
 * `reached` must be false up to some index and true from it on (a sorted list, searched by halves).
 */
export function firstIndex(length: number, reached: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (reached(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}
