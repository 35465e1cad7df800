import type { KeyObject } from 'node:crypto';
import type { PublicKeyInput } from '../../../shared/model/integrity.ts';
import { loadPublicKey } from './public-key.ts';
import { formatUtc, HOUR_MS, parseUtc } from './utc-time.ts';

export interface UsableKey {
  input: PublicKeyInput;
  key: KeyObject;
  fromMs: number;
  toMs: number;
}

export type KeyLookup = { ok: true; key: UsableKey } | { ok: false; reason: string };

// A digest is signed when it is written, shortly after its end time; around a rotation the
// key that signed it may be the one whose window starts or ends within that delay.
const SIGNING_DELAY_MS = HOUR_MS;

/** The public keys given for the case, loaded once, each checked against its fingerprint. */
export class Keyring {
  private readonly byFingerprint = new Map<string, UsableKey[]>();
  readonly rejected: { input: PublicKeyInput; reason: string }[] = [];

  constructor(readonly inputs: PublicKeyInput[]) {
    for (const input of inputs) {
      const loaded = loadPublicKey(input.der_base64, input.fingerprint);
      if (!loaded.ok) {
        this.rejected.push({ input, reason: loaded.reason });
        continue;
      }
      const usable: UsableKey = {
        input,
        key: loaded.key,
        fromMs: input.valid_from === null ? -Infinity : (parseUtc(input.valid_from) ?? -Infinity),
        toMs: input.valid_to === null ? Infinity : (parseUtc(input.valid_to) ?? Infinity),
      };
      const list = this.byFingerprint.get(loaded.fingerprint) ?? [];
      list.push(usable);
      this.byFingerprint.set(loaded.fingerprint, list);
    }
  }

  /** The key that signed a digest ending at `atMs`, or why there is none to check it with. */
  lookup(fingerprint: string, atMs: number): KeyLookup {
    const candidates = this.byFingerprint.get(fingerprint.toLowerCase()) ?? [];
    const current = candidates.find((k) => k.fromMs - SIGNING_DELAY_MS <= atMs && atMs <= k.toMs + SIGNING_DELAY_MS);
    if (current) return { ok: true, key: current };
    if (candidates.length > 0) {
      const k = candidates[0]!;
      const window = `${Number.isFinite(k.fromMs) ? formatUtc(k.fromMs) : 'any time'} to ${Number.isFinite(k.toMs) ? formatUtc(k.toMs) : 'now'}`;
      return {
        ok: false,
        reason: `signature not checked: key ${fingerprint} is valid from ${window} according to list-public-keys, and this digest ends at ${formatUtc(atMs)}`,
      };
    }
    const rejected = this.rejected.find((r) => r.input.fingerprint.toLowerCase() === fingerprint.toLowerCase());
    if (rejected)
      return {
        ok: false,
        reason: `signature not checked: the key given for fingerprint ${fingerprint} was refused (${rejected.reason})`,
      };
    if (this.inputs.length === 0) {
      return {
        ok: false,
        reason: `signature not checked: no public keys were given; add the output of \`aws cloudtrail list-public-keys\` for this digest's region and time (key ${fingerprint})`,
      };
    }
    return {
      ok: false,
      reason: `signature not checked: no key with fingerprint ${fingerprint} among the ${this.inputs.length} public key(s) given; add \`aws cloudtrail list-public-keys\` output covering this digest's region and time`,
    };
  }
}
