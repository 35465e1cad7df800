import { sqlString } from '../../case/sql.ts';
import { refuse } from './refusal.ts';

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
/** Dotted IPv4 without leading zeros, which some readers take for octal: such an address matches no network. */
const IPV4 = `${OCTET}(\\.${OCTET}){3}`;
const CIDR = new RegExp(`^(?<address>${IPV4})(?:/(?<prefix>[0-9]{1,2}))?$`);

/** The first and last address of an IPv4 network, as numbers; host bits set in the value are ignored. */
export function ipv4Range(field: string, value: string): [number, number] {
  if (value.includes(':'))
    refuse(`field ${field}: the network ${JSON.stringify(value)} is IPv6; Trailscope matches IPv4 networks only.`);
  const match = CIDR.exec(value.trim());
  const prefix = Number(match?.groups?.prefix ?? 32);
  if (!match || prefix > 32)
    refuse(`field ${field}: ${JSON.stringify(value)} is not an IPv4 network such as 10.0.0.0/8.`);
  const address = match.groups!.address!.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const size = 2 ** (32 - prefix);
  const first = Math.floor(address / size) * size;
  return [first, first + size - 1];
}

/**
 * The dotted IPv4 address in `expr` as a number, NULL for anything else (an IPv6 address, a
 * service name such as "ec2.amazonaws.com"). DuckDB's inet extension would do this, but it
 * cannot be loaded here, so the address is taken apart in SQL.
 */
export function ipv4NumberSql(expr: string): string {
  const octet = (n: number) => `TRY_CAST(split_part(${expr}, '.', ${n}) AS BIGINT)`;
  return `CASE WHEN regexp_full_match(${expr}, ${sqlString(IPV4)}) THEN ((${octet(1)} * 256 + ${octet(2)}) * 256 + ${octet(3)}) * 256 + ${octet(4)} END`;
}
