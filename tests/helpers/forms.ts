/** A tiny browser for page tests over fetch: keeps cookies, reads a form's hidden fields, posts multipart. */
export class FormClient {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) this.cookies.set(name.trim(), value.join('='));
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(path: string): Promise<{ status: number; html: string }> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: { cookie: this.cookieHeader() } });
    this.remember(response);
    return { status: response.status, html: await response.text() };
  }

  async post(
    path: string,
    body: FormData | URLSearchParams,
  ): Promise<{ status: number; html: string; location: string | null }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      body,
      headers: { cookie: this.cookieHeader() },
      redirect: 'manual',
    });
    this.remember(response);
    return {
      status: response.status,
      html: await response.text(),
      location: response.headers.get('location'),
    };
  }
}

/** A FormClient logged in on the officers' login page, as a person would (CSRF field, then the session cookie). */
export async function officerSession(
  baseUrl: string,
  username: string,
  password: string,
): Promise<FormClient> {
  const browser = new FormClient(baseUrl);
  const form = await browser.get('/can-bo/dang-nhap');
  const login = await browser.post(
    '/can-bo/dang-nhap',
    new URLSearchParams({ _csrf: hiddenValue(form.html, '_csrf'), username, password }),
  );
  if (login.status !== 303) throw new Error(`${username} could not log in: ${login.status}`);
  return browser;
}

export function hiddenValue(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no hidden field ${name} in the page`);
  return match[1];
}
