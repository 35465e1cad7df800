/** A bucket's start as an axis label: only as much of the time as the bucket size needs, in UTC. */
export function bucketLabel(iso: string, bucketSeconds: number, spansDays: boolean): string {
  const date = iso.slice(5, 10);
  const time = iso.slice(11, 16);
  if (bucketSeconds >= 86_400) return date;
  return spansDays ? `${date} ${time}` : time;
}

export const bucketEnd = (iso: string, bucketSeconds: number) => new Date(Date.parse(iso) + bucketSeconds * 1000).toISOString().replace('.000Z', 'Z');
