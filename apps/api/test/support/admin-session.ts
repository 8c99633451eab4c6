import { type Role } from '../../src/database/generated/enums.js';
import { hashPassword } from '../../src/modules/auth/passwords.js';
import { UsersRepository } from '../../src/modules/users/users.repository.js';
import { type TestApp } from './test-app.js';

export const TEST_PASSWORD = 'correct horse battery staple';

/** Creates a user straight in the database and signs in through the API; returns its Bearer header. */
export async function signedInAs(
  api: TestApp,
  role: Role,
  email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`,
) {
  const user = await api.app
    .get(UsersRepository, { strict: false })
    .create({ email, role, passwordHash: await hashPassword(TEST_PASSWORD) });
  const response = await api.http
    .post('/admin/auth/login')
    .send({ email, password: TEST_PASSWORD })
    .expect(200);
  return { user, email, authorization: `Bearer ${response.body.accessToken as string}` };
}
