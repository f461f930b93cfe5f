import { ConfigError } from '../../src/config';
import { BookingServerCredentials } from '../../src/rest-v3/credentials';

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('BOOKING_SERVER_CREDENTIALS', () => {
  it('resolves each username:password pair to its own partner caller, and nothing else', () => {
    const creds = BookingServerCredentials.fromConfig('google:s3cret-pass-1, tester:another-pass:with-colon');
    expect(creds.configured).toBe(true);
    expect(creds.resolve(basic('google', 's3cret-pass-1'))).toEqual({ id: 'booking-server:google', role: 'partner', merchantIds: null });
    expect(creds.resolve(basic('tester', 'another-pass:with-colon'))?.id).toBe('booking-server:tester');
    for (const wrong of [basic('google', 's3cret-pass-2'), basic('tester', 's3cret-pass-1'), basic('google', ''), 'Bearer s3cret-pass-1', 'Basic !!!', 'Basic ' + Buffer.from('google').toString('base64'), undefined]) {
      expect(creds.resolve(wrong)).toBeNull();
    }
    expect(creds.resolve(`basic   ${Buffer.from('google:s3cret-pass-1').toString('base64')}`)?.id).toBe('booking-server:google');
  });

  it('without credentials every request is the development partner', () => {
    const none = BookingServerCredentials.fromConfig(undefined);
    expect(none.configured).toBe(false);
    expect(none.resolve(undefined)).toEqual({ id: 'development', role: 'partner', merchantIds: null });
  });

  it('refuses malformed entries, short passwords and a username given twice', () => {
    for (const bad of ['nocolon', ':password-1', 'user:short', 'bad user:password-1', 'a:password-1,a:password-2']) {
      expect(() => BookingServerCredentials.fromConfig(bad)).toThrow(ConfigError);
    }
  });
});
