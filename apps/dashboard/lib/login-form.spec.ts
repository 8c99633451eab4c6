import { describe, expect, it } from '@jest/globals';
import { parseLoginForm } from './login-form';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

describe('parseLoginForm', () => {
  it('accepts an email and password, trimming only the email', () => {
    expect(parseLoginForm(form({ email: '  ada@example.com ', password: ' secret ' }))).toEqual({
      success: true,
      credentials: { email: 'ada@example.com', password: ' secret ' },
    });
  });

  it('asks for an email address when it is blank', () => {
    const result = parseLoginForm(form({ email: '   ', password: 'secret' }));
    expect(result).toEqual({ success: false, fieldErrors: { email: 'Enter your email address.' } });
  });

  it.each(['ada', 'ada@', '@example.com', 'ada example.com', 'ada@example'])(
    'rejects %p as an email address',
    (email) => {
      const result = parseLoginForm(form({ email, password: 'secret' }));
      expect(result).toEqual({
        success: false,
        fieldErrors: { email: 'Enter a valid email address, like name@example.com.' },
      });
    },
  );

  it('rejects an empty password', () => {
    const result = parseLoginForm(form({ email: 'ada@example.com', password: '' }));
    expect(result).toEqual({ success: false, fieldErrors: { password: 'Enter your password.' } });
  });

  it('reports both fields at once, one message each', () => {
    const result = parseLoginForm(form({ email: 'not-an-email', password: '' }));
    expect(result).toEqual({
      success: false,
      fieldErrors: {
        email: 'Enter a valid email address, like name@example.com.',
        password: 'Enter your password.',
      },
    });
  });

  it('treats missing fields and file uploads as empty', () => {
    const data = new FormData();
    data.set('password', new Blob(['secret']), 'password.txt');
    expect(parseLoginForm(data)).toEqual({
      success: false,
      fieldErrors: { email: 'Enter your email address.', password: 'Enter your password.' },
    });
  });

  it('rejects absurdly long input before it reaches the API', () => {
    const result = parseLoginForm(
      form({ email: `${'a'.repeat(250)}@example.com`, password: 'x'.repeat(1025) }),
    );
    expect(result).toEqual({
      success: false,
      fieldErrors: {
        email: 'Email addresses are at most 254 characters.',
        password: 'Passwords are at most 1024 characters.',
      },
    });
  });
});
