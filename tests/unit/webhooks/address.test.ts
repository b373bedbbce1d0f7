/**
 * The webhook address rule (lambdas/core/webhooks/address.ts): every form of a non-public address is
 * refused, whatever way it is written; public addresses and host names pass (names are checked again,
 * address by address, when a delivery resolves them: tests/unit/handlers/deliver-webhooks-ssrf.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkWebhookHost, nonPublicAddress, parseIPv6 } from '../../../lambdas/core/webhooks/address.js';

/** A URL's host as the delivery sees it: after the WHATWG parser's normalisation. */
const hostOf = (url: string) => new URL(url).hostname;

describe('checkWebhookHost: refused at registration and at delivery', () => {
  it.each([
    // Loopback, in every spelling the URL parser accepts.
    ['http://127.0.0.1/', /loopback/],
    ['http://127.1.2.3/', /loopback/],
    ['http://2130706433/', /loopback/],
    ['http://0x7f.1/', /loopback/],
    ['http://[::1]/', /loopback/],
    ['http://localhost/', /localhost/],
    ['http://api.localhost./', /localhost/],
    // Private, shared and unique-local.
    ['http://10.0.0.1/', /private/],
    ['http://172.16.0.1/', /private/],
    ['http://172.31.255.255/', /private/],
    ['http://192.168.1.1/', /private/],
    ['http://100.64.0.1/', /private/],
    ['http://[fc00::1]/', /private/],
    ['http://[fd12:3456::1]/', /private/],
    ['http://[fec0::1]/', /private/],
    // The metadata service, written every way.
    ['http://169.254.169.254/', /link-local/],
    ['http://2852039166/', /link-local/],
    ['http://0xA9FEA9FE/', /link-local/],
    ['http://0251.0376.0251.0376/', /link-local/],
    ['http://169.254.169.254./', /link-local/],
    ['http://[fe80::1]/', /link-local/],
    ['http://[febf::1]/', /link-local/],
    // IPv4 in IPv6 clothing.
    ['http://[::ffff:169.254.169.254]/', /IPv6 form of an IPv4/],
    ['http://[::ffff:93.184.216.34]/', /IPv6 form of an IPv4/],
    ['http://[::169.254.169.254]/', /IPv6 form of an IPv4/],
    ['http://[::ffff:0:a9fe:a9fe]/', /IPv6 form of an IPv4/],
    ['http://[2002:a9fe:a9fe::]/', /link-local/],
    ['http://[2002:a9fe:a9fe:1:2:3:4:5]/', /link-local/],
    ['http://[2002:7f00:1::]/', /loopback/],
    ['http://[2002:0a00:0001::]/', /private/],
    ['http://[2001:0:4136:e378:8000:63bf:5601:5601]/', /Teredo/],
    ['http://[2001::]/', /Teredo/],
    ['http://[64:ff9b::169.254.169.254]/', /link-local/],
    ['http://[64:ff9b::a9fe:a9fe]/', /link-local/],
    ['http://[64:ff9b::7f00:1]/', /loopback/],
    ['http://[64:ff9b:1::a9fe:a9fe]/', /private/],
    ['http://[64:ff9b:1:a9fe:a9:fe00::]/', /private/],
    // Unspecified, multicast, broadcast, reserved, documentation.
    ['http://0.0.0.0/', /reserved/],
    ['http://0/', /reserved/],
    ['http://[::]/', /IPv6 form of an IPv4/],
    ['http://224.0.0.1/', /multicast/],
    ['http://239.255.255.250/', /multicast/],
    ['http://255.255.255.255/', /multicast/],
    ['http://240.0.0.1/', /reserved/],
    ['http://192.0.0.8/', /reserved/],
    ['http://198.18.0.1/', /reserved/],
    ['http://192.88.99.1/', /reserved/],
    ['http://[ff02::1]/', /multicast/],
    ['http://[100::1]/', /reserved/],
    ['http://[2001:10::1]/', /reserved/],
    ['http://192.0.2.1/', /documentation/],
    ['http://198.51.100.7/', /documentation/],
    ['http://203.0.113.9/', /documentation/],
    ['http://[2001:db8::1]/', /documentation/],
    ['http://[3fff::1]/', /documentation/],
  ])('refuses %s', (url, why) => {
    const verdict = checkWebhookHost(hostOf(url), { allowLoopback: false });

    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toMatch(why);
  });

  it.each([
    'https://example.com/',
    'https://ehr.example.com:8443/hook',
    'https://93.184.216.34/',
    'https://172.32.0.1/',
    'https://100.128.0.1/',
    'https://[2606:2800:220:1:248:1893:25c8:1946]/',
    'https://[2002:5db8:d822::1]/',
    'https://[64:ff9b::5db8:d822]/',
    'https://[2001:200::1]/',
  ])('accepts %s', (url) => {
    expect(checkWebhookHost(hostOf(url), { allowLoopback: false })).toEqual({ ok: true });
  });

  it('with the local opt-in, accepts loopback hosts and still refuses every other non-public one', () => {
    for (const url of ['http://localhost:9000/', 'http://127.0.0.1/', 'http://[::1]/', 'http://hooks.localhost/']) {
      expect(checkWebhookHost(hostOf(url), { allowLoopback: true }), url).toEqual({ ok: true });
    }
    for (const url of ['http://169.254.169.254/', 'http://10.0.0.1/', 'http://[2002:a9fe:a9fe::]/', 'http://[fe80::1]/']) {
      expect(checkWebhookHost(hostOf(url), { allowLoopback: true }).ok, url).toBe(false);
    }
  });
});

describe('nonPublicAddress: addresses as DNS answers them', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['::ffff:127.0.0.1', 'an IPv6 form of an IPv4 address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['10.1.2.3', 'a private address'],
    ['93.184.216.34', null],
    ['2606:4700::6810:85e5', null],
  ])('%s is %s', (address, kind) => {
    expect(nonPublicAddress(address)).toBe(kind);
  });

  it('reads IPv6 in every legal shape and nothing else', () => {
    expect(parseIPv6('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIPv6('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIPv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const bad of ['1:2:3:4:5:6:7', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', '1.2.3.4::', '1:2:3:4:5:6:7::8']) expect(parseIPv6(bad), bad).toBeNull();
  });
});
