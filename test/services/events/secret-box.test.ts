import { SecretBox, newSigningSecret } from '../../../src/services/events/secret-box';

describe('SecretBox', () => {
  const box = SecretBox.fromKey(Buffer.alloc(32, 7).toString('base64'));

  it('seals so that the stored text does not contain the secret, and opens it again', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const sealed = box.seal(secret, 'sub-1');
    expect(sealed).not.toContain(secret.slice(6));
    expect(box.open(sealed, 'sub-1')).toBe(secret);
    expect(box.seal(secret, 'sub-1')).not.toBe(sealed); // a fresh IV each time
  });

  it('refuses another key, another subscription, and a tampered record', () => {
    const sealed = box.seal('whsec_abc', 'sub-1');
    expect(() => SecretBox.random().open(sealed, 'sub-1')).toThrow();
    expect(() => box.open(sealed, 'sub-2')).toThrow();
    const parts = sealed.split('.');
    parts[2] = Buffer.from('tampered!').toString('base64');
    expect(() => box.open(parts.join('.'), 'sub-1')).toThrow();
  });

  it('takes a 32-byte key as base64 or hex, nothing else', () => {
    expect(() => SecretBox.fromKey('ab'.repeat(32))).not.toThrow();
    expect(() => SecretBox.fromKey('short')).toThrow('32 bytes');
  });
});
