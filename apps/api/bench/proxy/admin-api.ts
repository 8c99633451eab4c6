/** Just enough of the admin API to configure a gateway the way an operator would, over HTTP. */
export class AdminApi {
  private authorization = '';

  constructor(private readonly baseUrl: string) {}

  async signIn(email: string, password: string): Promise<void> {
    const { accessToken } = await this.call<{ accessToken: string }>('POST', '/admin/auth/login', {
      email,
      password,
    });
    this.authorization = `Bearer ${accessToken}`;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.authorization ? { authorization: this.authorization } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
