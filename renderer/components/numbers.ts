export const count = (n: number) => n.toLocaleString('en-US');

export const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;
