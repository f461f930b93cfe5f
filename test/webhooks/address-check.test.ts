// The SSRF guard's address check, as a unit test (no traffic: addresses are judged, never contacted).
import { nonPublicReason } from '../../src/webhooks/address-check';
import { ResolvingTargetPolicy } from '../../src/webhooks/target-policy';

describe('nonPublicReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.10', 'private'],
    ['169.254.169.254', 'link-local'], // the cloud metadata endpoint
    ['100.64.1.1', 'shared address space (carrier-grade NAT)'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved (and broadcast)'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::abcd:1%eth0'.split('%')[0], 'link-local'],
    ['fc00::1', 'unique local (private)'],
    ['fd00:ec2::254', 'unique local (private)'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'], // IPv4-mapped, dotted
    ['::ffff:7f00:1', 'loopback'], // IPv4-mapped, hex
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::a00:1', 'private'], // NAT64 of 10.0.0.1
    ['2002:c0a8:0101::1', 'private'], // 6to4 of 192.168.1.1
    ['::7f00:1', 'IPv4-compatible (deprecated)'], // what Node makes of http://[::127.0.0.1]/
    [new URL('http://[::127.0.0.1]/').hostname.slice(1, -1), 'IPv4-compatible (deprecated)'],
    ['::ffff:0:7f00:1', 'IPv4-translated'],
    ['64:ff9b:1::a00:1', 'local-use NAT64'],
  ])('%s is %s', (address, why) => {
    expect(nonPublicReason(address)).toBe(why);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001::200e', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(nonPublicReason(address)).toBeNull();
  });

  it('decimal, octal, hex and short IPv4 forms reach it already normalised by the URL parser', () => {
    for (const host of ['2130706433', '0x7f.1', '0177.0.0.1', '127.1']) {
      const hostname = new URL(`http://${host}/`).hostname;
      expect(hostname).toBe('127.0.0.1');
      expect(nonPublicReason(hostname)).toBe('loopback');
    }
  });

  it('says so for what is not an address', () => {
    expect(nonPublicReason('example.com')).toBe('not an IP address');
  });
});

describe('ResolvingTargetPolicy (resolver injected: no DNS traffic)', () => {
  const resolving = (addresses: string[]) => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('refuses a name that resolves to a private address, naming the field and the address', async () => {
    const policy = new ResolvingTargetPolicy(false, resolving(['93.184.216.34', '10.0.0.7']));
    await expect(policy.assertAllowed(new URL('https://hooks.example.com/x'), 'input.url')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: 'input.url',
      message: expect.stringContaining('10.0.0.7 (private)'),
    });
  });

  it('refuses literal loopback and link-local addresses, IPv6 in brackets too', async () => {
    const policy = new ResolvingTargetPolicy(false, resolving([]));
    await expect(policy.assertAllowed(new URL('http://127.0.0.1:8080/'), 'input.url')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(policy.assertAllowed(new URL('http://[::1]/'), 'input.url')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(policy.assertAllowed(new URL('http://169.254.169.254/latest/meta-data'), 'input.url')).rejects.toMatchObject({ message: expect.stringContaining('link-local') });
  });

  it('refuses a name that does not resolve', async () => {
    const policy = new ResolvingTargetPolicy(false, async () => {
      throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
    });
    await expect(policy.assertAllowed(new URL('https://nowhere.invalid/'), 'input.url')).rejects.toMatchObject({ message: expect.stringContaining('does not resolve') });
  });

  it('allows public addresses, and everything with WEBHOOK_ALLOW_PRIVATE', async () => {
    await expect(new ResolvingTargetPolicy(false, resolving(['93.184.216.34'])).assertAllowed(new URL('https://hooks.example.com/'), 'input.url')).resolves.toBeUndefined();
    await expect(new ResolvingTargetPolicy(true, resolving(['10.0.0.7'])).assertAllowed(new URL('http://127.0.0.1:1/'), 'input.url')).resolves.toBeUndefined();
  });
});
