/**
 * Why a Sigma document cannot become a detection. Thrown from deep inside compilation so that
 * each step can stop with its own reason; compile.ts turns it into a refused result, and any
 * other error stays a bug.
 */
export class SigmaRefusal extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SigmaRefusal';
  }
}

export function refuse(reason: string): never {
  throw new SigmaRefusal(reason);
}
