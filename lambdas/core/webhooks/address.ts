/**
 * Which addresses a webhook may be sent to: public unicast only (SSRF). The rule is applied to a URL's
 * literal host when a webhook is registered, and to every address a host name resolves to when a
 * delivery connects (lambdas/deliver-webhooks), so a name that points at the instance metadata service,
 * the machine itself or a private network is refused in AWS and locally alike.
 *
 * Refused, by what they are (IANA's special-purpose registries, RFC 6890):
 * - IPv4: 0/8, 10/8, 100.64/10 (CGNAT), 127/8, 169.254/16 (link-local: 169.254.169.254 is EC2's and
 *   ECS's metadata service), 172.16/12, 192.0.0/24, the documentation ranges (192.0.2/24, 198.51.100/24,
 *   203.0.113/24), 192.88.99/24 (the 6to4 relay), 192.168/16, 198.18/15, multicast 224/4, 240/4 and the
 *   broadcast address.
 * - IPv6: everything outside global unicast 2000::/3 (so ::, ::1, IPv4-mapped ::ffff:a.b.c.d and
 *   IPv4-compatible ::a.b.c.d, unique-local fc00::/7, link-local fe80::/10, site-local fec0::/10,
 *   multicast ff00::/8, discard 100::/64, NAT64's local-use 64:ff9b:1::/48), and inside it the IETF
 *   protocol block 2001::/23 (Teredo 2001::/32, whose client address is hidden and cannot be checked,
 *   is in it), documentation 2001:db8::/32 and 3fff::/20.
 * - Forms that carry an IPv4 address are judged by that address: 6to4 (2002:AABB:CCDD::/16 carries
 *   AA.BB.CC.DD) and NAT64 (64:ff9b::/96, the IPv4 address in the last 32 bits).
 *
 * Decimal, octal and hexadecimal IPv4 hosts (`http://2852039166/`, `http://0xA9FEA9FE/`,
 * `http://0251.0376.0251.0376/`) are normalised to dotted decimal by the WHATWG URL parser before they
 * get here; `nonPublicAddress` reads only canonical forms and treats anything else as a host name.
 *
 * Pure computation (no node:net, which the core may not import): addresses are parsed to bytes here.
 */

/** What a non-public address is, as said in an error ("…'s host is a loopback address"). */
export type NonPublicKind =
  | 'a loopback address'
  | 'a private address'
  | 'a link-local address'
  | 'a reserved or multicast address'
  | 'a documentation address'
  | 'a Teredo address'
  | 'an IPv6 form of an IPv4 address';

type Rule = readonly [network: readonly number[], prefix: number, kind: NonPublicKind];

const V4_RULES: readonly Rule[] = [
  [[0, 0, 0, 0], 8, 'a reserved or multicast address'],
  [[10, 0, 0, 0], 8, 'a private address'],
  [[100, 64, 0, 0], 10, 'a private address'],
  [[127, 0, 0, 0], 8, 'a loopback address'],
  [[169, 254, 0, 0], 16, 'a link-local address'],
  [[172, 16, 0, 0], 12, 'a private address'],
  [[192, 0, 0, 0], 24, 'a reserved or multicast address'],
  [[192, 0, 2, 0], 24, 'a documentation address'],
  [[192, 88, 99, 0], 24, 'a reserved or multicast address'],
  [[192, 168, 0, 0], 16, 'a private address'],
  [[198, 18, 0, 0], 15, 'a reserved or multicast address'],
  [[198, 51, 100, 0], 24, 'a documentation address'],
  [[203, 0, 113, 0], 24, 'a documentation address'],
  // Multicast, the old class E and the broadcast address 255.255.255.255.
  [[224, 0, 0, 0], 3, 'a reserved or multicast address'],
];

/** IPv6 prefixes, as 16-bit groups; checked in order, the first match says what the address is. */
const V6_RULES: readonly Rule[] = [
  [[0, 0, 0, 0, 0, 0, 0, 1], 128, 'a loopback address'],
  [[0, 0, 0, 0, 0, 0xffff, 0, 0], 96, 'an IPv6 form of an IPv4 address'],
  [[0, 0, 0, 0, 0xffff, 0, 0, 0], 96, 'an IPv6 form of an IPv4 address'],
  [[0, 0, 0, 0, 0, 0, 0, 0], 96, 'an IPv6 form of an IPv4 address'],
  [[0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48, 'a private address'],
  [[0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, 'a private address'],
  [[0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, 'a link-local address'],
  [[0xfec0, 0, 0, 0, 0, 0, 0, 0], 10, 'a private address'],
  [[0x2001, 0, 0, 0, 0, 0, 0, 0], 32, 'a Teredo address'],
  [[0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, 'a documentation address'],
  [[0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, 'a documentation address'],
  [[0x2001, 0, 0, 0, 0, 0, 0, 0], 23, 'a reserved or multicast address'],
];

function matches(value: readonly number[], network: readonly number[], prefix: number, bits: number): boolean {
  let left = prefix;
  for (let i = 0; left > 0; i++, left -= bits) {
    const take = Math.min(bits, left);
    const shift = bits - take;
    if (value[i]! >> shift !== network[i]! >> shift) return false;
  }
  return true;
}

/** Dotted decimal only (`169.254.169.254`), each part 0-255 without leading zeros; null otherwise. */
export function parseIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((part) => (/^(0|[1-9]\d{0,2})$/.test(part) ? Number(part) : Number.NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

/** The eight 16-bit groups of an IPv6 address (`::`, an embedded dotted IPv4 tail, no zone); null otherwise. */
export function parseIPv6(text: string): number[] | null {
  if (!/^[0-9a-f:.]+$/i.test(text) || text.length > 45) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (piece.includes('.')) {
        const v4 = i === pieces.length - 1 ? parseIPv4(piece) : null;
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return null;
  // An embedded IPv4 tail belongs at the end only.
  if (halves.length === 2 && halves[0]!.includes('.')) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : null;
}

function v4Kind(bytes: readonly number[]): NonPublicKind | null {
  for (const [network, prefix, kind] of V4_RULES) if (matches(bytes, network, prefix, 8)) return kind;
  return null;
}

function v4Of(high: number, low: number): number[] {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}

function v6Kind(groups: readonly number[]): NonPublicKind | null {
  // NAT64's well-known prefix (RFC 6052) and 6to4 (RFC 3056) are as public as the IPv4 address they carry.
  if (matches(groups, [0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96, 16)) return v4Kind(v4Of(groups[6]!, groups[7]!));
  if (groups[0] === 0x2002) return v4Kind(v4Of(groups[1]!, groups[2]!));
  for (const [network, prefix, kind] of V6_RULES) if (matches(groups, network, prefix, 16)) return kind;
  // Outside global unicast (2000::/3) nothing is a partner's server.
  if (groups[0]! >> 13 !== 1) return 'a reserved or multicast address';
  return null;
}

/**
 * What `host` is when it is an IP address Attune must not call; null for a public address and for a
 * host name (which is checked again, address by address, when a delivery resolves it).
 * `host` is a URL's `hostname` (an IPv6 address in brackets is fine) or an address DNS answered.
 *
 * @example
 * nonPublicAddress('169.254.169.254');      // 'a link-local address'
 * nonPublicAddress('[2002:a9fe:a9fe::]');   // 'a link-local address' (6to4 of 169.254.169.254)
 * nonPublicAddress('93.184.216.34');        // null
 * nonPublicAddress('example.com');          // null: not an address
 */
export function nonPublicAddress(host: string): NonPublicKind | null {
  const bare = bareHost(host);
  const v4 = parseIPv4(bare);
  if (v4) return v4Kind(v4);
  if (!bare.includes(':')) return null;
  const v6 = parseIPv6(bare.replace(/%.*$/, ''));
  // Something with a colon that is no IPv6 address is not a host name either: refuse it rather than guess.
  return v6 ? v6Kind(v6) : 'a reserved or multicast address';
}

/** A URL's hostname or a DNS answer as the rules read it: no IPv6 brackets, no trailing root dot, lower case. */
function bareHost(host: string): string {
  return host
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}

/** `localhost` and its subdomains (RFC 6761): loopback by name, whatever a resolver answers. */
export function isLocalhostName(host: string): boolean {
  const bare = bareHost(host);
  return bare === 'localhost' || bare.endsWith('.localhost');
}

/** Whether `host` is an IP address literal (either family, brackets allowed), as opposed to a name to resolve. */
export function isAddressLiteral(host: string): boolean {
  const bare = bareHost(host);
  return parseIPv4(bare) !== null || (bare.includes(':') && parseIPv6(bare.replace(/%.*$/, '')) !== null);
}

/** Loopback names and addresses: what a local developer's receiver listens on, and nothing else. */
export function isLoopbackHost(host: string): boolean {
  return isLocalhostName(host) || nonPublicAddress(host) === 'a loopback address';
}

/** Whether a URL's host may be called; the reason (no host or URL text in it) when not. */
export type WebhookTargetVerdict = { ok: true } | { ok: false; reason: string };

/**
 * The host rule for a webhook URL: a literal address must be public; `localhost` and its subdomains are
 * refused too. With `allowLoopback` (local development only, never in AWS), loopback hosts are allowed and
 * nothing else that is not public is.
 */
export function checkWebhookHost(hostname: string, options: { allowLoopback: boolean }): WebhookTargetVerdict {
  if (options.allowLoopback && isLoopbackHost(hostname)) return { ok: true };
  if (bareHost(hostname) === '' || isLocalhostName(hostname)) return { ok: false, reason: 'the host is localhost' };
  const kind = nonPublicAddress(hostname);
  return kind ? { ok: false, reason: `the host is ${kind}` } : { ok: true };
}
