/** The session cookie from a launch response, for requests made as that browser would. */
export function sessionCookieFrom(setCookie: string | string[] | undefined): string {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const session = cookies.find((cookie) => cookie.startsWith('beacon_session='));
  if (!session) throw new Error('no session cookie was set');
  return session.split(';')[0] as string;
}
